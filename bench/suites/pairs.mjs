// Suite "pairs": time per pair of summarizePairs (count, means, M2 of x and y, co-moment), side by
// side for each n: the zero-copy PairBatchBuffer, copy-in summarizePairs, the JS fallback and a
// plain JS co-moment loop, with the memory-read floor measured over the very bytes the zero-copy
// kernel reads (both columns of the buffer's own wasm memory). Copy-in is also timed in its two
// parts, one after the other on one core: the copy alone (both columns, piece by piece, into a
// piece-sized wasm area, as summarizePairs copies them) and the kernel alone on one such piece
// already in cache, fed n / PAIR_PIECE times.
import { readFileSync } from "node:fs";
import { benchData } from "../data.mjs";
import { relDiff, sideBySide } from "../harness.mjs";

/** Display order and labels; ids are the keys of the JSON results. */
export const VARIANTS = [
  { id: "floor", label: "memory-read floor of x and y (wasm SIMD sum)" },
  { id: "zeroCopy", label: "wasm-simd zero-copy (PairBatchBuffer)" },
  { id: "copyIn", label: "wasm-simd copy-in (summarizePairs)" },
  { id: "copyOnly", label: "copy-in's copy alone (TypedArray#set, piece by piece)" },
  { id: "kernelCached", label: "copy-in's kernel alone (one piece in cache, n / piece times)" },
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
    // The two parts of copy-in: a piece-sized area of its own, the copy into it and the kernel on it.
    const PIECE = L.PAIR_PIECE;
    const pieceBuf = new L.PairBatchBuffer({ capacity: Math.min(PIECE, n), backend: "wasm" });
    const pieceX = pieceBuf.viewX;
    const pieceY = pieceBuf.viewY;
    const copyParts = () => {
      for (let i = 0; i < n; i += PIECE) {
        const k = Math.min(PIECE, n - i);
        pieceX.set(x.subarray(i, i + k));
        pieceY.set(y.subarray(i, i + k));
      }
      return pieceX[0] + pieceY[0];
    };
    pieceX.set(x.subarray(0, pieceX.length));
    pieceY.set(y.subarray(0, pieceY.length));
    const pieceRaw = pieceBuf.area.raw;
    const ptrX = pieceX.byteOffset;
    const ptrY = pieceY.byteOffset;
    const kernelCached = () => {
      pieceRaw.begin(x[0], y[0]);
      for (let i = 0; i < n; i += PIECE) pieceRaw.feed(ptrX, ptrY, Math.min(PIECE, n - i));
      return new Float64Array(pieceRaw.memory.buffer, pieceRaw.finish(), 11);
    };
    const same = (p) => (bitsOf(p) === refBits ? undefined : `pair summary ${bitsOf(p)} ≠ JS ${refBits}`);
    const fns = {
      floor: { fn: floorSum, check: (s) => (relDiff(s, refSum) <= 1e-9 ? undefined : `sum ${s} vs ${refSum}`) },
      zeroCopy: { fn: () => buf.summarize(n), check: same },
      copyIn: { fn: () => L.summarizePairs(x, y, { backend: "wasm" }), check: same },
      copyOnly: {
        fn: copyParts,
        check: (s) => (s === x[n - 1 - ((n - 1) % PIECE)] + y[n - 1 - ((n - 1) % PIECE)] ? undefined : "last piece"),
      },
      kernelCached: {
        fn: kernelCached,
        check: (st) => (st[0] === n && st.every(Number.isFinite) ? undefined : `state ${Array.from(st)}`),
      },
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
      floorOverCopyIn: ns("floor") / ns("copyIn"),
      floorOverCopyParts: ns("floor") / (ns("copyOnly") + ns("kernelCached")),
    };
    results.push(row);
    const line = VARIANTS.map((v) => `${v.id} ${(row.variants[v.id].cpuNsPerPair ?? Number.NaN).toFixed(3)}`).join(
      "  ",
    );
    const r = row.ratios;
    process.stderr.write(
      `  pairs n=${n.toExponential(0)} ns/pair (cpu): ${line}\n` +
        `    zero-copy ${r.zeroCopyVsJs.toFixed(2)}× JS, copy-in ${r.copyInVsJs.toFixed(2)}× JS, ` +
        `${r.zeroCopyVsPlain.toFixed(2)}× plain loop, floor/zero-copy ${r.floorOverZeroCopy.toFixed(2)}, ` +
        `floor/copy-in ${r.floorOverCopyIn.toFixed(2)} (floor/(copy + kernel) ${r.floorOverCopyParts.toFixed(2)})\n`,
    );
  }
  return { backend: L.backend(), sizes, variants: VARIANTS, results };
}
