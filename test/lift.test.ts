/**
 * `lift` against test/fixtures/lift-bayes.json (scripts/fixtures/gen_lift_bayes.py: mpmath at 50
 * digits from the exact summaries, Fieller bounds as the roots of the quadratic with the exact
 * quantile), the gbstats test-suite cases quoted there, the edges and the option checks.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type BatchStatsError, lift, summarize, ttest } from "../src/index.js";
import { num, rel, summaryOf } from "./support/summary-of.js";
import { worstErrors } from "./support/worst-errors.js";

interface Arm {
  count: number;
  mean: number;
  m2: number;
}
interface LiftCase {
  name: string;
  a: Arm;
  b: Arm;
  options: {
    method: "delta" | "fieller";
    distribution: "t" | "normal";
    confidenceLevel: number;
    alternative: "two-sided" | "less" | "greater";
  };
  estimate: string;
  stderr: string;
  df: string;
  statistic: string;
  pValue: string;
  log10PValue: string;
  confidenceInterval: [string, string];
  intervalKind: string;
  gbstats?: { estimate: number; stderr: number; confidenceInterval: [number, number]; pValue: number };
}

const fixtures = JSON.parse(readFileSync(new URL("./fixtures/lift-bayes.json", import.meta.url), "utf8")) as {
  lift: LiftCase[];
};
const record = worstErrors("LIFT_REPORT", "lift: worst relative error against mpmath");

const EPS = 2 ** -52;

describe("lift against mpmath (50 digits)", () => {
  for (const c of fixtures.lift) {
    it(`${c.name}`, () => {
      const r = lift(summaryOf(c.a), summaryOf(c.b), c.options);
      // estimate: the double-double difference over |μb|, rounded once
      expect(record("estimate", rel(r.estimate, num(c.estimate)), c.name)).toBeLessThanOrEqual(2 * EPS);
      // stderr: about 8 roundings of the variance components (each ≤ ½ ulp), halved by √
      expect(record("stderr", rel(r.stderr, num(c.stderr)), c.name)).toBeLessThanOrEqual(1e-15);
      expect(record("df", rel(r.df, num(c.df)), c.name)).toBeLessThanOrEqual(1e-14);
      expect(record("statistic", rel(r.statistic, num(c.statistic)), c.name)).toBeLessThanOrEqual(1e-15);
      expect(r.intervalKind).toBe(c.intervalKind);
      for (let i = 0; i < 2; i++) {
        const want = num(c.confidenceInterval[i] as string);
        const got = r.confidenceInterval[i] as number;
        if (!Number.isFinite(want)) expect(got).toBe(want);
        else expect(record("interval", rel(got, want), c.name)).toBeLessThanOrEqual(1e-13);
      }
      // p from the t tail (~1e-14 relative) at a statistic good to ~1e-16: the error grows with the
      // tail's log-slope |t|·h(t) ≈ t², so it is held to 1e-13·max(1, t²/10); log10 p to 1e-13
      const t = Math.abs(r.statistic);
      const tolP = 1e-13 * Math.max(1, (t * t) / 10);
      if (num(c.pValue) > 1e-300) {
        expect(record("pValue", rel(r.pValue, num(c.pValue)), c.name)).toBeLessThanOrEqual(tolP);
      }
      // log10 p: as good as p itself (an absolute tolP/ln 10 near p = 1), and 1e-13 relative far out
      const logErr = Math.abs(r.log10PValue - num(c.log10PValue));
      record("log10PValue (abs)", logErr, c.name);
      expect(logErr).toBeLessThanOrEqual(tolP / Math.LN10 + 1e-13 * Math.abs(num(c.log10PValue)));
    });
  }
});

describe("lift against gbstats's own test suite (5 decimals, as those tests round)", () => {
  for (const c of fixtures.lift.filter((x) => x.gbstats !== undefined)) {
    it(c.name, () => {
      const g = c.gbstats as NonNullable<LiftCase["gbstats"]>;
      const r = lift(summaryOf(c.a), summaryOf(c.b));
      const round = (x: number) => Math.round(x * 1e5) / 1e5;
      expect(round(r.estimate)).toBe(g.estimate);
      expect(round(r.stderr)).toBe(g.stderr);
      expect(r.confidenceInterval.map(round)).toEqual(g.confidenceInterval);
      expect(round(r.pValue)).toBe(g.pValue);
    });
  }
});

describe("lift: laws and edges", () => {
  it("accepts raw arrays as ttest does, and the Fieller test of lift = 0 is Welch's t-test", () => {
    const a = [10.4, 11.1, 10.8, 11.5];
    const b = [10.0, 10.3, 9.9, 10.2, 10.1];
    const r = lift(a, b, { method: "fieller" });
    const t = ttest(a, b);
    expect(r.statistic).toBeCloseTo(t.statistic, 13);
    expect(r.pValue).toBeCloseTo(t.pValue, 14);
    expect(r.df).toBe(t.df);
    expect(lift(a, b).estimate).toBe(lift(summarize(a), summarize(b)).estimate);
  });

  it("a negative control mean uses |mean(b)|: positive lift when a > b", () => {
    const r = lift([-1, -2, -3], [-4, -5, -6]);
    expect(r.estimate).toBeCloseTo(0.6, 15);
    const f = lift([-1, -2, -3], [-4, -5, -6], { method: "fieller" });
    expect(f.confidenceInterval[0]).toBeLessThan(0.6);
    expect(f.confidenceInterval[1]).toBeGreaterThan(0.6);
  });

  it("is scale-invariant (exact powers of two) and flips with the sign of both arms", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 2, noNaN: true }),
        fc.double({ min: 0.1, max: 1, noNaN: true }),
        fc.integer({ min: -60, max: 60 }),
        fc.constantFrom<"delta" | "fieller">("delta", "fieller"),
        (ratio, spread, k, method) => {
          const a = { count: 20, mean: ratio, m2: 19 * spread * spread };
          const b = { count: 25, mean: 1, m2: 24 * spread * spread };
          const scale = 2 ** k;
          const r1 = lift(summaryOf(a), summaryOf(b), { method });
          const r2 = lift(
            summaryOf({ count: 20, mean: ratio * scale, m2: a.m2 * scale * scale }),
            summaryOf({ count: 25, mean: scale, m2: b.m2 * scale * scale }),
            { method },
          );
          expect(r2.estimate).toBe(r1.estimate);
          expect(r2.confidenceInterval).toEqual(r1.confidenceInterval);
          // negating both arms negates the lift (|μb| is unchanged) and mirrors the set
          const r3 = lift(summaryOf({ ...a, mean: -a.mean }), summaryOf({ ...b, mean: -1 }), { method });
          expect(r3.estimate).toBe(-r1.estimate);
          expect(r3.intervalKind).toBe(r1.intervalKind);
          expect(r3.confidenceInterval).toEqual([-r1.confidenceInterval[1], -r1.confidenceInterval[0]]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("Fieller's set contains the estimate and excludes 0 exactly when p < 1 − level", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: 0.05, max: 3, noNaN: true }),
        fc.double({ min: 0.05, max: 3, noNaN: true }),
        fc.constantFrom<"two-sided" | "less" | "greater">("two-sided", "less", "greater"),
        (ma, sa, sb, alternative) => {
          const r = lift(
            summaryOf({ count: 10, mean: ma, m2: 9 * sa * sa }),
            summaryOf({ count: 12, mean: 1, m2: 11 * sb * sb }),
            {
              method: "fieller",
              alternative,
            },
          );
          const [lo, hi] = r.confidenceInterval;
          const inSet = (x: number) =>
            r.intervalKind === "exclusive"
              ? x <= lo || x >= hi
              : r.intervalKind === "unbounded" || (x >= lo && x <= hi);
          expect(inSet(r.estimate)).toBe(true);
          if (Math.abs(r.pValue - 0.05) > 1e-9) expect(inSet(0)).toBe(r.pValue >= 0.05);
          for (const x of r.confidenceInterval) expect(Number.isNaN(x)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("edges are typed errors", () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as BatchStatsError).code;
      }
      return "none";
    };
    expect(code(() => lift([1, 2, 3], [-1, 0, 1]))).toBe("E_ZERO_MEAN");
    expect(code(() => lift([1, 2, 3], [-1, 0, 1], { method: "fieller" }))).toBe("E_ZERO_MEAN");
    expect(code(() => lift([1, 1, 1], [2, 2]))).toBe("E_ZERO_VARIANCE");
    expect(code(() => lift([1], [2, 3]))).toBe("E_TOO_FEW");
    expect(code(() => lift([1, 2], [2, 3], { method: "bootstrap" as "delta" }))).toBe("E_BAD_ARGUMENT");
    expect(code(() => lift([1, 2], [2, 3], { confidenceLevel: 1 }))).toBe("E_BAD_ARGUMENT");
    expect(code(() => lift([1, 2], [2, 3], { level: 0.9 } as object))).toBe("E_BAD_ARGUMENT");
    expect(code(() => lift([1, Number.NaN], [2, 3]))).toBe("E_NAN");
    // one constant arm is fine
    expect(lift([1, 1, 1], [2, 3]).intervalKind).toBe("bounded");
  });

  it("is JSON-safe: the whole line and the rays survive JSON with their kind", () => {
    const r = lift(summaryOf({ count: 8, mean: 0.2, m2: 40 }), summaryOf({ count: 8, mean: 0.1, m2: 90 }), {
      method: "fieller",
    });
    expect(r.intervalKind).toBe("unbounded");
    expect(JSON.parse(JSON.stringify(r)).confidenceInterval).toEqual([null, null]);
  });
});
