#!/usr/bin/env node
/**
 * Cost and accuracy of the SQL of batchstats/sql on DuckDB (in process), side by side in one run:
 * naive sums (count, Σx, Σx²), DuckDB's var_samp, and summarySQL's "exact" method (two passes, and
 * one pass on the grid of scale 23 around 1e9) and "fast" method (two passes, and one pass with the
 * pivot 1e9), over N rows of 1e9 + N(0, 1) in
 * 100 groups (a table in memory, so the scan is not what is measured);
 * then the same for pairs: naive pair sums (n, Σx, Σy, Σx², Σy², Σxy), DuckDB's covar_samp, and
 * pairSummarySQL's methods. The queries run in turn, --repeat rounds; best and median of each.
 * Then the accuracy of each on BIG in one group (digits of the sd, LRE, against an exact BigInt
 * computation of the same doubles). Needs dist/ (npm run build).
 *
 *   node bench/sql.mjs [--rows 1e7] [--repeat 3] [--accuracy-rows 1e6] [--pairs 0]
 *
 * With --engine postgres or --engine clickhouse, the same single-column queries on the server that
 * scripts/engines/start.sh started (PostgreSQL on 127.0.0.1:54329, ClickHouse on :18123), timed by
 * wall clock (the work is in the server's processes): best and median of each.
 *
 *   node bench/sql.mjs --engine postgres [--rows 1e7] [--repeat 3]
 *
 * With --baseline FILE (an ES module exporting summarySQL, such as an esbuild bundle of another
 * version's src/sql/index.ts), that version's single-column queries run in the same rounds, marked
 * "(base)", so that a change is measured side by side with what it replaces.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { loadavg } from "node:os";
import { pathToFileURL } from "node:url";
import { fromSQLRows, pairSummarySQL, summarySQL } from "../dist/sql.js";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const rows = arg("rows", 1e7);
const repeat = arg("repeat", 3);
const accuracyRows = arg("accuracy-rows", 1e6);
const withPairs = arg("pairs", 1) !== 0;
const engineIndex = process.argv.indexOf("--engine");
const engine = engineIndex < 0 ? "duckdb" : process.argv[engineIndex + 1];
const baselineIndex = process.argv.indexOf("--baseline");
const baseline = baselineIndex < 0 ? undefined : await import(pathToFileURL(process.argv[baselineIndex + 1]).href);

/**
 * The methods' queries for `spec` (a table, value and groups), with the baseline's beside them.
 * `withFast`: the dialect has the fast method.
 */
function methodQueries(spec, withFast) {
  const of = (make, suffix) => ({
    [`exact${suffix}`]: make(spec),
    [`exact 1-pass${suffix}`]: make({ ...spec, ...GRID }),
    ...(withFast ? { [`fast${suffix}`]: make({ ...spec, method: "fast" }) } : {}),
  });
  const fastOnePass = (make, suffix) =>
    withFast ? { [`fast 1-pass${suffix}`]: make({ ...spec, method: "fast", pivot: GRID.pivot }) } : {};
  return {
    ...of(summarySQL, ""),
    ...fastOnePass(summarySQL, ""),
    ...(baseline ? { ...of(baseline.summarySQL, " (base)"), ...fastOnePass(baseline.summarySQL, " (base)") } : {}),
  };
}

/** The grid of 1e9 + N(0, 1): every double in [2^29, 2^30) lies on 2^-23; |x − 1e9| < 2^8 fits 31 bits. */
const GRID = { scale: 23, pivot: 1e9 };

if (engine !== "duckdb") {
  await serverBench(engine);
  process.exit(0);
}

const instance = await DuckDBInstance.create(":memory:", { threads: "2" });
const db = await instance.connect();
await db.run(`SELECT setseed(0.5)`);
await db.run(
  `CREATE TABLE t AS SELECT (i % 100)::INTEGER AS g, 1e9 + sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS x FROM range(${rows}) r(i)`,
);
// y = 1e9 + 0.7·(x − 1e9) + √(1 − 0.7²)·N(0, 1): correlation 0.7
if (withPairs)
  await db.run(
    `CREATE TABLE tp AS SELECT g, x, 1e9 + 0.7 * (x - 1e9) + 0.71414284285428498 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS y FROM t`,
  );

const QUERIES = {
  naive: "SELECT g, count(x) AS n, sum(x) AS s1, sum(x * x) AS s2 FROM t GROUP BY g",
  var_samp: "SELECT g, count(x) AS n, avg(x) AS mean, var_samp(x) AS v FROM t GROUP BY g",
  ...methodQueries({ dialect: "duckdb", from: "t", value: "x", groupBy: ["g"] }, true),
};

const PAIR_QUERIES = {
  "naive pairs": "SELECT g, count(*) AS n, sum(x), sum(y), sum(x * x), sum(y * y), sum(x * y) FROM tp GROUP BY g",
  covar_samp: "SELECT g, count(*) AS n, avg(x), avg(y), var_samp(x), var_samp(y), covar_samp(x, y) FROM tp GROUP BY g",
  "pairs exact": pairSummarySQL({ dialect: "duckdb", from: "tp", x: "x", y: "y", groupBy: ["g"] }),
  "pairs fast": pairSummarySQL({ dialect: "duckdb", from: "tp", x: "x", y: "y", groupBy: ["g"], method: "fast" }),
};

/**
 * Runs the queries in turn, `repeat` rounds, and prints the best wall time of each and its median
 * CPU time (user + system of the process, DuckDB's threads included: less disturbed than wall time
 * by other work on a shared machine), each also against the first query.
 */
