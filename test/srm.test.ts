/**
 * srmTest (src/design/srm.ts) against exact-rational X² and mpmath χ² tails
 * (test/fixtures/design.json, scripts/fixtures/gen_design.py), its edge values and typed errors, and
 * a seeded simulation: under the planned split the p-value is uniform (rejections at 1 % ≈ 1 %), and a
 * 1 % traffic skew is caught; GrowthBook's variant (zero-weight arm kept in the total and the df) is
 * shown to differ.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { srmTest } from "../src/design/srm.js";
import { BatchStatsError } from "../src/errors.js";
import { worstErrors } from "./support/worst-errors.js";

const EPS = 2 ** -52;
interface SrmRow {
  counts: number[];
  weights: number[] | null;
  statistic: string;
  df: number;
  pValue: string;
  log10PValue: string;
}
const fixture = JSON.parse(readFileSync(new URL("./fixtures/design.json", import.meta.url), "utf8")) as {
  srm: SrmRow[];
};
const record = worstErrors("DESIGN_REPORT", "worst relative errors of srmTest vs exact/mpmath", 28);

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof BatchStatsError) return `${e.code}${e.index === undefined ? "" : `@${e.index}`}`;
    throw e;
  }
  return "no error";
}

describe("srmTest against exact X² and the mpmath χ² tail", () => {
  it.each(fixture.srm.map((r) => [JSON.stringify(r.counts), r] as const))("counts %s", (_, r) => {
    const got = srmTest(r.counts, r.weights ?? undefined);
    expect(got.df).toBe(r.df);
    const x2 = Number(r.statistic);
    const at = JSON.stringify(r.counts);
    // X² is a sum of k terms (o − e)²/e, each a few roundings of e = N·π: ≤ 8k ε relative of the sum of
    // the terms; p inherits κ = |d ln p/d ln X²| ≈ X²/2 times that, plus chiSquaredSf's own 1e-13 bound.
    // each term (o − e)²/e carries the rounding of e = N·π (relative ε): an absolute error of about
    // 2|o − e|ε + ε²e per term, plus a few roundings of the sum, so
    // |error| ≤ 8kε·X² + 2ε·√(k·X²·N) + ε²·N (the middle term matters when X² is near 0)
    const k = r.counts.length;
    const n = r.counts.reduce((s, c) => s + c, 0);
    const bound = 8 * k * EPS * x2 + 2 * EPS * Math.sqrt(k * x2 * n) + EPS * EPS * n;
    record("statistic (in units of the bound)", Math.abs(got.statistic - x2) / bound, at);
    expect(Math.abs(got.statistic - x2), at).toBeLessThanOrEqual(bound);
    const p = Number(r.pValue);
    const l = Number(r.log10PValue);
    // p inherits κ = |d ln p/d ln X²| ≤ X² times the relative error of X², plus chiSquaredSf's own 1e-13
    const relStat = x2 > 0 ? bound / x2 : 0;
    if (p >= 1e-300) {
      const relP = Math.abs(got.pValue - p) / p;
      record("pValue", relP, at);
      expect(relP, at).toBeLessThanOrEqual(1e-13 + relStat * (1 + x2));
    } else {
      expect(got.pValue, at).toBeLessThan(1e-290);
    }
    expect(Math.abs(got.log10PValue - l), at).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(l)) + relStat * x2);
  });

  it("far mismatches keep a finite log10 p and a representable p", () => {
    const r = srmTest([1_000_000, 1_200_000]);
    expect(r.statistic).toBeCloseTo(18181.818181818184, 6);
    expect(r.pValue).toBe(0); // p ≈ 10^-3950: below the doubles
    expect(r.log10PValue).toBeLessThan(-3900);
    expect(Number.isFinite(r.log10PValue)).toBe(true);
    const s = srmTest([100_000, 106_000]);
    expect(s.pValue).toBeGreaterThan(0);
    expect(s.pValue).toBeLessThan(1e-30);
  });
});

describe("srmTest edges", () => {
  it("users in a zero-weight arm are a certain mismatch; empty zero-weight arms leave the df", () => {
    expect(srmTest([10, 5, 3], [1, 1, 0])).toEqual({ statistic: Infinity, df: 1, pValue: 0, log10PValue: -Infinity });
    const r = srmTest([10, 0, 12], [1, 0, 1]);
    expect(r.df).toBe(1);
    expect(r).toEqual(srmTest([10, 12]));
    expect(srmTest([7, 0], [1, 0])).toEqual({ statistic: 0, df: 0, pValue: 1, log10PValue: 0 });
  });

  it("a perfect split has statistic 0 and p = 1; weights are normalised", () => {
    expect(srmTest([500, 500])).toEqual({ statistic: 0, df: 1, pValue: 1, log10PValue: 0 });
    expect(srmTest([300, 600], [1, 2])).toEqual(srmTest([300, 600], [0.25, 0.5]));
    expect(srmTest([300, 600], [1, 2]).statistic).toBe(0);
  });

  it("typed errors name the offending index", () => {
    expect(code(() => srmTest([0, 0]))).toBe("E_TOO_FEW");
    expect(code(() => srmTest([1, -1]))).toBe("E_BAD_ARGUMENT@1");
    expect(code(() => srmTest([1, 1.5]))).toBe("E_BAD_ARGUMENT@1");
    expect(code(() => srmTest([2 ** 53, 1]))).toBe("E_BAD_ARGUMENT@0");
    expect(code(() => srmTest([1, Number.NaN]))).toBe("E_BAD_ARGUMENT@1");
    expect(code(() => srmTest([5]))).toBe("E_BAD_ARGUMENT");
    expect(code(() => srmTest("12" as unknown as number[]))).toBe("E_BAD_ARGUMENT");
    expect(code(() => srmTest([1, 2], [1]))).toBe("E_BAD_ARGUMENT");
    expect(code(() => srmTest([1, 2], [1, -1]))).toBe("E_BAD_ARGUMENT@1");
    expect(code(() => srmTest([1, 2], [1, Infinity]))).toBe("E_BAD_ARGUMENT@1");
    expect(code(() => srmTest([1, 2], [0, 0]))).toBe("E_BAD_ARGUMENT");
    expect(code(() => srmTest([1, 2], [1, "1" as unknown as number]))).toBe("E_BAD_ARGUMENT@1");
  });

  it("never NaN, p in [0, 1], for any counts and weights (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: 1e9 }), fc.double({ min: 0, max: 1e300, noNaN: true })), {
          minLength: 2,
          maxLength: 12,
        }),
        (arms) => {
          const counts = arms.map((a) => a[0]);
          const weights = arms.map((a) => a[1]);
          if (counts.every((c) => c === 0) || weights.every((w) => w === 0)) return;
          const r = srmTest(counts, weights);
          expect(Number.isNaN(r.statistic) || Number.isNaN(r.pValue) || Number.isNaN(r.log10PValue)).toBe(false);
          expect(r.pValue >= 0 && r.pValue <= 1).toBe(true);
          expect(r.log10PValue <= 0).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });
});

/** xorshift32, seeded: uniform in [0, 1). */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/** Binomial(n, p) by the normal approximation with continuity (n·p ≥ 1000 here), from two uniforms. */
function binomial(n: number, p: number, u: () => number): number {
  const z = Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  return Math.min(n, Math.max(0, Math.round(n * p + z * Math.sqrt(n * p * (1 - p)))));
}

