/**
 * The regularized incomplete beta function I_x(a, b) in logarithmic form, for the two shapes
 * the t distribution needs (one of a, b is ½), where @stdlib's `betainc` either underflows (far
 * tail, p < 10⁻³⁰⁸) or cannot give relative accuracy (the central probability near t = 0).
 *
 * Method: the continued fraction DLMF 8.17.22 (Didonato & Morris, ACM TOMS 18(3), 1992;
 * Numerical Recipes §6.4 "betacf"),
 *
 *   I_x(a, b) = x^a (1 − x)^b / (a·B(a, b)) · 1/(1 + d₁/(1 + d₂/(1 + …))),
 *   d_{2m+1} = −(a + m)(a + b + m)·x / ((a + 2m)(a + 2m + 1)),
 *   d_{2m}   =  m(b − m)·x / ((a + 2m − 1)(a + 2m)),
 *
 * evaluated with the modified Lentz algorithm (Thompson & Barnett, J. Comput. Phys. 64, 1986).
 * It converges quickly for x < (a + 1)/(a + b + 2), which is where the callers use it. The
 * prefix is kept in logarithms, ln x and ln(1 − x) are supplied by the caller (who can form them
 * without cancellation), and ln B(a, ½) = ½·ln π − ln(Γ(a + ½)/Γ(a)) comes from
 * `logGammaRatioHalf`, so nothing over- or underflows.
 * @internal
 */
import { logGammaRatioHalf } from "./gamma-ratio.js";

const HALF_LN_PI = 0.5723649429247001; // ½·ln π
const TINY = 1e-300;
const EPS = 2 ** -53;
const MAX_TERMS = 100_000;

/** ln B(c, ½) = ln Γ(c) + ln Γ(½) − ln Γ(c + ½). */
export function logBetaHalf(c: number): number {
  return HALF_LN_PI - logGammaRatioHalf(c);
}

/** The continued fraction 1/(1 + d₁/(1 + d₂/(1 + …))) of DLMF 8.17.22 (Lentz). */
function betaFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_TERMS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) <= EPS) break;
  }
  return h;
}

/**
 * ln I_x(a, b) where one of a, b is ½. The caller passes x together with ln x and ln(1 − x)
 * computed without cancellation. Accurate to a few ulps of |ln I| + 1 when
 * x < (a + 1)/(a + b + 2).
 */
export function logIncompleteBetaHalf(a: number, b: number, x: number, logX: number, log1mX: number): number {
  const other = a === 0.5 ? b : a;
  const front = a * logX + b * log1mX - Math.log(a) - logBetaHalf(other);
  if (x === 0) return front;
  return front + Math.log(betaFraction(a, b, x));
}
