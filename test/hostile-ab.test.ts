/**
 * A fast-check campaign over the A/B layer with hostile but finite inputs: summaries whose means
 * and variances span the whole double range (1e-300 beside 1e300, counts to 2^53), pair summaries
 * with any correlation, counts of every size, confidence levels next to 0 and 1, power designs with
 * subnormal effects, alpha next to 0 and 1 and ratios of 1e±300. The contract: each call returns a
 * result with no NaN anywhere in it (finite input never gives NaN), chances and p-values in [0, 1],
 * intervals in order, or it throws a `BatchStatsError` — never an untyped error. The cases the
 * campaign found once are kept as examples.
 *
 * Size: `BATCHSTATS_FUZZ_RUNS` multiplies the number of runs (default 1: a few seconds).
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import * as api from "../src/index.js";

const SCALE = Number(process.env.BATCHSTATS_FUZZ_RUNS ?? 1) || 1;
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));
const counts: Record<string, number> = {};
/** Calls that returned a result (rather than a typed error), so that no property is vacuous. */
const answered: Record<string, number> = {};
/** Each function answers at least this share of its calls (most inputs are valid). */
function expectAnswered(labels: string[], share: number): void {
  for (const label of labels) expect(answered[label] ?? 0, label).toBeGreaterThan(share * (counts[label] ?? 0));
}
const MAX_MS = 1000;

/** The paths of the NaN numbers in a result. */
function nanPaths(value: unknown, path: string, out: string[]): string[] {
  if (typeof value === "number") {
    if (Number.isNaN(value)) out.push(path);
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) nanPaths(v, `${path}.${k}`, out);
  }
  return out;
}

/** Runs one call and checks its result (or that it threw a BatchStatsError). */
function attempt(label: string, input: unknown, f: () => unknown): void {
  counts[label] = (counts[label] ?? 0) + 1;
  const start = performance.now();
  let r: unknown;
  try {
    r = f();
  } catch (error) {
    if (!(error instanceof api.BatchStatsError)) {
      throw new Error(`${label}: untyped ${String(error)} for ${JSON.stringify(input)}`);
    }
    return;
  } finally {
    expect(performance.now() - start, `${label} ${JSON.stringify(input)}`).toBeLessThan(MAX_MS);
  }
  answered[label] = (answered[label] ?? 0) + 1;
  const where = `${label} ${JSON.stringify(input)}`;
  expect(nanPaths(r, "result", []), where).toEqual([]);
  const o = (typeof r === "object" && r !== null ? r : {}) as Record<string, unknown>;
  for (const key of ["pValue", "chanceToWin"]) {
    const p = o[key];
    if (typeof p === "number") expect(p >= 0 && p <= 1, `${where}: ${key} ${p}`).toBe(true);
  }
  const interval = (o.confidenceInterval ?? o.credibleInterval) as number[] | undefined;
  if (Array.isArray(interval) && o.intervalKind !== "exclusive" && o.intervalKind !== "empty") {
    expect(interval[0]! <= interval[1]!, `${where}: interval ${interval}`).toBe(true);
  }
  if (label === "power") expect(typeof r === "number" && r >= 0 && r <= 1, `${where}: ${r}`).toBe(true);
  if (label === "adjustPValues") for (const p of r as number[]) expect(p >= 0 && p <= 1, `${where}: ${p}`).toBe(true);
}

const anyFinite = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.constantFrom(0, 1, -1, 1e-300, -1e-300, 1e300, 5e-324, 1.7976931348623157e308, 1e15, 1e-15),
);
const nonNegative = fc.oneof(
  fc.double({ min: 0, max: 1.7976931348623157e308, noNaN: true }),
  fc.constantFrom(0, 1e-300, 1, 1e300, 5e-324, 1e-12, 1e12),
);
const count = fc.oneof(
  fc.integer({ min: 1, max: 100 }),
  fc.constantFrom(1, 2, 3, 1e6, 1e9, 1e12, 2 ** 53),
  fc.integer({ min: 1, max: 2 ** 53 }),
);
const level = fc.oneof(
  fc.constantFrom(0.95, 0.5, 0.999999, 1e-9, 1 - 2 ** -53),
  fc.double({ min: 0, max: 1, noNaN: true }),
);
const alternative = fc.constantFrom("two-sided" as const, "less" as const, "greater" as const);

/** A summary from moments, or undefined where fromMoments refuses them (a typed error). */
function summaryOf(m: { count: number; mean: number; variance: number }): api.Summary | undefined {
  try {
    return api.fromMoments(m);
  } catch (error) {
    if (error instanceof api.BatchStatsError) return undefined;
    throw error;
  }
}
const summary = fc.record({ count, mean: anyFinite, variance: nonNegative });

