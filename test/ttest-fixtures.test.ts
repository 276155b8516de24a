/**
 * The t-tests against exact references (test/fixtures/ttest.json, made by
 * scripts/fixtures/gen_ttest.py: Fraction moments, mpmath at 50 digits).
 *
 * Tolerances (ε = 2^-52):
 * - statistic: |Δt| ≤ 8ε·|t| (+ 32ε for raw arrays). The mean difference and se² are formed in
 *   double-double from the summaries' double-double moments and rounded once, plus a few ulps of
 *   slack for the sqrt and divide. Summaries given as (mean, std, count) are exact inputs; the
 *   summary of raw values has its mean within 5.5ε·mean|x − x₀| (x₀ the batch's first value; see
 *   docs/accuracy.md), which is not a bound in ε·sem for every input, but on these arrays moves t
 *   by at most 3.5ε·(1 + |t|) (measured, `TTEST_REPORT=1` below): 16ε per arm covers it.
 * - estimate: 4ε relative (+ 32ε·stderr for raw arrays, as above); stderr: 4ε.
 * - df 8ε: Welch's 1/(ra²/(na−1) + rb²/(nb−1)) takes ≤ 6 roundings (Student: exact integer).
 * - p 1e-12: the t distribution's probabilities are within 4.4ε(1 + κ) of mpmath, 7.9e-14 at worst
 *   (measured, docs/ttest-notes.md), and an error Δt in t is amplified by
 *   κ = |d ln p/d ln t| ≤ t² + 1 ≈ 1400 for p ≥ 1e-300 (1400 · 2.2e-16 = 3e-13).
 * - log10 p 1e-12: |ln p| ≥ its absolute error, which is the relative error of p.
 * - For raw arrays, p and log10 p also get the slack in t times |d ln p/dt| = k·f(t)/p, with the
 *   exact density f(t) from the fixture (this matters only where t ≈ 0, e.g. equal means).
 * - CI bounds: 1e-12 of (|estimate| + |q·stderr|), the scale of the sum that forms them (a bound
 *   near 0 is the difference of two terms each known to ~1e-15; the quantile q is good to ~5e-16).
 *
 * `TTEST_REPORT=1 npx vitest run test/ttest-fixtures.test.ts` prints the worst errors measured.
 */
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { fromMoments } from "../src/summary/from-moments.js";
import { summarize } from "../src/summary/summarize.js";
import type { Summary } from "../src/summary/summary.js";
import { ttestFromStats } from "../src/ttest/from-stats.js";
import type { TTestResult } from "../src/ttest/result.js";
import { ttest } from "../src/ttest/ttest.js";
import { ttest1samp } from "../src/ttest/ttest1samp.js";
import { checksum, normals } from "./support/prng.js";

const EPS = 2 ** -52;

interface PrngSpec {
  seed: number;
  n: number;
  loc: number;
  scale: number;
  checksum: string;
}
interface Stats {
  mean: number;
  std: number;
  count: number;
}
interface Case {
  id: string;
  kind: "welch" | "student" | "one-sample";
  input:
    | { type: "stats"; a: Stats; b?: Stats }
    | { type: "prng"; a: PrngSpec; b?: PrngSpec }
    | { type: "values"; a: number[]; b?: number[] };
  options: { alternative: "two-sided" | "less" | "greater"; confidenceLevel: number; mu: number };
  exact: {
    statistic: string;
    df: string;
    pValue: string;
    log10PValue: string;
    estimate: string;
    stderr: string;
    confidenceInterval: [string, string];
    quantile: string;
    lnDensity: string;
  };
  tags: string[];
}
interface Fixture {
  cases: Case[];
}

const fixture = JSON.parse(readFileSync(new URL("./fixtures/ttest.json", import.meta.url), "utf8")) as Fixture;

/** A decimal string of the fixture as a double ("inf" → Infinity). */
function num(s: string): number {
  return s === "inf" ? Infinity : s === "-inf" ? -Infinity : Number(s);
}

/** |got − exact| / |exact|; an exact 0 or infinity must be matched exactly. */
function relErr(got: number, exact: string): number {
  const e = num(exact);
  if (e === 0 || !Number.isFinite(e)) return got === e || (e === 0 && got === 0) ? 0 : Infinity;
  return Math.abs(got - e) / Math.abs(e);
}

const worst = new Map<string, { err: number; id: string }>();
/** Keeps the worst error per quantity, separately for summary inputs and raw arrays. */
function record(quantity: string, err: number, id: string): number {
  const key = `${id.includes("(ttestFromStats)") || id.includes("(fromMoments)") ? "summaries" : "raw arrays"}: ${quantity}`;
  const w = worst.get(key);
  if (!w || err > w.err) worst.set(key, { err, id });
  return err;
}
afterAll(() => {
  if (!process.env.TTEST_REPORT) return;
  const rows = [...worst.entries()].sort().map(([q, { err, id }]) => `${q.padEnd(50)} ${err.toExponential(2)}  ${id}`);
  console.log(`worst relative errors vs exact (${fixture.cases.length} cases)\n${rows.join("\n")}`);
});

