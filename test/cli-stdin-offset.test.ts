/**
 * `batchstats summarize -` reads stdin where the process was given it: a regular file as stdin
 * whose offset is past its start (an earlier reader of the same stdin took the first bytes, as in
 * `(head -c 8 >/dev/null; batchstats summarize -) < file`) is read from that offset, never
 * reopened and read from byte 0. Run as child processes (the built command line).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { summarize, summarizePairs } from "../src/index.js";
import { runCli } from "./support/node-build.js";

let dir = "";
const at = (name: string) => join(dir, name);
const values = [1000000, 1, 2, 3, 5, 8, 13];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "batchstats-stdin-"));
  await writeFile(at("v.f64"), new Float64Array(values));
  await writeFile(at("v.txt"), values.map((v) => `${v}\n`).join(""));
  await writeFile(at("v.txt.gz"), gzipSync(values.map((v) => `${v}\n`).join("")));
  await writeFile(at("pairs.csv"), "10,20\n1,2\n3,5\n4,4\n");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("summarize - reads a file given as stdin from its offset", () => {
  it("f64le: the values after the offset", async () => {
    const run = await runCli(["summarize", "-q", "--format", "f64le", "-"], { file: at("v.f64"), skip: 2 * 8 });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual(summarize(values.slice(2)).toJSON());
  });

  it("text: the lines after the offset (an earlier `head -c 8` took the first)", async () => {
    const run = await runCli(["summarize", "-q", "--format", "text", "-"], { file: at("v.txt"), skip: 8 });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual(summarize(values.slice(1)).toJSON());
  });

  it("pairs (--covariate): the records after the offset", async () => {
    const args = ["summarize", "-q", "--format", "csv", "--no-header", "--column", "1", "--covariate", "0", "-"];
    const run = await runCli(args, { file: at("pairs.csv"), skip: "10,20\n".length });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(JSON.stringify(summarizePairs([1, 3, 4], [2, 5, 4]))));
  });

  it("at offset 0, the whole file, gzip included", async () => {
    const run = await runCli(["summarize", "-q", "--format", "text", "-"], { file: at("v.txt.gz") });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual(summarize(values).toJSON());
  });
});
