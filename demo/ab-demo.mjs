#!/usr/bin/env node
// End-to-end A/B demo (`npm start`): two arms of a metric arrive in hourly batches; each batch
// is reduced to a summary and its raw values are dropped; the summaries are stored as JSON,
// read back (as a nightly job would), merged in shuffled order, and compared.
import { backend, bayesTest, lift, merge, sequentialTest, summarize, Summary, ttest } from "../dist/index.js";

const HOURS = 24;
const PER_HOUR = 250_000;

/** Deterministic data: a seeded xorshift generator and Box–Muller normals (demo only). */
function makeArm(seed, mean, sd) {
  let s = seed >>> 0 || 1;
  const uniform = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s + 0.5) / 4294967296;
  };
  return (hour) => {
    const batch = new Float64Array(PER_HOUR);
    for (let i = 0; i < PER_HOUR; i++) {
      const z = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
      batch[i] = Math.max(0, mean + sd * z + 0.01 * hour); // e.g. session length, with a drift
    }
    return batch;
  };
}

const arms = { control: makeArm(12345, 50, 20), treatment: makeArm(67890, 50.03, 20) };
const fmt = (x, digits = 6) => Number(x.toPrecision(digits)).toString();

console.log(`batchstats A/B demo — backend: ${JSON.stringify(backend())}`);
console.log(`${HOURS} hourly batches × ${PER_HOUR.toLocaleString("en")} values per arm\n`);

const stored = { control: [], treatment: [] };
let kernelMs = 0;
const t0 = performance.now();
for (let hour = 0; hour < HOURS; hour++) {
  for (const [name, next] of Object.entries(arms)) {
    const batch = next(hour); // raw values of this hour
    const k0 = performance.now();
    const summary = summarize(batch);
    kernelMs += performance.now() - k0;
    stored[name].push(JSON.stringify(summary)); // keep ~150 bytes, drop the raw values
  }
}
const totalMs = performance.now() - t0;

// Later, elsewhere: read the stored JSON (untrusted), merge in any order.
const merged = {};
for (const [name, jsons] of Object.entries(stored)) {
  const summaries = jsons.map((j) => Summary.fromJSON(j));
  summaries.sort(() => 0.5 - Math.random()); // order does not matter
  merged[name] = merge(...summaries);
}

for (const [name, s] of Object.entries(merged)) {
  console.log(
    `${name.padEnd(10)} n = ${s.count.toLocaleString("en")}  mean = ${fmt(s.mean, 8)}  sd = ${fmt(s.std(), 8)}  ` +
      `stored as ${stored[name].length} × ~${stored[name][0].length} bytes of JSON`,
  );
}
const values = 2 * HOURS * PER_HOUR;
console.log(
  `\nsummarized ${values.toLocaleString("en")} values: ${fmt(kernelMs, 3)} ms in summarize() ` +
    `(${fmt((kernelMs * 1e6) / values, 3)} ns/value), ${fmt(totalMs, 3)} ms including data generation`,
);

// The A/B readout, from the merged summaries alone.
const result = ttest(merged.treatment, merged.control, { confidenceLevel: 0.95 });
const [lo, hi] = result.confidenceInterval;
console.log(
  `\n${result.method === "welch" ? "Welch" : "Student"} t-test, treatment − control (from ${2 * HOURS} stored summaries):`,
);
console.log(`  difference  ${fmt(result.estimate, 4)}   95% CI [${fmt(lo, 4)}, ${fmt(hi, 4)}]`);
const relative = lift(merged.treatment, merged.control);
const pct = (x) => `${x >= 0 ? "+" : ""}${fmt(100 * x, 3)} %`;
console.log(
  `  lift        ${pct(relative.estimate)}   95% CI [${pct(relative.confidenceInterval[0])}, ${pct(relative.confidenceInterval[1])}] (delta method)`,
);
console.log(
  `  t = ${fmt(result.statistic, 6)}, df = ${fmt(result.df, 8)}, p = ${result.pValue.toPrecision(4)} (log10 p = ${fmt(result.log10PValue, 6)})`,
);
console.log(`  ${result.pValue < 0.05 ? "significant" : "not significant"} at the 5 % level (two-sided)`);
const bayes = bayesTest(merged.treatment, merged.control);
console.log(
  `  Bayesian: chance to beat control 1 − ${(10 ** bayes.log10ChanceToLose).toPrecision(3)}, expected loss of shipping ${pct(bayes.risk.treatment)}`,
);
const always = sequentialTest(merged.treatment, merged.control);
console.log(
  `  always-valid (sequential) 95% CI for the lift [${pct(always.confidenceInterval[0])}, ${pct(always.confidenceInterval[1])}], p = ${always.pValue.toPrecision(4)}`,
);

// For comparison: regenerate the raw data (never kept above) and test it directly.
const raw = {};
for (const [name, seed, mean] of [
  ["control", 12345, 50],
  ["treatment", 67890, 50.03],
]) {
  const next = makeArm(seed, mean, 20);
  const all = new Float64Array(HOURS * PER_HOUR);
  for (let hour = 0; hour < HOURS; hour++) all.set(next(hour), hour * PER_HOUR);
  raw[name] = all;
}
const direct = ttest(raw.treatment, raw.control);
const rel = (a, b) => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));
console.log(
  `\nsame test on the ${(2 * HOURS * PER_HOUR).toLocaleString("en")} raw values: t = ${fmt(direct.statistic, 6)}, p = ${direct.pValue.toPrecision(4)}`,
);
console.log(
  `  relative differences, summaries vs raw: t ${rel(result.statistic, direct.statistic).toExponential(1)}, ` +
    `p ${rel(result.pValue, direct.pValue).toExponential(1)}, CI ${rel(lo, direct.confidenceInterval[0]).toExponential(1)}`,
);

// The warehouse path: the same raw values in a Parquet file, summarized per arm by DuckDB running
// the exact SQL of batchstats/sql (the file is read by DuckDB, not by JavaScript), then the same t-test.
const { DuckDBInstance } = await import("@duckdb/node-api");
const { summarizeTable } = await import("../dist/sql.js");
const { mkdtemp, rm } = await import("node:fs/promises");
const { tmpdir } = await import("node:os");
const { join } = await import("node:path");
const dir = await mkdtemp(join(tmpdir(), "batchstats-demo-"));
const file = join(dir, "events.parquet");
const instance = await DuckDBInstance.create(":memory:");
const db = await instance.connect();
await db.run("CREATE TABLE events (arm VARCHAR, value DOUBLE)");
const appender = await db.createAppender("events");
for (const name of ["control", "treatment"]) {
  for (const x of raw[name]) {
    appender.appendVarchar(name);
    appender.appendDouble(x);
    appender.endRow();
  }
}
appender.closeSync();
await db.run(`COPY events TO '${file}' (FORMAT parquet)`);
db.closeSync();
instance.closeSync();
const started = performance.now();
const groups = await summarizeTable(file, { column: "value", groupBy: ["arm"] });
const seconds = (performance.now() - started) / 1000;
const byArm = Object.fromEntries(groups.map((g) => [g.group.arm, g.summary]));
const warehouse = ttest(byArm.treatment, byArm.control);
console.log(
  `\nwarehouse path (DuckDB over ${file.split("/").pop()}, exact SQL, ${seconds.toFixed(2)} s): ` +
    `t = ${fmt(warehouse.statistic, 6)}, p = ${warehouse.pValue.toPrecision(4)}; ` +
    `relative difference to the raw test: t ${rel(warehouse.statistic, direct.statistic).toExponential(1)}`,
);
await rm(dir, { recursive: true, force: true });
