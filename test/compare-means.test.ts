import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareMeans, compareRates, conjugatePosterior, fromMoments } from "../src/index.js";

/** P(X_a > X_b) from scripts/fixtures/gen_compare_means.py (mpmath, 50 digits). */
const fixtures = JSON.parse(readFileSync(new URL("./fixtures/compare-means.json", import.meta.url), "utf8")) as {
  cases: { a: number[]; b: number[]; chanceToWin: string; chanceToLose: string }[];
};

/** A posterior whose marginal of the mean is t(df, location, scale): the prior itself. */
function arm(df: number, location: number, scale: number) {
  return conjugatePosterior({
    family: "normal-inverse-gamma",
    kappa: 1,
    mu: location,
    alpha: df / 2,
    beta: (scale * scale * df) / 2,
  });
}

describe("compareMeans", () => {
  it("matches mpmath (50 digits) to 1e-12 absolute", () => {
    let worst = 0;
    for (const c of fixtures.cases) {
      const [dfa, la, sa] = c.a as [number, number, number];
      const [dfb, lb, sb] = c.b as [number, number, number];
      const r = compareMeans(arm(dfa, la, sa), arm(dfb, lb, sb));
      const err = Math.abs(r.chanceToWin - Number(c.chanceToWin));
      worst = Math.max(worst, err);
      expect(err).toBeLessThan(1e-12);
      expect(Math.abs(10 ** r.log10ChanceToLose - Number(c.chanceToLose))).toBeLessThan(1e-12);
    }
    if (process.env.MEANS_REPORT) console.log(`compareMeans worst absolute error ${worst}`);
  });

  it("gives exactly 1/2 for identical arms", () => {
    const s = fromMoments({ count: 10, mean: 3, std: 2 });
    expect(compareMeans(s, s).chanceToWin).toBe(0.5);
  });

  it("matches the normal limit for huge counts", () => {
    const a = fromMoments({ count: 1e12, mean: 1e-6, std: 1 });
    const b = fromMoments({ count: 1e12, mean: 0, std: 1 });
    const r = compareMeans(a, b);
    // Δ/√(2/n) = 1e-6/√2e-12 = 1/√2: Φ(0.7071067811865476)
    expect(Math.abs(r.chanceToWin - 0.7602499389065233)).toBeLessThan(1e-9);
  });

  it("expected losses differ by the mean difference", () => {
    const r = compareMeans(arm(5, 1, 1), arm(8, 0, 2));
    expect(r.expectedLoss.control - r.expectedLoss.treatment).toBeCloseTo(1, 12);
    expect(compareMeans(arm(1, 1, 1), arm(8, 0, 2)).expectedLoss.treatment).toBe(Infinity);
  });

  it("rejects Beta posteriors, too few values and unknown options", () => {
    const beta = conjugatePosterior({ family: "beta" });
    const s = fromMoments({ count: 10, mean: 3, std: 2 });
    expect(() => compareMeans(beta, s)).toThrow(/Beta posterior/);
    expect(() => compareMeans(fromMoments({ count: 1, mean: 3, std: 0 }), s)).toThrow();
    expect(() => compareMeans(s, s, { nope: 1 } as never)).toThrow(/not an option/);
    expect(typeof compareRates).toBe("function");
  });

  it("is swap-symmetric, complementary, never NaN, monotone in the location", () => {
    const dfs = fc.double({ min: 1, max: 1e6, noNaN: true });
    const locs = fc.double({ min: -10, max: 10, noNaN: true });
    const scales = fc.double({ min: 1e-3, max: 1e3, noNaN: true });
    fc.assert(
      fc.property(dfs, locs, scales, dfs, locs, scales, (dfa, la, sa, dfb, lb, sb) => {
        const ab = compareMeans(arm(dfa, la, sa), arm(dfb, lb, sb));
        const ba = compareMeans(arm(dfb, lb, sb), arm(dfa, la, sa));
        expect(ab.log10ChanceToWin).toBe(ba.log10ChanceToLose);
        expect(ab.log10ChanceToLose).toBe(ba.log10ChanceToWin);
        expect(Number.isNaN(ab.chanceToWin)).toBe(false);
        expect(Math.abs(10 ** ab.log10ChanceToWin + 10 ** ab.log10ChanceToLose - 1)).toBeLessThan(1e-13);
        const up = compareMeans(arm(dfa, la + 1, sa), arm(dfb, lb, sb));
        expect(up.chanceToWin).toBeGreaterThanOrEqual(ab.chanceToWin);
      }),
      { numRuns: 100 },
    );
  });
});
