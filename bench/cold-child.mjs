// One cold start, measured in a fresh process (V8 caches compiled wasm within a process, so only
// a new process shows the first-use cost). Usage: node bench/cold-child.mjs LIB raw|library
// Prints JSON timings in milliseconds:
// - raw:     compile = base64 decode + new WebAssembly.Module of the embedded SIMD kernel;
//            instantiate = new WebAssembly.Instance + reserve of the 256 KiB input area
// - library: firstBackend = the library's first backend() call (validate, decode, compile,
//            instantiate, reserve: what a user pays once, on first use); firstSummarize = the
//            first summarize() of 10 000 values after that (V8 runs it in its baseline tier)
const [libPath, mode] = process.argv.slice(2);
const lib = await import(libPath);
const hr = () => Number(process.hrtime.bigint()) / 1e6;
const x = new Float64Array(10_000).map((_, i) => Math.sin(i));
let t;
if (mode === "raw") {
  t = hr();
  const bytes = lib.kernelBytes("simd");
  const module = new WebAssembly.Module(bytes);
  const compile = hr() - t;
  t = hr();
  const instance = new WebAssembly.Instance(module, {});
  instance.exports.reserve(32768);
  const instantiate = hr() - t;
  console.log(JSON.stringify({ compile, instantiate, total: compile + instantiate }));
} else {
  t = hr();
  lib.backend();
  const firstBackend = hr() - t;
  t = hr();
  lib.summarize(x, { backend: "wasm" });
  const firstSummarize = hr() - t;
  console.log(JSON.stringify({ firstBackend, firstSummarize }));
}
