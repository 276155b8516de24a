import { degenerateSource, MAX_PASSES, type WordStream } from "./random-source.js";
import { bernoulliExp, bernoulliExpBig } from "./bernoulli-exp.js";
import { discreteLaplaceDraw } from "./discrete-laplace.js";

const SAFE = 9007199254740991; // Number.MAX_SAFE_INTEGER, 2^53 − 1
/** |a| below this keeps a² below 2^53. */
const SQRT_SAFE = 94906265;

/** ⌊√n⌋ for an integer 0 ≤ n < 2^53, exactly (the float root corrected by integer steps). @internal */
export function integerSqrt(n: number): number {
  let s = Math.floor(Math.sqrt(n));
  while (s * s > n) s--;
  while ((s + 1) * (s + 1) <= n) s++;
  return s;
}

/** The largest variance accepted (in units of the granularity): 2·σ²·t² stays below 2^53 often enough. */
export const MAX_GAUSSIAN_VARIANCE = 1099511627776; // 2^40

/**
 * One draw of the discrete Gaussian N_Z(0, σ²) for an integer variance parameter σ² ≥ 1:
 * P(x) ∝ exp(−x²/(2σ²)) on the integers. @internal
 *
 * Method: Canonne, Kamath & Steinke 2020, Algorithm 3: with t = ⌊σ⌋ + 1, draw Y from the
 * discrete Laplace of scale t and keep it with probability exp(−(|Y| − σ²/t)²/(2σ²)) =
 * exp(−(|Y|·t − σ²)²/(2σ²t²)), an exact Bernoulli trial on that rational. The integers stay
 * Numbers while (|Y|·t − σ²)² and 2σ²t² are below 2^53 (all of the bulk of the distribution
 * for σ² up to about 2^22) and become BigInts beyond: the result is the same either way.
 */
export function discreteGaussianDraw(words: WordStream, sigma2: number, t: number): number {
  const den = 2 * sigma2 * t * t;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const y = discreteLaplaceDraw(words, t);
    const a = Math.abs(y) * t - sigma2; // |y|·t < 2^53 for t ≤ 2^21 and |y| < 2^32
    const keep =
      den <= SAFE && Math.abs(a) < SQRT_SAFE && Number.isSafeInteger(a)
        ? bernoulliExp(words, a * a, den)
        : bernoulliExpBig(
            words,
            (BigInt(Math.abs(y)) * BigInt(t) - BigInt(sigma2)) ** 2n,
            2n * BigInt(sigma2) * BigInt(t) * BigInt(t),
          );
    if (keep) return y;
  }
  degenerateSource("the discrete Gaussian sampler");
}

/** t = ⌊σ⌋ + 1 for the integer variance σ². @internal */
export function gaussianLaplaceScale(sigma2: number): number {
  return integerSqrt(sigma2) + 1;
}

/** The discrete Gaussian pmf on [−m, m] (normalised over that range; tails beyond are < 1e-300 for m ≥ 40σ). @internal */
export function discreteGaussianPmf(sigma2: number, m: number): Float64Array {
  const p = new Float64Array(2 * m + 1);
  let total = 0;
  for (let x = -m; x <= m; x++) {
    const v = Math.exp((-x * x) / (2 * sigma2));
    p[x + m] = v;
    total += v;
  }
  for (let i = 0; i < p.length; i++) p[i] = p[i]! / total;
  return p;
}
