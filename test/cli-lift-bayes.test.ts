/**
 * `batchstats ttest --lift` and `batchstats bayes` (dist/cli.cjs when built): the numbers are the
 * library's on the same summaries, the readable reports say what the sets are, and bad input is
 * a typed error.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bayesTest, lift, Summary } from "../src/index.js";
import { runCli } from "./support/node-build.js";

let dir = "";
const at = (name: string) => join(dir, name);
const read = (count: number, mean: number, m2: number) =>
  Summary.fromJSON({ format: "batchstats.summary", version: 1, count, mean, meanLo: 0, m2, m2Lo: 0, omitted: 0 });

async function summaryFile(name: string, count: number, mean: number, m2: number): Promise<string> {
  await writeFile(at(name), `${JSON.stringify(read(count, mean, m2).toJSON())}\n`);
  return at(name);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "batchstats-cli-lift-bayes-"));
  await summaryFile("a.json", 400, 10.2, 3.9e4);
  await summaryFile("b.json", 500, 10, 5.1e4);
  await summaryFile("noisy-a.json", 8, 0.2, 40);
  await summaryFile("noisy-b.json", 8, 0.1, 90);
  await summaryFile("zero.json", 10, 0, 9);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("batchstats ttest --lift", () => {
  it("adds the library's LiftResult under lift in --json (delta by default, fieller by name)", async () => {
    const run = await runCli(["ttest", at("a.json"), at("b.json"), "--json", "--lift"]);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.lift).toEqual(JSON.parse(JSON.stringify(lift(read(400, 10.2, 3.9e4), read(500, 10, 5.1e4)))));
    expect(out.statistic).toBeTypeOf("number");
    const f = await runCli([
      "ttest",
      at("a.json"),
      at("b.json"),
      "--json",
      "--alternative",
      "greater",
      "--lift=fieller",
    ]);
    const want = lift(read(400, 10.2, 3.9e4), read(500, 10, 5.1e4), { method: "fieller", alternative: "greater" });
    expect(JSON.parse(f.stdout).lift).toEqual(JSON.parse(JSON.stringify(want)));
  });

  it("reports the lift as a percentage with its interval, and an unbounded Fieller set in words", async () => {
    const run = await runCli(["ttest", at("a.json"), at("b.json"), "--lift"]);
    expect(run.stdout).toMatch(
      /lift \(mean\(a\) − mean\(b\)\) \/ \|mean\(b\)\| = \+2%, standard error [\d.]+% \(delta method\)/,
    );
    expect(run.stdout).toMatch(/95% confidence interval for the lift: \[[-+][\d.]+%, \+[\d.]+%\]/);
    const noisy = await runCli(["ttest", at("noisy-a.json"), at("noisy-b.json"), "--lift", "fieller"]);
    expect(noisy.code).toBe(0);
    expect(noisy.stdout).toMatch(/confidence interval for the lift: the whole line/);
  });

  it("a control mean of 0 is E_ZERO_MEAN, exit 2, nothing printed", async () => {
    const run = await runCli(["ttest", at("a.json"), at("zero.json"), "--lift"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/E_ZERO_MEAN/);
  });
});

describe("batchstats bayes", () => {
  it("--json is the library's BayesResult, with --absolute, --prior, --prior-scale, --inverse and --credible", async () => {
    const a = read(400, 10.2, 3.9e4);
    const b = read(500, 10, 5.1e4);
    const plain = await runCli(["bayes", at("a.json"), at("b.json"), "--json"]);
    expect(plain.code).toBe(0);
    expect(JSON.parse(plain.stdout)).toEqual(JSON.parse(JSON.stringify(bayesTest(a, b))));
    const run = await runCli([
      "bayes",
      at("a.json"),
      at("b.json"),
      "--json",
      "--absolute",
      "--prior",
      "0.05,0.0004",
      "--prior-scale",
      "relative",
      "--inverse",
      "--credible",
      "0.9",
    ]);
    const want = bayesTest(a, b, {
      relative: false,
      prior: { mean: 0.05, variance: 0.0004, scale: "relative" },
      inverse: true,
      credibleLevel: 0.9,
    });
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(JSON.stringify(want)));
  });

  it("prints a readable report", async () => {
    const run = await runCli(["bayes", at("a.json"), at("b.json")]);
    expect(run.stdout).toMatch(/^Bayesian test, Gaussian effect model \(flat prior\)\n/);
    expect(run.stdout).toMatch(/chance that a beats b: 0\.\d+ \(that b is better: 0\.\d+\)/);
    expect(run.stdout).toMatch(/expected loss of shipping a: [\d.e-]+%, of keeping b: [\d.e-]+%/);
    expect(run.stdout).toMatch(/95% credible interval: \[/);
  });

  it("bad options are usage errors (exit 1), a zero control mean on the relative scale exit 2", async () => {
    const bad = await runCli(["bayes", at("a.json"), at("b.json"), "--prior", "0,-1"]);
    expect(bad.code).toBe(1);
    const zero = await runCli(["bayes", at("a.json"), at("zero.json")]);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/E_ZERO_MEAN/);
    const absolute = await runCli(["bayes", at("a.json"), at("zero.json"), "--absolute"]);
    expect(absolute.code).toBe(0);
  });
});
