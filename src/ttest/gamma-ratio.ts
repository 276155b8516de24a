/**
 * ln Γ(a + ½) − ln Γ(a) for a > 0, to a few units in the last place, without forming either
 * log-gamma (they are ~a·ln a each and would cancel for large a).
 *
 * Method: the recurrence R(a) = R(a + 1)·a/(a + ½), where R(a) = Γ(a + ½)/Γ(a), lifts a to
 * x ≥ 20; there the asymptotic expansion (DLMF 5.11.8 with h = ½ minus h = 0)
 *
 *   ln R(x) ~ ½·ln x + Σ_{k = 2, 4, …} (2^{1−k} − 2)·B_k / (k(k − 1)·x^{k−1})
 *           = ½·ln x − 1/(8x) + 1/(192x³) − 1/(640x⁵) + 17/(14336x⁷) − 31/(18432x⁹) + …
 *
 * is summed to the x⁻⁹ term; the first omitted term is below 4·10⁻³·x⁻¹¹ < 2·10⁻¹⁷ at x = 20.
 * (B_k are Bernoulli numbers; the coefficients are checked against mpmath in test/ttest-distribution.test.ts.)
 * @internal
 */
export function logGammaRatioHalf(a: number): number {
  if (!(a > 0)) return Number.NaN;
  if (a === Infinity) return Infinity;
  let x = a;
  let product = 1;
  while (x < 20) {
    product *= x / (x + 0.5);
    x += 1;
  }
  const r = 1 / x;
  const r2 = r * r;
  const tail = r * (-1 / 8 + r2 * (1 / 192 + r2 * (-1 / 640 + r2 * (17 / 14336 + r2 * (-31 / 18432)))));
  return 0.5 * Math.log(x) + tail + Math.log(product);
}
