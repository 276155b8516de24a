#!/usr/bin/env node
/**
 * Cost and accuracy of the SQL of batchstats/sql on DuckDB (in process), side by side in one run:
 * naive sums (count, Σx, Σx²), DuckDB's var_samp, and summarySQL's "exact" and "fast" methods, over
 * N rows of 1e9 + N(0, 1) in 100 groups (a table in memory, so the scan is not what is measured).
 * Best of --repeat runs each. Then the accuracy of each on BIG in one group (digits of the sd, LRE,
 * against an exact BigInt computation of the same doubles). Needs dist/ (npm run build).
 *
 *   node bench/sql.mjs [--rows 1e7] [--repeat 3] [--accuracy-rows 1e6]
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { fromSQLRows, summarySQL } from "../dist/sql.js";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const rows = arg("rows", 1e7);
const repeat = arg("repeat", 3);
const accuracyRows = arg("accuracy-rows", 1e6);

const instance = await DuckDBInstance.create(":memory:", { threads: "2" });
const db = await instance.connect();
await db.run(`SELECT setseed(0.5)`);
await db.run(
  `CREATE TABLE t AS SELECT (i % 100)::INTEGER AS g, 1e9 + sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS x FROM range(${rows}) r(i)`,
);

const QUERIES = {
  naive: "SELECT g, count(x) AS n, sum(x) AS s1, sum(x * x) AS s2 FROM t GROUP BY g",
  var_samp: "SELECT g, count(x) AS n, avg(x) AS mean, var_samp(x) AS v FROM t GROUP BY g",
  exact: summarySQL({ dialect: "duckdb", from: "t", value: "x", groupBy: ["g"] }),
  fast: summarySQL({ dialect: "duckdb", from: "t", value: "x", groupBy: ["g"], method: "fast" }),
};

async function best(sql) {
  let t = Infinity;
  for (let r = 0; r < repeat; r++) {
    const start = performance.now();
    (await db.runAndReadAll(sql)).getRowObjectsJS();
    t = Math.min(t, performance.now() - start);
  }
  return t;
}

console.log(`DuckDB, ${rows.toExponential(0)} rows in 100 groups, best of ${repeat} (ms; × naive):`);
const times = {};
for (const [name, sql] of Object.entries(QUERIES)) times[name] = await best(sql);
for (const [name, t] of Object.entries(times)) {
  console.log(`  ${name.padEnd(9)} ${t.toFixed(0).padStart(7)} ms  ${(t / times.naive).toFixed(2)}×`);
}
// the summaries are also converted on the client: that cost, for 100 groups, is below a millisecond
const rowsExact = (await db.runAndReadAll(QUERIES.exact)).getRowObjectsJS();
const start = performance.now();
fromSQLRows(rowsExact);
console.log(`  fromSQLRows of the 100 exact rows: ${(performance.now() - start).toFixed(2)} ms`);

// --- accuracy on BIG, one group ---------------------------------------------------------------
await db.run(
  `CREATE TABLE big AS SELECT 0 AS g, 1e9 + sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS x FROM range(${accuracyRows}) r(i)`,
);
const xs = (await db.runAndReadAll("SELECT x FROM big")).getRowObjectsJS().map((r) => r.x);
const exactSd = exactSdOf(xs);
const lre = (sd) => (sd === exactSd ? 17 : Math.min(17, -Math.log10(Math.abs(sd - exactSd) / exactSd)));
const naive = (await db.runAndReadAll(QUERIES.naive.replace("FROM t", "FROM big"))).getRowObjectsJS()[0];
const naiveVar = (naive.s2 - (naive.s1 * naive.s1) / Number(naive.n)) / (Number(naive.n) - 1);
const builtin = (await db.runAndReadAll(QUERIES.var_samp.replace("FROM t", "FROM big"))).getRowObjectsJS()[0];
const sdOf = (method) => {
  const sql = summarySQL({ dialect: "duckdb", from: "big", value: "x", groupBy: ["g"], method });
  return db
    .runAndReadAll(sql)
    .then((r) => Math.sqrt(fromSQLRows(r.getRowObjectsJS(), { method })[0].summary.variance()));
};
console.log(
  `\nAccuracy on BIG (${accuracyRows.toExponential(0)} values of 1e9 + N(0, 1)): digits of the sd (LRE, 17 = exact)`,
);
console.log(`  naive     ${naiveVar > 0 ? lre(Math.sqrt(naiveVar)).toFixed(1) : `0 (variance ${naiveVar})`}`);
console.log(`  var_samp  ${lre(Math.sqrt(builtin.v)).toFixed(1)}`);
console.log(`  exact     ${lre(await sdOf("exact")).toFixed(1)}`);
console.log(`  fast      ${lre(await sdOf("fast")).toFixed(1)}`);
db.closeSync();
instance.closeSync();

/** The sd of doubles from exact BigInt sums (every double is m · 2^e), rounded once. */
function exactSdOf(values) {
  const view = new DataView(new ArrayBuffer(8));
  const parts = values.map((x) => {
    view.setFloat64(0, x);
    const bits = view.getBigUint64(0);
    const eb = Number((bits >> 52n) & 0x7ffn);
    const m = (bits & ((1n << 52n) - 1n)) | (eb ? 1n << 52n : 0n);
    return { m: bits >> 63n ? -m : m, e: (eb || 1) - 1075 };
  });
  let e0 = 0;
  for (const p of parts) if (p.e < e0) e0 = p.e;
  let s1 = 0n;
  let s2 = 0n;
  for (const { m, e } of parts) {
    const v = m << BigInt(e - e0);
    s1 += v;
    s2 += v * v;
  }
  const n = BigInt(values.length);
  const num = n * s2 - s1 * s1; // n(n-1)·var·4^-e0
  const den = n * (n - 1n);
  // var = num / den · 2^(2·e0), to 60 bits
  const shift = num.toString(2).length - den.toString(2).length - 60;
  const q = shift >= 0 ? num / (den << BigInt(shift)) : (num << BigInt(-shift)) / den;
  return Math.sqrt(Number(q) * 2 ** (shift + 2 * e0));
}