describe("srmTest by simulation (seeded)", () => {
  it("keeps the false-alarm rate under the planned split and catches a 1 % skew", () => {
    const u = rng(20261202);
    const runs = 4000;
    let alarmsNull = 0;
    let alarmsSkew = 0;
    let alarmsGrowthBookVariant = 0;
    for (let i = 0; i < runs; i++) {
      const a = binomial(20_000, 0.5, u);
      if (srmTest([a, 20_000 - a]).pValue < 0.01) alarmsNull++;
      const b = binomial(200_000, 0.505, u);
      if (srmTest([b, 200_000 - b]).pValue < 0.01) alarmsSkew++;
      // a 3-arm plan with a zero-weight arm that stayed empty: GrowthBook's variant keeps it in the df
      // (df 2 instead of 1), which makes the test conservative
      const r = srmTest([a, 20_000 - a, 0], [1, 1, 0]);
      const wrongDf = 2;
      const pWrong = Math.exp(-r.statistic / 2); // χ²(2) tail
      if (pWrong < 0.01 && wrongDf === 2) alarmsGrowthBookVariant++;
    }
    // binomial sd of the rate at 1 %: √(0.01·0.99/4000) = 0.0016
    expect(alarmsNull / runs).toBeGreaterThan(0.005);
    expect(alarmsNull / runs).toBeLessThan(0.015);
    expect(alarmsSkew / runs).toBeGreaterThan(0.95);
    // the known-wrong variant rejects less often than the nominal 1 % (it has the wrong null distribution)
    expect(alarmsGrowthBookVariant / runs).toBeLessThan(0.5 * (alarmsNull / runs));
  });
});

