/**
 * Gamma-function building blocks for the incomplete gamma and beta functions, each with relative
 * (or, for logarithms near 0, absolute) accuracy of a few ulps where the callers use them:
 * ln(1 + t) − t, ln Γ(1 + t) near t = 0, Γ(z) for moderate z, ln Γ(z) and Stirling's correction.
 *
 * Method:
 * - log1pmx(t) = ln(1 + t) − t: with r = t/(2 + t), ln(1 + t) = 2·atanh r, so
 *   ln(1 + t) − t = −2r²/(1 − r) + 2·Σ_{k≥1} r^{2k+1}/(2k + 1) (no cancellation for |r| < ½);
 *   elsewhere log1p(t) − t, which cancels by less than a factor 4 there.
 * - ln Γ(1 + t), |t| ≤ ½: −γt + (t − ln(1 + t)) + Σ_{k≥2} (−1)^k (ζ(k) − 1)·t^k/k (A&S 6.1.33 with
 *   the ζ(k) = 1 part summed in closed form), terms falling like (t/2)^k; ½ < t ≤ 3/2 by Γ(2 + s) = (1 + s)Γ(1 + s).
 * - Γ(z), 0 < z ≤ 30: the recurrence to Γ(1 + t), t ∈ [0, 1), a product of at most 30 rounded factors.
 * - Stirling's correction μ(z) = ln Γ(z) − (z − ½)ln z + z − ½ln 2π for z ≥ 10 by its asymptotic series
 *   (DLMF 5.11.1; the first omitted term is below 3·10⁻¹⁷ relative at z = 10).
 * @internal
 */

const EULER_GAMMA = 0.5772156649015329;
const HALF_LN_2PI = 0.9189385332046728;

/** ζ(k) − 1 for k = 2, 3, …, 59 (mpmath, rounded). */
const ZETA_MINUS_ONE = [
  0.6449340668482264, 0.2020569031595943, 0.08232323371113819, 0.03692775514336993, 0.01734306198444914,
  0.008349277381922827, 0.00407735619794434, 0.0020083928260822143, 0.0009945751278180853, 0.0004941886041194645,
  0.0002460865533080483, 0.00012271334757848915, 6.124813505870483e-5, 3.058823630702049e-5, 1.528225940865187e-5,
  7.637197637899763e-6, 3.81729326499984e-6, 1.908212716553939e-6, 9.539620338727962e-7, 4.769329867878064e-7,
  2.38450502727733e-7, 1.1921992596531106e-7, 5.960818905125948e-8, 2.980350351465228e-8, 1.4901554828365043e-8,
  7.45071178983543e-9, 3.725334024788457e-9, 1.862659723513049e-9, 9.313274324196682e-10, 4.656629065033784e-10,
  2.3283118336765053e-10, 1.164155017270052e-10, 5.820772087902701e-11, 2.9103850444971e-11, 1.4551921891041985e-11,
  7.275959835057482e-12, 3.637979547378651e-12, 1.818989650307066e-12, 9.094947840263888e-13, 4.547473783042154e-13,
  2.2737368458246524e-13, 1.136868407680228e-13, 5.684341987627585e-14, 2.842170976889302e-14, 1.4210854828031605e-14,
  7.105427395210853e-15, 3.552713691337114e-15, 1.7763568435791204e-15, 8.881784210930816e-16, 4.440892103143814e-16,
  2.2204460507980424e-16, 1.1102230251410657e-16, 5.55111512484548e-17, 2.775557562136117e-17,
];

/** ln(1 + t) − t for t > −1, to a few ulps. */
export function log1pmx(t: number): number {
  const r = t / (2 + t);
  if (Math.abs(r) >= 0.5) return Math.log1p(t) - t;
  const r2 = r * r;
  let power = r * r2;
  let sum = 0;
  for (let k = 1; k < 60; k++) {
    const term = power / (2 * k + 1);
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
    power *= r2;
  }
  return (-2 * r2) / (1 - r) + 2 * sum;
}

/** ln Γ(1 + t) for −½ ≤ t ≤ 3/2, to a few units of 10⁻¹⁷ absolute (and relative near t = 0). */
export function logGamma1p(t: number): number {
  if (t > 0.5) return Math.log(t) + logGamma1p(t - 1);
  let sum = 0;
  let power = -t; // (−t)^(k + 2) after the first step
  for (let k = 0; k < ZETA_MINUS_ONE.length; k++) {
    power *= -t;
    const term = (ZETA_MINUS_ONE[k]! * power) / (k + 2);
    sum += term;
    if (Math.abs(term) <= 1e-18 * Math.abs(t)) break;
  }
  return -EULER_GAMMA * t - log1pmx(t) + sum;
}

/** Γ(z) for 0 < z ≤ 30 with relative accuracy (at most ~15 ulps from the recurrence's product). */
export function gammaSmall(z: number): number {
  if (z < 1) return Math.exp(logGamma1p(z)) / z;
  let x = z;
  let product = 1;
  while (x >= 2) {
    x -= 1;
    product *= x;
  }
  return product * Math.exp(logGamma1p(x - 1));
}

/** Stirling's correction μ(z) = ln Γ(z) − (z − ½)ln z + z − ½ln(2π), for z ≥ 10. */
export function stirlingCorrection(z: number): number {
  const r = 1 / z;
  const r2 = r * r;
  return (
    r *
    (1 / 12 + r2 * (-1 / 360 + r2 * (1 / 1260 + r2 * (-1 / 1680 + r2 * (1 / 1188 + r2 * (-691 / 360360 + r2 / 156))))))
  );
}

/** ln Γ(z) for z > 0 (absolute accuracy a few ulps of max(1, |ln Γ|)). */
export function logGamma(z: number): number {
  if (z < 0.5) return logGamma1p(z) - Math.log(z);
  if (z <= 2.5) return logGamma1p(z - 1);
  if (z < 10) return Math.log(gammaSmall(z));
  return (z - 0.5) * Math.log(z) - z + HALF_LN_2PI + stirlingCorrection(z);
}

/**
 * ln(Γ(a + b)/Γ(b)) − a·ln b for b ≥ 10 and a > 0, without the cancellation of two large
 * log-gammas: a·… = (a + b − ½)·ln(1 + a/b) − a + μ(a + b) − μ(b).
 */
export function logGammaShift(a: number, b: number): number {
  return (a + b - 0.5) * Math.log1p(a / b) - a + stirlingCorrection(a + b) - stirlingCorrection(b);
}
