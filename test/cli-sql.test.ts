/**
 * `batchstats summarize FILE.parquet --column … --group-by …` (DuckDB reads the file) and
 * `batchstats sql --dialect …` (prints the SQL), run as a user would.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Summary, summarize } from "../src/index.js";
import { summarySQL } from "../src/sql/index.js";
import { runCli } from "./support/node-build.js";
import { bigValues } from "./support/sql-accuracy.js";

let dir = "";
let file = "";
const values = bigValues(3000);
const arms = values.map((_, i) => (i % 3 === 0 ? "control" : "treatment"));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "batchstats-cli-sql-"));
  file = join(dir, "events.parquet");
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  await connection.run("CREATE TABLE events (arm VARCHAR, revenue DOUBLE)");
  const appender = await connection.createAppender("events");
  values.forEach((x, i) => {
    appender.appendVarchar(arms[i]!);
    appender.appendDouble(x);
    appender.endRow();
  });
  appender.closeSync();
  await connection.run(`COPY events TO '${file}' (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("batchstats summarize through DuckDB", () => {
  it("prints one summary per group (NDJSON), equal to summarize of the group's values", async () => {
    const run = await runCli(["summarize", file, "--column", "revenue", "--group-by", "arm"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { group: { arm: string }; summary: unknown });
    expect(lines.map((l) => l.group.arm)).toEqual(["control", "treatment"]);
    for (const { group, summary } of lines) {
      const s = Summary.fromJSON(summary);
      const ref = summarize(values.filter((_, i) => arms[i] === group.arm));
      expect(s.count).toBe(ref.count);
      expect(s.mean).toBe(ref.mean);
      expect(Math.abs(s.variance() - ref.variance())).toBeLessThanOrEqual(2 * 2 ** -52 * ref.variance());
    }
  }, 60_000);

  it("prints a JSON object keyed by group with --grouped object, and one summary without --group-by", async () => {
    const run = await runCli(["summarize", file, "--column", "revenue", "--group-by", "arm", "--grouped", "object"]);
    expect(Object.keys(JSON.parse(run.stdout) as object)).toEqual(["control", "treatment"]);
    const one = await runCli(["summarize", file, "--column", "revenue"]);
    expect(Summary.fromJSON(one.stdout).count).toBe(values.length);
  }, 60_000);

  it("needs --column by name", async () => {
    const run = await runCli(["summarize", file, "--group-by", "arm"]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/--column/);
  }, 60_000);
});

describe("batchstats sql", () => {
  it("prints summarySQL's text for the dialect", async () => {
    const run = await runCli([
      "sql",
      "--dialect",
      "bigquery",
      "--from",
      "events",
      "--value",
      "revenue",
      "--group-by",
      "arm",
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      `${summarySQL({ dialect: "bigquery", from: "events", value: "revenue", groupBy: ["arm"] })};\n`,
    );
  }, 60_000);

  it("refuses a hostile table name", async () => {
    const run = await runCli(["sql", "--dialect", "postgres", "--from", "t; DROP TABLE t", "--value", "x"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
  }, 60_000);
});
