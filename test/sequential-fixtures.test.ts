/**
 * sequentialTest against test/fixtures/sequential.json (scripts/fixtures/gen_sequential.py:
 * mpmath at 50 digits from the definitions — the mSPRT by quadrature of the mixture — and the
 * cases of GrowthBook's own tests).
 *
 * Tolerances (ε = 2^-52):
 * - half-widths and bounds: 1e-13 relative (each is a few roundings of log, log1p, sqrt; the
 *   one-sided mSPRT bound is a Newton root to 4e-16).
 * - ln p: 2ε absolute, at any size (checked where |ln p| ≤ 746, i.e. down through the
 *   subnormal p; the reference is a double-double there). Its large terms (½·ln(1 + r), the
 *   exponent r/(1 + r)·z²/2) are double-double, accurate to ~1e-30 relative; the terms formed in
 *   double (log1p(−e^(−L)), ln expm1(L), ln Φ(w)) are at most ln 2 in size and add under an
 *   ulp each.
 * - pValue: that plus 2ε relative (exp within an ulp, one product), so ≤ 5e-16 and in
 *   particular ≤ 1e-13 for every normal p; a subnormal p within that plus one step of the
 *   subnormal grid (2^-1074).
 * - log10PValue: 2ε·|log10 p| (the final product, the reference's rounding to a double) plus
 *   the 2ε of ln p over ln 10; so a few ε relative wherever |ln p| ≳ 0.5, however small p is.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BatchStatsError } from "../src/errors.js";
import { resolveSequentialOptions } from "../src/sequential/options.js";
import { sequentialFromEffect, sequentialLogP, sequentialTest } from "../src/sequential/sequential-test.js";
import { fromMoments } from "../src/summary/from-moments.js";

const EPS = 2 ** -52;
type Alt = "two-sided" | "less" | "greater";
interface Core {
  method: "asymptotic-cs" | "msprt";
  alternative: Alt;
  alpha: number;
  tuning: number;
  n: number;
  estimate: number;
  variance: number;
  halfWidth: string;
  lnP: string;
  lnPdd: [number, number];
  log10P: string;
  pValue: number;
}
interface Arm {
  count: number;
  mean: number;
  variance: number;
}
interface Gb {
  a: Arm;
  b: Arm;
  alternative: Alt;
  relative: boolean;
  tuning: number;
  alpha: number;
  asserted: { estimate: number; ci: (number | string)[]; stderr: number; pValue: number } | null;
  gbstats: { estimate: number; stderr: number; ci: (number | string)[]; pValue: number | null };
  exact: { estimate: string; stderr: string; halfWidth: string; lnP: string; log10P: string };
}
const fixture = JSON.parse(readFileSync(new URL("./fixtures/sequential.json", import.meta.url), "utf8")) as {
  core: Core[];
  growthbook: Gb[];
};
const num = (x: number | string): number => (x === "inf" ? Infinity : x === "-inf" ? -Infinity : Number(x));
const worst = { halfWidth: 0, lnPAbs: 0, pRel: 0, pSubnormalSteps: 0, log10Rel: 0, nSubnormal: 0 };
const LN_TOL = 2 * EPS;

describe("sequential: exact references (mpmath)", () => {
  it.each(fixture.core.map((c, i) => [i, c] as const))("core case %i", (_, c) => {
    const o = resolveSequentialOptions({
      method: c.method,
      alternative: c.alternative,
      alpha: c.alpha,
      tuning: c.tuning,
      relative: false,
    });
    const r = sequentialFromEffect(c.estimate, c.variance, c.n, o);
    const hw = num(c.halfWidth);
    const got =
      c.alternative === "greater" ? c.estimate - r.confidenceInterval[0] : r.confidenceInterval[1] - c.estimate;
    if (c.alternative === "two-sided")
      expect(r.confidenceInterval[0]).toBeCloseTo(c.estimate - (r.confidenceInterval[1] - c.estimate), 12);
    // the bound is estimate ± h: its rounding is relative to the larger of the two
    const hwErr = Math.abs(got - hw) / (Math.abs(hw) + 2 * EPS * Math.abs(c.estimate));
    worst.halfWidth = Math.max(worst.halfWidth, hwErr);
    expect(hwErr, `half-width ${got} vs ${hw}`).toBeLessThanOrEqual(1e-13);
    // ln p (double-double) against the reference's double-double, absolutely
    const [refHi, refLo] = c.lnPdd;
    const { lnP } = sequentialLogP(c.estimate, c.variance, c.n, o);
    const lnErr = Math.abs(lnP.hi - refHi + (lnP.lo - refLo));
    if (Math.abs(refHi) <= 746) {
      worst.lnPAbs = Math.max(worst.lnPAbs, lnErr / EPS);
      expect(lnErr, `ln p ${lnP.hi} vs ${c.lnP}`).toBeLessThanOrEqual(LN_TOL);
    } else {
      // far below the subnormals: still tiny relative to ln p
      expect(lnErr).toBeLessThanOrEqual(LN_TOL * Math.abs(refHi));
    }
    const log10P = num(c.log10P);
    const log10Err = Math.abs(r.log10PValue - log10P);
    if (log10P !== 0) worst.log10Rel = Math.max(worst.log10Rel, log10Err / Math.abs(log10P) / EPS);
    expect(log10Err, `log10 p ${r.log10PValue} vs ${c.log10P}`).toBeLessThanOrEqual(
      LN_TOL / Math.LN10 + 2 * EPS * Math.abs(log10P),
    );
    if (c.pValue >= 2 ** -1022) {
      const rel = Math.abs(r.pValue - c.pValue) / c.pValue;
      worst.pRel = Math.max(worst.pRel, rel);
      expect(rel, `p ${r.pValue} vs ${c.pValue}`).toBeLessThanOrEqual(LN_TOL + 2 * EPS);
      expect(rel).toBeLessThanOrEqual(1e-13);
    } else if (c.pValue > 0) {
      // subnormal p: exp rounds to the subnormal grid
      worst.nSubnormal++;
      const steps = Math.abs(r.pValue - c.pValue) / 2 ** -1074;
      worst.pSubnormalSteps = Math.max(worst.pSubnormalSteps, steps);
      expect(Math.abs(r.pValue - c.pValue)).toBeLessThanOrEqual(c.pValue * (LN_TOL + 2 * EPS) + 2 ** -1074);
    } else {
      expect(r.pValue).toBe(0);
    }
  });
  it("reports the worst errors", () => {
    if (process.env.SEQ_REPORT) console.log("worst (lnPAbs, log10Rel in ε)", worst);
    expect(worst.halfWidth).toBeLessThanOrEqual(1e-13);
    // the fixture reaches into the subnormal p for every method and alternative
    expect(worst.nSubnormal).toBeGreaterThanOrEqual(12);
  });
});

describe("sequential: GrowthBook's test cases", () => {
  it.each(fixture.growthbook.map((g, i) => [i, g] as const))("case %i", (_, g) => {
    const a = fromMoments(g.a);
    const b = fromMoments(g.b);
    const r = sequentialTest(a, b, {
      alternative: g.alternative,
      relative: g.relative,
      tuning: g.tuning,
      alpha: g.alpha,
    });
    // exact (mpmath at the same doubles)
    const est = num(g.exact.estimate);
    expect(Math.abs(r.estimate - est)).toBeLessThanOrEqual(4 * EPS * Math.abs(est));
    expect(Math.abs(r.stderr - num(g.exact.stderr))).toBeLessThanOrEqual(8 * EPS * num(g.exact.stderr));
    const hw = num(g.exact.halfWidth);
    const got =
      g.alternative === "greater" ? r.estimate - r.confidenceInterval[0] : r.confidenceInterval[1] - r.estimate;
    expect(Math.abs(got - hw) / hw).toBeLessThanOrEqual(1e-13);
    expect(Math.abs(r.log10PValue - num(g.exact.log10P))).toBeLessThanOrEqual(1e-13);
    // equal to gbstats' own float64 numbers where its method is exact (CI; two-sided p) …
    const gci = g.gbstats.ci.map(num);
    for (const k of [0, 1]) {
      if (Number.isFinite(gci[k]!))
        expect(Math.abs(r.confidenceInterval[k]! - gci[k]!)).toBeLessThanOrEqual(1e-13 * Math.abs(hw) + 1e-15);
      else expect(r.confidenceInterval[k]).toBe(gci[k]);
    }
    if (g.alternative === "two-sided")
      expect(Math.abs(r.pValue - g.gbstats.pValue!)).toBeLessThanOrEqual(1e-13 * r.pValue);
    // … and to what GrowthBook's tests assert (5 decimals there); its one-sided p is a bisection
    // to 1e-3 clipped to [1e-5, 0.4999]: ours is the exact value it approximates.
    if (g.asserted) {
      expect(r.estimate).toBeCloseTo(g.asserted.estimate, 5);
      expect(r.stderr).toBeCloseTo(g.asserted.stderr, 5);
      const aci = g.asserted.ci.map(num);
      for (const k of [0, 1]) {
        if (Number.isFinite(aci[k]!)) expect(r.confidenceInterval[k]).toBeCloseTo(aci[k]!, 5);
      }
      if (g.alternative === "two-sided") expect(r.pValue).toBeCloseTo(g.asserted.pValue, 5);
      else if (g.asserted.pValue === 0.4999) expect(r.pValue).toBeGreaterThan(0.4999);
      else expect(Math.abs(r.pValue - g.asserted.pValue)).toBeLessThanOrEqual(1e-3 * g.asserted.pValue);
    }
  });
});

describe("sequential: the whole double range", () => {
  // The two-sided ln p in plain double, straight from the formula: within ~16ε·|terms| of the
  // truth, so a coarse but independent check of the double-double path at any magnitude.
  const plainTwoSided = (est: number, v: number, r: number) =>
    Math.min(0, 0.5 * Math.log1p(r) - (0.5 * (est / Math.sqrt(v)) ** 2) / (1 + 1 / r));
  it("never NaN; two-sided ln p agrees with the plain formula", () => {
    const mag = fc.double({ min: 1e-320, max: 1e300, noNaN: true });
    fc.assert(
      fc.property(
        mag,
        fc.boolean(),
        mag,
        fc.integer({ min: 2, max: 1e9 }),
        fc.constantFrom("asymptotic-cs", "msprt"),
        fc.constantFrom("two-sided", "less", "greater"),
        (m, neg, v, n, method, alternative) => {
          const est = neg ? -m : m;
          const o = resolveSequentialOptions({
            method,
            alternative,
            relative: false,
            tuning: method === "msprt" ? 1 : 5000,
          });
          let r: ReturnType<typeof sequentialFromEffect>;
          try {
            r = sequentialFromEffect(est, v, n, o);
          } catch (e) {
            expect(e).toBeInstanceOf(BatchStatsError);
            expect((e as BatchStatsError).code).toBe("E_OVERFLOW");
            return;
          }
          expect(r.pValue >= 0 && r.pValue <= 1).toBe(true);
          expect(r.log10PValue <= 0).toBe(true);
          if (r.log10PValue > -300) expect(Math.abs(Math.log10(r.pValue) - r.log10PValue)).toBeLessThan(1e-12);
          if (alternative === "two-sided") {
            const { r: ratio } = sequentialLogP(est, v, n, o);
            const plain = plainTwoSided(est, v, ratio);
            const got = r.log10PValue * Math.LN10;
            if (Number.isFinite(plain))
              expect(Math.abs(got - plain)).toBeLessThanOrEqual(
                1e-300 + 64 * EPS * (Math.abs(plain) + Math.log1p(ratio) + 1),
              );
            else expect(got).toBe(plain);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("sequential: edges", () => {
  const a = fromMoments({ count: 1000, mean: 1.1, variance: 1 });
  const b = fromMoments({ count: 1000, mean: 1, variance: 1 });
  it("p stays representable where GrowthBook's exp overflows (exponent past 709)", () => {
    const far = fromMoments({ count: 100000, mean: 1.3, variance: 1 });
    const near = fromMoments({ count: 100000, mean: 1, variance: 1 });
    const r = sequentialTest(far, near, { relative: false });
    expect(r.log10PValue).toBeLessThan(-310);
    expect(Number.isFinite(r.log10PValue)).toBe(true);
    // ln(1/p) ≈ 717 here: GrowthBook's exp(…) overflows and its p reads 0; the true p is a subnormal
    const big = sequentialTest(fromMoments({ count: 100000, mean: 1.17, variance: 1 }), near, { relative: false });
    expect(big.pValue).toBeGreaterThan(0);
    expect(big.pValue).toBeLessThan(2 ** -1022);
    expect(Math.abs(Math.log10(big.pValue) - big.log10PValue)).toBeLessThan(1e-9);
  });
  it("one-sided p for every alpha in (0, 1), including ≥ 0.5 (GrowthBook refuses)", () => {
    for (const alpha of [1e-12, 0.3, 0.5, 0.7, 0.99]) {
      for (const method of ["asymptotic-cs", "msprt"] as const) {
        const r = sequentialTest(a, b, { method, alpha, alternative: "greater" });
        expect(r.pValue).toBeGreaterThan(0);
        expect(r.pValue).toBeLessThanOrEqual(1);
        // the interval and the p-value agree: 0 is outside iff p ≤ alpha
        expect(r.confidenceInterval[0] > 0).toBe(r.pValue <= alpha);
      }
    }
  });
  it("interval and p-value agree on every side and method", () => {
    for (const method of ["asymptotic-cs", "msprt"] as const) {
      for (const alternative of ["two-sided", "less", "greater"] as const) {
        for (const shift of [-0.2, -0.1, 0, 0.08, 0.1, 0.15]) {
          const t = fromMoments({ count: 1000, mean: 1 + shift, variance: 1 });
          const r = sequentialTest(t, b, { method, alternative });
          const excludes = r.confidenceInterval[0] > 0 || r.confidenceInterval[1] < 0;
          expect(excludes).toBe(r.pValue < 0.05);
        }
      }
    }
  });
  it("typed errors", () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof BatchStatsError ? e.code : "other";
      }
      return "none";
    };
    const c = fromMoments({ count: 10, mean: 1, variance: 0 });
    expect(code(() => sequentialTest(c, c))).toBe("E_ZERO_VARIANCE");
    expect(code(() => sequentialTest(a, fromMoments({ count: 10, mean: 0, variance: 1 })))).toBe("E_ZERO_MEAN");
    expect(code(() => sequentialTest(a, fromMoments({ count: 1, mean: 1, variance: 0 })))).toBe("E_TOO_FEW");
    expect(code(() => sequentialTest(a, b, { alpha: 1 }))).toBe("E_BAD_ARGUMENT");
    expect(code(() => sequentialTest(a, b, { tuning: 0 }))).toBe("E_BAD_ARGUMENT");
    expect(code(() => sequentialTest(a, b, { method: "msprt", relative: false }))).toBe("E_BAD_ARGUMENT");
    expect(code(() => sequentialTest(a, b, { mehtod: "msprt" } as never))).toBe("E_BAD_ARGUMENT");
    expect(code(() => sequentialTest(a, b, { method: "msprt", relative: false, tuning: 1e307 }))).toBe("E_OVERFLOW");
  });
  it("results are JSON-safe and name their settings", () => {
    const r = sequentialTest(a, b, { method: "msprt", tuning: 0.04, alternative: "less" });
    expect(r).toMatchObject({
      method: "msprt",
      tuning: 0.04,
      n: 2000,
      alpha: 0.05,
      alternative: "less",
      relative: true,
    });
    expect(JSON.parse(JSON.stringify(r)).confidenceInterval[0]).toBe(null);
  });
});
