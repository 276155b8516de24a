/**
 * The factors x^a·y^b/B(a, b) (y = 1 − x) and x^a/(a·B(a, b)) that lead every representation of the
 * incomplete beta function, in logarithms (no under- or overflow) and without the cancellation of
 * large log-gammas.
 *
 * Method (after DiDonato & Morris 1992, ACM TOMS 18:360, BRCOMP and BPSER's factor):
 * - min(a, b) ≥ 10: with x₀ = a/(a + b), λ = a − (a + b)x (passed in, computed by the caller without
 *   cancellation), Stirling's formula gives
 *     ln(x^a y^b/B) = ½·ln(ab/(2π(a + b))) − a·ρ(−λ/a) − b·ρ(λ/b) − (μ(a) + μ(b) − μ(a + b)),
 *   ρ(t) = t − ln(1 + t) ≥ 0 (= −log1pmx), μ Stirling's correction: each term is O(1) or the one large
 *   exponent, so nothing cancels.
 * - otherwise, with s = min(a, b) < 10 ≤ L = max(a, b): ln Γ(s + L) − ln Γ(L) = s·ln L + (a shift of
 *   order s²/L, `logGammaShift`), so the large terms s·ln L and s·ln(x or y) are merged first; both below
 *   10: Γ(a + b)/(Γ(a)Γ(b)) from `gammaSmall` directly.
 * @internal
 */
import { productError, twoSum } from "../ddouble.js";
import { gammaSmall, log1pmx, logGamma, logGamma1p, logGammaShift, stirlingCorrection } from "./log-gamma.js";

const LN_SQRT_2PI = 0.9189385332046728;
const LARGE = 10;

/** μ(a) + μ(b) − μ(a + b) for a, b ≥ 10. */
export function betaStirlingCorrection(a: number, b: number): number {
  return stirlingCorrection(a) + stirlingCorrection(b) - stirlingCorrection(a + b);
}

/** ρ(t) = t − ln(1 + t) for the deviation t = ∓λ/a (the ratio x/x₀ − 1). */
function rho(t: number, ratio: number): number {
  return Math.abs(t) > 0.6 ? t - Math.log(ratio) : -log1pmx(t);
}

/** ln x and ln y = ln(1 − x), each from whichever of x, y is known exactly. */
export function logXY(x: number, y: number): [number, number] {
  if (x <= 0.375) return [Math.log(x), Math.log1p(-x)];
  if (y <= 0.375) return [Math.log1p(-y), Math.log(y)];
  return [Math.log(x), Math.log(y)];
}

/** λ = a − (a + b)x computed from whichever of x, y is smaller (exact sum and product, no cancellation). */
export function betaLambda(a: number, b: number, x: number, y: number): number {
  const n = twoSum(a, b);
  if (x <= y) {
    const p = n.hi * x;
    return a - p - productError(n.hi, x, p) - n.lo * x;
  }
  const p = n.hi * y;
  return p - b + productError(n.hi, y, p) + n.lo * y;
}

/** ln(x^a y^b/B(a, b)) for a, b > 0, 0 < x < 1, y = 1 − x. */
export function logBetaFactor(a: number, b: number, x: number, y: number): number {
  if (a >= LARGE && b >= LARGE) {
    const lambda = betaLambda(a, b, x, y);
    const n = a + b;
    const u = rho(-lambda / a, x / (a / n));
    const v = rho(lambda / b, y / (b / n));
    return -LN_SQRT_2PI + 0.5 * (Math.log(a) + Math.log(b / n)) - (a * u + b * v) - betaStirlingCorrection(a, b);
  }
  const [lnx, lny] = logXY(x, y);
  if (a < LARGE && b < LARGE) {
    return a * lnx + b * lny + Math.log(gammaSmall(a + b) / (gammaSmall(a) * gammaSmall(b)));
  }
  if (a < b) {
    // ln Γ(a + b) − ln Γ(b) − ln Γ(a) = a·ln b + shift − ln Γ(a)
    const merged = x <= 0.375 ? a * Math.log(x * b) : a * (lnx + Math.log(b));
    return merged + b * lny + logGammaShift(a, b) - logGamma(a);
  }
  const merged = y <= 0.375 ? b * Math.log(y * a) : b * (lny + Math.log(a));
  return merged + a * lnx + logGammaShift(b, a) - logGamma(b);
}

/** ln(x^a/(a·B(a, b))) = ln(x^a·Γ(a + b)/(Γ(a + 1)Γ(b))), the factor of the power series, for min(a, b) < 10. */
export function logPowerSeriesFactor(a: number, b: number, x: number): number {
  const lnx = Math.log(x);
  if (a < LARGE && b < LARGE) {
    return a * lnx + Math.log(gammaSmall(a + b) / (gammaSmall(a + 1) * gammaSmall(b)));
  }
  if (a < b) {
    // a·ln x + a·ln b + shift(a, b) − ln Γ(a + 1)
    const lg = a <= 1.5 ? logGamma1p(a) : logGamma(a + 1);
    return a * Math.log(x * b) + logGammaShift(a, b) - lg;
  }
  // a·ln x − ln a + b·ln a + shift(b, a) − ln Γ(b)
  return a * lnx - Math.log(a) + b * Math.log(a) + logGammaShift(b, a) - logGamma(b);
}
