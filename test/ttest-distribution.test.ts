/**
 * The t distribution functions against mpmath (test/fixtures/ttest.json, "distribution": a grid
 * of t from 1e-12 to 1e150 and df from 1 to 1e300 and ∞; references by quadrature of the
 * density at 50 digits, independent of the series used here).
 *
 * Tolerances (ε = 2^-52). The tail of t is a function of t², which any double implementation
 * rounds (relative ε), and that perturbation is amplified by κ = |d ln P/d ln t| ≤ min(t², ν) + 1;
 * so P(T > t), ln P and two-sided ln P are held to 1e-14 + 8ε·(1 + min(t², ν)) relative
 * (for ln P: its absolute error is P's relative error, and |ln P| ≥ that bound's denominators
 * only help). Quantiles: 32ε. Central probability: 32ε·(1 + t²). ln(Γ(a+½)/(Γ(a)√a)): 16ε absolute.
 *
 * `TTEST_REPORT=1 npx vitest run test/ttest-distribution.test.ts` prints the worst errors.
 */
import { readFileSync } from "node:fs";
import tcdf from "@stdlib/stats-base-dists-t-cdf";
import tlogcdf from "@stdlib/stats-base-dists-t-logcdf";
import tquantile from "@stdlib/stats-base-dists-t-quantile";
import { describe, expect, it } from "vitest";
import { logGammaRatioHalfScaled } from "../src/ttest/gamma-ratio.js";
import { tCentral, tLogSf, tLogTwoSided, tSf, tTwoSided } from "../src/ttest/t-distribution.js";
import { tCentralQuantile, tQuantile } from "../src/ttest/t-quantile.js";
import { worstErrors } from "./support/worst-errors.js";

const EPS = 2 ** -52;
type Df = number | "inf";
interface TRow {
  t: number;
  df: Df;
  sf: string;
  lnSf: string;
  sfNeg: string;
  lnSfNeg: string;
  lnTwoSided: string;
  central?: string;
}
interface Distribution {
  t: TRow[];
  p: { p: number; df: Df; quantile: string }[];
  level: { level: number; df: Df; quantile: string }[];
  a: { a: number; lnScaledRatio: string }[];
}
const grid = (
  JSON.parse(readFileSync(new URL("./fixtures/ttest.json", import.meta.url), "utf8")) as { distribution: Distribution }
).distribution;

const dfOf = (d: Df): number => (d === "inf" ? Infinity : d);
const num = (s: string): number => (s === "inf" ? Infinity : s === "-inf" ? -Infinity : Number(s));
function relErr(got: number, exact: string): number {
  const e = num(exact);
  if (e === 0 || !Number.isFinite(e)) return got === e || (e === 0 && got === 0) ? 0 : Infinity;
  return Math.abs(got - e) / Math.abs(e);
}
const tailTolerance = (t: number, df: number): number => 1e-14 + 8 * EPS * (1 + Math.min(t * t, df));

/** Records an error (in units of the tolerance's scale) and returns it. */
const record = worstErrors("TTEST_REPORT", "worst relative errors of the t distribution functions vs mpmath", 30);

describe("tails against mpmath", () => {
  it.each(grid.t.map((r) => [r.t, r.df, r] as const))("t = %s, df = %s", (t, d, row) => {
    const df = dfOf(d);
    const tol = tailTolerance(t, df);
    const at = `t=${t} df=${d}`;
    // P(T > t): compared where it is a normal double; below, exp(ln P) is subnormal.
    if (num(row.sf) >= 1e-300) {
      expect(tSf(t, df), `${at}: never 0 above 1e-300`).toBeGreaterThan(0);
      expect(record("sf", relErr(tSf(t, df), row.sf), at), `${at} sf`).toBeLessThanOrEqual(tol);
    } else {
      expect(tSf(t, df)).toBeLessThan(1e-299);
    }
    expect(record("sf(-t)", relErr(tSf(-t, df), row.sfNeg), at), `${at} sf(-t)`).toBeLessThanOrEqual(tol);
    // The logarithms are finite and accurate everywhere (beyond ±1.8e308 they overflow, correctly).
    const lnExact = num(row.lnSf);
    if (Math.abs(lnExact) < 1.7e308) {
      const what = num(row.sf) < 1e-300 ? "ln sf (p < 1e-300)" : "ln sf";
      expect(record(what, relErr(tLogSf(t, df), row.lnSf), at), `${at} ln sf`).toBeLessThanOrEqual(tol);
      expect(
        record("ln two-sided", relErr(tLogTwoSided(t, df), row.lnTwoSided), at),
        `${at} ln 2-sided`,
      ).toBeLessThanOrEqual(tol);
    } else {
      expect(tLogSf(t, df)).toBe(-Infinity);
    }
    if (Math.abs(num(row.lnSfNeg)) > 1e-300) {
      expect(record("ln sf(-t)", relErr(tLogSf(-t, df), row.lnSfNeg), at), `${at} ln sf(-t)`).toBeLessThanOrEqual(tol);
    } else {
      expect(Math.abs(tLogSf(-t, df))).toBeLessThanOrEqual(1e-300);
    }
    if (row.central !== undefined) {
      const err = record("central", relErr(tCentral(t, df), row.central), at);
      expect(err, `${at} central`).toBeLessThanOrEqual(32 * EPS * (1 + t * t));
    }
  });
});