/** The double nearest to num/den for BigInts num ≥ 0, den > 0 (within one ulp: a 64-bit quotient rounded once more). */
function ratioToNumber(num: bigint, den: bigint): number {
  if (num === 0n) return 0;
  const shift = Math.max(0, 64 - (num.toString(2).length - den.toString(2).length));
  return Number((num << BigInt(shift)) / den) * 2 ** -shift;
}

/** Pearson's X² = Σ (oᵢ·W − N·wᵢ)²/(N·wᵢ·W) in exact rational arithmetic (integer weights). */
function exactStatistic(counts: number[], weights: number[]): number {
  const n = counts.reduce((a, c) => a + BigInt(c), 0n);
  const w = weights.reduce((a, c) => a + BigInt(c), 0n);
  let num = 0n;
  let den = 1n;
  counts.forEach((c, i) => {
    const wi = BigInt(weights[i]!);
    const d = BigInt(c) * w - n * wi;
    const termDen = n * wi * w;
    num = num * termDen + d * d * den;
    den *= termDen;
  });
  return ratioToNumber(num, den);
}

describe("srmTest with totals past 2^53", () => {
  it("X² is the exact rational value to 4 ulps when N = Σ counts is not a double (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 2 ** 51, max: Number.MAX_SAFE_INTEGER }), { minLength: 2, maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 4, maxLength: 4 }),
        (counts, allWeights) => {
          const weights = allWeights.slice(0, counts.length);
          const exact = exactStatistic(counts, weights);
          const got = srmTest(counts, weights).statistic;
          if (exact === 0) expect(got).toBe(0);
          else expect(Math.abs(got - exact) / exact).toBeLessThanOrEqual(4 * EPS);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("near the planned split (equal weights, counts within ±1000 of 2^51…2^52): exact X² to 4 ulps (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2 ** 51, max: 2 ** 52 }),
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 2, maxLength: 4 }),
        (base, offsets) => {
          const counts = offsets.map((o) => base + o);
          const weights = counts.map(() => 1);
          const exact = exactStatistic(counts, weights);
          const got = srmTest(counts).statistic;
          if (exact === 0) expect(got).toBe(0);
          else expect(Math.abs(got - exact) / exact).toBeLessThanOrEqual(4 * EPS);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("[2^52 + 1, 2^52] has X² = 1/(2^53 + 1)", () => {
    // 1/(2^53 + 1) = 2^-53 − 2^-106 + …: the double below 2^-53 (a double N = 2^53 gave 2^-52)
    expect(srmTest([2 ** 52 + 1, 2 ** 52]).statistic).toBe(2 ** -53 - 2 ** -106);
    expect(srmTest([2 ** 53 - 1, 2 ** 53 - 2]).statistic).toBe(exactStatistic([2 ** 53 - 1, 2 ** 53 - 2], [1, 1]));
  });
});
