import { degenerateSource, MAX_PASSES, type WordStream } from "./random-source.js";
import { uniformBelow, uniformBelowBig } from "./uniform.js";

/**
 * Exact Bernoulli trials with rational parameters (Canonne, Kamath & Steinke, "The Discrete
 * Gaussian for Differential Privacy", NeurIPS 2020, §5.1).
 *
 * Method: Bernoulli(num/den) is "a uniform integer below den is below num". Bernoulli(exp(−γ))
 * for γ = num/den ∈ [0, 1] draws A_k ~ Bernoulli(γ/k) for k = 1, 2, … until one fails and
 * answers whether the first failure came at an odd k (P = Σ (−γ)^j/j! over that event =
 * exp(−γ)); for γ > 1 it is ⌊γ⌋ trials of Bernoulli(exp(−1)) and one of Bernoulli(exp(−(γ −
 * ⌊γ⌋))), all of which must succeed. No floating-point number is involved: the Number versions
 * run while every integer they form stays below 2^53 (where Number arithmetic on integers is
 * exact) and hand over to the BigInt versions otherwise.
 */

const SAFE = 9007199254740991; // Number.MAX_SAFE_INTEGER, 2^53 − 1

/** Bernoulli(num/den) for integers 0 ≤ num ≤ den ≤ 2^53. @internal */
export function bernoulli(words: WordStream, num: number, den: number): boolean {
  return uniformBelow(words, den) < num;
}

/** Bernoulli(exp(−num/den)) for integers 0 ≤ num ≤ den, den ≤ 2^53. */
function bernoulliExpUnit(words: WordStream, num: number, den: number): boolean {
  let k = 1;
  for (;;) {
    if (k > MAX_PASSES) degenerateSource("the Bernoulli(exp(−γ)) chain");
    const d = den * k;
    if (d > SAFE) return bernoulliExpUnitBigFrom(words, BigInt(num), BigInt(den), k);
    if (!(uniformBelow(words, d) < num)) return (k & 1) === 1;
    k++;
  }
}

/**
 * Bernoulli(exp(−num/den)) for integers num ≥ 0, den ≥ 1 below 2^53 (the Number path; BigInt
 * only where den·k passes 2^53). @internal
 */
export function bernoulliExp(words: WordStream, num: number, den: number): boolean {
  if (num <= den) return bernoulliExpUnit(words, num, den);
  // ⌊num/den⌋ and the remainder, exactly: the float quotient is off by at most one, and
  // whole·den, once known to be below 2^53, is exact, so is the remainder; one step corrects it.
  let whole = Math.floor(num / den);
  if (whole * den > SAFE) return bernoulliExpBig(words, BigInt(num), BigInt(den));
  let rest = num - whole * den;
  if (rest < 0) {
    whole--;
    rest += den;
  } else if (rest >= den) {
    whole++;
    rest -= den;
  }
  for (let i = 0; i < whole; i++) if (!bernoulliExpUnit(words, 1, 1)) return false;
  return bernoulliExpUnit(words, rest, den);
}

function bernoulliExpUnitBigFrom(words: WordStream, num: bigint, den: bigint, from: number): boolean {
  let k = BigInt(from);
  for (;;) {
    if (k > MAX_PASSES) degenerateSource("the Bernoulli(exp(−γ)) chain");
    if (!(uniformBelowBig(words, den * k) < num)) return (k & 1n) === 1n;
    k++;
  }
}

/** Bernoulli(exp(−num/den)) for BigInt num ≥ 0, den ≥ 1 (same words as `bernoulliExp`). @internal */
export function bernoulliExpBig(words: WordStream, num: bigint, den: bigint): boolean {
  if (num <= den) return bernoulliExpUnitBigFrom(words, num, den, 1);
  const whole = num / den;
  for (let i = 0n; i < whole; i++) if (!bernoulliExpUnitBigFrom(words, 1n, 1n, 1)) return false;
  return bernoulliExpUnitBigFrom(words, num - whole * den, den, 1);
}
