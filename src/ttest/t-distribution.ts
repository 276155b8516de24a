/**
 * Tail probabilities of Student's t distribution, computed in the tail (never as 1 − cdf), with
 * logarithms that stay finite and accurate where the probability itself underflows.
 *
 * Method:
 * - P(T > t) for t > 0 is ½·I_{ν/(ν+t²)}(ν/2, ½), which @stdlib's t-cdf evaluates at −t
 *   (Boost's incomplete beta; measured ≤ 10⁻¹³ relative to mpmath, see docs/ttest-notes.md).
 *   For t ≤ 0 it is 1 − P(T > |t|), where the subtraction loses nothing.
 * - ν = ∞ is the standard normal (@stdlib's normal cdf/logcdf; its t-cdf returns ½ there).
 * - ln P(T > t): ln of the above while it is ≥ 10⁻³⁰⁰; below, @stdlib's t-logcdf is only
 *   ln(cdf) and returns −∞, so the tail is taken from the continued fraction of
 *   `logIncompleteBetaHalf` with every factor in logarithms. For t ≤ 0, @stdlib's
 *   t-logcdf(|t|) = log1p(−P(T > |t|)) is accurate.
 * - ln of the two-sided p = P(|T| ≥ |t|) near 1 (small |t|) is log1p(−P(|T| < |t|)) with the
 *   central probability I_{t²/(ν+t²)}(½, ν/2) from the same continued fraction (ν = ∞: the
 *   series erf(y) = 2y/√π·e^{−y²}·Σ (2y²)ⁿ/(1·3·…·(2n+1)), Abramowitz & Stegun 7.1.6), because
 *   ln(2·P(T > |t|)) would cancel there.
 * @internal
 */
import ncdf from "@stdlib/stats-base-dists-normal-cdf";
import nlogcdf from "@stdlib/stats-base-dists-normal-logcdf";
import tcdf from "@stdlib/stats-base-dists-t-cdf";
import tlogcdf from "@stdlib/stats-base-dists-t-logcdf";
import { logGammaRatioHalf } from "./gamma-ratio.js";
import { logIncompleteBetaHalf } from "./log-incomplete-beta.js";

/** Below this a tail probability is recomputed from its logarithm (normal doubles end at 2.2e-308). */
const SMALLEST_TRUSTED_P = 1e-300;
const LN_SQRT_2PI = 0.9189385332046728; // ½·ln 2π
const TWO_OVER_SQRT_PI = 1.1283791670955126;

function badArguments(t: number, df: number): boolean {
  return Number.isNaN(t) || !(df > 0);
}

/** ln P(T > t) for t > 0 far in the tail, from the continued fraction. */
function logFarTail(t: number, df: number): number {
  const w = (t * t) / df;
  if (w < 1e300) {
    return logIncompleteBetaHalf(df / 2, 0.5, 1 / (1 + w), -Math.log1p(w), -Math.log1p(1 / w)) - Math.LN2;
  }
  // x = ν/(ν + t²) ≈ 1/w, ln(1 − x) ≈ −1/w: both beyond double resolution.
  return logIncompleteBetaHalf(df / 2, 0.5, 0, Math.log(df) - 2 * Math.log(t), 0) - Math.LN2;
}

/** ln P(T > t) for t > 0. */
function logUpperTail(t: number, df: number): number {
  if (df === Infinity) return nlogcdf(-t, 0, 1);
  const p = tcdf(-t, df);
  return p >= SMALLEST_TRUSTED_P ? Math.log(p) : logFarTail(t, df);
}

/**
 * P(T > t), the upper tail (survival function) of Student's t with `df` > 0 degrees of freedom;
 * `df = Infinity` gives the standard normal.
 */
export function tSf(t: number, df: number): number {
  if (badArguments(t, df)) return Number.NaN;
  const p = df === Infinity ? ncdf(-t, 0, 1) : tcdf(-t, df);
  if (t > 0 && p < SMALLEST_TRUSTED_P) return Math.exp(logUpperTail(t, df));
  return p;
}

/** ln P(T > t), finite for every finite t. */
export function tLogSf(t: number, df: number): number {
  if (badArguments(t, df)) return Number.NaN;
  if (t > 0) return logUpperTail(t, df);
  return df === Infinity ? nlogcdf(-t, 0, 1) : tlogcdf(-t, df);
}

/** erf(y) for 0 ≤ y ≲ 3 by the everywhere-positive series A&S 7.1.6 (no cancellation). */
function erfSeries(y: number): number {
  const y2 = y * y;
  let term = 1;
  let sum = 1;
  for (let n = 0; n < 500 && term > sum * 1e-17; n++) {
    term *= (2 * y2) / (2 * n + 3);
    sum += term;
  }
  return TWO_OVER_SQRT_PI * y * Math.exp(-y2) * sum;
}

/**
 * P(|T| < t) for t ≥ 0 with full relative accuracy when it is small (use it below ~½).
 */
export function tCentral(t: number, df: number): number {
  if (badArguments(t, df)) return Number.NaN;
  if (t === 0) return 0;
  if (df === Infinity) return erfSeries(t / Math.SQRT2);
  const w = (t * t) / df;
  const logW = w > 0 ? Math.log(w) : 2 * Math.log(t) - Math.log(df);
  const log1pW = Math.log1p(w);
  return Math.exp(logIncompleteBetaHalf(0.5, df / 2, w / (1 + w), logW - log1pW, -log1pW));
}

/** The density of Student's t at t (df = Infinity: standard normal). */
export function tDensity(t: number, df: number): number {
  if (badArguments(t, df)) return Number.NaN;
  if (df === Infinity) return Math.exp(-0.5 * t * t - LN_SQRT_2PI);
  const logF0 = logGammaRatioHalf(df / 2) - 0.5 * Math.log(df * Math.PI);
  return Math.exp(logF0 - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/** P(|T| ≥ |t|), the two-sided p-value of a t statistic. */
export function tTwoSided(t: number, df: number): number {
  return Math.min(1, 2 * tSf(Math.abs(t), df));
}

/** ln P(|T| ≥ |t|), accurate both near 1 (small |t|) and far below 10⁻³⁰⁸. */
export function tLogTwoSided(t: number, df: number): number {
  if (badArguments(t, df)) return Number.NaN;
  const at = Math.abs(t);
  if (2 * tSf(at, df) > 0.9) return Math.log1p(-tCentral(at, df));
  return Math.LN2 + logUpperTail(at, df);
}
