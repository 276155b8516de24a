import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BatchStatsError, compareRates, conjugatePosterior, probabilityBest } from "../src/index.js";
import { betaCdf, betaSf } from "../src/distributions/incomplete-beta.js";
import { normalSf } from "../src/distributions/normal.js";
import { logitBetaLogRatio, logitBetaTaylor, logitBetaTaylorRatio } from "../src/distributions/log-beta-density.js";

interface RateCase {
  alphaA: number;
  betaA: number;
  alphaB: number;
  betaB: number;
  chanceToWin: number;
  log10ChanceToWin: number;
  log10ChanceToLose: number;
  lossTreatment: number;
  lossControl: number;
  exactChanceToWin?: number;
}
const FIX = JSON.parse(readFileSync(new URL("./fixtures/conjugate.json", import.meta.url), "utf8")) as {
  rates: RateCase[];
};

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof BatchStatsError) return `${e.code} ${e.field ?? ""}`.trim();
    throw e;
  }
  return undefined;
}

/** The arms of a fixture as posteriors (the Beta parameters exactly as the generator took them). */
function arms(c: RateCase) {
  const a = conjugatePosterior({ family: "beta", alpha: c.alphaA, beta: c.betaA });
  const b = conjugatePosterior({ family: "beta", alpha: c.alphaB, beta: c.betaB });
  return [a, b] as const;
}

describe("compareRates against mpmath (50 digits)", () => {
  it("chance to win within 1e-12 absolute, and the smaller side within 1e-10 relative (log10 forms)", () => {
    expect(FIX.rates.length).toBeGreaterThanOrEqual(40);
    // the regimes the fixtures must hold: counts of 1e9–1e12, and arms far apart (log forms)
    const counts = (c: RateCase) => Math.min(c.alphaA + c.betaA, c.alphaB + c.betaB);
    expect(FIX.rates.filter((c) => counts(c) >= 1e9).length).toBeGreaterThanOrEqual(12);
    expect(FIX.rates.filter((c) => c.log10ChanceToWin < -2000 && counts(c) >= 1e9).length).toBeGreaterThanOrEqual(1);
    expect(FIX.rates.filter((c) => c.log10ChanceToWin < -1000).length).toBeGreaterThanOrEqual(3);
    let worstAbs = 0;
    let worstRel = 0;
    for (const c of FIX.rates) {
      const [a, b] = arms(c);
      const r = compareRates(a, b);
      const abs = Math.abs(r.chanceToWin - c.chanceToWin);
      worstAbs = Math.max(worstAbs, abs);
      expect(abs, JSON.stringify(c)).toBeLessThanOrEqual(1e-12);
      // relative error of the smaller probability: |Δ log10 p|·ln 10
      const smallGot = Math.min(r.log10ChanceToWin, r.log10ChanceToLose);
      const smallWant = Math.min(c.log10ChanceToWin, c.log10ChanceToLose);
      const rel = Math.abs(smallGot - smallWant) * Math.LN10;
      worstRel = Math.max(worstRel, rel);
      expect(rel, JSON.stringify(c)).toBeLessThanOrEqual(1e-10);
      if (c.exactChanceToWin !== undefined)
        expect(Math.abs(r.chanceToWin - c.exactChanceToWin)).toBeLessThanOrEqual(1e-12);
    }
    console.log(
      `compareRates vs mpmath: chance to win ${worstAbs.toExponential(2)} absolute, smaller side ${worstRel.toExponential(2)} relative`,
    );
  });

  it("expected losses within 1e-10 relative", () => {
    let worst = 0;
    for (const c of FIX.rates) {
      const [a, b] = arms(c);
      const r = compareRates(a, b);
      for (const [got, want] of [
        [r.expectedLoss.treatment, c.lossTreatment],
        [r.expectedLoss.control, c.lossControl],
      ] as const) {
        // a loss below the smallest double (arms far apart) is 0 in both
        const rel = want === 0 ? (got === 0 ? 0 : Infinity) : Math.abs(got - want) / want;
        worst = Math.max(worst, rel);
        expect(rel, JSON.stringify(c)).toBeLessThanOrEqual(1e-10);
      }
    }
    console.log(`compareRates vs mpmath: expected loss ${worst.toExponential(2)} relative`);
  });

  it("a known-wrong variant (normal approximation of the difference) fails the same check", () => {
    let worst = 0;
    for (const c of FIX.rates) {
      const ma = c.alphaA / (c.alphaA + c.betaA);
      const mb = c.alphaB / (c.alphaB + c.betaB);
      const va = (ma * (1 - ma)) / (c.alphaA + c.betaA + 1);
      const vb = (mb * (1 - mb)) / (c.alphaB + c.betaB + 1);
      const approx = normalSf(-(ma - mb) / Math.sqrt(va + vb));
      worst = Math.max(worst, Math.abs(approx - c.chanceToWin));
    }
    expect(worst).toBeGreaterThan(1e-4);
  });
});

