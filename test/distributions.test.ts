/**
 * src/distributions against mpmath at 50 digits (test/fixtures/distributions.json, written by
 * scripts/fixtures/gen_distributions.py): Student's t with df from 1e-3 to 1e20 and ∞ (the normal),
 * |t| from 1e-300 to 1e300, and quantiles at levels from 2.2e-308 to 1 − 2⁻⁵³.
 *
 * Tolerances (ε = 2⁻⁵²). Each result is held to K·ε·(1 + κ) relative, where κ is the conditioning
 * stored with the reference: κ = |d ln P/d ln t| = |t|·f(t)/P for a probability P (≈ min(t², df) in a
 * tail), and κ = |d ln q/d ln r| for a quantile q computed from r, the smallest of p, 1 − p and
 * |p − ½| (the exact quantity the code starts from). The κ term is what the unavoidable rounding of
 * t² (or of ln(1 + t²/df), or of the level) costs; the constant term is the code's own rounding: the
 * tail is a product of about six rounded factors (prefix, power, Γ ratio, fraction or series sum,
 * each within 2 ulps as measured) — so K_TAIL = 16. A logarithm ℓ = ln P is held to
 * K·ε·(κ + 2|ℓ| + min(1, |ℓ|)) absolute: a relative error of P is an absolute error of ℓ (the last
 * term), a large logarithm is itself rounded (|ℓ|), and near P = 1, ℓ = log1p(−Q) is as accurate
 * relatively as the other tail Q, whose own κ_Q ≈ κ/|ℓ|. Quantiles solve an accurate function to 2⁻⁴⁰ and then stop with
 * an error below the cube of the last step, so they inherit the function's error divided by the
 * slope: K_QUANTILE = 16 on (1 + κ).
 * Below 1e-300 a probability is exp(ln P) (the doubles end at 2.2e-308): held to K·ε·(1 + κ + |ln P|).
 *
 * `DIST_REPORT=1 npx vitest run test/distributions.test.ts` prints the worst errors per function.
 */
import { readFileSync } from "node:fs";
import ncdf from "@stdlib/stats-base-dists-normal-cdf";
import nquantile from "@stdlib/stats-base-dists-normal-quantile";
import tcdf from "@stdlib/stats-base-dists-t-cdf";
import tquantile from "@stdlib/stats-base-dists-t-quantile";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalLogSf, normalSf } from "../src/distributions/normal.js";
import { normalQuantile } from "../src/distributions/normal-quantile.js";
import { tLogSf, tLogTwoSided, tSf, tTwoSided } from "../src/distributions/t-distribution.js";
import { tCentralQuantile, tQuantile } from "../src/distributions/t-quantile.js";
import { worstErrors } from "./support/worst-errors.js";

const EPS = 2 ** -52;
const K_TAIL = 16;
const K_QUANTILE = 16;
const SMALLEST_NORMAL = 2.2250738585072014e-308;

type Df = number | "inf";
interface TailRow {
  df: Df;
  t: number;
  sf: string;
  lnSf: string;
  sfNeg: string;
  lnSfNeg: string;
  p2: string;
  lnP2: string;
  kappa: string;
  kappaNeg: string;
}
interface QuantileRow {
  df: Df;
  p?: number;
  level?: number;
  q: string;
  kappa: string;
}
const fixture = JSON.parse(readFileSync(new URL("./fixtures/distributions.json", import.meta.url), "utf8")) as {
  tails: TailRow[];
  quantiles: QuantileRow[];
  centralQuantiles: QuantileRow[];
};

const dfOf = (d: Df): number => (d === "inf" ? Infinity : d);
const num = (s: string): number => (s === "inf" ? Infinity : s === "-inf" ? -Infinity : Number(s));

/** Records an error (in units of the tolerance's scale) and returns it. */
const record = worstErrors("DIST_REPORT", "worst relative errors of src/distributions vs mpmath (50 digits)", 34);

function relErr(got: number, exact: number): number {
  if (exact === 0 || !Number.isFinite(exact)) return got === exact ? 0 : Infinity;
  return Math.abs(got - exact) / Math.abs(exact);
}

