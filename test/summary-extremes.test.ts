/**
 * Finite inputs anywhere in the double range: every statistic is right or a typed E_OVERFLOW /
 * E_UNDERFLOW naming the quantity that is not representable — never NaN. The reference for
 * scaled data is the summary of the unscaled data: multiplying by 2^k changes no digit, so the
 * summary of x·2^k must be the summary of x with the mean scaled by 2^k and M2 by 4^k, and
 * t-tests must give the same t, p and df, wherever those results are normal doubles.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scaleByPow2 } from "../src/ddouble.js";
import { BatchStatsError } from "../src/errors.js";
import { fromMoments, fromSums } from "../src/summary/from-moments.js";
import { merge } from "../src/summary/merge.js";
import { Summary } from "../src/summary/summary.js";
import { ttestFromStats } from "../src/ttest/from-stats.js";
import { ttest } from "../src/ttest/ttest.js";
import { ttest1samp } from "../src/ttest/ttest1samp.js";
import { BACKENDS } from "./support/backends.js";
import { normals } from "./support/prng.js";

const MIN_NORMAL = 2 ** -1022;
const EPS = Number.EPSILON;

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (error) {
    if (error instanceof BatchStatsError) return `${error.code}:${error.field ?? ""}`;
    throw error;
  }
}

function relErr(got: number, want: number): number {
  return Math.abs(got - want) / Math.abs(want);
}

describe("huge values", () => {
  it.each(BACKENDS)("summarize([3e150, -3e150, 0]) on $name: variance (3e150)², not NaN", (backend) => {
    const s = backend.summarize(new Float64Array([3e150, -3e150, 0]));
    // the mean's error is bounded in absolute terms (summary-properties.test.ts): ε·(mean|x| + 2·max|x|)
    expect(Math.abs(s.mean)).toBeLessThanOrEqual(EPS * (2e150 + 6e150));
    expect(s.variance()).toBe(3e150 * 3e150); // M2 = 2·(3e150)², divided by 2: the correctly rounded square
    expect(s.std()).toBe(3e150);
  });

  it.each(BACKENDS)("values near ±1e308 on $name: the mean, and E_OVERFLOW for M2", (backend) => {
    const s = backend.summarize(new Float64Array([1.5e308, 1.5e308, 1.5e308]));
    expect([s.mean, s.m2]).toEqual([1.5e308, 0]);
    // values near 1e308 differ by at least an ulp (2e292): any M2 of them is beyond the range
    expect(codeOf(() => backend.summarize(new Float64Array([1e308, 1e308 * (1 - 2 ** -52)])))).toBe("E_OVERFLOW:m2");
    expect(codeOf(() => backend.summarize(new Float64Array([1.7e308, -1.7e308])))).toBe("E_OVERFLOW:m2");
    expect(codeOf(() => backend.summarize(new Float64Array([1e200, -1e200, 5])))).toBe("E_OVERFLOW:m2");
  });

  it("Student's and Welch's t on values near 1e150 equal those on the same values scaled down", () => {
    const x = normals(7, 50, 3, 1);
    const y = normals(8, 60, 3.5, 1.2);
    const up = (v: Float64Array) => v.map((a) => scaleByPow2(a, 498)); // ≈ 1e150
    for (const equalVar of [true, false]) {
      const small = ttest(x, y, { equalVar });
      const large = ttest(up(x), up(y), { equalVar });
      expect([large.statistic, large.pValue, large.df]).toEqual([small.statistic, small.pValue, small.df]);
      expect(large.stderr).toBe(scaleByPow2(small.stderr, 498));
    }
  });

  it("fromMoments: std 1e152 with a million values is E_OVERFLOW (M2 ≈ 1e310), not a NaN summary", () => {
    expect(codeOf(() => fromMoments({ count: 1e6, mean: 0, std: 1e152 }))).toBe("E_OVERFLOW:std");
    expect(codeOf(() => fromMoments({ count: 1e6, mean: 0, variance: 1e303 }))).toBe("E_OVERFLOW:variance");
    const s = fromMoments({ count: 100, mean: 0, std: 1e152 }); // M2 ≈ 9.9e305: representable
    expect(relErr(s.std(), 1e152)).toBeLessThanOrEqual(2 * EPS);
  });

  it("fromSums: sums near the top of the range still give the variance", () => {
    // values 1e150 and 3e150: Σx = 4e150, Σx² = 1e301, (Σx)² = 1.6e301
    const s = fromSums({ count: 2, sum: 4e150, sumOfSquares: 1e301 }, { minDigits: 0 });
    expect(relErr(s.variance(), 2e300)).toBeLessThanOrEqual(4 * EPS);
  });

  it("ttestFromStats: a mean difference of 1e301 gives t ≈ 1e301·√5, p = 0 and a finite log10 p", () => {
    const r = ttestFromStats({ mean: 1e301, std: 1, count: 10 }, { mean: 0, std: 1, count: 10 });
    expect(relErr(r.statistic, 1e301 * Math.sqrt(5))).toBeLessThanOrEqual(4 * EPS);
    expect(r.pValue).toBe(0);
    expect(Number.isFinite(r.log10PValue) && r.log10PValue < -5000).toBe(true); // ≈ −18·log10 t
    expect(r.confidenceInterval.every(Number.isFinite)).toBe(true);
  });

  it("mu far from the estimate: a finite t while it is representable, else E_OVERFLOW (statistic)", () => {
    const a = [1, 2, 3, 4];
    const b = [2, 3, 4, 6];
    const r = ttest(a, b, { mu: 1e301 });
    expect(Number.isFinite(r.statistic) && r.statistic < -1e300).toBe(true);
    expect(r.pValue).toBe(0);
    expect(Number.isFinite(r.log10PValue)).toBe(true);
    expect(codeOf(() => ttest([1, 1.001, 1.002], [1, 1.001, 1.003], { mu: 1e308 }))).toBe("E_OVERFLOW:statistic");
    expect(codeOf(() => ttest1samp([1, 1.5, 2], { mu: -1.7e308 }))).toBe("E_OVERFLOW:statistic");
  });

  it("merge of valid summaries never builds an invalid one", () => {
    const at = (mean: number, count = 1) => fromMoments({ count, mean, std: 0 });
    expect(codeOf(() => merge(at(1e308), at(-1e308)))).toBe("E_OVERFLOW:m2");
    const same = merge(fromMoments({ count: 3, mean: 1e308, std: 1 }), fromMoments({ count: 3, mean: 1e308, std: 1 }));
    expect([same.mean, same.variance()]).toEqual([1e308, 0.8]); // M2 = 2 + 2 over 5 degrees of freedom
    // the difference of the means, 3e308, overflows on the way; M2 ≈ 3·(3e308)²/4 does too
    expect(codeOf(() => merge(at(1.5e308, 3), at(-1.5e308, 1)))).toBe("E_OVERFLOW:m2");
    const count = merge(fromMoments({ count: 2 ** 53 - 2, mean: 1, std: 0 }), at(1));
    expect(count.count).toBe(2 ** 53 - 1);
    expect(codeOf(() => merge(count, at(1)))).toBe("E_OVERFLOW:count");
    // every summary that merge returns serialises
    const wide = merge(
      fromMoments({ count: 5, mean: 1e150, std: 1e150 }),
      fromMoments({ count: 5, mean: -1e150, std: 1e150 }),
    );
    expect(relErr(wide.m2, 8e300 + 1e301)).toBeLessThanOrEqual(4 * EPS); // 4·1e300 twice + (2e150)²·5·5/10
    expect(() => JSON.stringify(wide)).not.toThrow();
  });
});

describe("tiny spreads", () => {
  it("ttestFromStats with means and sds near 1e-160 and 1e-200: t = √5, no E_ZERO_VARIANCE", () => {
    for (const scale of [1, 1e-160, 1e-200, 1e-300]) {
      const r = ttestFromStats({ mean: 2 * scale, std: scale, count: 10 }, { mean: 1 * scale, std: scale, count: 10 });
      expect(relErr(r.statistic, Math.sqrt(5))).toBeLessThanOrEqual(4 * EPS);
      expect(r.df).toBe(18);
    }
  });

  it("an M2 just above the normal range keeps a normalised low part (it serialises)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1.5e-154, max: 1e-153, noNaN: true }),
        fc.integer({ min: 2, max: 50 }),
        (std, count) => {
          const s = fromMoments({ count, mean: 0, std });
          expect(Summary.fromJSON(JSON.stringify(s)).m2Lo).toBe(s.m2Lo);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("fromMoments: an M2 below the double range is E_UNDERFLOW, not a summary whose std() is 0", () => {
    expect(codeOf(() => fromMoments({ count: 10, mean: 0, std: 1e-200 }))).toBe("E_UNDERFLOW:std");
    const s = fromMoments({ count: 10, mean: 0, std: 1e-150 }); // M2 = 9e-300: normal
    expect(relErr(s.std(), 1e-150)).toBeLessThanOrEqual(2 * EPS);
  });

  it.each(BACKENDS)("summarize on $name: values that differ by 1e-200 are E_UNDERFLOW, not M2 = 0", (backend) => {
    expect(codeOf(() => backend.summarize(new Float64Array([0, 1e-200, -1e-200])))).toBe("E_UNDERFLOW:m2");
    expect(codeOf(() => backend.summarize(new Float64Array([1e-200, 2e-200])))).toBe("E_UNDERFLOW:m2");
    const s = backend.summarize(new Float64Array([1e-150, 3e-150])); // M2 = 2e-300
    expect(relErr(s.variance(), 2e-300)).toBeLessThanOrEqual(2 * EPS);
    expect(backend.summarize(new Float64Array([5e-324, 5e-324])).m2).toBe(0); // equal values: exactly 0
  });

  it("merge: means that differ by 1e-170 with no spread are E_UNDERFLOW", () => {
    const at = (mean: number) => fromMoments({ count: 1, mean, std: 0 });
    expect(codeOf(() => merge(at(1e-170), at(2e-170)))).toBe("E_UNDERFLOW:m2");
    const s = merge(at(1e-150), at(3e-150));
    expect(relErr(s.variance(), 2e-300)).toBeLessThanOrEqual(4 * EPS);
  });
});

/** Values with 2^-20 ≤ |x| ≤ 2^20 (or 0): x·2^k is exact for every k in [−1000, 1000]. */
const valueArb = fc.double({ min: -(2 ** 20), max: 2 ** 20, noNaN: true }).map((v) => (Math.abs(v) < 2 ** -20 ? 0 : v));
const batchArb = fc.oneof(
  fc.array(valueArb, { minLength: 1, maxLength: 200 }),
  fc
    .record({ seed: fc.nat(), n: fc.integer({ min: 2, max: 3000 }), mean: fc.constantFrom(0, 1, 1e3, -7.5) })
    .map(({ seed, n, mean }) => Array.from(normals(seed, n, mean, 1)).map((v) => (Math.abs(v) < 2 ** -20 ? 0 : v))),
);
const kArb = fc.integer({ min: -1000, max: 1000 });

