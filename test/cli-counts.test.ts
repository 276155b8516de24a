/**
 * Counts `{ "successes": k, "trials": n }` stand in for summaries wherever the command line reads
 * one (`ttest`, `merge`): the result is the library's, on `fromCounts` of the same counts.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromCounts, merge, ttest } from "../src/index.js";
import { runCli } from "./support/node-build.js";

let dir = "";
const at = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "batchstats-cli-counts-"));
  await writeFile(at("a.json"), '{ "successes": 120, "trials": 1000 }\n');
  await writeFile(at("b.json"), '{"successes":100,"trials":1000}');
  await writeFile(at("bad.json"), '{ "successes": 5, "trials": 4 }\n');
  await writeFile(at("extra.json"), '{ "successes": 1, "trials": 4, "rate": 0.25 }\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("counts as summary inputs", () => {
  const a = fromCounts({ successes: 120, trials: 1000 });
  const b = fromCounts({ successes: 100, trials: 1000 });

  it("ttest a.json b.json compares two rates stored as counts (the library's answer)", async () => {
    const run = await runCli(["ttest", at("a.json"), at("b.json"), "--json"]);
    expect([run.code, run.stderr]).toEqual([0, ""]);
    const got = JSON.parse(run.stdout) as Record<string, unknown>;
    const want = ttest(a, b);
    expect(got.statistic).toBe(want.statistic);
    expect(got.pValue).toBe(want.pValue);
  });

  it("merge adds counts into an ordinary summary", async () => {
    const run = await runCli(["merge", at("a.json"), at("b.json")]);
    expect([run.code, run.stderr]).toEqual([0, ""]);
    expect(JSON.parse(run.stdout)).toEqual(merge(a, b).toJSON());
  });

  it("invalid counts are typed errors naming the input and the field", async () => {
    for (const [file, field] of [
      ["bad.json", "counts.successes"],
      ["extra.json", "counts.rate"],
    ] as const) {
      const run = await runCli(["ttest", at(file), at("b.json")]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain(`${file}, line 1:`);
      expect(run.stderr).toContain(field);
      expect(run.stderr).toMatch(/\(E_BAD_ARGUMENT\)\n$/);
    }
  });
});