describe("compareRates: API and edges", () => {
  it("takes counts with a prior, or Beta posteriors, alike", () => {
    const a = { successes: 120, trials: 1000 };
    const b = { successes: 100, trials: 1000 };
    const r = compareRates(a, b, { prior: { alpha: 0.5, beta: 0.5 } });
    const prior = conjugatePosterior({ family: "beta", alpha: 0.5, beta: 0.5 });
    const s = compareRates(prior.update(a), prior.update(b));
    expect(s).toEqual(r);
    expect(r.posteriors.map((p) => [p.alpha, p.beta, p.mean])).toEqual([
      [120.5, 880.5, 120.5 / 1001],
      [100.5, 900.5, 100.5 / 1001],
    ]);
    // equal-tailed 95 % intervals: 2.5 % of the posterior below and above (Beta distribution functions)
    for (const p of r.posteriors) {
      const [lo, hi] = p.credibleInterval;
      expect(Math.abs(betaCdf(lo, p.alpha, p.beta) / 0.025 - 1)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(betaSf(hi, p.alpha, p.beta) / 0.025 - 1)).toBeLessThanOrEqual(1e-12);
    }
    const narrow = compareRates(a, b, { credibleLevel: 0.5 }).posteriors[0].credibleInterval;
    expect(narrow[0]).toBeGreaterThan(r.posteriors[0].credibleInterval[0]);
    // the two losses differ by the difference of the means
    const gap = r.posteriors[0].mean - r.posteriors[1].mean;
    expect(Math.abs(r.expectedLoss.control - r.expectedLoss.treatment - gap)).toBeLessThanOrEqual(1e-16);
    // E[p_a/p_b] − 1 = α_a(n_b − 1)/(n_a(α_b − 1)) − 1
    expect(r.expectedRelativeLift).toBeCloseTo((120.5 * 1000) / (1001 * 99.5) - 1, 14);
    expect(Object.isFrozen(r)).toBe(true);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it("swapping the arms swaps the answers", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 1, max: 1e6 }),
        (ka, kb, na0, nb0) => {
          const a = { successes: Math.min(ka, na0), trials: na0 };
          const b = { successes: Math.min(kb, nb0), trials: nb0 };
          const ab = compareRates(a, b);
          const ba = compareRates(b, a);
          expect(ab.log10ChanceToWin).toBe(ba.log10ChanceToLose);
          expect(ab.expectedLoss.treatment).toBe(ba.expectedLoss.control);
          expect(Math.abs(ab.chanceToWin + ba.chanceToWin - 1)).toBeLessThanOrEqual(2 ** -52);
          expect(ab.chanceToWin).toBeGreaterThanOrEqual(0);
          expect(ab.chanceToWin).toBeLessThanOrEqual(1);
          expect(Number.isFinite(ab.log10ChanceToLose), JSON.stringify([a, b, ab])).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("identical arms: chance ½ for any counts and prior (also Jeffreys' prior with no successes)", () => {
    // exact by symmetry; a quadrature whose panels are too wide for α = ½ misses it by 1e-8
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 12 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(0.5, 1, 3),
        (e, r, prior) => {
          const trials = Math.floor(10 ** e);
          const arm = { successes: Math.round(trials * (r < 0.3 ? 0 : r)), trials };
          const c = compareRates(arm, arm, { prior: { alpha: prior, beta: prior } });
          expect(Math.abs(c.chanceToWin - 0.5), JSON.stringify([arm, prior])).toBeLessThanOrEqual(4e-15);
          expect(c.expectedLoss.treatment).toBe(c.expectedLoss.control);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("identical arms give exactly ½ and swapping equal-mean arms swaps the answers bit for bit", () => {
    for (const n of [1, 2, 19, 1000, 1e9]) {
      for (const k of [0, 1, Math.floor(n / 2), n]) {
        const arm = { successes: Math.min(k, n), trials: n };
        const r = compareRates(arm, { ...arm });
        expect(r.chanceToWin).toBe(0.5);
        expect(r.log10ChanceToWin).toBe(r.log10ChanceToLose);
        expect(r.expectedLoss.treatment).toBe(r.expectedLoss.control);
      }
    }
    // equal means, different spreads: Beta(2, 6) against Beta(3, 9) (successes + 1, failures + 1)
    const a = { successes: 1, trials: 6 };
    const b = { successes: 2, trials: 10 };
    const ab = compareRates(a, b);
    const ba = compareRates(b, a);
    expect(ab.log10ChanceToWin).toBe(ba.log10ChanceToLose);
    expect(ab.log10ChanceToLose).toBe(ba.log10ChanceToWin);
    expect(ab.expectedLoss.treatment).toBe(ba.expectedLoss.control);
  });

  it("decides rates of 0 and 1, empty arms, huge counts and far-apart arms", () => {
    expect(
      Math.abs(compareRates({ successes: 0, trials: 0 }, { successes: 0, trials: 0 }).chanceToWin - 0.5),
    ).toBeLessThanOrEqual(1e-15);
    const zero = compareRates({ successes: 0, trials: 1e12 }, { successes: 0, trials: 1e12 });
    expect(zero.chanceToWin).toBeCloseTo(0.5, 14);
    expect(zero.expectedLoss.treatment).toBeGreaterThan(0);
    const one = compareRates({ successes: 1e12, trials: 1e12 }, { successes: 1e12 - 5, trials: 1e12 });
    // p_a ≈ 1 − E/1e12, p_b ≈ 1 − G/1e12 with E ~ Exp(1), G ~ Gamma(6): P(E < G) = 1 − 2^-6
    expect(Math.abs(one.chanceToWin - 63 / 64)).toBeLessThanOrEqual(1e-12);
    // 9 000 000 and 8 000 000 of 1e9: 10^-... far below 1e-308, the log form stays finite
    const far = compareRates({ successes: 8e6, trials: 1e9 }, { successes: 9e6, trials: 1e9 });
    expect(far.chanceToWin).toBe(0);
    expect(far.log10ChanceToWin).toBeLessThan(-308);
    expect(Number.isFinite(far.log10ChanceToWin)).toBe(true);
    expect(far.log10ChanceToLose).toBe(0);
    expect(compareRates({ successes: 0, trials: 5 }, { successes: 1, trials: 5 }).expectedRelativeLift).toBeCloseTo(
      (1 * 6) / (7 * 1) - 1,
      14,
    );
    expect(compareRates({ successes: 1, trials: 5 }, { successes: 0, trials: 5 }).expectedRelativeLift).toBe(Infinity);
  });

  it("refuses hostile arms and options with typed errors", () => {
    const ok = { successes: 1, trials: 2 };
    expect(code(() => compareRates({ successes: 3, trials: 2 }, ok))).toBe("E_BAD_ARGUMENT a.successes");
    expect(code(() => compareRates(ok, { successes: 1 } as never))).toBe("E_BAD_ARGUMENT b.trials");
    expect(code(() => compareRates(ok, ok, { prior: { alpha: 0, beta: 1 } }))).toBe(
      "E_BAD_ARGUMENT options.prior.alpha",
    );
    expect(code(() => compareRates(ok, ok, { prior: { alpha: 1 } as never }))).toBe(
      "E_BAD_ARGUMENT options.prior.beta",
    );
    expect(code(() => compareRates(ok, ok, { credibleLevel: 1 }))).toBe("E_BAD_ARGUMENT options.credibleLevel");
    expect(code(() => compareRates(ok, ok, { seed: 1 } as never))).toBe("E_BAD_ARGUMENT options.seed");
    const nig = conjugatePosterior({ family: "normal-inverse-gamma" });
    expect(code(() => compareRates(nig, ok))).toBe("E_BAD_ARGUMENT a");
    expect(code(() => probabilityBest([ok]))).toBe("E_BAD_ARGUMENT arms");
    expect(code(() => probabilityBest("ab" as never))).toBe("E_BAD_ARGUMENT arms");
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (x, y) => {
        try {
          compareRates(x as never, y as never);
        } catch (e) {
          expect(e).toBeInstanceOf(BatchStatsError);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("probabilityBest", () => {
  it("two arms: the chances of compareRates", () => {
    const a = { successes: 12, trials: 100 };
    const b = { successes: 10, trials: 100 };
    const r = compareRates(a, b);
    const [p0, p1] = probabilityBest([a, b]);
    expect(p0).toBe(r.chanceToWin);
    expect(Math.abs((p1 as number) / 10 ** r.log10ChanceToLose - 1)).toBeLessThanOrEqual(1e-14);
  });

  it("more arms: sums to 1, symmetric arms share equally, and agrees with pairwise limits", () => {
    const arms = [
      { successes: 120, trials: 1000 },
      { successes: 100, trials: 1000 },
      { successes: 110, trials: 1000 },
    ];
    const p = probabilityBest(arms);
    expect(Math.abs(p.reduce((s, x) => s + x, 0) - 1)).toBeLessThanOrEqual(1e-13);
    const same = probabilityBest([arms[0]!, arms[0]!, arms[0]!, arms[0]!]);
    for (const x of same) expect(Math.abs(x - 0.25)).toBeLessThanOrEqual(1e-13);
    // an arm that cannot win changes nothing: the two others then split as compareRates says
    const withLoser = probabilityBest([arms[0]!, arms[1]!, { successes: 0, trials: 1e6 }]);
    const pair = compareRates(arms[0]!, arms[1]!);
    expect(Math.abs(withLoser[0]! - pair.chanceToWin)).toBeLessThanOrEqual(1e-12);
    expect(withLoser[2]).toBeLessThan(1e-15); // the documented absolute accuracy (the truth is < 1e-300)
  });
});

describe("the logit-scale Taylor polynomial of the log-density", () => {
  it("agrees with the closed form to 4e-16 of its size up to its reach, and its reach covers the grid at 1e9–1e12", () => {
    let worst = 0;
    for (const [alpha, beta] of [
      [1e8 + 1, 9e8 + 1],
      [5e11 + 1, 5e11 + 1],
      [5e10 + 1, 9.5e11 + 1],
      [1e3, 1e9],
      [2e5, 8e5],
    ] as const) {
      const n = alpha + beta;
      const xm = alpha / n;
      const ym = beta / n;
      const { coefficients, reach } = logitBetaTaylor(alpha, beta, xm, ym);
      for (let i = -20; i <= 20; i++) {
        const d = (reach * i) / 20;
        const exact = logitBetaLogRatio(alpha, beta, xm, ym, d);
        const err = Math.abs(logitBetaTaylorRatio(coefficients, d) - exact) / (1 + Math.abs(exact));
        worst = Math.max(worst, err);
      }
      // the panels of compareRates reach about 14 sds of the arm (√(1/α + 1/β)) from its peak
      if (Math.min(alpha, beta) >= 1e8) expect(reach).toBeGreaterThan(14 * Math.sqrt(1 / alpha + 1 / beta));
    }
    expect(worst).toBeLessThanOrEqual(4e-16 * 16);
  });

  it("a wrong sixth-degree coefficient (the sign of σ⁽⁵⁾) misses by far more than that", () => {
    const [alpha, beta] = [2e5, 8e5];
    const { coefficients, reach } = logitBetaTaylor(alpha, beta, 0.2, 0.8);
    const wrong = coefficients.slice();
    wrong[4] = -wrong[4]!;
    const d = reach;
    const exact = logitBetaLogRatio(alpha, beta, 0.2, 0.8, d);
    expect(Math.abs(logitBetaTaylorRatio(wrong, d) - exact)).toBeGreaterThan(1e3 * 4e-16 * (1 + Math.abs(exact)));
  });
});
