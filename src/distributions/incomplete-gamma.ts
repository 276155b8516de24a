/**
 * The regularized incomplete gamma functions P(a, x) = γ(a, x)/Γ(a) and Q(a, x) = Γ(a, x)/Γ(a),
 * each computed directly where it is the smaller one (never as 1 − the other while it is small),
 * and ln Q, finite far below 10⁻³⁰⁸.
 *
 * Method (DLMF 8.7.1, 8.9.2; Numerical Recipes §6.2; DiDonato & Morris 1986, ACM TOMS 12:377):
 * - the factor D = x^a e^{−x}/Γ(a + 1) is kept in logarithms: for a ≥ 10 it is
 *   −a·φ(x/a) − ½ln(2πa) − μ(a) with a·φ = −a·log1pmx((x − a)/a) (no cancellation of a·ln x against x),
 *   otherwise a·ln x − x − ln Γ(a + 1);
 * - x < a (P ≤ ~0.63): P = D·Σ_{n≥0} xⁿ/((a + 1)…(a + n)) (positive terms), Q = 1 − P;
 * - x ≥ a: Q = D·a·1/(x + 1 − a − K), Legendre's continued fraction (DLMF 8.9.2) by the modified Lentz method,
 *   P = 1 − Q;
 * - a < 1 and x ≤ 1.5, where P can be near 1 for x < a: with G = x^a/Γ(a + 1), P = G·(1 + a·S),
 *   S = Σ_{n≥1} (−x)ⁿ/(n!(a + n)) (DLMF 8.7.1), and Q = −expm1(ln G) − G·a·S (the small-a form of DiDonato & Morris; ln Γ(1 + a) from `logGamma1p`).
 * Cost: O(√a) terms near x = a.
 * @internal
 */
import { gammaSmall, log1pmx, logGamma, logGamma1p, stirlingCorrection } from "./log-gamma.js";

const HALF_LN_2PI = 0.9189385332046728;
const TINY = 1e-300;
const MAX_ITERATIONS = 100_000_000;
const SMALLEST_TRUSTED = 1e-300;

/**
 * ln(x^a e^{−x}/Γ(a + 1)) for a > 0, x > 0; `deviation` = x − a when the caller has it more accurately
 * than the rounded difference (it sets the exponent for a ≥ 10). @internal
 */
export function logGammaFactor(a: number, x: number, deviation = x - a): number {
  if (a >= 10) {
    const t = deviation / a;
    // far from x = a, 1 + t would lose the digits of x/a: use a·ln(x/a) + a − x directly
    const exponent = Math.abs(t) < 0.5 ? a * log1pmx(t) : a * Math.log(x / a) - deviation;
    return exponent - 0.5 * Math.log(a) - HALF_LN_2PI - stirlingCorrection(a);
  }
  const lg = a <= 1.5 ? logGamma1p(a) : logGamma(a + 1);
  return a * Math.log(x) - x - lg;
}

/** Σ xⁿ/((a + 1)…(a + n)), n ≥ 0. */
function lowerSeries(a: number, x: number): number {
  let term = 1;
  let sum = 1;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= x / (a + n);
    sum += term;
    if (term <= 1e-17 * sum) break;
  }
  return sum;
}

/** Q(a, x)·e^{−lnD}: the continued fraction a/x·1/(1 + …) in its even form (x + 1 − a − …). */
function upperFraction(a: number, x: number): number {
  // Γ(a, x) = e^{−x}x^a · 1/(x + 1 − a − 1·(1 − a)/(x + 3 − a − 2·(2 − a)/(x + 5 − a − …)))
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    // (ε: a factor of 1 − 2⁻⁵³ is one ulp from 1, and far in the tail, x ≫ a, the factors stay there)
    if (Math.abs(delta - 1) <= 2.220446049250313e-16) break;
  }
  // times a: D·Γ(a + 1)/Γ(a) = x^a e^{−x}/Γ(a)
  return a * h;
}

/** Σ_{n≥1} (−x)ⁿ/(n!(a + n)) for x ≤ 1.5. */
function smallASeries(a: number, x: number): number {
  let term = 1;
  let sum = 0;
  for (let n = 1; n < 200; n++) {
    term *= -x / n;
    const t = term / (a + n);
    sum += t;
    if (Math.abs(t) <= 1e-17 * Math.abs(sum)) break;
  }
  return sum;
}

