/**
 * ln(Γ(a + ½) / (Γ(a)·√a)) for a > 0, to a few units of 10⁻¹⁶ absolute, without forming
 * either log-gamma (each is ~a·ln a and they would cancel for large a). The ratio tends to 1
 * as a → ∞, so callers can combine the √a with their other factors and keep every term O(1).
 *
 * Method: the recurrence R(a) = R(a + 1)·a/(a + ½), where R(a) = Γ(a + ½)/Γ(a), lifts a to
 * x ≥ 20; there the asymptotic expansion (DLMF 5.11.8 with h = ½, minus the same with h = 0)
 *
 *   ln R(x) ~ ½·ln x + Σ_{k = 2, 4, …} (2^{1−k} − 2)·B_k / (k(k − 1)·x^{k−1})
 *           = ½·ln x − 1/(8x) + 1/(192x³) − 1/(640x⁵) + 17/(14336x⁷) − 31/(18432x⁹) + …
 *
 * is summed to the x⁻⁹ term (B_k: Bernoulli numbers); the first omitted term, 691/180224·x⁻¹¹,
 * is below 2·10⁻¹⁷ at x = 20. Checked against mpmath in test/ttest-distribution.test.ts.
 * @internal
 */
export function logGammaRatioHalfScaled(a: number): number {
  if (!(a > 0)) return Number.NaN;
  if (a === Infinity) return 0;
  let x = a;
  let product = 1;
  while (x < 20) {
    product *= x / (x + 0.5);
    x += 1;
  }
  const r = 1 / x;
  const r2 = r * r;
  const tail = r * (-1 / 8 + r2 * (1 / 192 + r2 * (-1 / 640 + r2 * (17 / 14336 + r2 * (-31 / 18432)))));
  return (x === a ? 0 : 0.5 * Math.log(x / a)) + tail + Math.log(product);
}
