#!/usr/bin/env node
// npm run bench        full benchmark (a few minutes): table on the terminal, and
//                      bench/results/{results.json,results.md,throughput.svg}
// npm run bench:quick  every suite at tiny n in seconds; checks that every variant runs and
//                      agrees (exit 1 otherwise), asserts nothing about speed; writes its
//                      results under build/bench/quick/ (never over the committed ones)
//
// Options: --quick, --huge (adds n = 1e8: ~2 GB of memory), --only=<suites> (default: all of suiteOptions below),
//          --sizes=1e2,1e4 (summarize sizes), --clock=cpu|wall (default cpu: see harness.mjs),
//          --out=DIR, --merge (with --only: re-run those suites into bench/results/, keeping the
//          other suites' results there; e.g. `npm run bench -- --only=startup --merge`)
//
// Each suite runs in its own Node process (bench/child.mjs) so JIT state never leaks between
// suites. The sources are bundled fresh first (bench/build.mjs), so this measures the working
// tree, not dist/.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { buildBench } from "./build.mjs";
import { markdownReport, svgChart, targets, terminalReport } from "./report.mjs";

const root = fileURLToPath(new URL("../", import.meta.url));
const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const quick = flag("quick");
const clock = option("clock") ?? "cpu";
if (clock !== "cpu" && clock !== "wall") throw new Error("--clock must be cpu or wall");
const mergeInto = flag("merge");
if (mergeInto && (quick || !option("only") || option("out")))
  throw new Error("--merge needs --only, without --quick or --out");
// Only a full run, or --merge, writes the committed results; quick and partial runs go to build/bench/.
const outDir =
  option("out") ??
  (quick
    ? `${root}build/bench/quick/`
    : option("only") && !mergeInto
      ? `${root}build/bench/partial/`
      : `${root}bench/results/`);

const sizes =
  option("sizes")?.split(",").map(Number) ??
  (quick ? [1e2, 1e3, 1e4] : [1e2, 1e3, 1e4, 1e5, 1e6, 1e7, ...(flag("huge") ? [1e8] : [])]);
const timing = quick
  ? { rounds: 1, maxTime: 0.01, minSamples: 2, minTime: 0.002 }
  : { rounds: 3, maxTime: 0.3, minSamples: 5 };
const suiteOptions = {
  summarize: { sizes, ...timing },
  auto: {
    sizes: quick ? [16, 64, 256] : [8, 16, 32, 48, 64, 96, 128, 192, 256, 384, 512, 1024],
    ...timing,
    maxTime: timing.maxTime / 3, // 5 rounds, 9 variants, 12 sizes: keep the sweep near a minute
    warmCalls: quick ? 10 : 300,
    ...(quick ? { rounds: -1 } : {}), // the suite adds 2
    clock: clock === "wall" ? "wallNs" : "cpuNs",
  },
  anatomy: { sizes: quick ? [1e4] : [1e4, 1e5, 1e7, ...(flag("huge") ? [1e8] : [])], ...timing },
  merge: timing,
  pairs: { sizes: option("sizes")?.split(",").map(Number) ?? (quick ? [1e3, 1e4] : [1e4, 1e5, 1e6, 1e7]), ...timing },
  decisions: timing,
  "ab-stats": timing,
  privacy: timing,
  sequential: { ...timing, familySize: quick ? 1000 : 10000 },
  readout: timing,
  rates: timing,
  means: timing,
  startup: { coldRuns: quick ? 2 : 15, footprintRuns: quick ? 3 : 21, ...timing },
};

const only = option("only")?.split(",") ?? Object.keys(suiteOptions);

const loadBefore = os.loadavg().map((x) => x.toFixed(2));
process.stderr.write(`building the benchmark bundle (load average ${loadBefore.join(" ")})\n`);
const built = await buildBench();
if (built.kernelRebuilt) process.stderr.write("  (the wasm kernel was out of date and has been rebuilt)\n");

let results = { failures: [] };
mkdirSync(`${root}build/bench/`, { recursive: true });
for (const suite of only) {
  if (!suiteOptions[suite]) throw new Error(`unknown suite ${suite}`);
  const out = `${root}build/bench/${suite}.json`;
  const options = { ...suiteOptions[suite], lib: built.lib, floor: built.floor, out };
  process.stderr.write(`suite ${suite}\n`);
  try {
    execFileSync(process.execPath, [`${root}bench/child.mjs`, suite, JSON.stringify(options)], {
      stdio: ["ignore", "inherit", "inherit"],
    });
    results[suite] = JSON.parse(readFileSync(out, "utf8"));
  } catch (error) {
    results.failures.push(`suite ${suite} crashed: ${error.message.split("\n")[0]}`);
  }
}

