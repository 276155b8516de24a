// Suite "summarize": time per element of every way to get the variance of n values, side by side
// for each n, with the memory-read floor measured over the very bytes the zero-copy kernel reads.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { benchData, plainSum, yardstickVariance } from "../data.mjs";
import { relDiff, sideBySide } from "../harness.mjs";

const require = createRequire(import.meta.url);

/** Display order and labels; ids are the keys of the JSON results. */
export const VARIANTS = [
  { id: "floor", label: "memory-read floor (wasm SIMD sum)" },
  { id: "zeroCopy", label: "wasm-simd zero-copy (BatchBuffer)" },
  { id: "copyIn", label: "wasm-simd copy-in (summarize)" },
  { id: "scalar", label: "wasm-scalar copy-in (no option checks)" },
  { id: "auto", label: 'summarize, backend "auto"' },
  { id: "js", label: "JS fallback (backend js)" },
  { id: "yardstick", label: "plain JS loop (shifted 1-pass)" },
  { id: "stdlib", label: "@stdlib/stats-base-variance" },
  { id: "simple", label: "simple-statistics sampleVariance" },
  { id: "jstat", label: "jstat variance" },
];

function bitsOf(summary) {
  const view = new DataView(new ArrayBuffer(32));
  [summary.mean, summary.meanLo, summary.m2, summary.m2Lo].forEach((v, i) => {
    view.setFloat64(8 * i, v);
  });
  return [0, 8, 16, 24].map((o) => view.getBigUint64(o).toString(16)).join(":");
}

export async function run({ lib, floor, sizes, rounds, maxTime, minSamples, minTime }) {
  const L = await import(lib);
  const stdlibVariance = require("@stdlib/stats-base-variance");
  const { sampleVariance } = await import("simple-statistics");
  const { jStat } = require("jstat");
  const floorModule = new WebAssembly.Module(readFileSync(floor));
  const scalar = new L.WasmKernel("scalar");
  const results = [];

  for (const n of sizes) {
    const x = benchData(n);
    const reference = L.summarize(x, { backend: "js" });
    const refBits = bitsOf(reference);
    const refVar = reference.variance();
    const refSum = plainSum(x);

    const buf = new L.BatchBuffer({ capacity: n, backend: "wasm" });
    buf.view.set(x);
    // The floor reads the buffer's own wasm memory (bench-only access to a private field).
    const memory = buf.area.raw.memory;
    const sum = new WebAssembly.Instance(floorModule, { env: { memory } }).exports.sum;
    const FEED = L.FEED;
    const floorSum = () => {
      const base = buf.view.byteOffset;
      let s = 0;
      for (let i = 0; i < n; i += FEED) s += sum(base + 8 * i, Math.min(FEED, n - i));
      return s;
    };

    const same = (s) => (bitsOf(s) === refBits ? undefined : `summary bits ${bitsOf(s)} ≠ JS ${refBits}`);
    const close = (v) => (relDiff(v, refVar) <= 1e-8 ? undefined : `variance ${v} vs ${refVar}`);
    const fns = {
      floor: { fn: floorSum, check: (s) => (relDiff(s, refSum) <= 1e-9 ? undefined : `sum ${s} vs ${refSum}`) },
      zeroCopy: { fn: () => buf.summarize(n), check: same },
      copyIn: { fn: () => L.summarize(x, { backend: "wasm" }), check: same },
      scalar: { fn: () => L.summarizeWith(x, { kernel: scalar, nan: "raise" }), check: same },
      auto: { fn: () => L.summarize(x, { backend: "auto" }), check: same },
      js: { fn: () => L.summarize(x, { backend: "js" }), check: same },
      yardstick: { fn: () => yardstickVariance(x), check: close },
      stdlib: { fn: () => stdlibVariance(n, 1, x, 1), check: close },
      simple: { fn: () => sampleVariance(x), check: close },
      jstat: { fn: () => jStat.variance(x, true), check: close },
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
            wallNsPerElement: (t.seconds * 1e9) / n,
            cpuNsPerElement: (t.cpuSeconds * 1e9) / n,
            samples: t.samples,
            rme: t.rme,
          };
    }
    results.push(row);
    process.stderr.write(`  summarize n=${n.toExponential(0)} done\n`);
  }
  return { backend: L.backend(), sizes, variants: VARIANTS, results };
}
