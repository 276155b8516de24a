/**
 * The non-central t distribution with ν > 0 degrees of freedom and noncentrality δ: P(T > t) and
 * P(T ≤ t), for power analysis.
 *
 * Method: Lenth's series (1989, AS 243, Applied Statistics 38:185) written for the upper tail. For
 * t ≥ 0, with x = t²/(t² + ν), y = ν/(t² + ν), Poisson weights pⱼ = e^{−δ²/2}(δ²/2)^j/j! and
 * qⱼ = δ·e^{−δ²/2}(δ²/2)^j/(√2·Γ(j + 3/2)),
 *   P(T ≤ t) = Φ(−δ) + ½·Σⱼ [pⱼ·I_x(j + ½, ν/2) + qⱼ·I_x(j + 1, ν/2)]   (Lenth),
 * and, since Σpⱼ = 1 and ½Σqⱼ = Φ(δ) − ½ (the value at t = ∞),
 *   P(T > t) = ½·Σⱼ [pⱼ·I_y(ν/2, j + ½) + qⱼ·I_y(ν/2, j + 1)],
 * whose terms are all positive for δ ≥ 0: the upper tail keeps its relative accuracy however small
 * it is. The complements I_y(ν/2, a) = 1 − I_x(a, ν/2) are computed directly (`incompleteBeta`) at the
 * first index that matters and then by the forward recurrence I_y(ν/2, a + 1) = I_y(ν/2, a) +
 * x^a y^{ν/2}/(a·B(a, ν/2)) (DLMF 8.17.20; additions only). The sum runs from the Poisson mode
 * δ²/2 ∓ 10√(δ²/2) + 10 (the weights outside are below 10⁻²⁰ of the largest) until the weights fall
 * below 10⁻¹⁸ of the sum. t < 0: P(T > t) = 1 − P(T > −t) with −δ; for δ < 0 (or t < 0, δ > 0, the tail
 * on the far side of δ) the series alternates and the result has absolute accuracy ~10⁻¹⁶ rather than
 * relative.
 * @internal
 */
import { BatchStatsError } from "../errors.js";
import { logBetaFactor } from "./beta-prefactor.js";
import { incompleteBeta } from "./incomplete-beta.js";
import { logGamma } from "./log-gamma.js";
import { nctLogTailQuadrature } from "./noncentral-t-quadrature.js";
import { normalSf } from "./normal.js";
import { tSf } from "./t-distribution.js";

const LN_SQRT2 = 0.34657359027997264;

/** ½·Σ [pⱼ I_y(ν/2, j + ½) + qⱼ I_y(ν/2, j + 1)] for t ≥ 0: P(T > t). */
function upperSeries(t: number, df: number, delta: number): number {
  const t2 = t * t;
  let x: number;
  let y: number;
  if (t2 > df) {
    const r = df / t2;
    x = 1 / (1 + r);
    y = r / (1 + r);
  } else {
    const r = t2 / df;
    x = r / (1 + r);
    y = 1 / (1 + r);
  }
  const b = df / 2;
  const lambda = (delta * delta) / 2;
  const root = Math.sqrt(lambda);
  const jStart = Math.max(0, Math.floor(lambda - 10 * root - 10));
  const sign = delta < 0 ? -1 : 1;
  // weights at jStart, in logarithms
  const lnP = -lambda + (jStart === 0 ? 0 : jStart * Math.log(lambda) - logGamma(jStart + 1));
  const lnQ =
    -lambda +
    Math.log(Math.abs(delta)) -
    LN_SQRT2 +
    (jStart === 0 ? 0 : jStart * Math.log(lambda)) -
    logGamma(jStart + 1.5);
  let p = Math.exp(lnP);
  let q = lambda === 0 ? 0 : sign * Math.exp(lnQ);
  // complements at a = jStart + ½ and jStart + 1, and the recurrence increments
  let aHalf = jStart + 0.5;
  let aOne = jStart + 1;
  let cHalf = incompleteBeta(x, y, aHalf, b)[1];
  let cOne = incompleteBeta(x, y, aOne, b)[1];
  let incHalf = x === 0 ? 0 : Math.exp(logBetaFactor(aHalf, b, x, y) - Math.log(aHalf));
  let incOne = x === 0 ? 0 : Math.exp(logBetaFactor(aOne, b, x, y) - Math.log(aOne));
  let sum = 0;
  for (let j = jStart; j < jStart + 10_000_000; j++) {
    const term = p * cHalf + q * cOne;
    sum += term;
    if (j > lambda && Math.abs(p) + Math.abs(q) <= 1e-18 * Math.abs(sum)) break;
    if (p === 0 && q === 0 && j > lambda) break;
    // next j
    cHalf += incHalf;
    cOne += incOne;
    incHalf *= (x * (aHalf + b)) / (aHalf + 1);
    incOne *= (x * (aOne + b)) / (aOne + 1);
    aHalf += 1;
    aOne += 1;
    p *= lambda / (j + 1);
    q *= lambda / (j + 1.5);
  }
  return Math.min(1, Math.max(0, 0.5 * sum));
}