async function sideBySide(title, queries) {
  const names = Object.keys(queries);
  const wall = Object.fromEntries(names.map((name) => [name, []]));
  const cpu = Object.fromEntries(names.map((name) => [name, []]));
  for (let r = 0; r < repeat; r++) {
    for (const name of names) {
      const start = performance.now();
      const used = process.cpuUsage();
      (await db.runAndReadAll(queries[name])).getRowObjectsJS();
      const { user, system } = process.cpuUsage(used);
      wall[name].push(performance.now() - start);
      cpu[name].push((user + system) / 1000);
    }
  }
  const best = (a) => Math.min(...a);
  const median = (a) => [...a].sort((u, v) => u - v)[a.length >> 1];
  console.log(
    `${title}, ${rows.toExponential(0)} rows in 100 groups, ${repeat} rounds (ms; × ${names[0]}, cpu also × ${names[1]}), load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}:`,
  );
  for (const name of names) {
    const b = best(wall[name]);
    const c = median(cpu[name]);
    const rb = (b / best(wall[names[0]])).toFixed(2);
    const rc = (c / median(cpu[names[0]])).toFixed(2);
    const rv = (c / median(cpu[names[1]])).toFixed(2);
    console.log(
      `  ${name.padEnd(22)} wall best ${b.toFixed(0).padStart(6)} ms ${rb.padStart(6)}×   cpu median ${c.toFixed(0).padStart(6)} ms ${rc.padStart(6)}× (${rv.padStart(5)}× ${names[1]})`,
    );
  }
}

await sideBySide("DuckDB", QUERIES);
if (withPairs) await sideBySide("DuckDB pairs", PAIR_QUERIES);
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
const onePass = summarySQL({ dialect: "duckdb", from: "big", value: "x", groupBy: ["g"], ...GRID });
const onePassRows = (await db.runAndReadAll(onePass)).getRowObjectsJS();
console.log(`  exact 1-pass ${lre(Math.sqrt(fromSQLRows(onePassRows)[0].summary.variance())).toFixed(1)}`);
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

/**
 * The single-column queries on PostgreSQL or ClickHouse (a table of `rows` rows made by the server
 * itself), run in turn `repeat` rounds; best and median wall time of each, against naive sums.
 */
async function serverBench(name) {
  const dialect = name;
  const normal = (u, v) => `sqrt(-2 * ln(1 - ${u})) * cos(2 * pi() * ${v})`;
  let run;
  let close = async () => {};
  if (name === "postgres") {
    const pg = (await import("pg")).default;
    const client = new pg.Client({
      host: "127.0.0.1",
      port: Number(process.env.BS_PG_PORT ?? 54329),
      user: "postgres",
    });
    await client.connect();
    run = async (sql) => (await client.query(sql)).rows;
    close = () => client.end();
    await run("DROP TABLE IF EXISTS bs_bench");
    await run("SELECT setseed(0.5)");
    await run(
      `CREATE TABLE bs_bench AS SELECT (i % 100)::integer AS g, 1e9 + ${normal("random()", "random()")} AS x FROM generate_series(0, ${rows - 1}) i`,
    );
    await run("VACUUM ANALYZE bs_bench");
  } else if (name === "clickhouse") {
    const port = Number(process.env.BS_CH_PORT_A ?? 18123);
    run = async (sql) => {
      const response = await fetch(`http://127.0.0.1:${port}/`, { method: "POST", body: sql });
      const text = await response.text();
      if (!response.ok) throw new Error(text.slice(0, 500));
      return text;
    };
    await run("DROP TABLE IF EXISTS bs_bench");
    const u = (k) => `(rand(${k}) / 4294967296.)`;
    await run(
      `CREATE TABLE bs_bench ENGINE = MergeTree() ORDER BY g AS SELECT toInt32(number % 100) AS g, 1e9 + sqrt(-2 * log(1 - ${u(1)})) * cos(2 * pi() * ${u(2)}) AS x FROM numbers(${rows})`,
    );
  } else {
    throw new Error(`--engine must be duckdb, postgres or clickhouse, got ${name}`);
  }
  const spec = { dialect, from: "bs_bench", value: "x", groupBy: ["g"] };
  const queries = {
    naive: "SELECT g, count(x) AS n, sum(x) AS s1, sum(x * x) AS s2 FROM bs_bench GROUP BY g",
    var_samp: "SELECT g, count(x) AS n, avg(x) AS mean, var_samp(x) AS v FROM bs_bench GROUP BY g",
    ...methodQueries(spec, name === "clickhouse"),
  };
  const names = Object.keys(queries);
  const wall = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < repeat; r++) {
    for (const n of names) {
      const start = performance.now();
      await run(queries[n]);
      wall[n].push(performance.now() - start);
    }
  }
  const best = (a) => Math.min(...a);
  const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
  console.log(
    `${name}, ${rows.toExponential(0)} rows in 100 groups, ${repeat} rounds (wall ms; × naive), load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}:`,
  );
  for (const n of names) {
    const b = best(wall[n]);
    const m = median(wall[n]);
    const rv = (m / median(wall.var_samp)).toFixed(2);
    console.log(
      `  ${n.padEnd(22)} best ${b.toFixed(0).padStart(6)} ms ${(b / best(wall.naive)).toFixed(2).padStart(6)}×   median ${m.toFixed(0).padStart(6)} ms ${(m / median(wall.naive)).toFixed(2).padStart(6)}× (${rv.padStart(5)}× var_samp)`,
    );
  }
  await run("DROP TABLE IF EXISTS bs_bench");
  await close();
}