/**
 * [P, Q, ln P, ln Q] for a > 0, x ≥ 0; each probability with relative accuracy, the logarithms finite
 * when the probability underflows. NaN for bad arguments.
 */
export function incompleteGamma(a: number, x: number): [number, number, number, number] {
  if (!(a > 0) || !(x >= 0) || Number.isNaN(x)) return [Number.NaN, Number.NaN, Number.NaN, Number.NaN];
  if (x === 0) return [0, 1, -Infinity, 0];
  if (x === Infinity) return [1, 0, 0, -Infinity];
  if (a === Infinity) return [0, 1, -Infinity, 0];
  if (a < 1 && x <= 1.5) {
    // x^a/Γ(a + 1) (no e^{−x} here: the series carries it)
    const lnG = a * Math.log(x) - logGamma1p(a);
    // as a product of correctly rounded factors (exp(ln G) would carry ε·|ln G|)
    const power = x ** a;
    const G = power > 1e-300 ? power / Math.exp(logGamma1p(a)) : Math.exp(lnG);
    const s = a * smallASeries(a, x);
    const p = G * (1 + s);
    const q = -Math.expm1(lnG) - G * s;
    // the logarithm of the larger one from the smaller, ln(1 − y) = log1p(−y): log of a value near 1 keeps only its absolute error
    return [p, q, p > q ? Math.log1p(-q) : Math.log(p), q > p ? Math.log1p(-p) : Math.log(q)];
  }
  const lnD = logGammaFactor(a, x);
  // D itself as a product of correctly rounded factors where nothing under- or overflows: exp(ln D)
  // would carry the rounding of ln D, ε·|ln D| (≈ 1.5e-13 at ln D = −690).
  const D = a < 10 && x < 700 && lnD > -700 ? (Math.exp(-x) * x ** a) / gammaSmall(a + 1) : Math.exp(lnD);
  if (x < a) {
    const series = lowerSeries(a, x);
    const p = D * series;
    if (p >= SMALLEST_TRUSTED) return [p, 1 - p, Math.log(p), Math.log1p(-p)];
    const lnP = lnD + Math.log(series);
    // ln Q = log1p(−P) = −P to rounding (0 − …: +0 where P underflows)
    const p0 = Math.exp(lnP);
    return [p0, 1, lnP, 0 - p0];
  }
  const fraction = upperFraction(a, x);
  const q = D * fraction;
  if (q >= SMALLEST_TRUSTED) return [1 - q, q, Math.log1p(-q), Math.log(q)];
  const lnQ = lnD + Math.log(fraction);
  const q0 = Math.exp(lnQ);
  return [1, q0, 0 - q0, lnQ];
}

/** P(a, x), the regularized lower incomplete gamma function. */
export function gammaP(a: number, x: number): number {
  return incompleteGamma(a, x)[0];
}

/** Q(a, x) = 1 − P(a, x), computed directly in the upper tail. */
export function gammaQ(a: number, x: number): number {
  return incompleteGamma(a, x)[1];
}

/** ln Q(a, x), finite where Q underflows. */
export function gammaLogQ(a: number, x: number): number {
  return incompleteGamma(a, x)[3];
}

/** P(X > x) for X ~ χ²(df), df > 0; relative accuracy down to the subnormals (exp(chiSquaredLogSf) below 10⁻³⁰⁰). */
export function chiSquaredSf(x: number, df: number): number {
  if (!(x > 0)) return Number.isNaN(x) || !(df > 0) ? Number.NaN : 1;
  const q = incompleteGamma(df / 2, x / 2);
  return q[1] >= SMALLEST_TRUSTED ? q[1] : Math.exp(q[3]);
}

/** ln P(X > x) for X ~ χ²(df), finite for every finite x. */
export function chiSquaredLogSf(x: number, df: number): number {
  if (!(x > 0)) return Number.isNaN(x) || !(df > 0) ? Number.NaN : 0;
  return incompleteGamma(df / 2, x / 2)[3];
}
