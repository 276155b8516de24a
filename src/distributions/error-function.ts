/**
 * The error function where it is small or needs relative accuracy: erf(y) for 0 ≤ y ≲ 3 by a
 * positive series, and the scaled complement erfcx(y) = e^{y²}·erfc(y) for y ≥ 1 by a continued
 * fraction. erfc(y) itself is never formed as 1 − erf(y) in its tail.
 *
 * Method:
 * - erf(y) = 2y/√π·e^{−y²}·Σ (2y²)ⁿ/(1·3·…·(2n+1)) (A&S 7.1.6): positive terms, no cancellation.
 * - erfcx(y) for y ≥ 1 by Legendre's continued fraction for the incomplete gamma function,
 *   √π·erfcx(y) = y·e^u·u^{−½}·Γ(½, u) = y/(u + ½ − (1·½)/(u + 5/2 − (2·3/2)/(u + 9/2 − …))), u = y²
 *   (DLMF 8.9.2; the even part of Laplace's fraction A&S 7.1.14), evaluated from a fixed depth
 *   N = ⌈110/y²⌉ + 5 upwards. Measured against mpmath on 450 points in [1, 1000]: ≤ 2 ulps (the
 *   forward Lentz evaluation of the same fraction drifted to 60 ulps over its ~150 products at y ≈ 1).
 *   N was measured too: the fraction settles to 10⁻¹⁷ at 97 terms for y = 1, 27 for y = 2, 4 for y = 10.
 *   Below y = 1, erfcx(y) = e^{y²}·(1 − erf y), where erf/erfc ≤ 5.4. Beyond y = 10⁸ the first two
 *   terms of the asymptotic series, 1/(y√π)·(1 − 1/(2y²)), are exact.
 * @internal
 */

const TWO_OVER_SQRT_PI = 1.1283791670955126; // 2/√π
const ONE_OVER_SQRT_PI = 0.5641895835477563; // 1/√π

/** erf(y) for 0 ≤ y ≲ 3 by the positive series A&S 7.1.6 (relative accuracy a few ulps). */
export function erfSeries(y: number): number {
  const y2 = y * y;
  let term = 1;
  let sum = 1;
  for (let n = 0; n < 1000 && term > sum * 1e-17; n++) {
    term *= (2 * y2) / (2 * n + 3);
    sum += term;
  }
  return TWO_OVER_SQRT_PI * y * Math.exp(-y2) * sum;
}

/** Below this erfcx is e^{y²}·(1 − erf y) (erf/erfc ≤ 5.4 there); above, the continued fraction. */
const FRACTION_FROM = 1;

/**
 * erfcx(y) = e^{y²}·erfc(y) for y ≥ 0, to a few ulps (it decreases like 1/(y√π)).
 */
export function erfcx(y: number): number {
  if (y < FRACTION_FROM) return Math.exp(y * y) * (1 - erfSeries(y));
  if (y > 1e8) return (ONE_OVER_SQRT_PI / y) * (1 - 0.5 / (y * y));
  // Legendre's fraction e^u·u^{−½}·Γ(½, u) = 1/(b₀ + a₁/(b₁ + a₂/(b₂ + …))), u = y², b_k = u + 2k + ½,
  // a_k = −k(k − ½), from its depth N upwards
  const u = y * y;
  const depth = Math.ceil(110 / u) + 5;
  let f = u + 2 * depth + 0.5;
  for (let k = depth; k >= 1; k--) f = u + 2 * k - 1.5 - (k * (k - 0.5)) / f;
  return (ONE_OVER_SQRT_PI * y) / f;
}