// Every variant must have run and agreed (each suite verifies results against the JS kernel,
// bit for bit for the library's backends, to 1e-8 for the peers).
for (const row of results.summarize?.results ?? []) {
  for (const [id, v] of Object.entries(row.variants))
    if (v.error) results.failures.push(`summarize n=${row.n} ${id}: ${v.error}`);
}
for (const row of results.anatomy?.rows ?? []) {
  for (const [id, e] of Object.entries(row.errors ?? {})) results.failures.push(`anatomy n=${row.n} ${id}: ${e}`);
}
for (const row of results.auto?.rows ?? []) {
  for (const [id, e] of Object.entries(row.errors ?? {})) results.failures.push(`auto n=${row.n} ${id}: ${e}`);
}
for (const row of results.pairs?.results ?? []) {
  for (const [id, v] of Object.entries(row.variants))
    if (v.error) results.failures.push(`pairs n=${row.n} ${id}: ${v.error}`);
}
for (const row of results.merge?.rows ?? []) if (row.error) results.failures.push(`merge ${row.label}: ${row.error}`);
for (const row of results.decisions?.rows ?? [])
  if (row.error) results.failures.push(`decisions ${row.label}: ${row.error}`);
for (const row of results["ab-stats"]?.rows ?? []) {
  if (row.error) results.failures.push(`ab-stats ${row.label}: ${row.error}`);
}
for (const row of results.privacy?.rows ?? [])
  if (row.error) results.failures.push(`privacy ${row.label}: ${row.error}`);
for (const row of results.readout?.rows ?? [])
  if (row.error) results.failures.push(`readout ${row.label}: ${row.error}`);
for (const row of results.sequential?.rows ?? [])
  if (row.error) results.failures.push(`sequential ${row.label}: ${row.error}`);
for (const row of results.rates?.rows ?? []) if (row.error) results.failures.push(`rates ${row.label}: ${row.error}`);
for (const row of results.means?.rows ?? []) if (row.error) results.failures.push(`means ${row.label}: ${row.error}`);
if (results.startup && results.startup.newBufferMs === null) results.failures.push("startup: new BatchBuffer failed");
if (results.startup?.footprint?.error) results.failures.push(`startup footprint: ${results.startup.footprint.error}`);

const cpus = os.cpus();
const meta = {
  date: new Date().toISOString(),
  node: process.versions.node,
  v8: process.versions.v8,
  cpu: cpus[0]?.model ?? "unknown CPU",
  cores: cpus.length,
  loadBefore,
  loadAfter: os.loadavg().map((x) => x.toFixed(2)),
  quick,
  clock,
  rounds: timing.rounds,
  sizes,
};
if (mergeInto) {
  // The committed results of a full run, with the suites just run put in place of theirs.
  const previous = JSON.parse(readFileSync(`${outDir}results.json`, "utf8"));
  const fresh = results;
  const kept = Object.fromEntries(Object.entries(previous).filter(([key]) => !only.includes(key)));
  const update = { suites: only, date: meta.date, node: meta.node, loadBefore, loadAfter: meta.loadAfter };
  results = { ...kept, ...Object.fromEntries(only.map((suite) => [suite, fresh[suite]])) };
  results.failures = [
    ...(previous.failures ?? []).filter((f) => !only.some((s) => f.startsWith(`${s} `) || f.startsWith(`suite ${s} `))),
    ...fresh.failures,
  ];
  results.meta = { ...previous.meta, updates: [...(previous.meta.updates ?? []), update] };
} else {
  results.meta = meta;
}
results.targets = targets(results, clock);

mkdirSync(outDir, { recursive: true });
writeFileSync(`${outDir}results.json`, `${JSON.stringify(results, null, 1)}\n`);
writeFileSync(`${outDir}results.md`, markdownReport(results, clock));
if (results.summarize && only.includes("summarize")) writeFileSync(`${outDir}throughput.svg`, svgChart(results, clock));
console.log(terminalReport(results, clock));
console.log(`\nwrote ${outDir}results.json, results.md${results.summarize ? ", throughput.svg" : ""}`);
if (results.failures.length) {
  console.error(`\n${results.failures.length} failure(s): a variant threw or disagreed (see above)`);
  process.exit(1);
}
