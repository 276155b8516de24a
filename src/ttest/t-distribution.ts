/**
 * Tail probabilities of Student's t distribution, computed in the tail (never as 1 − cdf), with
 * logarithms that stay finite and accurate where the probability itself underflows.
 *
 * Method:
 * - P(T > t) for t ≥ 1 is ½·I_{ν/(ν+t²)}(ν/2, ½), which @stdlib's t-cdf evaluates at −t
 *   (Boost's incomplete beta); for t ≤ −1 it is 1 − P(T > |t|), where the subtraction loses
 *   nothing. For |t| < 1 it is ½·(1 ∓ P(|T| < |t|)) with the central probability from the
 *   positive series in `t-series.ts`: @stdlib loses up to 3·10⁻⁹ relative there
 *   (ν = 1, t = 10⁻⁸) and returns exactly ½ for ν = 10³⁰⁰, t = 10⁻¹².
 * - ν = ∞ is the standard normal (@stdlib's normal cdf/logcdf; its t-cdf returns ½ there), with
 *   erf(y) = 2y/√π·e^{−y²}·Σ (2y²)ⁿ/(1·3·…·(2n+1)) (A&S 7.1.6) for the central probability.
 *   For ν ≥ 10¹⁰ the central probability is the normal one plus its 1/ν term,
 *   P(|T| < t) = erf(t/√2) − φ(t)(t³ + t)/(2ν) + O(ν⁻²) (Fisher 1925; A&S 26.7.5 inverted).
 * - ln P(T > t): ln of the above while it is ≥ 10⁻³⁰⁰. Below, `logFarTailSeries` takes over:
 *   @stdlib's t-logcdf is only ln(cdf) and returns −∞ there (and 0 instead of −3·10⁻²⁰¹ at
 *   t = −10²⁰⁰, ν = 1, where t² overflows). ν = ∞ uses @stdlib's normal logcdf (erfcx based).
 *   For t ≤ −1 it is log1p(−P(T > |t|)).
 * - ln of the two-sided p = P(|T| ≥ |t|) near 1 is log1p(−P(|T| < |t|)), because
 *   ln(2·P(T > |t|)) cancels there.
 * @internal
 */
import ncdf from "@stdlib/stats-base-dists-normal-cdf";
import nlogcdf from "@stdlib/stats-base-dists-normal-logcdf";
import tcdf from "@stdlib/stats-base-dists-t-cdf";
import { logGammaRatioHalfScaled } from "./gamma-ratio.js";
import { logCentralSeries, logFarTailSeries } from "./t-series.js";

/** Below this a tail probability is taken from its logarithm (normal doubles end at 2.2e-308). */
const SMALLEST_TRUSTED_P = 1e-300;
/** From here on the central probability is the normal one plus its 1/ν term (error < 1e-19). */
const LARGE_DF = 1e10;
const LN_SQRT_2PI = 0.9189385332046728; // ½·ln 2π
const TWO_OVER_SQRT_PI = 1.1283791670955126;

function badArguments(t: number, df: number): boolean {
  return Number.isNaN(t) || !(df > 0);
}

/** erf(y) for 0 ≤ y ≲ 3 by the positive series A&S 7.1.6 (no cancellation). */
function erfSeries(y: number): number {
  const y2 = y * y;
  let term = 1;
  let sum = 1;
  for (let n = 0; n < 1000 && term > sum * 1e-17; n++) {
    term *= (2 * y2) / (2 * n + 3);
    sum += term;
  }
  return TWO_OVER_SQRT_PI * y * Math.exp(-y2) * sum;
}

/** The density of Student's t at t (df = Infinity: standard normal). */
export function tDensity(t: number, df: number): number {
  if (badArguments(t, df)) return Number.NaN;
  if (df === Infinity) return Math.exp(-0.5 * t * t - LN_SQRT_2PI);
  // f(0) = Γ((ν+1)/2)/(Γ(ν/2)·√(νπ)) = S(ν/2)/√(2π)
  return Math.exp(logGammaRatioHalfScaled(df / 2) - LN_SQRT_2PI - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/**
 * P(|T| < |t|), with full relative accuracy when it is small. Meant for |t| ≲ 2 (the cost of
 * the series grows like t²).
 */
export function tCentral(t: number, df: number): number {
  if (badArguments(t, df)) return Number.NaN;
  const at = Math.abs(t);
  if (at === 0) return 0;
  if (df === Infinity) return erfSeries(at / Math.SQRT2);
  if (df >= LARGE_DF) return erfSeries(at / Math.SQRT2) - (tDensity(at, Infinity) * at * (at * at + 1)) / (2 * df);
  return Math.exp(logCentralSeries(at, df));
}

/** P(T > t) for t ≥ 1 (stdlib), exact to its accuracy; no underflow handling. */
function upperTailRaw(t: number, df: number): number {
  return df === Infinity ? ncdf(-t, 0, 1) : tcdf(-t, df);
}

/** ln P(T > t) for t ≥ 1. */
function logUpperTail(t: number, df: number): number {
  if (df === Infinity) return nlogcdf(-t, 0, 1);
  const p = tcdf(-t, df);
  if (p >= SMALLEST_TRUSTED_P) return Math.log(p);
  const far = logFarTailSeries(t, df);
  return Number.isNaN(far) ? Math.log(p) : far;
}

/**
 * P(T > t), the upper tail (survival function) of Student's t with `df` > 0 degrees of freedom;
 * `df = Infinity` gives the standard normal. Relative accuracy ~1e-14 while the result is a
 * normal double (see docs/ttest-notes.md); below 1e-300 it is exp(tLogSf).
 */
export function tSf(t: number, df: number): number {
  if (badArguments(t, df)) return Number.NaN;
  if (Math.abs(t) < 1) {
    const half = tCentral(t, df) / 2;
    return t > 0 ? 0.5 - half : 0.5 + half;
  }
  const p = upperTailRaw(t, df);
  if (t > 0 && p < SMALLEST_TRUSTED_P) return Math.exp(logUpperTail(t, df));
  return p;
}

/** ln P(T > t), finite for every finite t. */
export function tLogSf(t: number, df: number): number {
  if (badArguments(t, df)) return Number.NaN;
  if (Math.abs(t) < 1) {
    const half = tCentral(t, df) / 2;
    return t > 0 ? Math.log(0.5 - half) : Math.log1p(2 * half) - Math.LN2;
  }
  if (t > 0) return logUpperTail(t, df);
  return Math.log1p(-tSf(-t, df));
}

/** P(|T| ≥ |t|), the two-sided p-value of a t statistic. */
export function tTwoSided(t: number, df: number): number {
  if (badArguments(t, df)) return Number.NaN;
  const at = Math.abs(t);
  if (at < 1) return 1 - tCentral(at, df);
  return Math.min(1, 2 * tSf(at, df));
}

/** ln P(|T| ≥ |t|), accurate both near 1 (small |t|) and far below 10⁻³⁰⁸. */
export function tLogTwoSided(t: number, df: number): number {
  if (badArguments(t, df)) return Number.NaN;
  const at = Math.abs(t);
  if (at === 0) return 0;
  if (at < 1) return Math.log1p(-tCentral(at, df));
  return Math.min(0, Math.LN2 + logUpperTail(at, df));
}
