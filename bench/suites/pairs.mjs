// Suite "pairs": time per pair of summarizePairs (count, means, M2 of x and y, co-moment), side by
// side for each n: the zero-copy PairBatchBuffer, copy-in summarizePairs, the JS fallback and a
// plain JS co-moment loop, with the memory-read floor measured over the very bytes the zero-copy
// kernel reads (both columns of the buffer's own wasm memory).
import { readFileSync } from "node:fs";
import { benchData } from "../data.mjs";
import { relDiff, sideBySide } from "../harness.mjs";

/** Display order and labels; ids are the keys of the JSON results. */
export const VARIANTS = [
  { id: "floor", label: "memory-read floor of x and y (wasm SIMD sum)" },
  { id: "zeroCopy", label: "wasm-simd zero-copy (PairBatchBuffer)" },
  { id: "copyIn", label: "wasm-simd copy-in (summarizePairs)" },
  { id: "js", label: "JS fallback (backend js)" },
  { id: "plain", label: "plain JS co-moment loop (shifted 1-pass)" },
];

/** The plain loop a user would write: one pass, shifted by the first pair, 2 lanes. */
function plainCoMoment(x, y) {
  const n = x.length;
  const K = x[0];
  const L = y[0];
  let sx = 0;
  let sy = 0;
  let sxy = 0;
  let sx2 = 0;
  let sy2 = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i] - K;
    const b = y[i] - L;
    sx += a;
    sy += b;
    sxy += a * b;
    sx2 += a * a;
    sy2 += b * b;
  }
  return { c: sxy - (sx * sy) / n, m2x: sx2 - (sx * sx) / n, m2y: sy2 - (sy * sy) / n };
}

function bitsOf(p) {
  return [p.meanX, p.meanXLo, p.meanY, p.m2X, p.m2Y, p.cXY, p.cXYLo].join(":");
}

export async function run({ lib, floor, sizes, rounds, maxTime, minSamples, minTime }) {
  const L = await import(lib);
  const floorModule = new WebAssembly.Module(readFileSync(floor));
  const results = [];
  for (const n of sizes) {
    const x = benchData(n, 11);
    const y = benchData(n, 12);
    for (let i = 0; i < n; i++) y[i] = 0.7 * x[i] + 0.3 * y[i];
    const reference = L.summarizePairs(x, y, { backend: "js" });
    const refBits = bitsOf(reference);
    const refC = reference.cXY;
    const buf = new L.PairBatchBuffer({ capacity: n, backend: "wasm" });
    buf.viewX.set(x);
    buf.viewY.set(y);
    // The floor reads the buffer's own wasm memory: both columns, contiguous from viewX.
    const memory = buf.area.raw.memory;
    const sum = new WebAssembly.Instance(floorModule, { env: { memory } }).exports.sum;
    const base = buf.viewX.byteOffset;
    const total = (buf.viewY.byteOffset - base) / 8 + n;
    const FEED = 2 * L.PAIR_FEED;
    let refSum = 0;
    for (let i = 0; i < n; i++) refSum += x[i] + y[i];
    const floorSum = () => {
      let s = 0;
      for (let i = 0; i < total; i += FEED) s += sum(base + 8 * i, Math.min(FEED, total - i));
      return s;
    };
    const same = (p) => (bitsOf(p) === refBits ? undefined : `pair summary ${bitsOf(p)} ≠ JS ${refBits}`);
    const fns = {
      floor: { fn: floorSum, check: (s) => (relDiff(s, refSum) <= 1e-9 ? undefined : `sum ${s} vs ${refSum}`) },
      zeroCopy: { fn: () => buf.summarize(n), check: same },
      copyIn: { fn: () => L.summarizePairs(x, y, { backend: "wasm" }), check: same },
      js: { fn: () => L.summarizePairs(x, y, { backend: "js" }), check: same },
      plain: {
        fn: () => plainCoMoment(x, y),
        check: (r) => (relDiff(r.c, refC) <= 1e-6 ? undefined : `c ${r.c} vs ${refC}`),
      },
    };
    const timed = sideBySide(
      VARIANTS.map((v) => ({ id: v.id, ...fns[v.id] })),
      { rounds, maxTime, minSamples, minTime },
    );
    const row = { n, variants: {} };
    for (const v of VARIANTS) {
      const t = timed[v.id];
      row.variants[v.id] = t.error
        ? { error: t.error }
        : {
            wallNsPerPair: (t.seconds * 1e9) / n,
            cpuNsPerPair: (t.cpuSeconds * 1e9) / n,
            samples: t.samples,
            rme: t.rme,
          };
    }
    const ns = (id) => row.variants[id].cpuNsPerPair;
    row.ratios = {
      zeroCopyVsJs: ns("js") / ns("zeroCopy"),
      copyInVsJs: ns("js") / ns("copyIn"),
      zeroCopyVsPlain: ns("plain") / ns("zeroCopy"),
      floorOverZeroCopy: ns("floor") / ns("zeroCopy"),
    };
    results.push(row);
    const line = VARIANTS.map((v) => `${v.id} ${(row.variants[v.id].cpuNsPerPair ?? Number.NaN).toFixed(3)}`).join(
      "  ",
    );
    const r = row.ratios;
    process.stderr.write(
      `  pairs n=${n.toExponential(0)} ns/pair (cpu): ${line}\n` +
        `    zero-copy ${r.zeroCopyVsJs.toFixed(2)}× JS, copy-in ${r.copyInVsJs.toFixed(2)}× JS, ` +
        `${r.zeroCopyVsPlain.toFixed(2)}× plain loop, floor/zero-copy ${r.floorOverZeroCopy.toFixed(2)}\n`,
    );
  }
  return { backend: L.backend(), sizes, variants: VARIANTS, results };
}
