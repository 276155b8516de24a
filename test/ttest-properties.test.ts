/**
 * Properties of the t-tests that hold for every input (fast-check), complementing the exact
 * fixtures: bounds on Welch's df, symmetry in the arms, complementary one-sided p-values, and
 * agreement between the confidence interval and the p-value.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ttestFromStats, type SampleStats } from "../src/ttest/from-stats.js";
import type { Alternative } from "../src/ttest/result.js";

const EPS = 2 ** -52;

const stats: fc.Arbitrary<SampleStats> = fc.record({
  mean: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  std: fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
  count: fc.oneof(fc.integer({ min: 2, max: 30 }), fc.integer({ min: 2, max: 10_000_000 })),
});
const level = fc.double({ min: 0.5, max: 0.999, noNaN: true });
const alternative = fc.constantFrom<Alternative>("two-sided", "less", "greater");

describe("Welch's df", () => {
  it("lies in [min(na, nb) − 1, na + nb − 2] (so it is never below 1)", () => {
    fc.assert(
      fc.property(stats, stats, (a, b) => {
        const { df } = ttestFromStats(a, b);
        const lo = Math.min(a.count, b.count) - 1;
        const hi = a.count + b.count - 2;
        expect(df).toBeGreaterThanOrEqual(lo * (1 - 8 * EPS));
        expect(df).toBeLessThanOrEqual(hi * (1 + 8 * EPS));
      }),
      { numRuns: 500 },
    );
  });
  it("equals Student's statistic when na = nb (the two standard errors coincide)", () => {
    fc.assert(
      fc.property(stats, stats, (a, b0) => {
        const b = { ...b0, count: a.count };
        const w = ttestFromStats(a, b).statistic;
        const s = ttestFromStats(a, b, { equalVar: true }).statistic;
        expect(Math.abs(w - s)).toBeLessThanOrEqual(4 * EPS * Math.abs(s));
      }),
    );
  });
});

describe("symmetry and complements", () => {
  it("swapping the arms negates t and the interval and keeps the two-sided p", () => {
    fc.assert(
      fc.property(stats, stats, fc.boolean(), level, (a, b, equalVar, confidenceLevel) => {
        const ab = ttestFromStats(a, b, { equalVar, confidenceLevel });
        const ba = ttestFromStats(b, a, { equalVar, confidenceLevel });
        // === rather than Object.is: +0 and −0 are the same answer here.
        expect(ba.statistic === -ab.statistic).toBe(true);
        expect(ba.pValue).toBe(ab.pValue);
        expect(ba.df).toBe(ab.df);
        expect(ba.confidenceInterval[0] === -ab.confidenceInterval[1]).toBe(true);
        expect(ba.confidenceInterval[1] === -ab.confidenceInterval[0]).toBe(true);
      }),
    );
  });
  it("p(less) + p(greater) = 1 and two-sided p = 2·min of them", () => {
    fc.assert(
      fc.property(stats, stats, fc.boolean(), (a, b, equalVar) => {
        const less = ttestFromStats(a, b, { equalVar, alternative: "less" }).pValue;
        const greater = ttestFromStats(a, b, { equalVar, alternative: "greater" }).pValue;
        const two = ttestFromStats(a, b, { equalVar }).pValue;
        expect(Math.abs(less + greater - 1)).toBeLessThanOrEqual(4 * EPS);
        expect(Math.abs(two - 2 * Math.min(less, greater))).toBeLessThanOrEqual(16 * EPS * two);
      }),
    );
  });
  it("log10PValue is log10(pValue) where pValue is a normal double", () => {
    fc.assert(
      fc.property(stats, stats, alternative, (a, b, alt) => {
        const r = ttestFromStats(a, b, { alternative: alt });
        if (r.pValue >= 1e-300 && r.pValue < 0.5) {
          expect(Math.abs(r.log10PValue / Math.log10(r.pValue) - 1)).toBeLessThanOrEqual(1e-13);
        }
        expect(Number.isFinite(r.log10PValue)).toBe(true);
      }),
    );
  });
});

describe("confidence interval", () => {
  it("contains a subnormal estimate when the standard error is large (the bound is not formed from an underflowed 0)", () => {
    // Found by fast-check: in units of the standard error (2^-10 here) −5e-324 underflows to 0, and the
    // lower bound at level 0.5 (q = 0) came out as 0, above the estimate.
    const a = { mean: -5e-324, std: 0.001, count: 2 };
    const b = { mean: 0, std: 0.001, count: 4000001 };
    for (const alternative of ["greater", "less", "two-sided"] as const) {
      for (const confidenceLevel of [0.5, 0.95]) {
        for (const [x, y] of [
          [a, b],
          [b, a],
        ] as const) {
          const r = ttestFromStats(x, y, { confidenceLevel, alternative });
          const [lo, hi] = r.confidenceInterval;
          expect(lo).toBeLessThanOrEqual(r.estimate);
          expect(hi).toBeGreaterThanOrEqual(r.estimate);
        }
      }
    }
    const greater = ttestFromStats(a, b, { confidenceLevel: 0.5, alternative: "greater" });
    expect(greater.confidenceInterval[0]).toBe(-5e-324);
  });

  it("contains the estimate and excludes mu exactly when p < 1 − level (up to rounding at the edge)", () => {
    fc.assert(
      fc.property(stats, stats, fc.boolean(), level, alternative, (a, b, equalVar, confidenceLevel, alt) => {
        const r = ttestFromStats(a, b, { equalVar, confidenceLevel, alternative: alt });
        const [lo, hi] = r.confidenceInterval;
        expect(lo).toBeLessThanOrEqual(r.estimate);
        expect(hi).toBeGreaterThanOrEqual(r.estimate);
        const alpha = 1 - confidenceLevel;
        if (Math.abs(r.pValue / alpha - 1) > 1e-9) {
          const excludesZero = lo > 0 || hi < 0; // mu = 0
          expect(excludesZero).toBe(r.pValue < alpha);
        }
      }),
      { numRuns: 500 },
    );
  });
});
