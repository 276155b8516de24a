/**
 * privatize and PrivacyBudget: options and refusals, the accounting, JSON round trips, the
 * noise it records against the noise it adds, Math.random never called, and an empirical
 * privacy check on neighbouring datasets.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { BatchStatsError, merge, PrivacyBudget, PrivateSummary, privatize, Summary, summarize } from "../src/index.js";
import { SeededRandom } from "./support/seeded-random.js";

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (error) {
    return error instanceof BatchStatsError ? error.code : String(error);
  }
  return undefined;
}

const values = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 100);
const clipped = summarize(values, { clip: [0, 100] });

describe("privatize: options and refusals", () => {
  it("refuses unclipped summaries, bounds that do not contain the clip bounds, bad options", () => {
    const random = new SeededRandom(1);
    expect(codeOf(() => privatize(summarize(values), { bounds: [0, 100], privacy: { rho: 1 }, random }))).toBe(
      "E_BAD_ARGUMENT",
    );
    expect(codeOf(() => privatize(clipped, { bounds: [0, 50], privacy: { rho: 1 }, random }))).toBe("E_BAD_ARGUMENT");
    expect(codeOf(() => privatize(clipped, { privacy: { rho: 1 } } as never))).toBe("E_BAD_ARGUMENT");
    expect(codeOf(() => privatize(clipped, { bounds: [0, 100] } as never))).toBe("E_BAD_ARGUMENT");
    for (const privacy of [
      { rho: 0 },
      { rho: -1 },
      { epsilon: Number.NaN },
      { rho: 1, epsilon: 1 },
      {},
      { epsilon: 1, delta: 1 },
    ]) {
      expect(codeOf(() => privatize(clipped, { bounds: [0, 100], privacy, random } as never))).toBe("E_BAD_ARGUMENT");
    }
    expect(codeOf(() => privatize(clipped, { bounds: [0, 100], privacy: { rho: 1 }, maxContributions: 0 }))).toBe(
      "E_BAD_ARGUMENT",
    );
    expect(codeOf(() => privatize(clipped, { bounds: [5, 5], privacy: { rho: 1 } }))).toBe("E_BAD_ARGUMENT");
    expect(codeOf(() => privatize(clipped, { bounds: [0, 100], privacy: { rho: 1 }, budget: {} as never }))).toBe(
      "E_BAD_ARGUMENT",
    );
    expect(codeOf(() => privatize(clipped, { bounds: [0, 100], privacy: { rho: 1 }, random: {} as never }))).toBe(
      "E_BAD_ARGUMENT",
    );
    expect(codeOf(() => privatize(clipped, { bounds: [0, 100], privacy: { rho: 1 }, extra: 1 } as never))).toBe(
      "E_BAD_ARGUMENT",
    );
  });

  it("refuses bounds whose noise variances leave the double range (width ≲ 1e-70 or ≳ 1e70), before spending", () => {
    // The sum of squares has sensitivity m·r²/2 and a noise variance ∝ r⁴ (r the half-width): at
    // r = 5e-81 it is ~1e-323 (below the normal range), at r = 5e79 ~1e320 (overflow), and at
    // 1e308 the sensitivity itself overflows. Each is refused on options.bounds, nothing spent.
    for (const [lo, hi] of [
      [0, 1e-80],
      [-1e-100, 1e-100],
      [0, 1e80],
      [-1e308, 1e308],
    ] as const) {
      const s = summarize(values, { clip: [lo, hi] });
      for (const privacy of [{ rho: 0.1 }, { epsilon: 1 }]) {
        const budget = new PrivacyBudget({ rho: 10 });
        let error: unknown;
        try {
          privatize(s, { bounds: [lo, hi], privacy, budget, random: new SeededRandom(3) });
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(BatchStatsError);
        expect((error as BatchStatsError).code).toBe("E_BAD_ARGUMENT");
        expect((error as BatchStatsError).field).toBe("options.bounds");
        expect((error as Error).message).not.toMatch(/NaN/);
        expect(budget.spent.rho).toBe(0);
      }
    }
    // Well inside the range, every recorded variance is a positive normal double.
    for (const [lo, hi] of [
      [0, 1e-60],
      [0, 1e60],
    ] as const) {
      const p = privatize(summarize(values, { clip: [lo, hi] }), {
        bounds: [lo, hi],
        privacy: { rho: 0.1 },
        random: new SeededRandom(4),
      });
      for (const v of [p.countNoiseVariance, p.sumNoiseVariance, p.sumSquaresNoiseVariance]) {
        expect(v).toBeGreaterThanOrEqual(2 ** -1022);
        expect(Number.isFinite(v)).toBe(true);
      }
    }
  });

  it("accepts an empty summary and wider bounds; merged clipped summaries keep their bounds", () => {
    const random = new SeededRandom(2);
    expect(privatize(Summary.empty(), { bounds: [0, 1], privacy: { rho: 1 }, random }).mechanism).toBe("gaussian");
    expect(privatize(clipped, { bounds: [-10, 200], privacy: { epsilon: 1 }, random }).mechanism).toBe("laplace");
    const both = merge(clipped, summarize([5, 500], { clip: [0, 100] }));
    expect(privatize(both, { bounds: [0, 100], privacy: { rho: 1 }, random }).bounds).toEqual([0, 100]);
  });

  it("minCount applies to the noisy count: E_TOO_FEW_TO_RELEASE, and the budget is spent", () => {
    const budget = new PrivacyBudget({ rho: 1 });
    const small = summarize([1, 2, 3], { clip: [0, 10] });
    const random = new SeededRandom(3);
    expect(
      codeOf(() => privatize(small, { bounds: [0, 10], privacy: { rho: 0.5 }, budget, minCount: 50, random })),
    ).toBe("E_TOO_FEW_TO_RELEASE");
    expect(budget.spent).toEqual({ rho: 0.5 });
    expect(privatize(clipped, { bounds: [0, 100], privacy: { rho: 0.5 }, minCount: 50, random }).count).toBeGreaterThan(
      900,
    );
  });

  it("never calls Math.random (replaced by a throwing function), with the default and a seeded source", () => {
    const spy = vi.spyOn(Math, "random").mockImplementation(() => {
      throw new Error("Math.random called");
    });
    try {
      for (const privacy of [{ rho: 0.1 }, { epsilon: 1 }, { epsilon: 1, delta: 1e-6 }]) {
        const budget = new PrivacyBudget({ rho: 10 });
        expect(() => privatize(clipped, { bounds: [0, 100], privacy, budget })).not.toThrow();
        expect(() => privatize(clipped, { bounds: [0, 100], privacy, random: new SeededRandom(4) })).not.toThrow();
      }
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});

describe("PrivacyBudget", () => {
  afterEach(() => vi.restoreAllMocks());

  it("composes ρ by addition and refuses overspending without deducting anything", () => {
    const budget = new PrivacyBudget({ rho: 0.3 });
    const random = new SeededRandom(5);
    privatize(clipped, { bounds: [0, 100], privacy: { rho: 0.1 }, budget, random });
    privatize(clipped, { bounds: [0, 100], privacy: { rho: 0.2 }, budget, random }); // 0.1 + 0.2 fits in 0.3
    const drawn = random.drawn;
    expect(codeOf(() => privatize(clipped, { bounds: [0, 100], privacy: { rho: 0.01 }, budget, random }))).toBe(
      "E_BUDGET_EXCEEDED",
    );
    expect(random.drawn).toBe(drawn); // refused before any noise was drawn
    expect(budget.releases).toBe(2);
    expect(budget.spent.rho).toBeCloseTo(0.3, 15);
  });

  it("charges an ε-DP release ε²/2 in a zCDP budget; a pure budget adds ε and refuses zCDP releases", () => {
    const z = new PrivacyBudget({ rho: 1 });
    z.spend({ epsilon: 1 });
    expect(z.spent).toEqual({ rho: 0.5 });
    const pure = new PrivacyBudget({ epsilon: 2 });
    pure.spend({ epsilon: 0.5 }).spend({ epsilon: 1 });
    expect(pure.remaining).toEqual({ epsilon: 0.5 });
    expect(codeOf(() => pure.spend({ rho: 0.01 }))).toBe("E_BAD_ARGUMENT");
    expect(codeOf(() => pure.spend({ epsilon: 0.6 }))).toBe("E_BUDGET_EXCEEDED");
    expect(pure.remaining).toEqual({ epsilon: 0.5 });
  });

  it("an (ε, δ) budget accounts in ρ with ε = ρ + 2√(ρ ln(1/δ)) (Bun & Steinke 2016)", () => {
    const b = new PrivacyBudget({ epsilon: 1, delta: 1e-6 });
    const rho = b.remaining.rho as number;
    expect(rho + 2 * Math.sqrt(rho * Math.log(1e6))).toBeCloseTo(1, 14);
    expect(b.remaining.epsilon).toBeCloseTo(1, 14);
    b.spend({ epsilon: 0.5, delta: 1e-6 });
    const spentRho = b.spent.rho as number;
    expect(spentRho + 2 * Math.sqrt(spentRho * Math.log(1e6))).toBeCloseTo(0.5, 14);
  });

  it("survives JSON round trips and validates what it reads", () => {
    for (const total of [{ rho: 2 }, { epsilon: 3 }, { epsilon: 1, delta: 1e-8 }]) {
      const b = new PrivacyBudget(total);
      b.spend("delta" in total || "rho" in total ? { rho: 0.005 } : { epsilon: 0.25 });
      const back = PrivacyBudget.fromJSON(JSON.stringify(b));
      expect(back.spent).toEqual(b.spent);
      expect(back.remaining).toEqual(b.remaining);
      expect(back.releases).toBe(1);
      expect(JSON.stringify(back)).toBe(JSON.stringify(b));
    }
    const good = new PrivacyBudget({ rho: 1 }).toJSON();
    for (const v of [
      "{",
      null,
      [],
      { ...good, format: "x" },
      { ...good, version: 2 },
      { ...good, spent: -1 },
      { ...good, spent: 2 },
      { ...good, spent: Number.NaN },
      { ...good, releases: 1.5 },
      { ...good, total: { rho: -1 } },
      { ...good, extra: 1 },
    ]) {
      expect(codeOf(() => PrivacyBudget.fromJSON(v))).toBe("E_BAD_ARGUMENT");
    }
  });
});

describe("PrivateSummary", () => {
  it("round-trips through JSON and validates its fields", () => {
    const p = privatize(clipped, { bounds: [0, 100], privacy: { rho: 0.1 }, random: new SeededRandom(6) });
    const back = PrivateSummary.fromJSON(JSON.stringify(p));
    expect(back.toJSON()).toEqual(p.toJSON());
    expect(back.mean).toBe(p.mean);
    expect(back.variance()).toBe(p.variance());
    const good = p.toJSON();
    for (const v of [
      { ...good, format: "batchstats.summary" },
      { ...good, bounds: [1, 0] },
      { ...good, count: 1.5 },
      { ...good, mechanism: "laplace" }, // privacy is { rho }
      { ...good, sumNoiseVariance: -1 },
      { ...good, sum: null },
      { ...good, extra: 0 },
    ]) {
      expect(codeOf(() => PrivateSummary.fromJSON(v))).toBe("E_BAD_SUMMARY");
    }
  });

  it("the recorded noise variances match the noise added (10⁴ seeded releases), and the sums are unbiased", () => {
    const random = new SeededRandom(7);
    const n = clipped.count;
    const trueSum = n * (clipped.mean - 50);
    const trueSquares = clipped.m2 + n * (clipped.mean - 50) ** 2;
    for (const privacy of [{ rho: 0.05 }, { epsilon: 0.5 }]) {
      const K = 10_000;
      let sc = 0;
      let ss = 0;
      let sq = 0;
      let bias = 0;
      let last: PrivateSummary | undefined;
      for (let i = 0; i < K; i++) {
        const p = privatize(clipped, { bounds: [0, 100], privacy, random });
        sc += (p.count - n) ** 2;
        ss += (p.sum - trueSum) ** 2;
        sq += (p.sumSquares - trueSquares) ** 2;
        bias += p.sum - trueSum;
        last = p;
      }
      const p = last as PrivateSummary;
      // Variance estimates from K draws have relative sd √(2/K) ≈ 1.4 % (a bit more for Laplace tails).
      expect(sc / K / p.countNoiseVariance).toBeGreaterThan(0.92);
      expect(sc / K / p.countNoiseVariance).toBeLessThan(1.06);
      expect(Math.abs(ss / K / p.sumNoiseVariance - 1)).toBeLessThan(0.06);
      expect(Math.abs(sq / K / p.sumSquaresNoiseVariance - 1)).toBeLessThan(0.06);
      expect(Math.abs(bias / K)).toBeLessThan(4 * Math.sqrt(p.sumNoiseVariance / K));
    }
  });
});

describe("empirical privacy check on neighbouring datasets", () => {
  /**
   * D has 200 values; D′ adds one person at the upper bound (the most influential value). For
   * pure ε-DP, every event S must satisfy P[M(D) ∈ S] ≤ e^ε·P[M(D′) ∈ S] and back. We release
   * the sum (ε/2 of the loss: the part that sees the extreme person most) 40 000 times from each
   * dataset, histogram the released sums into bins of one noise scale and compare the
   * frequencies bin by bin where both have ≥ 400 hits (relative sd of a log frequency ≤ 5 %):
   * every log ratio must stay below ε_sum + 3 standard errors. The bound is tight for the
   * Laplace mechanism (the log ratio reaches ε_sum·r/(g·units) ≈ 0.99·ε_sum in the tails), so the
   * same test also shows its power: the largest log ratio observed must exceed 0.7·ε_sum — a
   * mechanism with half the noise (twice the loss) would put it near 2·ε_sum and fail.
   */
  it("pure ε (Laplace): released sums obey the likelihood-ratio bound, and the bound is reached", () => {
    const base = Array.from({ length: 200 }, (_, i) => (i * 37) % 100);
    const d = summarize(base, { clip: [0, 100] });
    const dPrime = summarize([...base, 100], { clip: [0, 100] });
    const epsilon = 1;
    const epsilonSum = epsilon / 2;
    const runs = 40_000;
    const random = new SeededRandom(8);
    const scale = 50 / epsilonSum; // sensitivity r = 50 over ε_sum
    const histogram = (s: Summary): Map<number, number> => {
      const h = new Map<number, number>();
      for (let i = 0; i < runs; i++) {
        const bin = Math.floor(privatize(s, { bounds: [0, 100], privacy: { epsilon }, random }).sum / scale);
        h.set(bin, (h.get(bin) ?? 0) + 1);
      }
      return h;
    };
    const h1 = histogram(d);
    const h2 = histogram(dPrime);
    let worst = 0;
    let compared = 0;
    for (const [bin, a] of h1) {
      const b = h2.get(bin) ?? 0;
      if (a < 400 || b < 400) continue;
      compared++;
      const logRatio = Math.abs(Math.log(a / b));
      const se = Math.sqrt(1 / a + 1 / b);
      expect(logRatio).toBeLessThan(epsilonSum + 3 * se);
      worst = Math.max(worst, logRatio);
    }
    expect(compared).toBeGreaterThanOrEqual(6);
    expect(worst).toBeGreaterThan(0.7 * epsilonSum);
  });

  /**
   * For the discrete Gaussian the privacy loss ln(P[M(D) = y]/P[M(D′) = y]) is linear in y with
   * slope Δ/σ² (Δ the sensitivity, σ² the noise variance, both in grid steps), and ρ = Δ²/(2σ²).
   * We fit the slope of the empirical log ratio over well-populated bins and check that the ρ it
   * implies, (slope·σ)²/2, is within 15 % of the share of ρ the sum was given (¼ of ρ … ½: the
   * sum gets ½) — and not twice as much, which a mechanism with half the noise would show.
   */
  it("zCDP (Gaussian): the empirical privacy loss has the slope the claimed ρ implies", () => {
    const base = Array.from({ length: 200 }, (_, i) => (i * 37) % 100);
    const d = summarize(base, { clip: [0, 100] });
    const dPrime = summarize([...base, 100], { clip: [0, 100] });
    const rho = 0.5;
    const rhoSum = rho / 2;
    const runs = 60_000;
    const random = new SeededRandom(9);
    const sigma = 50 / Math.sqrt(2 * rhoSum); // data units, Δ = r = 50
    const width = sigma / 4;
    const sums = (s: Summary): Map<number, number> => {
      const h = new Map<number, number>();
      for (let i = 0; i < runs; i++) {
        const bin = Math.floor(privatize(s, { bounds: [0, 100], privacy: { rho }, random }).sum / width);
        h.set(bin, (h.get(bin) ?? 0) + 1);
      }
      return h;
    };
    const h1 = sums(d);
    const h2 = sums(dPrime);
    // Weighted least squares of ln(a/b) on the bin centre.
    let sw = 0;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let sxy = 0;
    for (const [bin, a] of h1) {
      const b = h2.get(bin) ?? 0;
      if (a < 200 || b < 200) continue;
      const w = 1 / (1 / a + 1 / b);
      const x = (bin + 0.5) * width;
      const y = Math.log(a / b);
      sw += w;
      sx += w * x;
      sy += w * y;
      sxx += w * x * x;
      sxy += w * x * y;
    }
    const slope = -(sw * sxy - sx * sy) / (sw * sxx - sx * sx); // D′ is shifted up: ln(a/b) falls with y
    const impliedRho = (slope * sigma) ** 2 / 2;
    expect(impliedRho).toBeGreaterThan(0.85 * rhoSum);
    expect(impliedRho).toBeLessThan(1.15 * rhoSum);
  });
});
