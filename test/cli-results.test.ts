/**
 * What `batchstats ttest` and `merge` print is true: never NaN, never ±∞ where a number is
 * expected (a typed E_OVERFLOW instead, exit 2, whatever the library returns), and the report
 * never rounds a level to 100 % or a p-value to 0 or 1 that is not exactly that. The expected
 * values come from the library on the same summaries (the command line must agree with it).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Summary, summarize } from "../src/index.js";
import { ttest } from "../src/ttest/ttest.js";
import { runCli } from "./support/node-build.js";

let dir = "";
const at = (name: string) => join(dir, name);

/** A summary file with these moments (meanLo = m2Lo = 0), as summarize writes them. */
async function summaryFile(name: string, count: number, mean: number, m2: number): Promise<string> {
  const json = { format: "batchstats.summary", version: 1, count, mean, meanLo: 0, m2, m2Lo: 0, omitted: 0 };
  Summary.fromJSON(json); // a valid summary: the point is what the command line does with it
  await writeFile(at(name), `${JSON.stringify(json)}\n`);
  return at(name);
}
const read = (count: number, mean: number, m2: number) =>
  Summary.fromJSON({ format: "batchstats.summary", version: 1, count, mean, meanLo: 0, m2, m2Lo: 0, omitted: 0 });

/** A failed run: exit 2, nothing on stdout, one typed line on stderr with this code. */
function expectTypedFailure(run: { code: number | null; stdout: string; stderr: string }, code: string): void {
  expect(run.stdout).toBe("");
  expect(run.stderr).toMatch(new RegExp(`^batchstats: [^\\n]*\\(${code}\\)\\n$`));
  expect(run.stderr).not.toMatch(/NaN|undefined/);
  expect(run.code).toBe(2);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "batchstats-cli-results-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("never NaN: results that leave the double range are E_OVERFLOW", () => {
  it("ttest of a summary with M2 = 1e305 (valid for Summary.fromJSON): finite numbers, the library's", async () => {
    const big = await summaryFile("big.json", 5, 1, 1e305);
    const small = await summaryFile("small.json", 6, 4.5, 12);
    const want = ttest(read(5, 1, 1e305), read(6, 4.5, 12));
    const json = await runCli(["ttest", big, small, "--json"]);
    expect([json.code, json.stderr]).toEqual([0, ""]);
    const got = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(got.statistic).toBe(want.statistic);
    expect(got.stderr).toBe(want.stderr);
    expect(got.confidenceInterval).toEqual(want.confidenceInterval);
    expect(json.stdout).not.toMatch(/NaN|null/);
    for (const args of [
      [big, small],
      [small, big, "--equal-var", "--alternative", "less"],
    ]) {
      const run = await runCli(["ttest", ...args]);
      expect([run.code, run.stderr]).toEqual([0, ""]);
      expect(run.stdout).not.toMatch(/NaN|undefined|Infinity/);
    }
  });

  it("merge whose M2 or mean leaves the double range names the summary that made it overflow", async () => {
    await writeFile(
      at("m2.ndjson"),
      [read(3, 0, 1e300), read(3, 0, 1.7e308), read(3, 1, 1.7e308)].map((s) => JSON.stringify(s)).join("\n"),
    );
    const m2 = await runCli(["merge", at("m2.ndjson")]);
    expectTypedFailure(m2, "E_OVERFLOW");
    expect(m2.stderr).toMatch(/m2\.ndjson, line 3: M2, the sum of squared deviations, is beyond the double range/);
    const up = await summaryFile("up.json", 2, 1.7e308, 0);
    const down = await summaryFile("down.json", 2, -1.7e308, 0);
    expectTypedFailure(await runCli(["merge", up, down]), "E_OVERFLOW");
  });
});

describe("the report prints what the numbers are", () => {
  it("prints a level of 0.999999999999 as 99.9999999999 %, not 100 %", async () => {
    const a = await summaryFile("a.json", 50, 10, 49 * 4);
    const b = await summaryFile("b.json", 60, 11, 59 * 9);
    const run = await runCli(["ttest", a, b, "--confidence", "0.999999999999"]);
    expect([run.code, run.stderr]).toEqual([0, ""]);
    const r = ttest(read(50, 10, 49 * 4), read(60, 11, 59 * 9), { confidenceLevel: 0.999999999999 });
    const six = (x: number) => String(Number(x.toPrecision(6)));
    expect(run.stdout).toContain(
      `\n  99.9999999999% confidence interval: [${six(r.confidenceInterval[0])}, ${six(r.confidenceInterval[1])}]\n`,
    );
  });

  it("never prints p = 1 when p < 1", async () => {
    // Means 1e-12 apart, sd 1: t ≈ 2e-11, p ≈ 1 − 2e-11 (6 digits would round it to 1).
    const a = await summaryFile("near1-a.json", 1000, 0, 999);
    const b = await summaryFile("near1-b.json", 1000, 1e-12, 999);
    const r = ttest(read(1000, 0, 999), read(1000, 1e-12, 999));
    expect(r.pValue).toBeLessThan(1);
    expect(r.pValue).toBeGreaterThan(0.99999);
    const run = await runCli(["ttest", a, b]);
    expect(run.code).toBe(0);
    const printed = /p-value = ([^\s,]+)\n/.exec(run.stdout)?.[1];
    expect(printed).toBeDefined();
    const shown = Number(printed);
    expect(shown).toBeLessThan(1);
    // Rounded to the first digit that tells it from 1: the rounding error is at most 1 − p.
    expect(Math.abs(shown - r.pValue)).toBeLessThanOrEqual(1 - r.pValue);
  });

  it("prints p below the double range from log10 p, as mantissa and exponent", async () => {
    const a = await summaryFile("far-a.json", 1_000_000, 10, 1e6);
    const b = await summaryFile("far-b.json", 1_000_000, 0, 1e6);
    const r = ttest(read(1_000_000, 10, 1e6), read(1_000_000, 0, 1e6));
    expect(r.pValue).toBe(0); // underflowed: only log10 p tells it
    const run = await runCli(["ttest", a, b]);
    expect(run.code).toBe(0);
    const match = /p-value = (\d(?:\.\d+)?)e(-\d+)\n/.exec(run.stdout);
    expect(match).not.toBeNull();
    const log10 = Math.log10(Number(match![1])) + Number(match![2]);
    // 6 significant digits of the mantissa: log10 within log10(1 + 5e-6) ≈ 2.2e-6 of the library's.
    expect(Math.abs(log10 - r.log10PValue)).toBeLessThanOrEqual(2.2e-6);
  });

  it("prints the tested mu as given", async () => {
    const a = await summaryFile("mu-a.json", 50, 10, 49 * 4);
    const b = await summaryFile("mu-b.json", 60, 11, 59 * 9);
    const run = await runCli(["ttest", a, b, "--mu", "0.12345678"]);
    expect(run.stdout).toContain("alternative hypothesis: mean(a) − mean(b) ≠ 0.12345678\n");
  });

  it("agrees with the library for summarize output too (no NaN in a normal run)", async () => {
    const s = summarize([1, 2, 3, 4, 5]);
    await writeFile(at("s.json"), JSON.stringify(s));
    const run = await runCli(["ttest", at("s.json"), at("s.json")]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/p-value = 1\n/); // t = 0 exactly: p is exactly 1
    expect(run.stdout).not.toMatch(/NaN|undefined/);
  });
});
