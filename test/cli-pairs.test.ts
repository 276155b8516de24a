/**
 * `batchstats ttest --cuped` and `batchstats ratio` on pair summary files, run in-process from
 * the sources (src/cli/program.ts): they print the library's result as JSON, and refuse a file
 * that is not a pair summary with exit code 2.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../src/cli/program.js";
import { cupedTest, ratioTest, summarize, summarizePairs } from "../src/index.js";
import { runInProcess } from "./support/cli-in-process.js";
import { normals } from "./support/prng.js";

let dir = "";
const x1 = normals(31, 400, 5, 1);
const y1 = x1.map((v, i) => 2 * v + normals(32, 400)[i]!);
const x2 = normals(33, 500, 5, 1);
const y2 = x2.map((v, i) => 2 * v + 0.3 + normals(34, 500)[i]!);
const a = summarizePairs(x1, y1);
const b = summarizePairs(x2, y2);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "batchstats-pairs-"));
  await writeFile(join(dir, "a.json"), JSON.stringify(a));
  await writeFile(join(dir, "b.json"), JSON.stringify(b));
  await writeFile(join(dir, "plain.json"), JSON.stringify(summarize([1, 2, 3])));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { code, out, err } = await runInProcess(run, args);
  return { code: code as number, out, err };
}

describe("pair commands", () => {
  it("ttest --cuped prints cupedTest's result", async () => {
    const r = await cli(["ttest", "--cuped", "--relative", join(dir, "a.json"), join(dir, "b.json")]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(JSON.parse(JSON.stringify(cupedTest(a, b, { relative: true }))));
    const t = await cli(["ttest", "--cuped", "--theta", "1.5", "--normal", join(dir, "a.json"), join(dir, "b.json")]);
    expect(t.err).toBe("");
    expect(JSON.parse(t.out).theta).toBe(1.5);
  });
  it("ttest --cuped passes --alternative and --confidence to cupedTest", async () => {
    const args = ["ttest", "--cuped", "--alternative", "greater", "--confidence", "0.9"];
    const r = await cli([...args, join(dir, "a.json"), join(dir, "b.json")]);
    expect(r.code).toBe(0);
    const expected = cupedTest(a, b, { alternative: "greater", confidenceLevel: 0.9 });
    expect(JSON.parse(r.out)).toEqual(JSON.parse(JSON.stringify(expected)));
  });
  it.each([
    [["--mu", "0.5"], "--mu"],
    [["--mu", "0"], "--mu"],
    [["--equal-var"], "--equal-var"],
    [["--lift"], "--lift"],
    [["--lift", "fieller"], "--lift"],
  ])("ttest --cuped %j is a usage error, not an option silently ignored", async (extra, name) => {
    const r = await cli(["ttest", "--cuped", join(dir, "a.json"), join(dir, "b.json"), ...extra]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toContain(`${name} cannot be used with --cuped`);
  });
  it("ratio passes --confidence, --relative and --normal to ratioTest", async () => {
    const args = ["ratio", "--confidence", "0.8", "--relative", "--normal"];
    const r = await cli([...args, join(dir, "a.json"), join(dir, "b.json")]);
    expect(r.code).toBe(0);
    const expected = ratioTest(a, b, { confidenceLevel: 0.8, relative: true, distribution: "normal" });
    expect(JSON.parse(r.out)).toEqual(JSON.parse(JSON.stringify(expected)));
  });
  it.each([["--mu", "1"], ["--equal-var"], ["--lift"], ["--theta", "1"]])(
    "ratio refuses %s (usage error)",
    async (...extra) => {
      const r = await cli(["ratio", join(dir, "a.json"), join(dir, "b.json"), ...extra]);
      expect(r.code).toBe(1);
      expect(r.out).toBe("");
    },
  );
  it("ratio prints ratioTest's result", async () => {
    const r = await cli(["ratio", "--alternative", "less", join(dir, "a.json"), join(dir, "b.json")]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(JSON.parse(JSON.stringify(ratioTest(a, b, { alternative: "less" }))));
  });
  it("refuses a plain summary with exit code 2, naming the file", async () => {
    const r = await cli(["ratio", join(dir, "plain.json"), join(dir, "b.json")]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("plain.json");
    expect(r.err).toContain("E_BAD_SUMMARY");
  });
});