describe("quantiles against mpmath", () => {
  it.each(grid.p.map((r) => [r.p, r.df, r.quantile] as const))("tQuantile(%s, df = %s)", (p, d, exact) => {
    expect(record("quantile", relErr(tQuantile(p, dfOf(d)), exact), `p=${p} df=${d}`)).toBeLessThanOrEqual(32 * EPS);
  });
  it.each(grid.level.map((r) => [r.level, r.df, r.quantile] as const))(
    "tCentralQuantile(%s, df = %s)",
    (c, d, exact) => {
      expect(
        record("central quantile", relErr(tCentralQuantile(c, dfOf(d)), exact), `level=${c} df=${d}`),
      ).toBeLessThanOrEqual(32 * EPS);
    },
  );
});

describe("ln(Γ(a + ½)/(Γ(a)·√a)) against mpmath", () => {
  it.each(grid.a.map((r) => [r.a, r.lnScaledRatio] as const))("a = %s", (a, exact) => {
    expect(
      record("ln gamma ratio (abs)", Math.abs(logGammaRatioHalfScaled(a) - num(exact)), `a=${a}`),
    ).toBeLessThanOrEqual(16 * EPS);
  });
});

describe("why @stdlib alone is not enough (each would fail the tests above)", () => {
  const row = (t: number, d: Df) => grid.t.find((r) => r.t === t && r.df === d)!;
  it("t-cdf returns ½ for df = ∞, so ∞ is routed to the normal distribution", () => {
    expect(tcdf(-2, Infinity)).toBe(0.5);
    expect(relErr(tSf(2.5, Infinity), row(2.5, "inf").sf)).toBeLessThanOrEqual(tailTolerance(2.5, Infinity));
  });
  it("t-logcdf is ln(cdf): −∞ where P underflows (here ln P ≈ −804.6); tLogSf is finite and exact", () => {
    expect(tlogcdf(-40, 1e8)).toBe(-Infinity);
    expect(relErr(tLogSf(40, 1e8), row(40, 1e8).lnSf)).toBeLessThanOrEqual(tailTolerance(40, 1e8));
  });
  it("t-cdf near t = 0 loses digits for df = 1 (a = b = ½) and returns exactly ½ for huge df", () => {
    expect(relErr(tcdf(-1e-6, 1), row(1e-6, 1).sf)).toBeGreaterThan(1e-11);
    expect(relErr(tSf(1e-6, 1), row(1e-6, 1).sf)).toBeLessThanOrEqual(4 * EPS);
    expect(tcdf(-1e-12, 1e300)).toBe(0.5);
    expect(relErr(tSf(1e-12, 1e300), row(1e-12, 1e300).sf)).toBeLessThanOrEqual(4 * EPS);
  });
  it("t-quantile returns 0 near p = ½ and for df ≥ 1e17", () => {
    expect(tquantile(0.5 + 1e-12, 100)).toBe(0);
    expect(tquantile(0.975, 1e17)).toBe(0);
    expect(tQuantile(0.975, 1e17)).toBeCloseTo(1.959963984540054, 15);
  });
  it("two-sided p never reaches 0 above 1e-300 and tTwoSided ≤ 1", () => {
    expect(tTwoSided(37, 1e6)).toBeGreaterThan(0);
    expect(tTwoSided(0, 3)).toBe(1);
    expect(tLogTwoSided(0, 3)).toBe(0);
  });
});

describe("argument domain", () => {
  it("gives NaN for NaN arguments or df ≤ 0 and accepts 0 < df < 1", () => {
    for (const f of [tSf, tLogSf, tTwoSided, tLogTwoSided, tCentral]) {
      expect(f(Number.NaN, 3)).toBeNaN();
      expect(f(1, 0)).toBeNaN();
      expect(f(1, -2)).toBeNaN();
      expect(f(1, Number.NaN)).toBeNaN();
    }
    expect(tQuantile(1.5, 3)).toBeNaN();
    expect(tCentralQuantile(-0.1, 3)).toBeNaN();
    // df = 0.5: P(T > 2) = 0.2227574450915656155932987 (mpmath betainc, 30 digits).
    expect(Math.abs(tSf(2, 0.5) / 0.22275744509156561 - 1)).toBeLessThanOrEqual(1e-14);
    expect(tQuantile(0, 5)).toBe(-Infinity);
    expect(tQuantile(1, 5)).toBe(Infinity);
    expect(tCentralQuantile(1, 5)).toBe(Infinity);
    expect(tCentralQuantile(0, 5)).toBe(0);
  });
});