/**
 * An upper bound on P(T ≤ t) for t ≥ 0 and δ > 0, where the series would need ~20√(δ²/2) terms:
 * P(Z + δ ≤ t·W) ≤ Φ(−δ/2) + P(t·W ≥ δ/2), W = √(χ²_ν/ν), with the Chernoff bound
 * P(χ²_ν ≥ ν·u²) ≤ (u²·e^{1 − u²})^{ν/2} for u = δ/(2t) > 1. Where it is below 2⁻⁶⁰ the tail is settled
 * to double precision (P(T > t) rounds to 1).
 */
function farSideBound(t: number, df: number, delta: number): number {
  const half = normalSf(delta / 2);
  if (t === 0) return half;
  const u = delta / (2 * t);
  if (!(u > 1)) return 1;
  const u2 = u * u;
  // (u² overflows for δ/t beyond 1e154: the bound is then 0 for any ν)
  const lnChernoff = Number.isFinite(u2) ? (df / 2) * (Math.log(u2) + 1 - u2) : -Infinity;
  return half + Math.exp(lnChernoff);
}

/** A tail below this is 1 − (the other tail) rounded to 1. */
const SETTLED = 8.673617379884035e-19; // 2^-60
/** A probability below this rounds to 0 (half the smallest subnormal, 2⁻¹⁰⁷⁴). */
// biome-ignore lint/style/useExponentiationOperator: a pure call, which a bundler drops when unused (it keeps `2 ** k`)
const UNDERFLOW = /* @__PURE__ */ Math.pow(2, -1076);
/** Lenth's series is used for 0 ≤ δ ≤ this (about 14·δ terms); beyond, the quadrature. */
const SERIES_MAX_DELTA = 40;

function badArguments(t: number, df: number, delta: number): boolean {
  return Number.isNaN(t) || !(df > 0) || Number.isNaN(delta);
}

/** P(T > t) in the limit δ → ±∞ (T → ±∞ almost surely): 1 or 0 for finite t. */
function infiniteDeltaSf(t: number, delta: number): number {
  if (t === Infinity) return 0;
  if (t === -Infinity) return 1;
  return delta > 0 ? 1 : 0;
}

/** The quadrature's tail as a probability. */
function quadratureTail(t: number, df: number, delta: number, upper: boolean): number {
  return Math.exp(nctLogTailQuadrature(t, df, delta, upper));
}

/**
 * P(T > t) (upper) or P(T ≤ t) for t > 0, df finite, δ ≠ 0: Lenth's series for the upper tail when
 * 0 < δ ≤ 40 (and the lower tail as 1 − it while that is ≥ ½), the quadrature otherwise, after the
 * bounds that settle a tail to double rounding (1, or 0 below the subnormals).
 */
