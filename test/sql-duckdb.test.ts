/**
 * batchstats/sql on DuckDB, in process: accuracy of the exact and fast SQL, for one column
 * (test/support/sql-accuracy.ts) and for pairs (test/support/sql-pair-accuracy.ts).
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { expect, it } from "vitest";
import { fromPairSQLRows, fromSQLRows, pairSummarySQL, summarizeQuery, summarySQL } from "../src/sql/index.js";
import { connectDuckDB } from "./support/engine-duckdb.js";
import { accuracyTests, caught } from "./support/sql-accuracy.js";
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

it("summarizeQuery with a grid (scale, pivot): one pass when every value is on it, two passes otherwise, the same summaries", async () => {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  await connection.run(
    "CREATE TABLE t AS SELECT * FROM (VALUES (1, 1.0::DOUBLE), (1, 2.5), (1, 4.0), (2, 3.0), (2, 5.0)) v(g, x)",
  );
  const spec = { from: "t", value: "x", groupBy: ["g"] };
  const plain = await summarizeQuery(connection, spec);
  const key = (list: typeof plain) =>
    list
      .map((r) => [r.group.g, r.summary.count, r.summary.mean, r.summary.m2])
      .sort((a, b) => Number(a[0]) - Number(b[0]));
  // every value on the grid 2^-1 within 2^31 of 0: one pass
  expect(key(await summarizeQuery(connection, { ...spec, scale: 1 }))).toEqual(key(plain));
  // 2.5 is off the grid 2^0: the fallback gives the two-pass summaries of every group
  const onePass = (
    await connection.runAndReadAll(summarySQL({ dialect: "duckdb", ...spec, scale: 0 }))
  ).getRowObjectsJS();
  expect(caught(() => fromSQLRows(onePass))).toBe("E_PRECISION_LOSS");
  expect(key(await summarizeQuery(connection, { ...spec, scale: 0 }))).toEqual(key(plain));
  expect(key(plain)).toEqual([
    [1, 3, 2.5, 4.5],
    [2, 2, 4, 2],
  ]);
  connection.closeSync();
  instance.closeSync();
});

it("one pass with NULL group keys: the groups with a NaN, an infinity or a value off the grid are summed again, NULL-safely", async () => {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  await connection.run(
    `CREATE TABLE t AS SELECT * FROM (VALUES (NULL, 1, 1.0::DOUBLE), (NULL, 1, 2.0), (NULL, 1, 'NaN'), (NULL, 2, 1.0),
      (NULL, 2, 'Infinity'), (1, NULL, 0.5), (1, NULL, 4.0), (1, 1, 3.0), (1, 1, 5.0), (1, 1, NULL), (NULL, NULL, 2.0)) v(a, b, x)`,
  );
  const read = async (spec: object) => {
    const sql = summarySQL({ dialect: "duckdb", from: "t", value: "x", groupBy: ["a", "b"], ...spec });
    const rows = (await connection.runAndReadAll(sql)).getRowObjectsJS();
    const key = (r: Record<string, unknown>) => `${r.a ?? "null"}/${r.b ?? "null"}`;
    return new Map(rows.map((r) => [key(r), r]));
  };
  for (const spec of [{ scale: 0 }, { method: "fast", pivot: 2 }]) {
    const method = "method" in spec ? "fast" : "exact";
    const rows = await read(spec);
    expect(rows.size, method).toBe(5);
    const s = (k: string, nan?: "omit" | "propagate") =>
      fromSQLRows([rows.get(k)!], { method, ...(nan ? { nan } : {}) })[0]!.summary;
    const omit = s("null/1", "omit");
    expect([omit.count, omit.mean, omit.variance(), omit.omitted], method).toEqual([2, 1.5, 0.5, 1]);
    expect(
      caught(() => s("null/1")),
      method,
    ).toBe("E_NAN");
    expect(Number.isNaN(s("null/1", "propagate").mean), method).toBe(true);
    expect(
      caught(() => s("null/2", "omit")),
      method,
    ).toBe(method === "exact" ? "E_PRECISION_LOSS" : "E_INFINITE");
    const clean = s("1/1");
    expect([clean.count, clean.mean, clean.variance(), clean.omitted], method).toEqual([2, 4, 2, 1]);
    expect(s("null/null").count, method).toBe(1);
    if (method === "exact") expect(caught(() => s("1/null"))).toBe("E_PRECISION_LOSS");
    else expect(s("1/null").mean).toBe(2.25);
    // the groups without such values come from the main aggregation alone
    expect(rows.get("1/1")!.bs_nan ?? rows.get("1/1")!.bs_outside ?? "0").toMatch(/^0?$/);
  }
  connection.closeSync();
  instance.closeSync();
});

it("an engine error is E_IO with DuckDB's message; rows that are not an iterable of objects are E_BAD_ARGUMENT; a bad row names its index", async () => {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  let failure: unknown;
  try {
    await summarizeQuery(connection, { from: "no_such_table", value: "x" });
  } catch (error) {
    failure = error;
  }
  expect([(failure as { code?: string }).code, String((failure as Error).message)]).toEqual([
    "E_IO",
    expect.stringMatching(/^DuckDB could not run the query: .*no_such_table/s),
  ]);
  expect((failure as Error).cause).toBeInstanceOf(Error);
  for (const rows of [null, undefined, 5, {}, "bs_rows"]) {
    expect(
      caught(() => fromSQLRows(rows as never)),
      String(rows),
    ).toBe("E_BAD_ARGUMENT");
    expect(
      caught(() => fromPairSQLRows(rows as never)),
      String(rows),
    ).toBe("E_BAD_ARGUMENT");
  }
  const [row] = (
    await connection.runAndReadAll(summarySQL({ dialect: "duckdb", from: { sql: "SELECT 1.5 AS x" }, value: "x" }))
  ).getRowObjectsJS();
  let bad: unknown;
  try {
    fromSQLRows([row!, { ...row, bs_sum: undefined }]);
  } catch (error) {
    bad = error;
  }
  expect([
    (bad as { code?: string }).code,
    (bad as { index?: number }).index,
    (bad as { field?: string }).field,
  ]).toEqual(["E_BAD_SUMMARY", 1, "bs_sum"]);
  connection.closeSync();
  instance.closeSync();
});

it("summarizeTable reads the one file it names: glob characters are refused, a missing file is E_IO", async () => {
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { tmpdir } = await import("node:os");
  const { summarizeTable } = await import("../src/sql/index.js");
  const dir = mkdtempSync(join(tmpdir(), "bs-glob-"));
  writeFileSync(join(dir, "a1.csv"), "y\n5\n");
  writeFileSync(join(dir, "a2.csv"), "y\n7\n");
  writeFileSync(join(dir, "a[12].csv"), "y\n1000\n");
  const literal = await summarizeTable(join(dir, "a1.csv"), { column: "y" });
  expect(literal[0]!.summary.mean).toBe(5);
  // quotes and backslashes are part of the name, not SQL
  for (const name of ["it's.csv", "back\\slash.csv", "a'); DROP VIEW x; --.csv"]) {
    writeFileSync(join(dir, name), "y\n11\n13\n");
    const quoted = await summarizeTable(join(dir, name), { column: "y" });
    expect([quoted[0]!.summary.count, quoted[0]!.summary.mean], name).toEqual([2, 12]);
  }
  for (const name of ["a[12].csv", "a?.csv", "*.csv"]) {
    let failure: unknown;
    try {
      await summarizeTable(join(dir, name), { column: "y" });
    } catch (error) {
      failure = error;
    }
    expect((failure as { code?: string }).code, name).toBe("E_BAD_ARGUMENT");
  }
  let missing: unknown;
  try {
    await summarizeTable(join(dir, "none.csv"), { column: "y" });
  } catch (error) {
    missing = error;
  }
  expect((missing as { code?: string }).code).toBe("E_IO");
});

it("one pass on integer-typed columns (no row tested against the grid, as DuckDB knows the type): the two-pass summaries; a fractional DECIMAL is still tested", async () => {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  await connection.run(
    `CREATE TABLE t AS SELECT (i % 3)::INTEGER AS g, (i * 7919 % 1000 - 500)::BIGINT AS b, (i % 17)::TINYINT AS s,
      (i * 31 % 1000)::DECIMAL(18,0) AS d0, (i * 31 % 1000 / 4)::DECIMAL(10,2) AS d2 FROM range(3000) r(i)`,
  );
  const key = (list: { group: Record<string, unknown>; summary: { toJSON(): unknown } }[]) =>
    list.map((r) => [Number(r.group.g), JSON.stringify(r.summary.toJSON())]).sort();
  for (const value of ["b", "s", "d0"]) {
    const sql = summarySQL({ dialect: "duckdb", from: "t", value, groupBy: ["g"], scale: 0, pivot: 0 });
    expect(sql).toContain("typeof(q.bs_o)");
    const one = fromSQLRows((await connection.runAndReadAll(sql)).getRowObjectsJS());
    const two = await summarizeQuery(connection, { from: "t", value, groupBy: ["g"] });
    expect(key(one), value).toEqual(key(two));
  }
  // 0.25 steps are off the grid 2^0: the grid test still runs for DECIMAL(10,2)
  const sql = summarySQL({ dialect: "duckdb", from: "t", value: "d2", groupBy: ["g"], scale: 0, pivot: 0 });
  const rows = (await connection.runAndReadAll(sql)).getRowObjectsJS();
  expect(caught(() => fromSQLRows(rows))).toBe("E_PRECISION_LOSS");
  connection.closeSync();
  instance.closeSync();
});
