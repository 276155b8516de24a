// Suite "startup": cold start (compile + instantiate) in fresh processes, the cost of a new
// BatchBuffer in a warm process (instantiate only: the module is compiled once), the size of
// the kernel builds, and the footprint of the installed package beside bare Node (bench/footprint.mjs:
// import, first result, memory, the CLI, what the install adds, the size in a browser bundle).
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { footprint } from "../footprint.mjs";
import { median, sideBySide } from "../harness.mjs";

const child = fileURLToPath(new URL("../cold-child.mjs", import.meta.url));

function cold(lib, mode, runs) {
  const all = [];
  for (let i = 0; i < runs; i++) {
    const text = execFileSync(process.execPath, [child, lib, mode], { encoding: "utf8" });
    all.push(JSON.parse(text.trim().split("\n").pop()));
  }
  const out = {};
  for (const key of Object.keys(all[0])) out[key] = median(all.map((r) => r[key]));
  return out;
}

export async function run({ lib, coldRuns, footprintRuns, rounds, maxTime, minSamples, minTime }) {
  const L = await import(lib);
  const raw = cold(lib, "raw", coldRuns);
  const library = cold(lib, "library", coldRuns);
  const timed = sideBySide(
    [
      {
        id: "newBuffer",
        fn: () => new L.BatchBuffer({ capacity: 65536, backend: "wasm" }),
        check: (b) => (b.capacity === 65536 ? undefined : "capacity"),
      },
    ],
    { rounds, maxTime, minSamples, minTime, warmup: 5 },
  );
  const sizes = {};
  for (const variant of ["simd", "scalar"]) {
    const bytes = L.kernelBytes(variant);
    sizes[variant] = { bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  }
  process.stderr.write(`  cold starts done; footprint: ${footprintRuns} rounds of fresh processes\n`);
  let installed;
  try {
    installed = await footprint({ runs: footprintRuns });
  } catch (error) {
    installed = { error: String(error?.message ?? error).split("\n")[0] };
  }
  process.stderr.write("  startup done\n");
  return {
    coldRuns,
    raw,
    library,
    newBufferMs: timed.newBuffer.error ? null : timed.newBuffer.seconds * 1e3,
    sizes,
    footprint: installed,
  };
}
