// One size of the "auto" suite, run in its own process (see auto.mjs), after a warm-up over all
// sizes and backends, so that what is measured does not depend on which size ran first.
import { benchData } from "../data.mjs";
import { sideBySide } from "../harness.mjs";

/**
 * Brings the shared summary code to the state a long-running program reaches, by running it
 * over a spread of sizes and every backend first. Without this, the first size seen decides
 * V8's speculation (e.g. small-integer arithmetic in the double-double code, which later
 * deoptimises) and single sizes measure 2× apart from one process to the next.
 */
function warmAll(L, calls) {
  const buffers = ["js", "wasm", "auto"].map((backend) => new L.BatchBuffer({ capacity: 5000, backend }));
  for (const m of [3, 8, 16, 40, 64, 100, 300, 1000, 5000]) {
    const x = benchData(m, 99);
    const arr = Array.from(x);
    for (const b of buffers) b.view.set(x);
    for (let i = 0; i < calls; i++) {
      for (const backend of ["js", "wasm", "auto"]) {
        L.summarize(x, { backend });
        L.summarize(arr, { backend });
      }
      for (const b of buffers) b.summarize(m);
    }
  }
}

export async function run({ lib, n, kind, rounds, maxTime, minSamples, minTime, warmCalls = 300 }) {
  const L = await import(lib);
  warmAll(L, warmCalls);
  const x = benchData(n);
  const want = L.summarize(x, { backend: "js" }).m2;
  const check = (s) => (s.m2 === want ? undefined : `m2 ${s.m2} ≠ ${want}`);
  let variants;
  if (kind === "array") {
    const arr = Array.from(x);
    variants = [
      { id: "arrayJs", fn: () => L.summarize(arr, { backend: "js" }), check },
      { id: "arrayWasm", fn: () => L.summarize(arr, { backend: "wasm" }), check },
      { id: "arrayAuto", fn: () => L.summarize(arr, { backend: "auto" }), check },
    ];
  } else {
    const buffers = {
      js: new L.BatchBuffer({ capacity: n, backend: "js" }),
      wasm: new L.BatchBuffer({ capacity: n, backend: "wasm" }),
      auto: new L.BatchBuffer({ capacity: n, backend: "auto" }),
    };
    for (const b of Object.values(buffers)) b.view.set(x);
    variants = [
      { id: "js", fn: () => L.summarize(x, { backend: "js" }), check },
      { id: "wasm", fn: () => L.summarize(x, { backend: "wasm" }), check },
      { id: "auto", fn: () => L.summarize(x, { backend: "auto" }), check },
      { id: "bufferJs", fn: () => buffers.js.summarize(n), check },
      { id: "bufferWasm", fn: () => buffers.wasm.summarize(n), check },
      { id: "bufferAuto", fn: () => buffers.auto.summarize(n), check },
    ];
  }
  const timed = sideBySide(variants, { rounds, maxTime, minSamples, minTime, warmup: 2000 });
  const out = { wallNs: {}, cpuNs: {}, errors: {} };
  for (const v of variants) {
    const t = timed[v.id];
    if (t.error) out.errors[v.id] = t.error;
    else {
      out.wallNs[v.id] = t.seconds * 1e9;
      out.cpuNs[v.id] = t.cpuSeconds * 1e9;
    }
  }
  return out;
}
