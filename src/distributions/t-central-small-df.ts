/**
 * The central probability P(|T| < t) of Student's t for tiny ν (≤ 0.1) and t² ≥ ν, with relative
 * accuracy. There the tails are so heavy that P(|T| < t) stays small up to astronomical t
 * (ν = 10⁻³: 0.005 at t = 2, 0.2 at t ≈ 10⁸⁶), so 1 − 2·P(T > t) would lose up to 1/P of an ulp, and
 * the positive series of `t-series.ts` would need ~t²/ν terms (and drifts by ~300 ulps at t ≈ 1).
 *
 * Method: P(|T| < t) = 1 − I_x(a, ½), x = ν/(ν + t²) ≤ ½, a = ν/2, and the power series
 * I_x(a, b) = x^a/(a·B(a, b)) · (1 + a·Σ_{n≥1} (1 − b)ₙ xⁿ/(n!·(a + n)))   (DLMF 8.17.7 with ₂F₁(a, 1 − b; a + 1; x)).
 * With R = 1/(a·B(a, ½)) and y = ln R + a·ln x (both negative, no cancellation):
 *   P(|T| < t) = −expm1(y) − a·e^y·Σ.
 * ln R = −ln(a·B(a, ½)) = −2 ln 2·a − Σ_{k≥2} (−1)^k ζ(k)(2 − 2^k) a^k/k, from the Taylor series of
 * ln Γ(1 + a) and ln Γ(½ + a) (DLMF 5.7.3 and ψ^{(k)}(½) = (−1)^{k+1} k!(2^{k+1} − 1)ζ(k + 1)): its
 * terms fall like (2a)^k ≤ 0.1^k, and it is exact to an ulp of ln R itself, where forming ln R from
 * log-gammas of size ln a would cost |ln a|/a ulps.
 * @internal
 */

/** ζ(2), …, ζ(8); beyond, ζ(k) = 1 + 2^−k + 3^−k + 4^−k + O(5^−k) suffices ((2a)^k ≤ 10⁻⁹ there). */
const ZETA = [
  0, 0, 1.6449340668482264, 1.2020569031595942, 1.0823232337111381, 1.03692775514337, 1.0173430619844492,
  1.008349277381923, 1.0040773561979444,
];
/** The largest ν served here (a = ν/2 ≤ 0.05, so the ln R series falls by ≥ 10 per term). */
export const SMALL_DF = 0.1;

function zeta(k: number): number {
  return k < ZETA.length ? ZETA[k]! : 1 + 2 ** -k + 3 ** -k + 4 ** -k;
}

/** ln R = −ln(a·B(a, ½)) for 0 < a ≤ 0.05 (relative accuracy). */
function logReciprocalABeta(a: number): number {
  let sum = 2 * Math.LN2 * a;
  let power = -a; // (−a)^k
  for (let k = 2; k < 40; k++) {
    power *= -a;
    const term = (zeta(k) * (2 - 2 ** k) * power) / k;
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
  }
  return -sum;
}

/** P(|T| < t) for t² ≥ ν and 0 < ν ≤ SMALL_DF. */
export function tCentralSmallDf(t: number, df: number): number {
  const a = df / 2;
  const w = (t * t) / df;
  const sum = df + t * t;
  const x = Number.isFinite(sum) ? df / sum : df / t / t;
  const logX = Number.isFinite(w) ? -Math.log1p(w) : Math.log(df) - 2 * Math.log(t) - Math.log1p(df / (t * t));
  // Σ_{n≥1} (½)ₙ/n! · xⁿ/(a + n): ratio ≤ x ≤ ½
  let coefficient = 1; // (½)ₙ/n! · xⁿ
  let series = 0;
  for (let n = 1; n < 200; n++) {
    coefficient *= ((n - 0.5) / n) * x;
    const term = coefficient / (a + n);
    series += term;
    if (term <= 1e-17 * series) break;
  }
  const y = logReciprocalABeta(a) + a * logX;
  return -Math.expm1(y) - a * Math.exp(y) * series;
}
