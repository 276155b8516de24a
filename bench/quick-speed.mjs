// Rough speed check used during development: median ns/element of summarize() per backend, plus
// the zero-copy path. Usage: node bench/quick-speed.mjs [n] [repeats]
// (bundles the current sources first, like npm run bench; no npm run build needed)
import { buildBench } from "./build.mjs";

const { lib } = await buildBench();
const { summarize, backend, BatchBuffer } = await import(lib);
const n = Number(process.argv[2] ?? 1e7);
const reps = Number(process.argv[3] ?? 15);
const x = new Float64Array(n);
for (let i = 0; i < n; i++) x[i] = 1e9 + Math.sin(i) * 3;
const buf = new BatchBuffer({ capacity: n, backend: "wasm" });
buf.view.set(x);
const runs = {
  wasm: () => summarize(x, { backend: "wasm" }),
  js: () => summarize(x, { backend: "js" }),
  zeroCopy: () => buf.summarize(n),
};
const out = {};
for (const [name, run] of Object.entries(runs)) {
  const times = [];
  for (let r = 0; r < reps; r++) {
    const t0 = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - t0) / n);
  }
  times.sort((a, b) => a - b);
  out[name] = times[Math.floor(times.length / 2)];
}
console.log(
  JSON.stringify({
    n,
    backend: backend().name,
    nsPerElement: out,
    wasmOverJs: out.js / out.wasm,
    zeroCopyOverJs: out.js / out.zeroCopy,
  }),
);