/** Checks a probability against its reference and returns nothing; records its relative error. */
function checkProbability(
  what: string,
  got: number,
  exactText: string,
  lnExactText: string,
  kappa: number,
  at: string,
) {
  const exact = num(exactText);
  const lnExact = num(lnExactText);
  expect(got, `${at} ${what}: a probability`).toBeGreaterThanOrEqual(0);
  expect(got).toBeLessThanOrEqual(1);
  if (exact >= 1e-300) {
    const err = record(what, relErr(got, exact), at);
    record(`${what} in ε(1 + κ)`, err / (EPS * (1 + kappa)), at);
    expect(err, `${at} ${what}`).toBeLessThanOrEqual(K_TAIL * EPS * (1 + kappa));
  } else if (exact >= SMALLEST_NORMAL) {
    const err = record(`${what} (1e-308 < p < 1e-300)`, relErr(got, exact), at);
    expect(err, `${at} ${what}`).toBeLessThanOrEqual(K_TAIL * EPS * (1 + kappa + Math.abs(lnExact)));
  } else if (exact >= 1e-320) {
    expect(got, `${at} ${what}: not 0 while representable`).toBeGreaterThan(0);
  }
}

function checkLog(what: string, got: number, lnExactText: string, kappa: number, at: string) {
  const lnExact = num(lnExactText);
  if (!Number.isFinite(lnExact) || Math.abs(lnExact) > 1.7e308) {
    expect(got, `${at} ${what}: beyond the doubles`).toBe(-Infinity);
    return;
  }
  if (lnExact === 0 || Math.abs(lnExact) < 1e-300) {
    expect(Math.abs(got), `${at} ${what}`).toBeLessThanOrEqual(1e-300);
    return;
  }
  expect(Number.isNaN(got), `${at} ${what}: NaN`).toBe(false);
  const abs = Math.abs(got - lnExact);
  record(what, abs / Math.abs(lnExact), at);
  const size = Math.abs(lnExact);
  record(`${what} in ε(κ + 2|ℓ| + min(1, |ℓ|))`, abs / (EPS * (kappa + 2 * size + Math.min(1, size))), at);
  expect(abs, `${at} ${what}`).toBeLessThanOrEqual(K_TAIL * EPS * (kappa + 2 * size + Math.min(1, size)));
}

describe("Student t tails against mpmath", () => {
  it.each(fixture.tails.map((r) => [r.t, r.df, r] as const))("t = ±%s, df = %s", (t, d, row) => {
    const df = dfOf(d);
    const kappa = num(row.kappa);
    const kappaNeg = num(row.kappaNeg);
    const at = `t=${t} df=${d}`;
    const atNeg = `t=${-t} df=${d}`;
    checkProbability("sf", tSf(t, df), row.sf, row.lnSf, kappa, at);
    checkProbability("sf", tSf(-t, df), row.sfNeg, row.lnSfNeg, kappaNeg, atNeg);
    checkLog("ln sf", tLogSf(t, df), row.lnSf, kappa, at);
    checkLog("ln sf", tLogSf(-t, df), row.lnSfNeg, kappaNeg, atNeg);
    for (const s of [t, -t]) {
      checkProbability("two-sided", tTwoSided(s, df), row.p2, row.lnP2, kappa, at);
      checkLog("ln two-sided", tLogTwoSided(s, df), row.lnP2, kappa, at);
    }
    if (df === Infinity) {
      expect(normalSf(t)).toBe(tSf(t, df));
      expect(normalSf(-t)).toBe(tSf(-t, df));
      expect(normalLogSf(t)).toBe(tLogSf(t, df));
    }
  });
});

describe("the gap to @stdlib (the peer this code replaced), measured on the same grid", () => {
  // Not a pass/fail of @stdlib: its worst errors are recorded beside ours for the report, and ours must
  // be within our tolerance wherever @stdlib is (checked above); here we only assert that the grid
  // holds cases where @stdlib is off by more than 1e-12 relative and we are not.
  it("tails and quantiles", () => {
    let worse = 0;
    for (const r of fixture.tails) {
      const df = dfOf(r.df);
      const exact = num(r.sf);
      if (r.t === 0 || exact < 1e-300) continue;
      const theirs = relErr(df === Infinity ? ncdf(-r.t, 0, 1) : tcdf(-r.t, df), exact);
      record("@stdlib sf (t-cdf(-t), normal-cdf)", theirs, `t=${r.t} df=${r.df}`);
      if (theirs > 1e-12 && relErr(tSf(r.t, df), exact) < 1e-12) worse++;
    }
    for (const r of fixture.quantiles) {
      const exact = num(r.q);
      if (!Number.isFinite(exact) || exact === 0) continue;
      const df = dfOf(r.df);
      const theirs = relErr(df === Infinity ? nquantile(r.p!, 0, 1) : tquantile(r.p!, df), exact);
      record("@stdlib quantile", theirs, `p=${r.p} df=${r.df}`);
      if (theirs > 1e-12 && relErr(tQuantile(r.p!, df), exact) < 1e-12) worse++;
    }
    expect(worse).toBeGreaterThan(0);
  });
});