/**
 * Checks one result against the exact reference; `path` labels the error table. `raw` adds the
 * slack for the mean of a summary of raw values (see the header).
 */
function check(c: Case, r: TTestResult, path: string, raw: boolean): void {
  const e = c.exact;
  const where = `${c.id} (${path})`;
  expect(r.method, where).toBe(c.kind);
  expect(r.alternative, where).toBe(c.options.alternative);
  expect(r.confidenceLevel, where).toBe(c.options.confidenceLevel);
  const t = num(e.statistic);
  const se = num(e.stderr);
  const est = num(e.estimate);
  record("statistic (relative)", relErr(r.statistic, e.statistic), where);
  const dt = Math.abs(r.statistic - t);
  record("statistic |Δt|/(ε(1+|t|))", dt / (EPS * (1 + Math.abs(t))), where);
  expect(dt, `${where} statistic`).toBeLessThanOrEqual(8 * EPS * Math.abs(t) + (raw ? 32 * EPS : 0));
  record("estimate (relative)", relErr(r.estimate, e.estimate), where);
  expect(Math.abs(r.estimate - est), `${where} estimate`).toBeLessThanOrEqual(
    4 * EPS * Math.abs(est) + (raw ? 32 * EPS * se : 0),
  );
  expect(record("stderr", relErr(r.stderr, e.stderr), where), `${where} stderr`).toBeLessThanOrEqual(4 * EPS);
  expect(record("df", relErr(r.df, e.df), where), `${where} df`).toBeLessThanOrEqual(8 * EPS);
  // The slack in t for raw arrays moves p by |dp/dt|·Δt: |d ln p/dt| = k·f(t)/p (k = 2 two-sided).
  const slackT = raw ? 32 * EPS : 0;
  const lnP = num(e.log10PValue) * Math.LN10;
  const k = c.options.alternative === "two-sided" ? 2 : 1;
  const dLnP = slackT === 0 ? 0 : slackT * Math.exp(Math.log(k) + num(e.lnDensity) - lnP);
  const pExact = num(e.pValue);
  if (pExact >= 1e-300) {
    expect(r.pValue, `${where} p is never 0 while exact p ≥ 1e-300`).toBeGreaterThan(0);
    expect(record("pValue", relErr(r.pValue, e.pValue), where), `${where} p`).toBeLessThanOrEqual(1e-12 + dLnP);
  } else {
    expect(r.pValue, `${where} p below 1e-300`).toBeLessThan(1e-299);
    record("pValue (exact < 1e-300, abs)", r.pValue, where);
  }
  const l = num(e.log10PValue);
  if (Math.abs(l) < 1e-290) {
    // p = 1 − (something below 1e-290): log10 p underflows; only its size can be checked.
    expect(Math.abs(r.log10PValue - l), `${where} log10 p`).toBeLessThanOrEqual(1e-300);
  } else {
    const err = record(
      pExact < 1e-300 ? "log10PValue (p < 1e-300)" : "log10PValue",
      relErr(r.log10PValue, e.log10PValue),
      where,
    );
    expect(Math.abs(r.log10PValue - l), `${where} log10 p (relative error ${err})`).toBeLessThanOrEqual(
      1e-12 * Math.abs(l) + dLnP / Math.LN10,
    );
  }
  const scale = Math.abs(num(e.estimate)) + Math.abs(num(e.quantile) * num(e.stderr));
  for (const k of [0, 1] as const) {
    const bound = num(e.confidenceInterval[k]);
    const got = r.confidenceInterval[k];
    if (!Number.isFinite(bound)) {
      expect(got, `${where} ci[${k}]`).toBe(bound);
      continue;
    }
    record("confidenceInterval (plain)", relErr(got, e.confidenceInterval[k]), where);
    const err = record("confidenceInterval (scaled)", Math.abs(got - bound) / scale, where);
    expect(err, `${where} ci[${k}]`).toBeLessThanOrEqual(1e-12);
  }
}

function optionsOf(c: Case) {
  const { alternative, confidenceLevel, mu } = c.options;
  return c.kind === "one-sample"
    ? { alternative, confidenceLevel, mu }
    : { alternative, confidenceLevel, mu, equalVar: c.kind === "student" };
}

const statsCases = fixture.cases.filter((c) => c.input.type === "stats");
const rawCases = fixture.cases.filter((c) => c.input.type !== "stats");