const pairMoments = fc.record({
  count,
  meanX: anyFinite,
  meanY: anyFinite,
  varianceX: nonNegative,
  varianceY: nonNegative,
  rho: fc.double({ min: -1, max: 1, noNaN: true }),
});
type PairMoments = typeof pairMoments extends fc.Arbitrary<infer T> ? T : never;
function pairOf(m: PairMoments): api.PairSummary | undefined {
  try {
    return api.fromPairMoments({
      count: m.count,
      meanX: m.meanX,
      meanY: m.meanY,
      varianceX: m.varianceX,
      varianceY: m.varianceY,
      covariance: m.rho * Math.sqrt(m.varianceX) * Math.sqrt(m.varianceY),
    });
  } catch (error) {
    if (error instanceof api.BatchStatsError) return undefined;
    throw error;
  }
}

const rateCounts = fc
  .tuple(
    fc.oneof(
      fc.integer({ min: 1, max: 1000 }),
      fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      fc.constantFrom(1, 2, 1e9, 1e12, Number.MAX_SAFE_INTEGER),
    ),
    fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.01, max: 0.99, noNaN: true })),
  )
  .map(([trials, f]) => ({ trials, successes: Math.floor(trials * f) }));

describe("hostile finite inputs to the A/B layer", () => {
  afterAll(() => {
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(
      `hostile-ab: ${total} generated calls (${JSON.stringify(counts)}), answered ${JSON.stringify(answered)}`,
    );
  });

  it("lift, ttest, bayesTest, sequentialTest, compareMeans and anova on summaries of any moments", () => {
    fc.assert(
      fc.property(
        summary,
        summary,
        fc.constantFrom("delta" as const, "fieller" as const),
        fc.constantFrom("t" as const, "normal" as const),
        level,
        alternative,
        (x, y, method, distribution, confidenceLevel, alt) => {
          const a = summaryOf(x);
          const b = summaryOf(y);
          if (a === undefined || b === undefined) return;
          const input = { x, y, method, distribution, confidenceLevel, alt };
          attempt("lift", input, () => api.lift(a, b, { method, distribution, confidenceLevel, alternative: alt }));
          attempt("ttest", input, () => api.ttest(a, b, { alternative: alt, confidenceLevel }));
          attempt("bayesTest", input, () =>
            api.bayesTest(a, b, {
              relative: method === "delta",
              credibleLevel: confidenceLevel,
              inverse: alt === "less",
            }),
          );
          attempt("bayesTest(prior)", input, () =>
            api.bayesTest(a, b, {
              relative: alt !== "less",
              prior: { mean: x.mean, variance: y.variance, scale: method === "delta" ? "relative" : "absolute" },
            }),
          );
          attempt("sequentialTest", input, () => api.sequentialTest(a, b));
          attempt("compareMeans", input, () => api.compareMeans(a, b, { credibleLevel: confidenceLevel }));
          attempt("anova", input, () => api.anova([a, b, a]));
        },
      ),
      {
        numRuns: runs(250),
        examples: [
          [
            { count: 415499238204547, mean: -2.09895994858986e107, variance: 1e-300 },
            { count: 7093785181306266, mean: 8.270131221565607e-157, variance: 1e-12 },
            "delta",
            "t",
            0.95,
            "two-sided",
          ],
          [
            { count: 6, mean: 1e-300, variance: 1.0963743368395003e-259 },
            { count: 6020052332808194, mean: -2.5873107433991555e147, variance: 6.1591019282510574e-298 },
            "fieller",
            "t",
            2.8e-210,
            "greater",
          ],
          [
            { count: 4, mean: 0, variance: 1e-12 },
            { count: 1e9, mean: 9.08846526601531e158, variance: 672259.4548958102 },
            "fieller",
            "t",
            0.5,
            "two-sided",
          ],
        ],
      },
    );
    expectAnswered(["lift", "ttest", "bayesTest", "sequentialTest", "compareMeans", "anova"], 0.2);
  }, 120_000);

  it("compareMeans: the losses are finite and at least the gap's share when the means are far apart", () => {
    // means 1e15…1e300 scales apart: the trailing arm's loss is the gap, the leader's is ≥ 0
    const a = api.fromMoments({ count: 415499238204547, mean: -2.09895994858986e107, variance: 1e-300 });
    const b = api.fromMoments({ count: 7093785181306266, mean: 8.270131221565607e-157, variance: 1e-12 });
    const r = api.compareMeans(a, b);
    expect(r.chanceToWin).toBe(0);
    expect(r.expectedLoss.control).toBe(0);
    expect(r.expectedLoss.treatment).toBe(2.09895994858986e107); // the gap, to rounding
  });

  it("cupedTest and ratioTest on pair summaries of any moments and correlation", () => {
    fc.assert(
      fc.property(
        pairMoments,
        pairMoments,
        fc.boolean(),
        alternative,
        level,
        (x, y, relative, alt, confidenceLevel) => {
          const a = pairOf(x);
          const b = pairOf(y);
          if (a === undefined || b === undefined) return;
          const input = { x, y, relative, alt, confidenceLevel };
          attempt("cupedTest", input, () => api.cupedTest(a, b, { relative, alternative: alt, confidenceLevel }));
          attempt("ratioTest", input, () => api.ratioTest(a, b, { relative, alternative: alt, confidenceLevel }));
        },
      ),
      { numRuns: runs(400) },
    );
    expectAnswered(["cupedTest"], 0.2);
    expectAnswered(["ratioTest"], 0.01); // a denominator mean near 0 or a ratio's variance beyond the range is refused
  }, 60_000);

  it("compareRates, probabilityBest, srmTest and lift of counts of any size", () => {
    fc.assert(
      fc.property(rateCounts, rateCounts, rateCounts, (a, b, c) => {
        const input = { a, b, c };
        attempt("compareRates", input, () => api.compareRates(a, b));
        attempt("probabilityBest", input, () => api.probabilityBest([a, b, c]));
        attempt("srmTest", input, () =>
          api.srmTest([a.trials, b.trials, c.trials], [a.successes + 1, b.successes + 1, 1]),
        );
        attempt("lift(counts)", input, () => api.lift(api.fromCounts(a), api.fromCounts(b)));
      }),
      { numRuns: runs(80) },
    );
    expectAnswered(["compareRates", "probabilityBest", "srmTest"], 0.5);
    expectAnswered(["lift(counts)"], 0.05); // a control rate of 0, or one value in an arm, is refused
  }, 60_000);

  it("srmTest far from plan answers at once: the chi-square tail's continued fraction stops within an ulp", () => {
    // X² ≈ 5.4e18 on 2 degrees of freedom, where P(χ²₂ > x) = e^(−x/2) exactly
    const start = performance.now();
    const r = api.srmTest([1, 685, 7884835298281246], [1, 684, 1]);
    expect(performance.now() - start).toBeLessThan(MAX_MS);
    const expected = -r.statistic / 2 / Math.LN10;
    expect(Math.abs(r.log10PValue - expected)).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(expected));
    expect(r.pValue).toBe(0);
  });

  it("adjustIntervals and adjustPValues of any estimates", () => {
    const intervalMethod = fc.constantFrom("bonferroni" as const, "holm" as const, "sidak" as const, "bh" as const);
    const pMethod = fc.constantFrom(
      ...(["bonferroni", "holm", "sidak", "holm-sidak", "hommel", "hochberg", "bh", "by"] as const),
    );
    const pValue = fc.oneof(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.constantFrom(0, 5e-324, 1e-300, 1, 1 - 2 ** -53),
    );
    fc.assert(
      fc.property(
        fc.array(fc.record({ estimate: anyFinite, stderr: nonNegative }), { minLength: 1, maxLength: 6 }),
        intervalMethod,
        level,
        fc.array(pValue, { minLength: 1, maxLength: 8 }),
        pMethod,
        (h, m, alpha, p, pm) => {
          attempt("adjustIntervals", { h, m, alpha }, () => api.adjustIntervals(h, { method: m, alpha }));
          attempt("adjustPValues", { p, pm }, () => api.adjustPValues(p, pm));
        },
      ),
      { numRuns: runs(400), examples: [[[{ estimate: 0, stderr: 5e-324 }], "bonferroni", 5e-324, [0], "bonferroni"]] },
    );
    expectAnswered(["adjustIntervals"], 0.3);
    expectAnswered(["adjustPValues"], 0.99);
  }, 60_000);

  it("power, sampleSize and minimumDetectableEffect of any design", () => {
    fc.assert(
      fc.property(
        anyFinite,
        nonNegative,
        nonNegative,
        level,
        fc.option(nonNegative, { nil: undefined }),
        (effectSize, nobs1, ratio, alpha, tuning) => {
          const design = { ratio, alpha, ...(tuning === undefined ? {} : { sequential: { tuning } }) };
          const input = { effectSize, nobs1, ...design };
          attempt("power", input, () => api.power({ effectSize, nobs1, ...design }));
          attempt("sampleSize", input, () => api.sampleSize({ effectSize, power: 0.8, ...design }));
          attempt("minimumDetectableEffect", input, () =>
            api.minimumDetectableEffect({ nobs1, power: 0.8, ...design }),
          );
        },
      ),
      {
        numRuns: runs(400),
        examples: [
          [-6.4e-323, 1, 5.019030464585778e154, 5e-324, undefined],
          [1.7976931348623157e308, 1.7e308, 1e-300, 0.9999999999999999, undefined],
          [1e300, 6.725969992280305e23, 1e12, 0.999999, undefined],
          [1.7e308, 1.6999999999999963e308, 1e-12, 5.579333584511611e-296, undefined],
          [0.1, 1e10, 1, 0.05, 1e-300],
          [0, 5e-324, 1, 0.95, 5e-324],
          [-2.5423220123072924e158, 1e300, 1, 0.999999, 1e-12],
        ],
      },
    );
    expectAnswered(["power", "minimumDetectableEffect"], 0.2);
    expectAnswered(["sampleSize"], 0.1); // effects below ~1e-154 need more than 1.8e308 users: refused
  }, 120_000);

  it("the lift designs, readout, sequential variants and posterior updates of any moments", () => {
    const method = fc.constantFrom("asymptotic-cs" as const, "msprt" as const, undefined);
    fc.assert(
      fc.property(
        summary,
        summary,
        rateCounts,
        rateCounts,
        fc.record({ level, tuning: fc.option(nonNegative, { nil: undefined }), method, alt: alternative }),
        fc.record({ nobs1: nonNegative, lift: anyFinite, power: level }),
        (x, y, r1, r2, o, d) => {
          const a = summaryOf(x);
          const b = summaryOf(y);
          const design = { baselineMean: x.mean, baselineSd: Math.sqrt(x.variance) };
          const input = { x, y, r1, r2, o, d };
          attempt("powerForLift", input, () => api.powerForLift({ ...design, lift: d.lift, nobs1: d.nobs1 }));
          attempt("sampleSizeForLift", input, () => api.sampleSizeForLift({ ...design, lift: d.lift, power: d.power }));
          attempt("minimumDetectableLift", input, () =>
            api.minimumDetectableLift({ ...design, nobs1: d.nobs1, power: d.power }),
          );
          if (a === undefined || b === undefined) return;
          attempt("sequentialTest(options)", input, () =>
            api.sequentialTest(a, b, {
              method: o.method,
              alternative: o.alt,
              alpha: o.level,
              ...(o.tuning === undefined ? {} : { tuning: o.tuning }),
            } as api.SequentialOptions),
          );
          attempt("readout", input, () =>
            api.readout(
              {
                arms: [{ name: "control", control: true }, { name: "b" }, { name: "c" }],
                metrics: [
                  { name: "m", kind: "mean", summaries: { control: b, b: a, c: b } },
                  { name: "r", kind: "rate", summaries: { control: r1, b: r2, c: r1 } },
                ],
              },
              { bayesian: true, sequential: o.tuning === undefined ? false : { tuning: o.tuning } },
            ),
          );
          attempt("conjugatePosterior", input, () => {
            const p = api
              .conjugatePosterior({ family: "normal-inverse-gamma" } as never)
              .update(a)
              .update(b);
            return { mean: p.mean, interval: p.credibleInterval(0.95), json: p.toJSON() };
          });
        },
      ),
      { numRuns: runs(150) },
    );
    expectAnswered(["readout"], 0.2);
    // about a quarter of these random lift designs are answerable (24 % over 12 runs of 150; the
    // rest are refused ranges): 10 % is four standard deviations below that
    expectAnswered(["powerForLift"], 0.1);
  }, 120_000);

  it("the design's edge answers: an infinite noncentrality has power 1, a two-sided alpha of 5e-324 is refused", () => {
    expect(api.power({ effectSize: 1.7976931348623157e308, nobs1: 1.7e308, ratio: 1e-300 })).toBe(1);
    expect(api.power({ effectSize: 1e200, nobs1: 1e200 })).toBe(1); // df 2e200, noncentrality 7e299
    expect(api.power({ effectSize: -1e300, nobs1: 1e30, alternative: "greater" })).toBe(0);
    expect(() => api.sampleSize({ effectSize: 0.1, power: 0.8, alpha: 5e-324 })).toThrow(/options.alpha/);
    // Nρ² beyond the double range (N = 2e10, tuning 1e-300): the boundary's multiplier is
    // c = √(2(N ρ² + 1)/(N ρ²)·(½ ln(1 + N ρ²) − ln α)) = 26.880428184957929… (mpmath, 40 digits), and
    // the effect below puts the noncentrality d·√(nobs1/2) on it: power ½ (+ Φ(−2c)), to ~c·ε
    const onBoundary = api.power({ effectSize: 0.000380146661015635, nobs1: 1e10, sequential: { tuning: 1e-300 } });
    expect(Math.abs(onBoundary - 0.5)).toBeLessThan(1e-13);
    expect(api.power({ effectSize: 0.1, nobs1: 1e10, sequential: { tuning: 1e-300 } })).toBe(1);
  });
});