function checkQuantile(what: string, got: number, row: QuantileRow, at: string) {
  const exact = num(row.q);
  if (!Number.isFinite(exact) || exact === 0) {
    expect(got, `${at} ${what}`).toBe(exact);
    return;
  }
  const err = record(what, relErr(got, exact), at);
  record(`${what} in ε(1 + κ)`, err / (EPS * (1 + num(row.kappa))), at);
  expect(err, `${at} ${what}`).toBeLessThanOrEqual(K_QUANTILE * EPS * (1 + num(row.kappa)));
}

describe("quantiles against mpmath", () => {
  it.each(fixture.quantiles.map((r) => [r.p!, r.df, r] as const))("tQuantile(%s, df = %s)", (p, d, row) => {
    checkQuantile("tQuantile", tQuantile(p, dfOf(d)), row, `p=${p} df=${d}`);
    if (d === "inf") checkQuantile("normalQuantile", normalQuantile(p), row, `p=${p}`);
  });
  it.each(fixture.centralQuantiles.map((r) => [r.level!, r.df, r] as const))(
    "tCentralQuantile(%s, df = %s)",
    (level, d, row) => {
      checkQuantile("tCentralQuantile", tCentralQuantile(level, dfOf(d)), row, `level=${level} df=${d}`);
    },
  );
});

describe("hostile arguments (fast-check)", () => {
  const df = fc.oneof(
    fc.double({ min: 1e-3, max: 1e20, noNaN: true }),
    fc.constantFrom(1e-3, 0.5, 1, 2, 30, 1e10, 1e16, 1e300, Infinity),
  );
  const t = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.double({ min: -50, max: 50, noNaN: true }),
  );
  it("no NaN and no probability outside [0, 1] from finite t and df > 0", () => {
    fc.assert(
      fc.property(t, df, (x, d) => {
        for (const v of [tSf(x, d), tTwoSided(x, d)]) expect(v >= 0 && v <= 1, `${x} ${d}: ${v}`).toBe(true);
        for (const v of [tLogSf(x, d), tLogTwoSided(x, d)]) expect(v <= 0, `${x} ${d}: ${v}`).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
  it("sf is non-increasing in t, and sf(t) + sf(−t) = 1", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -60, max: 60, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        df,
        (x, h, d) => {
          expect(tSf(x + h, d)).toBeLessThanOrEqual(tSf(x, d) * (1 + 64 * EPS));
          expect(Math.abs(tSf(x, d) + tSf(-x, d) - 1)).toBeLessThanOrEqual(4 * EPS);
        },
      ),
      { numRuns: 2000 },
    );
  });
  it("quantiles are finite or ±∞, never NaN, and increase with p; sf(quantile(p)) returns p", () => {
    const p = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 1e-300, max: 1e-3, noNaN: true }));
    fc.assert(
      fc.property(p, p, df, (p1, p2, d) => {
        const [lo, hi] = p1 < p2 ? [p1, p2] : [p2, p1];
        const q1 = tQuantile(lo, d);
        const q2 = tQuantile(hi, d);
        expect(Number.isNaN(q1) || Number.isNaN(q2), `${lo} ${hi} ${d}`).toBe(false);
        // increasing up to the quantile's own rounding (a few ulps): levels closer than that, e.g. 1e-300 and
        // 1.0000000000000014e-300 at df 71.5, have quantiles 0.2 ulp apart and may come out 1 ulp inverted
        expect(q1).toBeLessThanOrEqual(Number.isFinite(q2) ? q2 + 4 * EPS * Math.abs(q2) : q2);
        const level = hi - lo;
        expect(Number.isNaN(tCentralQuantile(level, d))).toBe(false);
        // round trip where the tail is well conditioned (|q| moderate, p not tiny)
        if (lo > 1e-290 && Number.isFinite(q1) && Math.abs(q1) > 1 && Math.abs(q1) < 1e10 && lo < 0.25) {
          expect(Math.abs(tSf(-q1, d) / lo - 1), `${lo} ${d}`).toBeLessThanOrEqual(1e-12 * (1 + Math.min(d, q1 * q1)));
        }
      }),
      { numRuns: 1500 },
    );
  });
});
