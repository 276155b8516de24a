// Rough speed check used during development: median ns/element of summarize() per backend.
// Usage: node bench/quick-speed.mjs [n] [repeats]   (needs `npm run build` first)
import { summarize, backend } from "../dist/index.js";
const n = Number(process.argv[2] ?? 1e7);
const reps = Number(process.argv[3] ?? 15);
const x = new Float64Array(n);
for (let i = 0; i < n; i++) x[i] = 1e9 + Math.sin(i) * 3;
const out = {};
for (const b of ["wasm", "js"]) {
  const times = [];
  for (let r = 0; r < reps; r++) {
    const t0 = process.hrtime.bigint();
    summarize(x, { backend: b });
    times.push(Number(process.hrtime.bigint() - t0) / n);
  }
  times.sort((a, b) => a - b);
  out[b] = times[Math.floor(times.length / 2)];
}
console.log(JSON.stringify({ n, backend: backend().name, nsPerElement: out, wasmOverJs: out.js / out.wasm }));
