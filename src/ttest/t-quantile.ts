/**
 * Quantiles of Student's t distribution, for confidence intervals.
 *
 * Method:
 * - Tails (p ≤ ¼ or ≥ ¾): @stdlib's t-quantile (Boost's inverse incomplete beta; ≤ 5·10⁻¹⁶
 *   relative to mpmath on our grid, docs/ttest-notes.md). It returns 0 for ν ≥ ~10¹⁶, so for
 *   ν ≥ 10¹⁰ the Cornish–Fisher expansion about the normal quantile z is used instead
 *   (Abramowitz & Stegun 26.7.5): t = z + (z³ + z)/(4ν) + (5z⁵ + 16z³ + 3z)/(96ν²) + O(ν⁻³);
 *   the omitted term is below 10⁻²⁸ there. ν = ∞ is @stdlib's normal quantile after one Newton
 *   step on @stdlib's normal cdf (the quantile alone is off by 2·10⁻⁹ at p = 10⁻¹⁰).
 * - Centre (¼ < p < ¾, or a central level below ½): @stdlib's t-quantile returns 0 when p is
 *   within ~10⁻⁶ of ½, and p = ½ + level/2 would round level anyway. The quantile is solved by
 *   Newton's method on the central probability P(|T| < t) = level, computed to full relative
 *   accuracy by `tCentral`; it is concave in t, so the iteration converges monotonically.
 * @internal
 */
import ncdf from "@stdlib/stats-base-dists-normal-cdf";
import nquantile from "@stdlib/stats-base-dists-normal-quantile";
import tquantile from "@stdlib/stats-base-dists-t-quantile";
import { tCentral, tDensity } from "./t-distribution.js";

/** From here on @stdlib's t-quantile is replaced by the expansion about the normal. */
const LARGE_DF = 1e10;
const EPS = 2 ** -52;

/** Cornish–Fisher correction of a normal quantile z for ν ≥ LARGE_DF degrees of freedom. */
function cornishFisher(z: number, df: number): number {
  const z2 = z * z;
  return z + (z * (z2 + 1)) / (4 * df) + (z * ((5 * z2 + 16) * z2 + 3)) / (96 * df * df);
}

/**
 * The normal quantile for p ≤ ¼ or p ≥ ¾, polished by one Newton step on the lower tail
 * (@stdlib's normal quantile is off by 2·10⁻⁹ relative at p = 10⁻¹⁰; its cdf is accurate there).
 */
function normalTailQuantile(p: number): number {
  if (p > 0.5) return -normalTailQuantile(1 - p); // exact (Sterbenz)
  const z = nquantile(p, 0, 1);
  if (!Number.isFinite(z)) return z;
  return z - (ncdf(z, 0, 1) - p) / tDensity(z, Infinity);
}

/** Lower-tail quantile away from the centre (p ≤ ¼ or p ≥ ¾). */
function tailQuantile(p: number, df: number): number {
  if (df === Infinity) return normalTailQuantile(p);
  if (df >= LARGE_DF) return cornishFisher(normalTailQuantile(p), df);
  return tquantile(p, df);
}

/** t with P(|T| < t) = level for 0 < level < ½ (Newton on the central probability). */
function centralNewton(level: number, df: number): number {
  const p = 0.5 + level / 2; // rounded: only the starting point
  const start = df >= LARGE_DF ? nquantile(p, 0, 1) : tquantile(p, df);
  let t = start > 0 && Number.isFinite(start) ? start : level / (2 * tDensity(0, df));
  for (let i = 0; i < 50; i++) {
    const step = (tCentral(t, df) - level) / (2 * tDensity(t, df));
    t -= step;
    if (Math.abs(step) <= EPS * t) break;
  }
  return t;
}

/**
 * The t ≥ 0 with P(|T| ≤ t) = level: the multiplier of the standard error in a two-sided
 * confidence interval at confidence `level` (0.95 → 1.96 for ν = ∞).
 */
export function tCentralQuantile(level: number, df: number): number {
  if (Number.isNaN(level) || !(df > 0) || level < 0 || level > 1) return Number.NaN;
  if (level === 0) return 0;
  if (level === 1) return Infinity;
  // 1 − level is exact for level ≥ ½ (Sterbenz), and halving is exact.
  if (level >= 0.5) return -tailQuantile((1 - level) / 2, df);
  return centralNewton(level, df);
}

/** The lower-tail quantile: the t with P(T ≤ t) = p. */
export function tQuantile(p: number, df: number): number {
  if (Number.isNaN(p) || !(df > 0) || p < 0 || p > 1) return Number.NaN;
  const delta = p - 0.5; // exact for p ≥ ¼ (Sterbenz)
  if (Math.abs(delta) < 0.25) {
    const q = tCentralQuantile(2 * Math.abs(delta), df);
    return delta < 0 ? -q : q;
  }
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  return tailQuantile(p, df);
}
