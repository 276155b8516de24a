/**
 * The regularized incomplete beta function I_x(a, b) (the Beta(a, b) cdf) and its complement
 * 1 − I_x(a, b) = I_{1−x}(b, a), each computed directly where it is the smaller (never 1 − a value
 * near 1), with logarithms that stay finite where the probabilities underflow. a, b > 0 from 10⁻³ to
 * 10¹³ and beyond (Beta posteriors of counts up to 10¹²).
 *
 * Method: the decision tree of DiDonato & Morris (1992, ACM TOMS 18:360, BRATIO), re-derived here:
 * - min(a, b) ≤ 1: swap so that x₀ = min(x, 1 − x) ≤ ½; then the power series for I_{x₀} or for its
 *   complement (`powerSeries`), or, for a large other parameter, Temme's large-a expansion in the
 *   incomplete gamma (`largeAExpansion`) after at most 20 steps of the recurrence (`recurrenceSum`).
 * - a, b > 1: swap so that x₀ lies at or below the mean (λ = a − (a + b)x ≥ 0); then
 *   · b₀ < 40: the power series (b₀x₀ ≤ 0.7), or the recurrence down to b₀ − ⌊b₀⌋ plus the series or
 *     the large-a expansion;
 *   · min ≥ 100 and λ ≤ 0.03·min (near the mean, where fractions would need O(√min) steps): the
 *     uniform asymptotic expansion (`largeABExpansion`);
 *   · otherwise the λ continued fraction (`lambdaFraction`).
 * The value so computed is the smaller tail (≲ ½); the other is 1 − it (no cancellation).
 * Accuracy is checked against mpmath at 50 digits (test/special-functions.test.ts, docs/distributions.md).
 * @internal
 */
import { betaLambda } from "./beta-prefactor.js";
import { largeABExpansion, largeAExpansion, lambdaFraction, powerSeries, recurrenceSum } from "./beta-expansions.js";

/** The four tails: [I_x(a, b), 1 − I_x(a, b), ln I_x, ln(1 − I_x)]. */
export type BetaTails = [number, number, number, number];

const SMALLEST_TRUSTED = 1e-300;

/** From the smaller tail w (and its logarithm) on side `swapped`, all four. */
function fromSmall(w: [number, number], swapped: boolean): BetaTails {
  const other = 1 - w[0];
  const lnOther = Math.log1p(-w[0]);
  const small = w[0] >= SMALLEST_TRUSTED ? w[0] : Math.exp(w[1]);
  return swapped ? [other, small, lnOther, w[1]] : [small, other, w[1], lnOther];
}

/** log(e^p + e^q) */
function logAdd(p: number, q: number): number {
  if (p === -Infinity) return q;
  if (q === -Infinity) return p;
  const m = Math.max(p, q);
  return m + Math.log(Math.exp(p - m) + Math.exp(q - m));
}

function sum2(u: [number, number], v: [number, number]): [number, number] {
  const ln = logAdd(u[1], v[1]);
  return [Math.exp(ln), ln];
}

/** Both parameters at most 1, or one: x₀ ≤ ½ after the swap. Returns the smaller tail and its side. */
function smallParameterTails(a: number, b: number, x: number, y: number): BetaTails {
  const swapped = x > 0.5;
  const a0 = swapped ? b : a;
  const b0 = swapped ? a : b;
  const x0 = swapped ? y : x;
  const y0 = swapped ? x : y;
  // w = I_{x0}(a0, b0) ("lower"), w1 = its complement I_{y0}(b0, a0)
  let lower: [number, number] | undefined;
  let upper: [number, number] | undefined;
  if (Math.max(a0, b0) > 1) {
    if (b0 <= 1) lower = powerSeries(a0, b0, x0);
    else if (x0 >= 0.29) upper = powerSeries(b0, a0, y0);
    else if (x0 < 0.1 && (x0 * b0) ** a0 <= 0.7) lower = powerSeries(a0, b0, x0);
    else if (b0 > 15) upper = largeAExpansion(b0, a0, y0, x0);
    else {
      const head = recurrenceSum(b0, a0, y0, x0, 20);
      upper = sum2(head, largeAExpansion(b0 + 20, a0, y0, x0, head[1]));
    }
  } else if (a0 >= Math.min(0.2, b0) || x0 ** a0 <= 0.9) {
    lower = powerSeries(a0, b0, x0);
  } else if (x0 >= 0.3) {
    upper = powerSeries(b0, a0, y0);
  } else {
    const head = recurrenceSum(b0, a0, y0, x0, 20);
    upper = sum2(head, largeAExpansion(b0 + 20, a0, y0, x0, head[1]));
  }
  // fromSmall(w, s) puts w on the lower side when s is false
  if (lower !== undefined) return fromSmall(lower, swapped);
  return fromSmall(upper!, !swapped);
}

