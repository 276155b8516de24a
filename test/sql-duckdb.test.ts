/**
 * batchstats/sql on DuckDB, in process: accuracy of the exact and fast SQL, for one column
 * (test/support/sql-accuracy.ts) and for pairs (test/support/sql-pair-accuracy.ts).
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { expect, it } from "vitest";
import { summarizeQuery } from "../src/sql/index.js";
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
