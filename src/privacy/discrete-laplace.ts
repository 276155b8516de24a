import { degenerateSource, MAX_PASSES, type WordStream } from "./random-source.js";
import { bernoulli, bernoulliExp } from "./bernoulli-exp.js";
import { uniformBelow } from "./uniform.js";

/**
 * One draw of the discrete Laplace distribution with integer scale t ≥ 1 on the integers:
 * P(x) = (1 − e^(−1/t)) / (1 + e^(−1/t)) · e^(−|x|/t). @internal
 *
 * Method: Canonne, Kamath & Steinke 2020, Algorithm 2 with s = 1: U uniform in [0, t) kept with
 * probability exp(−U/t), V geometric (V = number of successes of Bernoulli(exp(−1)) before the
 * first failure), X = U + t·V is then geometric with ratio e^(−1/t); a random sign, rejecting
 * "−0" so that 0 is not counted twice. Exact: only integer arithmetic below 2^53 and exact
 * Bernoulli trials (bernoulli-exp.ts). The caller keeps t ≤ 2^40 so that U + t·V stays exact.
 */
export function discreteLaplaceDraw(words: WordStream, t: number): number {
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const u = uniformBelow(words, t);
    if (!bernoulliExp(words, u, t)) continue;
    let v = 0;
    while (bernoulliExp(words, 1, 1))
      if (++v > MAX_PASSES) degenerateSource("the geometric count of the Laplace sampler");
    const x = u + t * v;
    const negative = bernoulli(words, 1, 2);
    if (negative && x === 0) continue;
    return negative ? -x : x;
  }
  degenerateSource("the discrete Laplace sampler");
}

/** The largest discrete Laplace scale accepted: U + t·V stays an exact integer for V < 2^13. */
export const MAX_LAPLACE_SCALE = 1099511627776; // 2^40

/**
 * The discrete Laplace pmf at x for integer scale t, as a double (for tests and docs). @internal
 */
export function discreteLaplacePmf(x: number, t: number): number {
  const q = Math.exp(-1 / t);
  return ((1 - q) / (1 + q)) * Math.exp(-Math.abs(x) / t);
}
