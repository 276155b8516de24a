import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tSumTail } from "../src/bayes/t-sum-tail.js";
import { compareMeans, compareRates, conjugatePosterior, fromMoments, Posterior } from "../src/index.js";

/** From scripts/fixtures/gen_compare_means.py (mpmath, 50 digits): chances, their log10, expected losses. */
interface Fixture {
  a: [number, number, number];
  b: [number, number, number];
  chanceToWin: string;
  log10ChanceToWin: string;
  log10ChanceToLose: string;
  expectedLoss?: { treatment: string; control: string };
}
const readFixtures = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8")) as { cases: Fixture[] };
const fixtures = readFixtures("compare-means.json");
/** From scripts/fixtures/gen_compare_means_heavy.py: marginals of df 0.001…0.7, tails beyond 1e300 scales. */
const heavy = readFixtures("compare-means-heavy.json");

const EPS = 2 ** -52;
const report = (line: string) => {
  if (process.env.MEANS_REPORT) console.log(line);
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

/** The smaller of the two chances, as ln, from a result and from a fixture. */
function logSmall(r: { log10ChanceToWin: number; log10ChanceToLose: number }): number {
  return Math.min(r.log10ChanceToWin, r.log10ChanceToLose) * Math.LN10;
}

/**
 * Relative tolerance on the smaller chance Q: 1e-13·k with k = 1 + |ln Q|/100. Every node of the
 * quadrature is e^l with l = ln f + ln S accurate to a few ε·|l| absolute, so the relative error of Q
 * cannot be below ~ε·|ln Q| (1.5e-13 at Q = 1e-300, where |ln Q| = 691): k grows with |ln Q| at
 * 1e-15 per unit (≈ 4.5ε), and is 1 for Q ≥ e^−100 ≈ 4e-44.
 */
function relativeTolerance(logQ: number): number {
  return 1e-13 * (1 + Math.abs(logQ) / 100);
}

/** The checks against an mpmath fixture set (both sets meet the same tolerances). */
function againstMpmath(set: { cases: Fixture[] }) {
  const results = set.cases.map((c) => ({ c, r: compareMeans(arm(...c.a), arm(...c.b)) }));

  it("chanceToWin within 1e-12 absolute", () => {
    let worst = 0;
    for (const { c, r } of results) {
      const err = Math.abs(r.chanceToWin - Number(c.chanceToWin));
      worst = Math.max(worst, err);
      expect(err, JSON.stringify(c)).toBeLessThan(1e-12);
    }
    report(`compareMeans chanceToWin: worst absolute error ${worst}`);
  });

  it("the smaller chance within 1e-13·k relative, down to 1e-300 and beyond (from its log)", () => {
    let worst = 0;
    let worstK = 0;
    for (const { c, r } of results) {
      const ref = Math.min(Number(c.log10ChanceToWin), Number(c.log10ChanceToLose)) * Math.LN10;
      const rel = Math.abs(Math.expm1(logSmall(r) - ref));
      worst = Math.max(worst, rel);
      worstK = Math.max(worstK, rel / relativeTolerance(ref));
      expect(rel, JSON.stringify(c)).toBeLessThanOrEqual(relativeTolerance(ref));
    }
    report(`compareMeans smaller chance: worst relative error ${worst}, worst share of the tolerance ${worstK}`);
  });

  it("log10 forms to a few ulps (plus the 1e-13·k relative error of the chance)", () => {
    let worstUlps = 0;
    for (const { c, r } of results) {
      for (const key of ["log10ChanceToWin", "log10ChanceToLose"] as const) {
        const ref = Number(c[key]);
        const err = Math.abs(r[key] - ref);
        // ulp of the value, plus what a relative error δ of the chance P does to log10 P: δ·P'/P/ln 10
        const ulp = Math.max(Math.abs(ref), 1e-300) * EPS;
        const p = 10 ** ref;
        const small = Math.min(Number(c.log10ChanceToWin), Number(c.log10ChanceToLose)) * Math.LN10;
        // the larger chance 1 − Q carries Q's error scaled by Q/(1 − Q)
        const chanceRel =
          ref * Math.LN10 === small || p <= 0.5 ? relativeTolerance(small) : (relativeTolerance(small) * (1 - p)) / p;
        const allowed = 4 * ulp + chanceRel / Math.LN10;
        worstUlps = Math.max(worstUlps, err / ulp);
        expect(err, `${key} ${JSON.stringify(c)}`).toBeLessThanOrEqual(allowed);
      }
    }
    report(`compareMeans log10 forms: worst error ${worstUlps} ulps`);
  });

  it("expected losses within 1e-12 relative (2e-12 for df ≤ 2.5: the excess of a nearly infinite-variance t)", () => {
    let worst = 0;
    for (const { c, r } of results) {
      if (!c.expectedLoss) {
        expect(r.expectedLoss.treatment).toBe(Infinity);
        continue;
      }
      for (const key of ["treatment", "control"] as const) {
        const ref = Number(c.expectedLoss[key]);
        const rel = ref === 0 ? Math.abs(r.expectedLoss[key]) : Math.abs(r.expectedLoss[key] / ref - 1);
        if (!(ref < 1e-300)) worst = Math.max(worst, rel);
        // below the smallest normal double the loss is a subnormal or 0 (absolute error < 1e-300)
        if (ref < 1e-300) expect(Math.abs(r.expectedLoss[key] - ref)).toBeLessThan(1e-300);
        else expect(rel, `${key} ${JSON.stringify(c)}`).toBeLessThanOrEqual(1e-12);
      }
    }
    report(`compareMeans expected losses: worst relative error ${worst}`);
  });

  it("reports a quadrature error bound that holds", () => {
    let worstShare = 0;
    for (const c of set.cases) {
      const [dfa, la, sa] = c.a;
      const [dfb, lb, sb] = c.b;
      if (la === lb) continue;
      const t = tSumTail({ df: dfa, scale: sa }, { df: dfb, scale: sb }, Math.abs(la - lb), false);
      const ref = Math.min(Number(c.log10ChanceToWin), Number(c.log10ChanceToLose)) * Math.LN10;
      const rel = Math.abs(Math.expm1(t.logTail - ref));
      // the bound covers quadrature and rounding of the nodes; the final exp/log adds ε·|ln Q|
      const bound = t.relativeError + 4 * EPS * (1 + Math.abs(ref));
      worstShare = Math.max(worstShare, rel / bound);
      expect(rel, JSON.stringify(c)).toBeLessThanOrEqual(bound);
      expect(t.relativeError).toBeLessThan(1e-12);
    }
    report(`compareMeans error bound: worst actual/bound ${worstShare}`);
  });
}

describe("compareMeans against mpmath (50 digits)", () => {
  it("covers df 1…1e12, scale ratios 1e-6…1e6, centres up to 1e4 scales apart, chances below 1e-19", () => {
    const dfs = fixtures.cases.flatMap((c) => [c.a[0], c.b[0]]);
    expect(Math.min(...dfs)).toBe(1);
    expect(Math.max(...dfs)).toBe(1e12);
    const ratios = fixtures.cases.map((c) => c.a[2] / c.b[2]);
    expect(Math.min(...ratios)).toBeLessThanOrEqual(1e-6);
    expect(Math.max(...ratios)).toBeGreaterThanOrEqual(1e6);
    const smallest = Math.min(
      ...fixtures.cases.map((c) => Math.min(Number(c.log10ChanceToLose), Number(c.log10ChanceToWin))),
    );
    expect(smallest).toBeLessThan(-19);
    expect(fixtures.cases.filter((c) => c.expectedLoss).length).toBeGreaterThanOrEqual(25);
  });

  againstMpmath(fixtures);
});

describe("compareMeans against mpmath (50 digits), marginals of df 0.001…0.7", () => {
  it("covers df 0.001…0.7, scale ratios 1e-6…1e3, centres up to 1e15 apart", () => {
    const dfs = heavy.cases.flatMap((c) => [c.a[0], c.b[0]]);
    expect(Math.min(...dfs)).toBe(0.001);
    expect(heavy.cases.filter((c) => Math.max(c.a[0], c.b[0]) < 1).length).toBeGreaterThanOrEqual(12);
    expect(Math.max(...heavy.cases.map((c) => Math.abs(c.a[1] - c.b[1])))).toBe(1e15);
  });
  againstMpmath(heavy);
});

describe("compareMeans", () => {
  it("two Cauchy arms far apart: exact 1/2 − atan(Δ/(s_a + s_b))/π (a fixed-panel rule missed it by 1.2e-5)", () => {
    const r = compareMeans(arm(1, 0, 1), arm(1, 50, 1));
    expect(Math.abs(r.chanceToWin - (0.5 - Math.atan(25) / Math.PI))).toBeLessThan(1e-15);
  });

  it("two Cauchy arms, any scales and gaps: the difference is Cauchy with scale s_a + s_b", () => {
    const scales = fc.double({ min: 1e-6, max: 1e6, noNaN: true });
    const gaps = fc.double({ min: -1e4, max: 1e4, noNaN: true });
    fc.assert(
      fc.property(scales, scales, gaps, (sa, sb, units) => {
        const gap = units * (sa + sb);
        const r = compareMeans(arm(1, gap, sa), arm(1, 0, sb));
        // P(μ_a < μ_b) = atan2(s_a + s_b, gap)/π, small and relative-accurate for gap ≫ 0
        const lose = Math.atan2(sa + sb, gap) / Math.PI;
        expect(Math.abs(r.chanceToWin - (1 - lose))).toBeLessThan(1e-12);
        const rel = Math.abs(Math.expm1(r.log10ChanceToLose * Math.LN10 - Math.log(lose)));
        expect(rel).toBeLessThan(1e-13);
      }),
      { numRuns: 60 },
    );
  });

  it("gives exactly 1/2 for equal locations", () => {
    const s = fromMoments({ count: 10, mean: 3, std: 2 });
    expect(compareMeans(s, s).chanceToWin).toBe(0.5);
    expect(compareMeans(arm(1, 2, 1), arm(1e12, 2, 1e-6)).chanceToWin).toBe(0.5);
  });

  it("matches the normal limit for huge counts", () => {
    const a = fromMoments({ count: 1e12, mean: 1e-6, std: 1 });
    const b = fromMoments({ count: 1e12, mean: 0, std: 1 });
    const r = compareMeans(a, b);
    // Δ/√(2/n) = 1e-6/√2e-12 = 1/√2: Φ(0.7071067811865476) = 0.7602499389065233 (t with df ≈ 1e12: 1e-12 off)
    expect(Math.abs(r.chanceToWin - 0.7602499389065233)).toBeLessThan(1e-11);
  });

  it("expected losses differ by the mean difference", () => {
    const r = compareMeans(arm(5, 1, 1), arm(8, 0, 2));
    expect(r.expectedLoss.control - r.expectedLoss.treatment).toBeCloseTo(1, 12);
    expect(compareMeans(arm(1, 1, 1), arm(8, 0, 2)).expectedLoss.treatment).toBe(Infinity);
  });

  it("stays finite beyond underflow and for extreme inputs (log forms, never NaN or −∞)", () => {
    const far = compareMeans(arm(1e12, 0, 1), arm(1e12, 1e4, 1));
    expect(far.chanceToWin).toBe(0);
    expect(Number.isFinite(far.log10ChanceToWin)).toBe(true);
    expect(far.log10ChanceToWin).toBeLessThan(-1e7);
    expect(far.log10ChanceToLose).toBe(0);
    for (const [a, b] of [
      [arm(1, -1e308, 1e-150), arm(1, 1e308, 1e150)],
      [arm(1e-3, 0, 1), arm(1e15, 1e6, 1e-6)],
      [arm(0.5, 0, 1e-100), arm(3, 1e-90, 1e-100)],
    ] as const) {
      const r = compareMeans(a, b);
      for (const v of [r.chanceToWin, r.log10ChanceToWin, r.log10ChanceToLose]) {
        expect(Number.isNaN(v)).toBe(false);
        expect(v).not.toBe(-Infinity);
      }
    }
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
    const dfs = fc.double({ min: 1, max: 1e12, noNaN: true });
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

describe("compareMeans at the ends of the double range", () => {
  const arm = (count: number, mean: number, std: number) => fromMoments({ count, mean, std });

  it("is scale-free: arms scaled by 2^±400 and 2^±500 give the chance of the unscaled arms, and losses scaled exactly", () => {
    const base = compareMeans(arm(10, 1, 1), arm(10, 1.5, 1));
    for (const k of [-500, -400, 400, 500]) {
      const s = 2 ** k;
      const r = compareMeans(arm(10, s, s), arm(10, 1.5 * s, s));
      expect(r.chanceToWin).toBe(base.chanceToWin);
      expect(r.log10ChanceToWin).toBe(base.log10ChanceToWin);
      expect(r.expectedLoss.treatment).toBe(base.expectedLoss.treatment * s);
      expect(r.expectedLoss.control).toBe(base.expectedLoss.control * s);
    }
  });

  it("a gap far below the scale gives ½ (not ¼), and a gap far above it finite losses", () => {
    const tiny = compareMeans(arm(10, 1e-300, 1e-150), arm(10, 3e-300, 1e-150));
    expect(Math.abs(tiny.chanceToWin - 0.5)).toBeLessThan(1e-15);
    for (const [a, b] of [
      [arm(10, 1e300, 1e150), arm(10, 1.0000001e300, 1e150)],
      [arm(10, -1e300, 1e150), arm(10, 1e300, 1e150)],
    ] as const) {
      const r = compareMeans(a, b);
      expect(r.chanceToWin).toBe(0);
      expect(Number.isFinite(r.log10ChanceToWin)).toBe(true);
      expect(r.expectedLoss.treatment / (b.mean - a.mean)).toBeCloseTo(1, 12);
      expect(Number.isFinite(r.expectedLoss.control)).toBe(true);
    }
  });

  it("a gap beyond 1.8e308 scales is E_OVERFLOW, not −∞ and NaN losses", () => {
    expect(() => compareMeans(arm(10, 0, 1e-150), arm(10, 1e300, 1e-150))).toThrow(
      expect.objectContaining({ code: "E_OVERFLOW" }),
    );
  });
});

describe("compareMeans with marginals of df below 1", () => {
  const nig = (alpha: number, mu: number) =>
    Posterior.fromJSON({
      format: "batchstats.posterior",
      version: 1,
      family: "normal-inverse-gamma",
      kappa: 3,
      kappaLo: 0,
      mu,
      muLo: 0,
      alpha,
      alphaLo: 0,
      beta: 2,
      betaLo: 0,
    });
  it("answers at df 0.2, 0.02 and 0.002 (the quadrature alone returned 0.380 for 0.4997 at df 0.02): P(μ_a > μ_b) rises as μ_b falls, ½ at no gap", () => {
    for (const alpha of [0.1, 0.01, 1e-3]) {
      const chances = [2, 1.5, 1, 0, -3, -1e3, -1e9].map(
        (mu) => compareMeans(nig(alpha, 1), nig(alpha, mu)).chanceToWin,
      );
      for (let i = 1; i < chances.length; i++) expect(chances[i]!).toBeGreaterThan(chances[i - 1]!);
      expect(chances[2]).toBe(0.5);
      // mirror images: swapping the arms gives 1 − P to rounding
      const r = compareMeans(nig(alpha, 2), nig(alpha, 1));
      expect(Math.abs(r.chanceToWin + compareMeans(nig(alpha, 1), nig(alpha, 2)).chanceToWin - 1)).toBeLessThan(
        4 * EPS,
      );
    }
  });
  it("df 0.004, centres 1e6 scales apart, within 1e-14 (panels grown across the bend at |y| ~ 1e6 missed it by 6e-12)", () => {
    const c = heavy.cases.find((x) => x.a[0] === 0.004 && x.b[2] === 1)!;
    const t = tSumTail({ df: 0.004, scale: 1 }, { df: 0.004, scale: 1 }, 1e6, false);
    const ref = Math.min(Number(c.log10ChanceToWin), Number(c.log10ChanceToLose)) * Math.LN10;
    expect(Math.abs(Math.expm1(t.logTail - ref))).toBeLessThan(1e-14);
  });
  it("still answers at df 1 (Cauchy marginals: the difference is Cauchy with scale s_a + s_b)", () => {
    const a = nig(0.5, 1);
    const b = nig(0.5, 2);
    const r = compareMeans(a, b);
    // both marginals are t_1 with scale √(β/(α κ)) = √(2/1.5); P(μ_a > μ_b) = ½ − atan(1/(2s))/π
    const s = Math.sqrt(2 / 1.5);
    expect(Math.abs(r.chanceToWin - (0.5 - Math.atan(1 / (2 * s)) / Math.PI))).toBeLessThanOrEqual(1e-12);
  });
});