describe("fixture", () => {
  it("covers ≥ 200 cases across kinds, alternatives, levels, tails and sizes", () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(200);
    for (const kind of ["welch", "student", "one-sample"]) {
      for (const alt of ["two-sided", "less", "greater"]) {
        expect(
          fixture.cases.some((c) => c.kind === kind && c.options.alternative === alt),
          `${kind} ${alt}`,
        ).toBe(true);
      }
    }
    const levels = fixture.cases.map((c) => c.options.confidenceLevel);
    expect(Math.min(...levels)).toBe(0.8);
    expect(Math.max(...levels)).toBe(0.999);
    expect(fixture.cases.some((c) => num(c.exact.df) < 2)).toBe(true);
    expect(fixture.cases.some((c) => Math.abs(num(c.exact.statistic)) >= 60)).toBe(true);
    expect(
      fixture.cases.some((c) => num(c.exact.pValue) >= 1e-300 && num(c.exact.pValue) < 1e-290),
      "p near 1e-300",
    ).toBe(true);
    expect(fixture.cases.some((c) => num(c.exact.log10PValue) < -300)).toBe(true);
    expect(fixture.cases.some((c) => c.input.type === "prng" && c.input.a.n === 1_000_000)).toBe(true);
  });
});

describe("summary-only cases (backend-independent)", () => {
  it.each(statsCases.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const input = c.input as { type: "stats"; a: Stats; b?: Stats };
    if (c.kind === "one-sample") {
      check(c, ttest1samp(fromMoments(input.a), optionsOf(c)), "fromMoments", false);
      return;
    }
    const b = input.b!;
    const viaStats = ttestFromStats(input.a, b, optionsOf(c));
    check(c, viaStats, "ttestFromStats", false);
    // The same numbers as Summaries give the same result, bit for bit.
    const viaSummaries = ttest(fromMoments(input.a), fromMoments(b), optionsOf(c));
    expect(viaSummaries).toEqual(viaStats);
  });
});

const arrays = new Map<string, Float64Array>();
function valuesOf(spec: PrngSpec | number[]): Float64Array {
  if (Array.isArray(spec)) return Float64Array.from(spec);
  const key = `${spec.seed}/${spec.n}/${spec.loc}/${spec.scale}`;
  let x = arrays.get(key);
  if (!x) {
    x = normals(spec.seed, spec.n, spec.loc, spec.scale);
    expect(checksum(x), `prng ${key} regenerates the generator's bits`).toBe(spec.checksum);
    arrays.set(key, x);
  }
  return x;
}

describe.each(["js", "wasm"] as const)("raw-array cases, %s backend", (backend) => {
  const summaries = new Map<Float64Array, Summary>();
  const summaryOf = (x: Float64Array): Summary => {
    let s = summaries.get(x);
    if (!s) {
      s = summarize(x, { backend });
      summaries.set(x, s);
    }
    return s;
  };
  it.each(rawCases.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const input = c.input as { a: PrngSpec | number[]; b?: PrngSpec | number[] };
    const a = summaryOf(valuesOf(input.a));
    const r =
      c.kind === "one-sample" ? ttest1samp(a, optionsOf(c)) : ttest(a, summaryOf(valuesOf(input.b!)), optionsOf(c));
    check(c, r, backend, true);
  });
});

describe("raw arrays passed directly", () => {
  it("give the result of their summaries (auto backend), for number[] and Float64Array", () => {
    for (const c of rawCases.filter((k) => k.input.type === "values")) {
      const input = c.input as { a: number[]; b?: number[] };
      const direct =
        c.kind === "one-sample"
          ? ttest1samp(input.a, optionsOf(c))
          : ttest(input.a, Float64Array.from(input.b!), optionsOf(c));
      const viaSummary =
        c.kind === "one-sample"
          ? ttest1samp(summarize(input.a), optionsOf(c))
          : ttest(summarize(input.a), summarize(input.b!), optionsOf(c));
      expect(direct, c.id).toEqual(viaSummary);
      check(c, direct, "direct", true);
    }
  });
});

describe("huge means: 1e9 + N(0, 1e-3²), n = 10 per arm", () => {
  const c = fixture.cases.find((k) => k.id === "welch-big-mean-1e9")!;
  it.each(["js", "wasm"] as const)("statistic within 1e-12 of the exact rational value (%s)", (backend) => {
    const input = c.input as { a: PrngSpec; b: PrngSpec };
    const r = ttest(summarize(valuesOf(input.a), { backend }), summarize(valuesOf(input.b), { backend }));
    // The double-double moments give ~1e-16 (scipy is off by 3.8e-5: see docs/ttest-notes.md).
    expect(relErr(r.statistic, c.exact.statistic)).toBeLessThanOrEqual(1e-12);
  });
});
