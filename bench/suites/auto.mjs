// Suite "auto": where does the JS kernel stop beating wasm? Small n, side by side, for the
// copy-in path (Float64Array and number[] input) and the zero-copy path, plus `backend: "auto"`
// itself. The threshold is the smallest n from which wasm wins at every larger n of the sweep.
// Each size (and input type) runs in a fresh process (auto-point.mjs): with one process for all
// sizes, V8's feedback from the first sizes (e.g. integer speculation on small counts in the
// double-double code, which deoptimises at count ≥ 16) leaked into the later ones.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

function crossover(rows, wasmId, jsId, clock) {
  let threshold;
  for (let i = rows.length - 1; i >= 0; i--) {
    const r = rows[i];
    if (!(r[clock][wasmId] <= r[clock][jsId])) break;
    threshold = r.n;
  }
  return threshold ?? null;
}

const child = fileURLToPath(new URL("../child.mjs", import.meta.url));

function point(options) {
  const out = `${options.out}.point`;
  execFileSync(process.execPath, [child, "auto-point", JSON.stringify({ ...options, out })], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  return JSON.parse(readFileSync(out, "utf8"));
}

export async function run({ lib, sizes, rounds, maxTime, minSamples, minTime, clock, out, warmCalls }) {
  const L = await import(lib);
  const rows = [];
  for (const n of sizes) {
    const common = { lib, n, rounds: rounds + 2, maxTime, minSamples, minTime, out, warmCalls };
    const typed = point({ ...common, kind: "typed" });
    const array = point({ ...common, kind: "array" });
    const errors = { ...typed.errors, ...array.errors };
    rows.push({
      n,
      wallNs: { ...typed.wallNs, ...array.wallNs },
      cpuNs: { ...typed.cpuNs, ...array.cpuNs },
      ...(Object.keys(errors).length ? { errors } : {}),
    });
  }
  process.stderr.write("  auto threshold done\n");
  return {
    sizes,
    rows,
    configured: { copyIn: L.AUTO_JS_BELOW, array: L.AUTO_JS_BELOW_ARRAY, inPlace: L.AUTO_JS_BELOW_IN_PLACE },
    measured: {
      copyIn: crossover(rows, "wasm", "js", clock),
      array: crossover(rows, "arrayWasm", "arrayJs", clock),
      inPlace: crossover(rows, "bufferWasm", "bufferJs", clock),
    },
  };
}