function positiveT(t: number, df: number, delta: number, upper: boolean): number {
  if (delta > 0) {
    // the lower side is at most the bound: the upper tail rounds to 1 below 2⁻⁶⁰, the lower to 0
    const bound = farSideBound(t, df, delta);
    if (bound <= UNDERFLOW) return upper ? 1 : 0;
    if (upper && bound <= SETTLED) return 1;
    if (delta <= SERIES_MAX_DELTA) {
      const sf = upperSeries(t, df, delta);
      if (upper) return sf;
      if (sf <= 0.5) return 1 - sf;
      return quadratureOr(t, df, delta, upper, () => 1 - sf);
    }
    return quadratureTail(t, df, delta, upper);
  }
  // δ < 0: the upper tail is at most Φ(δ)
  const bound = normalSf(-delta);
  if (bound <= UNDERFLOW) return upper ? 0 : 1;
  if (!upper && bound <= SETTLED) return 1;
  if (-delta > SERIES_MAX_DELTA) return quadratureTail(t, df, delta, upper);
  return quadratureOr(t, df, delta, upper, () => {
    const sf = upperSeries(t, df, delta);
    return upper ? sf : 1 - sf;
  });
}

/**
 * The quadrature's tail, or for |δ| ≤ 40 where it does not settle (ν < 1 or between 100 and 200 with
 * t ≪ 1, a far-side tail next to a bound) Lenth's series with its absolute accuracy ~10⁻¹⁶.
 */
function quadratureOr(t: number, df: number, delta: number, upper: boolean, series: () => number): number {
  try {
    return quadratureTail(t, df, delta, upper);
  } catch (error) {
    if (error instanceof BatchStatsError && error.code === "E_NO_CONVERGENCE") return series();
    throw error;
  }
}

/**
 * Whether N(δ, 1) gives the tails at t to double rounding: T = (Z + δ)/W with W = √(χ²_ν/ν) =
 * 1 + O(1/√(2ν)), so P(T > t) = P(Z − t(W − 1) > t − δ), a normal tail at z = t − δ of variance
 * 1 + t²/(2ν) shifted by t/(4ν): relative change ≈ z²t²/(4ν) + |z|t/(4ν), below 2⁻⁶⁴ when
 * t²(1 + z²) < ν·2⁻⁶⁴. Only used from ν ≥ 2⁶⁰, where the series' cancellation on the far side would
 * otherwise cost digits (its absolute accuracy ~10⁻¹⁶ loses a tail of 10⁻⁶ at some ν near 2e40).
 */
function normalLimit(t: number, df: number, delta: number): boolean {
  const z = t - delta;
  return df === Infinity || (df >= 2 ** 60 && t * t * (1 + z * z) < df * 2 ** -64);
}

/** P(T > t) for T ~ non-central t(df, δ). df = Infinity gives the normal Q(t − δ). */
export function nctSf(t: number, df: number, delta: number): number {
  if (badArguments(t, df, delta)) return Number.NaN;
  if (!Number.isFinite(delta)) return infiniteDeltaSf(t, delta);
  if (normalLimit(t, df, delta)) return normalSf(t - delta);
  if (delta === 0) return tSf(t, df);
  if (t === Infinity) return 0;
  if (t === -Infinity) return 1;
  if (t === 0) return normalSf(-delta);
  // P(T > t) = P(−T < −t), −T ~ non-central t(df, −δ)
  return t > 0 ? positiveT(t, df, delta, true) : positiveT(-t, df, -delta, false);
}

/** P(T ≤ t) for T ~ non-central t(df, δ). */
export function nctCdf(t: number, df: number, delta: number): number {
  if (badArguments(t, df, delta)) return Number.NaN;
  if (!Number.isFinite(delta)) return 1 - infiniteDeltaSf(t, delta);
  if (normalLimit(t, df, delta)) return normalSf(delta - t);
  if (delta === 0) return tSf(-t, df);
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  if (t === 0) return normalSf(delta);
  return t > 0 ? positiveT(t, df, delta, false) : positiveT(-t, df, -delta, true);
}
