/**
 * ttest on private summaries: the 95 % interval covers the true difference in at least 94 % of
 * seeded simulated experiments at several privacy levels and sizes, while the naive interval —
 * the same released means, variances and counts treated as exact summaries (ttestFromStats) —
 * undercovers there. Plus the edges: Student refused, tiny noisy counts, mixing with exact
 * summaries, functions that do not yet account for noise refuse private summaries.
 */
import { describe, expect, it } from "vitest";
import { BatchStatsError, type PrivateSummary, privatize, summarize, ttest, ttestFromStats } from "../src/index.js";
import { armStats } from "../src/effect/effect-moments.js";
import { SeededRandom } from "./support/seeded-random.js";

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (error) {
    return error instanceof BatchStatsError ? error.code : String(error);
  }
  return undefined;
}

const TRUTH = 40 - 100 / 3; // E[100·U^1.5] − E[100·U²]

function simulate(privacy: { rho: number } | { epsilon: number }, n: number, runs: number, seed: number) {
  const random = new SeededRandom(seed);
  const word = new Uint32Array(1);
  const uniform = (): number => (random.getRandomValues(word)[0]! + 0.5) / 2 ** 32;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  let covered = 0;
  let naiveCovered = 0;
  for (let k = 0; k < runs; k++) {
    for (let i = 0; i < n; i++) {
      x[i] = 100 * uniform() ** 1.5;
      y[i] = 100 * uniform() ** 2;
    }
    const a = privatize(summarize(x, { clip: [0, 100] }), { bounds: [0, 100], privacy, random });
    const b = privatize(summarize(y, { clip: [0, 100] }), { bounds: [0, 100], privacy, random });
    if (a.count < 2 || b.count < 2) continue; // no test is possible: counted as not covered
    const [lo, hi] = ttest(a, b).confidenceInterval;
    if (lo <= TRUTH && TRUTH <= hi) covered++;
    const stats = (p: PrivateSummary) => ({ mean: p.mean, std: Math.sqrt(p.variance()), count: p.count });
    try {
      const [nlo, nhi] = ttestFromStats(stats(a), stats(b)).confidenceInterval;
      if (nlo <= TRUTH && TRUTH <= nhi) naiveCovered++;
    } catch {
      // both released variances clamped to 0: the naive test has no interval (not covered)
    }
  }
  return { coverage: covered / runs, naive: naiveCovered / runs };
}

describe("coverage of ttest on private summaries (seeded simulation, 1000 experiments each)", () => {
  // Monte Carlo sd of a coverage near 0.96 over 1000 runs: 0.006.
  it.each([
    [{ rho: 0.01 }, 200],
    [{ rho: 0.1 }, 30],
    [{ epsilon: 0.1 }, 2000],
    [{ epsilon: 1 }, 30],
  ] as const)("%j, n = %d: coverage ≥ 0.94; the naive interval's < 0.90", (privacy, n) => {
    const { coverage, naive } = simulate(privacy, n, 1000, n + ("rho" in privacy ? 1 : 2));
    expect(coverage).toBeGreaterThanOrEqual(0.94);
    expect(naive).toBeLessThan(0.9);
  });
});

describe("ttest on private summaries: edges", () => {
  const random = new SeededRandom(5);
  const s = summarize(
    Array.from({ length: 500 }, (_, i) => i % 10),
    { clip: [0, 10] },
  );
  const p = privatize(s, { bounds: [0, 10], privacy: { rho: 1 }, random });

  it("gives a wider interval than the exact test on the same data, and mixes with exact summaries", () => {
    const exact = ttest(s, summarize([1, 2, 3, 4, 5, 6]));
    const mixed = ttest(p, summarize([1, 2, 3, 4, 5, 6]));
    expect(mixed.method).toBe("welch");
    expect(mixed.stderr).toBeGreaterThan(exact.stderr);
    const both = ttest(p, p);
    expect(both.statistic).toBe(0);
    expect(both.stderr).toBeGreaterThan(ttest(s, s).stderr);
    expect(Number.isFinite(both.df)).toBe(true);
  });

  it("refuses Student's test, and a noisy count below 2", () => {
    expect(codeOf(() => ttest(p, p, { equalVar: true }))).toBe("E_BAD_ARGUMENT");
    const tiny = privatize(summarize([1], { clip: [0, 10] }), {
      bounds: [0, 10],
      privacy: { rho: 0.001 },
      random: new SeededRandom(11),
    });
    const forced = tiny.count < 2 ? tiny : undefined;
    if (forced !== undefined) expect(codeOf(() => ttest(forced, p))).toBe("E_TOO_FEW");
  });

  it("functions that do not account for noise yet refuse private summaries", () => {
    expect(codeOf(() => armStats(p, "a"))).toBe("E_BAD_ARGUMENT");
  });
});
