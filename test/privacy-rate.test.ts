/**
 * privatize on rate counts { successes, trials }: bounds [0, 1] implied, the sum of squares
 * derived from the noisy count (no loss spent on it), the same format and budget accounting as a
 * summary release; ttest and lift on private rates cover at ≥ 94 % in a seeded simulation while
 * the naive interval (released rates taken as exact) undercovers; bad counts are typed errors.
 */
import { describe, expect, it } from "vitest";
import {
  BatchStatsError,
  fromMoments,
  lift,
  PrivacyBudget,
  type PrivateSummary,
  privatize,
  ttest,
  ttestFromStats,
} from "../src/index.js";
import { SeededRandom } from "./support/seeded-random.js";

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (error) {
    return error instanceof BatchStatsError ? error.code : String(error);
  }
  return undefined;
}

describe("privatize({ successes, trials })", () => {
  it("releases a rate in [0, 1] whose sum of squares is the noisy count / 4", () => {
    const random = new SeededRandom(3);
    const p = privatize({ successes: 300, trials: 1000 }, { privacy: { rho: 1 }, random });
    expect(p.bounds).toEqual([0, 1]);
    expect(p.mechanism).toBe("gaussian");
    expect(p.sumSquares).toBe(p.count / 4);
    expect(p.sumSquaresNoiseVariance).toBe(p.countNoiseVariance / 16);
    expect(Math.abs(p.mean - 0.3)).toBeLessThan(0.01);
    // the Bernoulli sample variance p(1 − p)·n/(n − 1) of the released rate, by construction
    const d = p.sum / p.count;
    expect(p.variance()).toBeCloseTo(((0.25 - d * d) * p.count) / (p.count - 1), 12);
    const l = privatize({ successes: 0, trials: 50 }, { bounds: [0, 1], privacy: { epsilon: 1 }, random });
    expect(l.mechanism).toBe("laplace");
  });

  it("the noise has the variance its sensitivities imply (count 1, successes − trials/2 ½, half the loss each)", () => {
    const random = new SeededRandom(9);
    const rho = 0.02;
    const counts: number[] = [];
    const sums: number[] = [];
    let p: PrivateSummary | undefined;
    for (let k = 0; k < 4000; k++) {
      p = privatize({ successes: 40, trials: 100 }, { privacy: { rho }, random });
      counts.push(p.count - 100);
      sums.push(p.sum - (40 - 50));
    }
    const variance = (x: number[]) => x.reduce((acc, v) => acc + v * v, 0) / x.length;
    // the Gaussian mechanism: σ² = Δ²/(2ρ_share) with ρ_share = ρ/2 → count 1/(ρ), sum ¼/ρ (before grid margins)
    expect(variance(counts) / (1 / rho)).toBeGreaterThan(0.9);
    expect(variance(counts) / (1 / rho)).toBeLessThan(1.15);
    expect(variance(sums) / (0.25 / rho)).toBeGreaterThan(0.9);
    expect(variance(sums) / (0.25 / rho)).toBeLessThan(1.15);
    // the recorded noise variances agree with the draws
    expect(variance(counts) / p!.countNoiseVariance).toBeGreaterThan(0.9);
    expect(variance(sums) / p!.sumNoiseVariance).toBeLessThan(1.1);
  });

  it("charges the budget like a summary release, and never calls Math.random", () => {
    const budget = new PrivacyBudget({ rho: 1 });
    const original = Math.random;
    Math.random = () => {
      throw new Error("Math.random called");
    };
    try {
      privatize({ successes: 5, trials: 10 }, { privacy: { rho: 0.25 }, budget });
    } finally {
      Math.random = original;
    }
    expect(budget.remaining).toEqual({ rho: 0.75 });
    expect(codeOf(() => privatize({ successes: 5, trials: 10 }, { privacy: { rho: 1 }, budget }))).toBe(
      "E_BUDGET_EXCEEDED",
    );
    expect(budget.remaining).toEqual({ rho: 0.75 });
  });

  it("refuses bad counts and bounds other than [0, 1] (typed)", () => {
    const privacy = { rho: 1 };
    expect(codeOf(() => privatize({ successes: 11, trials: 10 }, { privacy }))).toBe("E_BAD_ARGUMENT");
    expect(codeOf(() => privatize({ successes: 1.5, trials: 10 }, { privacy }))).toBe("E_BAD_ARGUMENT");
    expect(codeOf(() => privatize({ successes: -1, trials: 10 }, { privacy }))).toBe("E_BAD_ARGUMENT");
    expect(codeOf(() => privatize({ successes: 1, trials: Number.NaN }, { privacy }))).toBe("E_BAD_ARGUMENT");
    expect(codeOf(() => privatize({ successes: 1 } as never, { privacy }))).toBe("E_BAD_ARGUMENT");
    expect(codeOf(() => privatize({ successes: 1, trials: 2, extra: 3 } as never, { privacy }))).toBe("E_BAD_ARGUMENT");
    expect(codeOf(() => privatize({ successes: 1, trials: 2 }, { bounds: [0, 2], privacy }))).toBe("E_BAD_ARGUMENT");
    expect(codeOf(() => privatize({ successes: 1, trials: 2 }, {} as never))).toBe("E_BAD_ARGUMENT");
    // a summary still needs its bounds
    expect(codeOf(() => privatize({ count: 1 } as never, { privacy }))).toBe("E_BAD_ARGUMENT");
  });
});

describe("coverage on private rates (seeded simulation, 1000 experiments each)", () => {
  // pa = 0.12, pb = 0.10: true difference 0.02, true lift 0.2.
  it.each([
    [{ rho: 0.001 }, 2000],
    [{ epsilon: 0.05 }, 4000],
  ] as const)("%j, n = %d: ttest and lift coverage ≥ 0.94; the naive ttest's < 0.90", (privacy, n) => {
    const random = new SeededRandom(n + 7);
    const word = new Uint32Array(1);
    const uniform = (): number => (random.getRandomValues(word)[0]! + 0.5) / 2 ** 32;
    let t = 0;
    let l = 0;
    let naive = 0;
    const runs = 1000;
    for (let k = 0; k < runs; k++) {
      let sa = 0;
      let sb = 0;
      for (let i = 0; i < n; i++) {
        if (uniform() < 0.12) sa++;
        if (uniform() < 0.1) sb++;
      }
      const a = privatize({ successes: sa, trials: n }, { privacy, random });
      const b = privatize({ successes: sb, trials: n }, { privacy, random });
      const [lo, hi] = ttest(a, b).confidenceInterval;
      if (lo <= 0.02 && 0.02 <= hi) t++;
      const [llo, lhi] = lift(a, b).confidenceInterval;
      if (llo <= 0.2 && 0.2 <= lhi) l++;
      const stats = (p: PrivateSummary) => fromMoments({ count: p.count, mean: p.mean, variance: p.variance() });
      const [nlo, nhi] = ttestFromStats(
        { mean: stats(a).mean, std: Math.sqrt(stats(a).variance()), count: a.count },
        { mean: stats(b).mean, std: Math.sqrt(stats(b).variance()), count: b.count },
      ).confidenceInterval;
      if (nlo <= 0.02 && 0.02 <= nhi) naive++;
    }
    expect(t / runs).toBeGreaterThanOrEqual(0.94);
    expect(l / runs).toBeGreaterThanOrEqual(0.94);
    expect(naive / runs).toBeLessThan(0.9);
  });
});
