// Suite "anatomy": where the zero-copy kernel's time goes. Over the same wasm memory, side by
// side: the memory-read floor (plain SIMD sum), the kernel's pass-1 loop alone and its pass-2
// loop alone (each streamed once over all values; bench/floor.wat), and the kernel itself.
// If arithmetic overlapped perfectly with memory reads, each would take max(floor, its own
// in-cache time); the figures show how far from that each is.
import { readFileSync } from "node:fs";
import { benchData } from "../data.mjs";
import { relDiff, sideBySide } from "../harness.mjs";

export async function run({ lib, floor, sizes, rounds, maxTime, minSamples, minTime }) {
  const L = await import(lib);
  const floorModule = new WebAssembly.Module(readFileSync(floor));
  const rows = [];
  for (const n of sizes) {
    const x = benchData(n);
    const buf = new L.BatchBuffer({ capacity: n, backend: "wasm" });
    buf.view.set(x);
    const loops = new WebAssembly.Instance(floorModule, { env: { memory: buf.area.raw.memory } }).exports;
    const FEED = L.FEED;
    const m = x[0];
    const over = (f) => () => {
      const base = buf.view.byteOffset;
      let s = 0;
      for (let i = 0; i < n; i += FEED) s += f(base + 8 * i, Math.min(FEED, n - i), m);
      return s;
    };
    const want = L.summarize(x, { backend: "js" }).m2;
    let sum = 0;
    let p1 = 0;
    for (let i = 0; i < n; i++) {
      sum += x[i];
      p1 += x[i] - m;
    }
    const near = (ref) => (v) => (relDiff(v, ref) <= 1e-6 ? undefined : `${v} vs ${ref}`);
    const variants = [
      { id: "floor", fn: over(loops.sum), check: near(sum) },
      { id: "pass1", fn: over(loops.pass1), check: near(p1) },
      { id: "pass2", fn: over(loops.pass2), check: (v) => (Number.isFinite(v) ? undefined : "not finite") },
      { id: "kernel", fn: () => buf.summarize(n), check: (s) => (s.m2 === want ? undefined : "m2 differs") },
    ];
    const timed = sideBySide(variants, { rounds, maxTime, minSamples, minTime });
    const row = { n, wallNs: {}, cpuNs: {}, errors: {} };
    for (const v of variants) {
      const t = timed[v.id];
      if (t.error) row.errors[v.id] = t.error;
      else {
        row.wallNs[v.id] = (t.seconds * 1e9) / n;
        row.cpuNs[v.id] = (t.cpuSeconds * 1e9) / n;
      }
    }
    rows.push(row);
  }
  process.stderr.write("  anatomy done\n");
  return { sizes, rows };
}
