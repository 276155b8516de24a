import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BatchStatsError, compareRates, conjugatePosterior, probabilityBest } from "../src/index.js";

const SMALLEST = 2 ** -30;
const LARGEST = 2 ** 56;
const beta = (alpha: number, b: number) => conjugatePosterior({ family: "beta", alpha, beta: b });

function codeAndField(f: () => unknown): [string, unknown] | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof BatchStatsError) return [e.code, e.field];
    throw e;
  }
  return undefined;
}

describe("compareRates and probabilityBest: the validated range of Beta parameters", () => {
  it("refuse an arm with a parameter outside [2^-30, 2^56], naming it, where they used to give chances above 1 or NaN", () => {
    for (const s of [1e35, 1e100, 1e200, 1e300])
      expect(
        codeAndField(() =>
          compareRates({ successes: 0, trials: 0 }, { successes: 1, trials: 1 }, { prior: { alpha: s, beta: s } }),
        ),
      ).toEqual(["E_BAD_ARGUMENT", "a"]);
    expect(
      codeAndField(() =>
        compareRates({ successes: 0, trials: 5 }, { successes: 0, trials: 0 }, { prior: { alpha: 1e-300, beta: 1 } }),
      ),
    ).toEqual(["E_BAD_ARGUMENT", "a"]);
    expect(codeAndField(() => compareRates(beta(2, 3), beta(1e-50, 1)))).toEqual(["E_BAD_ARGUMENT", "b"]);
    expect(codeAndField(() => probabilityBest([beta(2, 3), beta(2, 3), beta(1, 1e40)]))).toEqual([
      "E_BAD_ARGUMENT",
      "arms[2]",
    ]);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ min: 5e-324, max: SMALLEST, noNaN: true }),
          fc.double({ min: LARGEST, max: 1.7e308, noNaN: true }),
        ),
        fc.boolean(),
        (bad, onAlpha) => {
          if (bad >= SMALLEST && bad <= LARGEST) return; // the two bounds themselves are inside
          const arm = onAlpha ? beta(bad, 2) : beta(2, bad);
          expect(codeAndField(() => compareRates(beta(3, 4), arm))).toEqual(["E_BAD_ARGUMENT", "b"]);
        },
      ),
      { numRuns: 50 },
    );
  });

  it("at the ends of the range, identical arms give ½ (two arms) and ⅓ (three), as symmetry demands", () => {
    for (const [a, b] of [
      [SMALLEST, 1],
      [SMALLEST, SMALLEST],
      [LARGEST, LARGEST],
      [LARGEST, 1e12],
      [SMALLEST, LARGEST],
    ] as const) {
      const r = compareRates(beta(a, b), beta(a, b));
      expect(Math.abs(r.chanceToWin - 0.5)).toBeLessThanOrEqual(1e-12);
      expect(r.expectedLoss.treatment).toBe(r.expectedLoss.control);
      const [lo, hi] = r.posteriors[0].credibleInterval;
      expect(lo).toBeLessThanOrEqual(hi);
      for (const p of probabilityBest([beta(a, b), beta(a, b), beta(a, b)]))
        expect(Math.abs(p - 1 / 3)).toBeLessThanOrEqual(1e-12);
    }
  });

  it("tiny shapes match the closed form P(p_a > p_b) = Π (ε + k)/(2ε + k) for Beta(ε, m) against Beta(ε, 1)", () => {
    // p_b ~ Beta(ε, 1) has CDF x^ε, so P(p_a > p_b) = E[p_a^ε] = B(2ε, m)/B(ε, m) = Π_{k<m} (ε + k)/(2ε + k)
    // for p_a ~ Beta(ε, m) (Γ(x + m) = Γ(x)·Π_{k<m}(x + k)); each factor rounds once, the product to a few ε.
    for (const eps of [SMALLEST, 1e-8, 1e-6, 1e-3]) {
      for (const m of [1, 6, 100]) {
        let exact = 1;
        for (let k = 0; k < m; k++) exact *= (eps + k) / (2 * eps + k);
        const r = compareRates(
          { successes: 0, trials: m - 1 },
          { successes: 0, trials: 0 },
          { prior: { alpha: eps, beta: 1 } },
        );
        expect(Math.abs(r.chanceToWin - exact)).toBeLessThanOrEqual(1e-12);
        expect(Math.abs(r.chanceToWin - exact)).toBeLessThanOrEqual(1e-10 * exact);
      }
    }
  });
});
