/**
 * Tail probabilities of Student's t distribution, computed in the tail (never as 1 − cdf), with
 * logarithms that stay finite and accurate where the probability itself underflows.
 * ν = df > 0 (fractional allowed); df = Infinity is the standard normal.
 *
 * Method:
 * - |t| < 1: ½·(1 ∓ P(|T| < |t|)) with the central probability from the positive series in
 *   `t-series.ts` (full relative accuracy near t = 0, where an incomplete beta in x = ν/(ν + t²)
 *   loses digits: ν = 1, t = 10⁻⁸ would cost 3·10⁻⁹). For ν ≥ 10¹⁰ it is the normal one plus its
 *   1/ν term, P(|T| < t) = erf(t/√2) − φ(t)(t³ + t)/(2ν) + O(ν⁻²) (Fisher 1925; A&S 26.7.5 inverted).
 * - t ≥ 1: P(T > t) = ½·I_x(ν/2, ½) from `t-tail.ts` (continued fraction, or the large-ν expansion);
 *   t ≤ −1: 1 − P(T > |t|), where the subtraction loses nothing.
 * - ν = ∞: `normal.ts` (erfcx based).
 * - ln P(T > t): ln of the above while P ≥ 10⁻³⁰⁵; below, `logFarTailSeries` (`t-series.ts`), exact to a
 *   few ulps of |ln P| for any ν. For t ≤ −1 it is log1p(−P(T > |t|)).
 * - ln of the two-sided p = P(|T| ≥ |t|) near 1 is log1p(−P(|T| < |t|)), because ln(2·P(T > |t|))
 *   cancels there: for |t| < 1, and for ν ≤ 0.1 at any t while P(|T| < |t|) < ½
 *   (`t-central-small-df.ts`; ν = 10⁻³ keeps p > ½ up to t ≈ 10¹⁵⁰).
 * @internal
 */
import { logGammaRatioHalfScaled } from "./gamma-ratio.js";
import { normalCentral, normalDensity, normalLogSf, normalSf } from "./normal.js";
import { SMALL_DF, tCentralSmallDf } from "./t-central-small-df.js";
import { tUpperTail } from "./t-tail.js";
import { centralSeries, logFarTailSeries } from "./t-series.js";

/**
 * Below this a tail probability is taken from its logarithm (normal doubles end at 2.2e-308; above,
 * every factor of the direct product is itself a normal double).
 */
const SMALLEST_TRUSTED_P = 1e-305;
/** From here on the central probability is the normal one plus its 1/ν term (error < 1e-19). */
const LARGE_DF = 1e10;
const LN_SQRT_2PI = 0.9189385332046728; // ½·ln 2π

function badArguments(t: number, df: number): boolean {
  return Number.isNaN(t) || !(df > 0);
}

/** The density of Student's t at t (df = Infinity: standard normal). */
export function tDensity(t: number, df: number): number {
  if (badArguments(t, df)) return Number.NaN;
  if (df === Infinity) return normalDensity(t);
  // f(0) = Γ((ν+1)/2)/(Γ(ν/2)·√(νπ)) = S(ν/2)/√(2π)
  return Math.exp(logGammaRatioHalfScaled(df / 2) - LN_SQRT_2PI - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/**
 * P(|T| < |t|), with full relative accuracy when it is small. Meant for |t| ≲ 2 (the cost of
 * the series grows like t²), and for every t when ν ≤ 0.1 (`t-central-small-df.ts` for t² ≥ ν).
 */
export function tCentral(t: number, df: number): number {
  if (badArguments(t, df)) return Number.NaN;
  const at = Math.abs(t);
  if (at === 0) return 0;
  if (df <= SMALL_DF && at * at >= df) return tCentralSmallDf(at, df);
  if (df === Infinity) return normalCentral(at);
  if (df >= LARGE_DF) return normalCentral(at) - (normalDensity(at) * at * (at * at + 1)) / (2 * df);
  return centralSeries(at, df);
}

/** P(T > t) for t ≥ 1, without underflow handling. */
function upperTailRaw(t: number, df: number): number {
  return df === Infinity ? normalSf(t) : tUpperTail(t, df);
}

/** ln P(T > t) for t ≥ 1. */
function logUpperTail(t: number, df: number): number {
  if (df === Infinity) return normalLogSf(t);
  const p = tUpperTail(t, df);
  if (p >= SMALLEST_TRUSTED_P) return Math.log(p);
  return logFarTailSeries(t, df);
}

/**
 * P(T > t), the upper tail (survival function) of Student's t with `df` > 0 degrees of freedom;
 * `df = Infinity` gives the standard normal. Relative accuracy ~1e-14 while the result is a
 * normal double (see docs/ttest-notes.md); below 1e-305 it is exp(tLogSf).
 */
export function tSf(t: number, df: number): number {
  if (badArguments(t, df)) return Number.NaN;
  if (Math.abs(t) < 1) {
    const half = tCentral(t, df) / 2;
    return t > 0 ? 0.5 - half : 0.5 + half;
  }
  const p = upperTailRaw(Math.abs(t), df);
  if (t < 0) return 1 - p;
  if (p < SMALLEST_TRUSTED_P) return Math.exp(logUpperTail(t, df));
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
  return Math.log1p(-upperTailRaw(-t, df));
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
  if (df <= SMALL_DF) {
    const central = tCentralSmallDf(at, df);
    if (central < 0.5) return Math.log1p(-central);
  }
  return Math.min(0, Math.LN2 + logUpperTail(at, df));
}
