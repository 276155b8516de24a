// One fresh process of the footprint measurement (bench/suites/startup.mjs).
// Usage: node --import ./footprint-preload.mjs footprint-child.mjs MODE [ENTRY_URL]
// - bare:   nothing (bare Node, with this file and the preload: the baseline every row is compared with)
// - import: `await import(ENTRY_URL)`, the package's main entry as installed
// - first:  two arms of 1e4 values made, then the import, a first summarize() of each and a first ttest()
// Prints JSON on stdout: milliseconds spent in each step, measured in the process ({} for bare), and for
// `first` the growth of the resident set from just before the import to the end (`libraryRss`, bytes).
const [mode, entry] = process.argv.slice(2);
const now = () => Number(process.hrtime.bigint()) / 1e6;
const out = {};
if (mode === "import" || mode === "first") {
  const a = new Float64Array(mode === "first" ? 10_000 : 0);
  const b = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    a[i] = 3 + (i % 97) * 0.25;
    b[i] = 3.01 + (i % 89) * 0.25;
  }
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
