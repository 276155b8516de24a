/**
 * The standard normal distribution: density, upper tail Q(z) = P(Z > z) and its logarithm, and the
 * central probability P(|Z| < z), each with relative accuracy (never 1 − Φ in a tail).
 *
 * Method: Q(z) = ½·erfc(z/√2).
 * - |z| < √2: Q = ½ ∓ ½·erf(|z|/√2) by the positive series (Q ≥ 0.078 there, so the subtraction
 *   costs at most a factor 5.4 of an ulp).
 * - z ≥ √2: Q = ½·e^{−z²/2}·erfcx(z/√2). e^{−z²/2} is formed as e^{−h²/2}·e^{−(z − h)(z + h)/2} with h
 *   the leading 24 bits of z, so h² is exact and the large exponent is not rounded (Cody's device in
 *   R's pnorm); the result keeps its accuracy down to the subnormals.
 * - z ≤ −√2: 1 − Q(|z|), which loses nothing.
 * - ln Q(z) = −ln 2 − z²/2 + ln erfcx(z/√2), finite up to |z| ≈ 1.3·10¹⁵⁴ (beyond, ln Q < −1.8·10³⁰⁸).
 * @internal
 */
import { erfSeries, erfcx } from "./error-function.js";

const INV_SQRT_2PI = 0.3989422804014327; // 1/√(2π)
const SQRT2 = Math.SQRT2;

/** e^{−z²/2} rounded once more than exp itself (the exponent is split so that h² is exact). */
export function expHalfSquare(z: number): number {
  const a = Math.abs(z);
  if (Number.isNaN(a)) return Number.NaN;
  if (a >= 39) return 0; // e^{−760} is below the subnormals
  const h = Math.fround(a);
  return Math.exp(-0.5 * h * h) * Math.exp(-0.5 * (a - h) * (a + h));
}

/** The standard normal density φ(z). */
export function normalDensity(z: number): number {
  return INV_SQRT_2PI * expHalfSquare(z);
}

/** P(|Z| < z) for z ≥ 0 (relative accuracy; meant for z ≲ 3, where it is the series). */
export function normalCentral(z: number): number {
  const a = Math.abs(z);
  if (a < 3) return erfSeries(a / SQRT2);
  return 1 - 2 * normalSf(a);
}

/** Q(z) = P(Z > z), the standard normal upper tail. */
export function normalSf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  const a = Math.abs(z);
  if (a < SQRT2) {
    const half = erfSeries(a / SQRT2) / 2;
    return z > 0 ? 0.5 - half : 0.5 + half;
  }
  const upper = 0.5 * expHalfSquare(a) * erfcx(a / SQRT2);
  return z > 0 ? upper : 1 - upper;
}

/** ln Q(z), finite for every z with z² < 1.8·10³⁰⁸. */
export function normalLogSf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  if (z < SQRT2) return z > -SQRT2 ? Math.log(normalSf(z)) : Math.log1p(-normalSf(-z));
  return -Math.LN2 - 0.5 * z * z + Math.log(erfcx(z / SQRT2));
}

/**
 * ln Q(z) and the hazard φ(z)/Q(z) for z ≥ 0 (for Newton's method on the tail), without underflow.
 * @returns [ln Q(z), φ(z)/Q(z)]
 */
export function normalLogSfAndHazard(z: number): [number, number] {
  if (z < SQRT2) {
    const q = normalSf(z);
    return [Math.log(q), normalDensity(z) / q];
  }
  const e = erfcx(z / SQRT2);
  // φ/Q = (e^{−z²/2}/√(2π))/(½·e^{−z²/2}·erfcx) = √(2/π)/erfcx
  return [-Math.LN2 - 0.5 * z * z + Math.log(e), (2 * INV_SQRT_2PI) / e];
}
