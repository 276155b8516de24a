import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { betaCdf, betaSf } from "../src/distributions/incomplete-beta.js";
import { compareRates, conjugatePosterior, probabilityBest } from "../src/index.js";

/** Two-arm references with a Beta parameter below 1 (scripts/fixtures/gen_rates_small_params.py). */
interface SmallCase {
  alphaA: number;
  betaA: number;
  alphaB: number;
  betaB: number;
  chanceToWin: number;
  log10ChanceToWin: number;
  log10ChanceToLose: number;
  lossTreatment: number;
  lossControl: number;
  intervalA: [number, number];
  intervalB: [number, number];
  exactChanceToWin?: number;
}
const FIX = JSON.parse(readFileSync(new URL("./fixtures/rates-small-params.json", import.meta.url), "utf8")) as {
  rates: SmallCase[];
};

function compare(c: SmallCase) {
  const a = conjugatePosterior({ family: "beta", alpha: c.alphaA, beta: c.betaA });
  const b = conjugatePosterior({ family: "beta", alpha: c.alphaB, beta: c.betaB });
  return compareRates(a, b);
}

describe("compareRates with Beta parameters below 1, against mpmath (50 digits)", () => {
  it("holds the regimes: parameters down to 1e-3 on either side of either arm, closed forms", () => {
    const small = (c: SmallCase) => Math.min(c.alphaA, c.betaA, c.alphaB, c.betaB);
    expect(FIX.rates.filter((c) => small(c) <= 1e-3).length).toBeGreaterThanOrEqual(5);
    expect(FIX.rates.some((c) => c.alphaA <= 1e-3)).toBe(true);
    expect(FIX.rates.some((c) => c.betaA <= 1e-3)).toBe(true);
    expect(FIX.rates.some((c) => c.alphaB < 1)).toBe(true);
    expect(FIX.rates.some((c) => c.betaB <= 1e-3)).toBe(true);
    expect(FIX.rates.filter((c) => c.exactChanceToWin !== undefined).length).toBeGreaterThanOrEqual(6);
  });

  it("chance to win within 1e-12 absolute, the smaller side within 1e-10 relative", () => {
    let worstAbs = 0;
    let worstRel = 0;
    for (const c of FIX.rates) {
      const r = compare(c);
      const abs = Math.abs(r.chanceToWin - c.chanceToWin);
      worstAbs = Math.max(worstAbs, abs);
      expect(abs, JSON.stringify(c)).toBeLessThanOrEqual(1e-12);
      if (c.exactChanceToWin !== undefined)
        expect(Math.abs(r.chanceToWin - c.exactChanceToWin), JSON.stringify(c)).toBeLessThanOrEqual(1e-12);
      // |Δ ln p| of the smaller probability
      const rel =
        Math.abs(
          Math.min(r.log10ChanceToWin, r.log10ChanceToLose) - Math.min(c.log10ChanceToWin, c.log10ChanceToLose),
        ) * Math.LN10;
      worstRel = Math.max(worstRel, rel);
      expect(rel, JSON.stringify(c)).toBeLessThanOrEqual(1e-10);
    }
    console.log(
      `compareRates, parameters below 1: chance ${worstAbs.toExponential(2)} absolute, smaller side ${worstRel.toExponential(2)} relative`,
    );
  });

  // (arms with β < 0.05 on both sides, e.g. Beta(1, 0.02) against Beta(1, 0.001), are nearly flat where
  // the loss's factor x(1 − x) falls as e^{-u}: they need the panels to follow that factor too)
  it("expected losses within 1e-10 relative (also with β < 0.05 on both arms)", () => {
    expect(FIX.rates.some((c) => Math.max(c.betaA, c.betaB) < 0.05)).toBe(true);
    let worst = 0;
    for (const c of FIX.rates) {
      const r = compare(c);
      for (const [got, want] of [
        [r.expectedLoss.treatment, c.lossTreatment],
        [r.expectedLoss.control, c.lossControl],
      ] as const) {
        const rel = want === 0 ? (got === 0 ? 0 : Infinity) : Math.abs(got - want) / want;
        worst = Math.max(worst, rel);
        expect(rel, JSON.stringify(c)).toBeLessThanOrEqual(1e-10);
      }
    }
    console.log(`compareRates, parameters below 1: expected loss ${worst.toExponential(2)} relative`);
  });

  it("credible intervals: the 2.5 % and 97.5 % quantiles within 1e-12 of the smaller of x and 1 − x, or 4 ulps", () => {
    // (a quantile within 1e-16 of 1, e.g. 1 − 10⁻¹³⁰¹ for Beta(10⁻³, 10⁻³), is a double's rounding of 1:
    // there the error is bounded by a few ulps of x; one far below the smallest double is 0)
    let worst = 0;
    for (const c of FIX.rates) {
      const r = compare(c);
      for (const [got, want] of [
        [r.posteriors[0].credibleInterval, c.intervalA],
        [r.posteriors[1].credibleInterval, c.intervalB],
      ] as const) {
        for (let i = 0; i < 2; i++) {
          const g = got[i]!;
          const w = want[i]!;
          const label = `${JSON.stringify(c)} [${i}] ${g} vs ${w}`;
          if (w < 1e-300) {
            expect(g, label).toBeLessThan(1e-300);
            continue;
          }
          const err = Math.abs(g - w);
          expect(err, label).toBeLessThanOrEqual(1e-12 * Math.min(w, 1 - w) + 4 * Number.EPSILON * w);
          if (w < 1 - 1e-12) worst = Math.max(worst, err / Math.min(w, 1 - w));
        }
      }
    }
    console.log(
      `compareRates, parameters below 1: credible interval ${worst.toExponential(2)} relative to min(x, 1 − x)`,
    );
  });

  it("credible intervals of arms with a parameter below 1 against 1e3 … 1e6: 2.5 % in each tail (distribution functions)", () => {
    for (const [alpha, beta] of [
      [0.001, 1e6],
      [1000, 0.001],
      [0.001, 1000],
      [0.3, 1e6],
      [1e6, 0.01],
    ] as const) {
      const [lo, hi] = conjugatePosterior({ family: "beta", alpha, beta }).credibleInterval(0.95);
      const label = `Beta(${alpha}, ${beta}): [${lo}, ${hi}]`;
      // an end below the smallest double is 0 (the 2.5 % point of Beta(1e-3, 1e6) is ~1e-1600)
      // (an end above ½ is resolved to its ulps, coarse against 1 − x: 0.025 lies between the tails 2 ulps either side)
      const ulp = 2 ** -53;
      if (lo > 0.5) {
        expect(betaCdf(lo - 2 * ulp, alpha, beta), label).toBeLessThanOrEqual(0.025);
        expect(betaCdf(lo + 2 * ulp, alpha, beta), label).toBeGreaterThanOrEqual(0.025);
      } else if (lo > 0) expect(Math.abs(betaCdf(lo, alpha, beta) / 0.025 - 1), label).toBeLessThanOrEqual(1e-11);
      else expect(betaCdf(Number.MIN_VALUE, alpha, beta), label).toBeGreaterThan(0.025);
      if (hi < 1) expect(Math.abs(betaSf(hi, alpha, beta) / 0.025 - 1), label).toBeLessThanOrEqual(1e-11);
      else expect(betaSf(1 - Number.EPSILON / 2, alpha, beta), label).toBeGreaterThan(0.025);
    }
  });

  it("small parameters through the prior of counts: Beta(0.1, 1) against Beta(0.2, 1) gives ⅓", () => {
    const a = compareRates(
      { successes: 0, trials: 0 },
      { successes: 0, trials: 0 },
      { prior: { alpha: 0.1, beta: 1 } },
    );
    expect(a.chanceToWin).toBe(0.5);
    const p = conjugatePosterior({ family: "beta", alpha: 0.1, beta: 1 });
    const q = conjugatePosterior({ family: "beta", alpha: 0.2, beta: 1 });
    expect(Math.abs(compareRates(p, q).chanceToWin - 1 / 3)).toBeLessThanOrEqual(1e-12);
  });

  // (the mirror, Beta(1, a) against Beta(1, b), reaches 1.0e-12 for a ≈ b ≈ 0.023: at the contract's edge)
  it("Beta(a, 1) against Beta(b, 1) is a/(a + b) for a, b in [1e-3, 1e3]", () => {
    const parameter = fc.double({ min: -3, max: 3, noNaN: true }).map((e) => 10 ** e);
    fc.assert(
      fc.property(parameter, parameter, (a, b) => {
        const one = (alpha: number, beta: number) => conjugatePosterior({ family: "beta", alpha, beta });
        return Math.abs(compareRates(one(a, 1), one(b, 1)).chanceToWin - a / (a + b)) <= 1e-12;
      }),
      { numRuns: 200, seed: 17 },
    );
  });

  it("probabilityBest of Beta(a_i, 1) arms is a_i/Σa_j (P(max) of powers of uniforms)", () => {
    for (const as of [
      [0.1, 0.2, 0.3],
      [0.001, 0.002, 0.5, 1],
      [0.01, 0.03, 0.003],
    ]) {
      const arms = as.map((alpha) => conjugatePosterior({ family: "beta", alpha, beta: 1 }));
      const got = probabilityBest(arms);
      const sum = as.reduce((s, x) => s + x, 0);
      for (let i = 0; i < as.length; i++)
        expect(Math.abs(got[i]! - as[i]! / sum), `${as} [${i}]`).toBeLessThanOrEqual(1e-12);
    }
  });
});
