// One fresh process of the footprint measurement (bench/suites/startup.mjs).
// Usage: node --require ./footprint-preload.cjs footprint-child.mjs MODE [ENTRY_URL]
// - bare:   nothing (bare Node, with this file and the preload: the baseline of the import and first rows)
// - import: `await import(ENTRY_URL)`, the package's main entry as installed
// - first:  two arms of 1e4 values made, then the import, a first summarize() of each and a first ttest()
// Prints JSON on stdout: milliseconds spent in each step, measured in the process ({} for bare), and for
// `first` the growth of the resident set from just before the import to the end (`libraryRss`, bytes).
const [mode, entry] = process.argv.slice(2);
const now = () => Number(process.hrtime.bigint()) / 1e6;
const out = {};
/**
 * n values `offset + (i mod period) · 0.25`, written a period at a time: a loop over all n values would
 * be hot enough for V8 to optimise it, and that compilation (megabytes of compiler memory, ~3 MB of
 * RSS at exit) would be counted as the library's.
 */
function periodic(n, offset, period) {
  const one = new Float64Array(period);
  for (let j = 0; j < period; j++) one[j] = offset + j * 0.25;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += period) out.set(i + period <= n ? one : one.subarray(0, n - i), i);
  return out;
}

if (mode === "import" || mode === "first") {
  const a = periodic(mode === "first" ? 10_000 : 0, 3, 97);
  const b = periodic(a.length, 3.01, 89);
  const rssBefore = process.memoryUsage.rss();
  let t = now();
  const lib = await import(entry);
  out.importMs = now() - t;
  if (mode === "first") {
    t = now();
    const sa = lib.summarize(a);
    const sb = lib.summarize(b);
    out.summarizeMs = now() - t;
    t = now();
    const r = lib.ttest(sa, sb);
    out.ttestMs = now() - t;
    if (!(r.pValue > 0 && r.pValue < 1)) throw new Error(`unexpected p-value ${r.pValue}`);
    out.libraryRss = process.memoryUsage.rss() - rssBefore;
  }
} else if (mode !== "bare") {
  throw new Error(`unknown mode ${mode}`);
}
console.log(JSON.stringify(out));