/** lo·2^k where that is exact (a normal double or 0), else undefined (nothing to compare). */
function scaledLow(lo: number, k: number): number | undefined {
  const v = scaleByPow2(lo, k);
  if (v === 0) return 0; // a low part that underflows to ±0 is stored as +0
  return Math.abs(v) >= MIN_NORMAL ? v : undefined;
}

function expectScaled(got: Summary, base: Summary, k: number): void {
  expect(got.count).toBe(base.count);
  expect(got.mean).toBe(scaleByPow2(base.mean, k));
  expect(got.m2).toBe(scaleByPow2(base.m2, 2 * k));
  const meanLo = scaledLow(base.meanLo, k);
  if (meanLo !== undefined && Math.abs(got.mean) >= MIN_NORMAL * 2 ** 53) expect(got.meanLo).toBe(meanLo);
  const m2Lo = scaledLow(base.m2Lo, 2 * k);
  if (m2Lo !== undefined) expect(got.m2Lo).toBe(m2Lo);
}

describe.each(BACKENDS)("scale invariance on $name", (backend) => {
  it("summarize(x·2^k) is summarize(x) scaled, or E_OVERFLOW / E_UNDERFLOW exactly when M2·4^k is not normal", () => {
    fc.assert(
      fc.property(batchArb, kArb, (values, k) => {
        const x = Float64Array.from(values);
        const base = backend.summarize(x);
        const scaledM2 = scaleByPow2(base.m2, 2 * k);
        const code = codeOf(() => backend.summarize(x.map((v) => scaleByPow2(v, k))));
        if (scaledM2 === Infinity) expect(code).toBe("E_OVERFLOW:m2");
        else if (base.m2 > 0 && scaledM2 < MIN_NORMAL) expect(code).toBe("E_UNDERFLOW:m2");
        else {
          expect(code).toBeUndefined();
          expectScaled(backend.summarize(x.map((v) => scaleByPow2(v, k))), base, k);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("t-tests on x·2^k and y·2^k give the t, p and df of x and y", () => {
    fc.assert(
      fc.property(batchArb, batchArb, kArb, fc.boolean(), (xs, ys, k, equalVar) => {
        const x = Float64Array.from(xs);
        const y = Float64Array.from(ys);
        fc.pre(x.length >= 2 && y.length >= 2);
        const a = backend.summarize(x);
        const b = backend.summarize(y);
        fc.pre(a.m2 > 0 || b.m2 > 0);
        const base = ttest(a, b, { equalVar });
        let sa: Summary;
        let sb: Summary;
        try {
          sa = backend.summarize(x.map((v) => scaleByPow2(v, k)));
          sb = backend.summarize(y.map((v) => scaleByPow2(v, k)));
        } catch (error) {
          expect(["E_OVERFLOW", "E_UNDERFLOW"]).toContain((error as BatchStatsError).code);
          return;
        }
        let r: ReturnType<typeof ttest>;
        try {
          r = ttest(sa, sb, { equalVar });
        } catch (error) {
          // only quantities in the data's units can leave the range: the standard error, a bound
          expect((error as BatchStatsError).code).toBe("E_OVERFLOW");
          expect(["stderr", "confidenceInterval", "estimate"]).toContain((error as BatchStatsError).field);
          expect(Math.abs(scaleByPow2(Math.abs(base.estimate) + 4 * base.stderr, k))).toBeGreaterThan(1e307);
          return;
        }
        expect([r.statistic, r.pValue, r.log10PValue, r.df]).toEqual([
          base.statistic,
          base.pValue,
          base.log10PValue,
          base.df,
        ]);
        const stderr = scaleByPow2(base.stderr, k);
        if (stderr >= MIN_NORMAL) expect(r.stderr).toBe(stderr);
      }),
      { numRuns: 300 },
    );
  });
});

describe("ttestFromStats scale invariance", () => {
  it("stats scaled by 2^k give the same t, p and df for every k in [−1000, 1000]", () => {
    const stats = fc.record({
      mean: valueArb,
      std: fc.double({ min: 2 ** -20, max: 2 ** 20, noNaN: true }),
      count: fc.integer({ min: 2, max: 1e6 }),
    });
    fc.assert(
      fc.property(stats, stats, kArb, fc.boolean(), (a, b, k, equalVar) => {
        const base = ttestFromStats(a, b, { equalVar });
        const up = (s: typeof a) => ({ ...s, mean: scaleByPow2(s.mean, k), std: scaleByPow2(s.std, k) });
        if (scaleByPow2(base.stderr, k) < MIN_NORMAL) {
          expect(codeOf(() => ttestFromStats(up(a), up(b), { equalVar }))).toBe("E_UNDERFLOW:stderr");
          return;
        }
        const r = ttestFromStats(up(a), up(b), { equalVar });
        expect([r.statistic, r.pValue, r.log10PValue, r.df]).toEqual([
          base.statistic,
          base.pValue,
          base.log10PValue,
          base.df,
        ]);
        expect(r.stderr).toBe(scaleByPow2(base.stderr, k));
        expect(r.confidenceInterval).toEqual(base.confidenceInterval.map((v) => scaleByPow2(v, k)));
      }),
      { numRuns: 500 },
    );
  });
});