/** Both parameters above 1. */
function largeParameterTails(a: number, b: number, x: number, y: number): BetaTails {
  let lambda = betaLambda(a, b, x, y);
  const swapped = lambda < 0;
  if (swapped) lambda = -lambda;
  const a0 = swapped ? b : a;
  const b0 = swapped ? a : b;
  const x0 = swapped ? y : x;
  const y0 = swapped ? x : y;
  let w: [number, number];
  if (b0 < 40) {
    if (b0 * x0 <= 0.7) w = powerSeries(a0, b0, x0);
    else {
      let n = Math.floor(b0);
      let bFrac = b0 - n;
      if (bFrac === 0) {
        n -= 1;
        bFrac = 1;
      }
      // I_{x0}(a0, b0) = [I_{y0}(bFrac, a0) − I_{y0}(b0, a0)] + I_{x0}(a0, bFrac)
      const head = n > 0 ? recurrenceSum(bFrac, a0, y0, x0, n) : ([0, -Infinity] as [number, number]);
      if (x0 <= 0.7) w = sum2(head, powerSeries(a0, bFrac, x0));
      else {
        let acc = head;
        let aa = a0;
        if (aa <= 15) {
          acc = sum2(acc, recurrenceSum(aa, bFrac, x0, y0, 20));
          aa += 20;
        }
        w = sum2(acc, largeAExpansion(aa, bFrac, x0, y0, acc[1]));
      }
    }
  } else if (Math.min(a0, b0) > 100 && lambda <= 0.03 * Math.min(a0, b0)) {
    w = largeABExpansion(a0, b0, lambda);
  } else {
    w = lambdaFraction(a0, b0, x0, y0, lambda);
  }
  return fromSmall(w, swapped);
}

/**
 * [I_x(a, b), 1 − I_x(a, b), ln I_x(a, b), ln(1 − I_x(a, b))] with y = 1 − x given separately (so
 * that callers who know 1 − x exactly, e.g. t and F tails, pass it). NaN for bad arguments.
 */
export function incompleteBeta(x: number, y: number, a: number, b: number): BetaTails {
  if (!(a > 0) || !(b > 0) || !(x >= 0) || !(y >= 0) || !(x <= 1) || !(y <= 1)) {
    return [Number.NaN, Number.NaN, Number.NaN, Number.NaN];
  }
  if (x === 0) return [0, 1, -Infinity, 0];
  if (y === 0) return [1, 0, 0, -Infinity];
  if (a === Infinity || b === Infinity) return [Number.NaN, Number.NaN, Number.NaN, Number.NaN];
  if (Math.min(a, b) <= 1) return smallParameterTails(a, b, x, y);
  return largeParameterTails(a, b, x, y);
}

/** I_x(a, b) = P(X ≤ x) for X ~ Beta(a, b); relative accuracy in the lower tail. */
export function betaCdf(x: number, a: number, b: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return a > 0 && b > 0 ? 0 : Number.NaN;
  if (x >= 1) return a > 0 && b > 0 ? 1 : Number.NaN;
  return incompleteBeta(x, 1 - x, a, b)[0];
}

/** 1 − I_x(a, b) = P(X > x) for X ~ Beta(a, b), computed directly (relative accuracy in the upper tail). */
export function betaSf(x: number, a: number, b: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return a > 0 && b > 0 ? 1 : Number.NaN;
  if (x >= 1) return a > 0 && b > 0 ? 0 : Number.NaN;
  return incompleteBeta(x, 1 - x, a, b)[1];
}

/** ln I_x(a, b), finite where the cdf underflows. */
export function betaLogCdf(x: number, a: number, b: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return a > 0 && b > 0 ? -Infinity : Number.NaN;
  if (x >= 1) return a > 0 && b > 0 ? 0 : Number.NaN;
  return incompleteBeta(x, 1 - x, a, b)[2];
}

/** ln(1 − I_x(a, b)), finite where the survival function underflows. */
export function betaLogSf(x: number, a: number, b: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return a > 0 && b > 0 ? 0 : Number.NaN;
  if (x >= 1) return a > 0 && b > 0 ? -Infinity : Number.NaN;
  return incompleteBeta(x, 1 - x, a, b)[3];
}
