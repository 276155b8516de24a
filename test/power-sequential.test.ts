/**
 * The sequential power analysis uses the boundary of the sequential test it plans for: the
 * critical value of power, sampleSize and minimumDetectableEffect with `sequential` is the
 * multiple of the standard error at which `sequentialTest` (asymptotic confidence sequence)
 * rejects, for both sides and every α, including α ≥ ½ one-sided; and a seeded simulation of
 * that test at the design's effect rejects at the computed rate.
 */
import { describe, expect, it } from "vitest";
import { criticalValue, power } from "../src/design/power.js";
import { resolveDesign } from "../src/design/power-options.js";
import { minimumDetectableEffect, sampleSize } from "../src/design/sample-size.js";
import { fromMoments, sequentialTest } from "../src/index.js";
import { uniform } from "./support/prng.js";

const EPS = 2 ** -52;
const ALPHAS = [0.01, 0.05, 0.3, 0.49, 0.5, 0.7, 0.95];
const SIDES = ["greater", "less", "two-sided"] as const;

/** The test's threshold: the half-width of its interval over the standard error, at estimate 0. */
function testThreshold(nobs1: number, alpha: number, alternative: (typeof SIDES)[number], tuning: number): number {
  const arm = fromMoments({ count: nobs1, mean: 1, variance: 1 });
  const r = sequentialTest(arm, arm, { alpha, alternative, tuning, relative: false });
  const [lo, hi] = r.confidenceInterval;
  return (alternative === "less" ? hi : -lo) / r.stderr;
}

describe("sequential power uses the sequential test's boundary", () => {
  for (const alternative of SIDES) {
    it(`${alternative}: the critical value is the test's rejection threshold at every alpha`, () => {
      for (const alpha of ALPHAS) {
        for (const [nobs1, tuning] of [
          [1000, 5000],
          [50, 100000],
          [1e6, 2000],
        ] as const) {
          const design = resolveDesign({ alpha, alternative, test: "z", sequential: { tuning } });
          const c = criticalValue(nobs1, design);
          // the threshold is −(0 − se·c)/se: two roundings
          expect(
            Math.abs(c - testThreshold(nobs1, alpha, alternative, tuning)),
            `${alpha} ${nobs1}`,
          ).toBeLessThanOrEqual(4 * EPS * c);
        }
      }
    });
  }

  it("one-sided at alpha ≥ ½: power, sample size and effect are numbers, not NaN", () => {
    for (const alpha of [0.5, 0.6, 0.9]) {
      const o = { alpha, alternative: "greater" as const, sequential: { tuning: 5000 } };
      const p = power({ ...o, effectSize: 0.1, nobs1: 1000 });
      expect(p > 0 && p < 1).toBe(true);
      const n = sampleSize({ ...o, effectSize: 0.05, power: 0.95 }).nobs1;
      expect(Number.isFinite(n) && n > 0).toBe(true);
      expect(power({ ...o, effectSize: 0.05, nobs1: n })).toBeCloseTo(0.95, 9);
      const d = minimumDetectableEffect({ ...o, nobs1: 1000, power: 0.95 });
      expect(power({ ...o, effectSize: d, nobs1: 1000 })).toBeCloseTo(0.95, 9);
      // and the fixed-horizon z-test at alpha ≥ ½
      expect(power({ alpha, alternative: "greater", test: "z", effectSize: 0, nobs1: 100 })).toBeCloseTo(alpha, 14);
    }
  });

  it("a seeded simulation of the one-sided test rejects at the computed power", () => {
    // summaries of normal arms drawn from their exact sampling law: mean ~ N(μ, 1/n), and
    // (n − 1)s² ~ χ²(n − 1) by Wilson–Hilferty (relative error ~1e-5 at n = 1000, far below the noise)
    const n = 1000;
    const tuning = 5000;
    const alpha = 0.05;
    const d = 0.129; // power ≈ ½, where a shift of the critical value moves power most
    const expected = power({ effectSize: d, nobs1: n, alpha, alternative: "greater", sequential: { tuning } });
    const reps = 100_000;
    let j = 0;
    const normal = () => {
      const u1 = 1 - uniform(20260, j++);
      const u2 = uniform(20260, j++);
      return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    };
    const k = n - 1;
    const variance = () => (1 - 2 / (9 * k) + normal() * Math.sqrt(2 / (9 * k))) ** 3;
    let rejected = 0;
    for (let i = 0; i < reps; i++) {
      const a = fromMoments({ count: n, mean: d + normal() / Math.sqrt(n), variance: variance() });
      const b = fromMoments({ count: n, mean: normal() / Math.sqrt(n), variance: variance() });
      const r = sequentialTest(a, b, { alpha, alternative: "greater", tuning, relative: false });
      if (r.confidenceInterval[0] > 0) rejected++;
    }
    const sd = Math.sqrt((expected * (1 - expected)) / reps);
    // 4 standard errors (a 6e-5 chance of a false alarm); the two-sided boundary at 2α shifts power by 0.01 = 6 sd
    expect(Math.abs(rejected / reps - expected)).toBeLessThan(4 * sd);
  });
});
