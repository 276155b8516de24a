/**
 * batchstats/sql on DuckDB, in process: accuracy of the exact and fast SQL, for one column
 * (test/support/sql-accuracy.ts) and for pairs (test/support/sql-pair-accuracy.ts).
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { expect, it } from "vitest";
import { fromPairSQLRows, fromSQLRows, pairSummarySQL, summarizeQuery, summarySQL } from "../src/sql/index.js";
import { connectDuckDB } from "./support/engine-duckdb.js";
import { accuracyTests } from "./support/sql-accuracy.js";
import { describeEngine } from "./support/sql-engines.js";
import { pairAccuracyTests } from "./support/sql-pair-accuracy.js";

describeEngine("DuckDB", connectDuckDB, (engine) => {
  accuracyTests(engine, { n: 20_000, runs: 20, methods: ["exact", "fast"] });
  pairAccuracyTests(engine, { n: 20_000, runs: 20, methods: ["exact", "fast"] });
});

it("a NULL group key is a group of its own (the join of the two passes is NULL-safe)", async () => {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  await connection.run(
    "CREATE TABLE t AS SELECT * FROM (VALUES (NULL, 1.0::DOUBLE), (NULL, 3.0), (1, 5.0), (1, 9.0)) v(g, x)",
  );
  const groups = await summarizeQuery(connection, { from: "t", value: "x", groupBy: ["g"] });
  const got = groups.map((r) => [r.group.g, r.summary.count, r.summary.mean, r.summary.variance()]);
  expect(got.sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([
    [1, 2, 7, 8],
    [null, 2, 2, 2],
  ]);
  connection.closeSync();
  instance.closeSync();
});

it("NULLs in any of several group keys: each combination is a group of its own, for one column and for pairs", async () => {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  await connection.run(
    `CREATE TABLE t AS SELECT * FROM (VALUES (NULL, 1, 1.0::DOUBLE, 2.0::DOUBLE), (NULL, 1, 3.0, 5.0), (1, NULL, 5.0, 1.0),
      (1, NULL, 9.0, 2.0), (NULL, NULL, 2.0, 4.0), (NULL, NULL, 4.0, 0.0), (1, 1, 6.0, 6.0), (1, 1, 8.0, 9.0)) v(a, b, x, y)`,
  );
  const key = (group: Readonly<Record<string, unknown>>) => `${group.a}/${group.b}`;
  const one = await summarizeQuery(connection, { from: "t", value: "x", groupBy: ["a", "b"] });
  const got = one.map((r) => [key(r.group), r.summary.count, r.summary.mean, r.summary.variance()]).sort();
  expect(got).toEqual([
    ["1/1", 2, 7, 2],
    ["1/null", 2, 7, 8],
    ["null/1", 2, 2, 2],
    ["null/null", 2, 3, 2],
  ]);
  const sql = pairSummarySQL({ dialect: "duckdb", from: "t", x: "x", y: "y", groupBy: ["a", "b"] });
  const pairs = fromPairSQLRows((await connection.runAndReadAll(sql)).getRowObjectsJS());
  const cov = pairs.map((r) => [key(r.group), r.summary.count, r.summary.covariance()]).sort();
  expect(cov).toEqual([
    ["1/1", 2, 3],
    ["1/null", 2, 2],
    ["null/1", 2, 3],
    ["null/null", 2, -4],
  ]);
  connection.closeSync();
  instance.closeSync();
});

it("values near ±1.8e308: the scale comes from the largest magnitude, so no range overflows in the engine; an M2 beyond the double range is E_OVERFLOW", async () => {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  await connection.run(
    "CREATE TABLE t AS SELECT * FROM (VALUES (0, 1.7e308::DOUBLE), (0, 1.7e308), (1, 1.7e308), (1, -1.7e308)) v(g, x)",
  );
  const sql = summarySQL({ dialect: "duckdb", from: "t", value: "x", groupBy: ["g"] });
  const rows = (await connection.runAndReadAll(sql)).getRowObjectsJS();
  const equal = fromSQLRows(rows.filter((r) => r.g === 0))[0]!.summary;
  expect([equal.count, equal.mean, equal.variance()]).toEqual([2, 1.7e308, 0]);
  expect(() => fromSQLRows(rows.filter((r) => r.g === 1))).toThrow(expect.objectContaining({ code: "E_OVERFLOW" }));
  connection.closeSync();
  instance.closeSync();
});
