import { BatchStatsError } from "../errors.js";
import type { PrivateSummary } from "./private-summary.js";

/**
 * What inference needs from one private summary: the count, the mean, the sampling variance
 * s² with the degrees of freedom its estimate is worth, and the variance the noise adds to the
 * mean. Shared by every test on private summaries (t-test; lift and Bayesian effects can use
 * the same shape: mean ± √(s²/n + noiseVariance)). @internal
 */
export interface NoisyArm {
  /** The noisy count (≥ 2). */
  readonly count: number;
  /** The mean estimate (center + sum/count, clamped to the bounds). */
  readonly mean: number;
  /** The sample variance used for the sampling part of the standard error. */
  readonly variance: number;
  /** Satterthwaite degrees of freedom of `variance` (sampling and noise in it), ≤ count − 1. */
  readonly varianceDf: number;
  /** The variance of the mean that comes from the noise (known from the release), inflated for Laplace noise. */
  readonly noiseVariance: number;
}

/**
 * The arm of a private summary for inference. `laplaceFactor` (≥ 1) multiplies the noise
 * variances of a Laplace (pure ε) release, whose tails are heavier than a normal's; the test
 * chooses it for its level (see `laplaceInflation` in src/ttest/noisy-welch.ts).
 *
 * Method (a plug-in with the known noise variances; compare Du, Foot, Moniz, Bray, Agrawal &
 * Kifer 2020, "Differentially private confidence intervals", who study such intervals):
 * with n the noisy count and d = sum/n,
 * - mean = c + d (the ratio of two noisy sums), with noise variance (σ²_sum + d²·σ²_count)/n²
 *   by the delta method;
 * - s² = (Q − sum²/n)/(n − 1) from the noisy Σ(x − c)² = Q. Its noise has variance
 *   σ²_s2 = (σ²_Q + (2d)²·σ²_sum)/(n − 1)². A noisy M2 can be negative or above what values in
 *   the bounds allow: s² is first widened by one noise standard deviation, s² + σ_s2 (which
 *   makes an underestimate, the optimistic error, unlikely), then clamped to [0, r²·n/(n − 1)];
 * - the degrees of freedom of s² are those of a sample variance, n − 1, reduced by
 *   Satterthwaite's rule for its noise: ν = 2s⁴ / (2s⁴/(n − 1) + σ²_s2).
 * - Laplace noise (pure ε) has heavier tails than a normal: its variances are multiplied by
 *   `laplaceFactor`.
 * A noisy count below 2 is `E_TOO_FEW` (the release says the group is too small to test).
 * @internal
 */
export function noisyArm(p: PrivateSummary, name: string, laplaceFactor: number): NoisyArm {
  const n = p.count;
  if (n < 2) {
    throw new BatchStatsError(
      "E_TOO_FEW",
      `${name} is a private summary whose noisy count is ${n}: at least 2 are needed for a test`,
      { field: name },
    );
  }
  const inflate = p.mechanism === "laplace" ? laplaceFactor : 1;
  const [lo, hi] = p.bounds;
  const d = p.sum / n;
  const mean = Math.min(hi, Math.max(lo, p.center + d));
  const noiseVariance = (inflate * (p.sumNoiseVariance + d * d * p.countNoiseVariance)) / (n * n);
  const raw = (p.sumSquares - p.sum * d) / (n - 1);
  const s2NoiseVariance =
    (inflate * (p.sumSquaresNoiseVariance + 4 * d * d * p.sumNoiseVariance)) / ((n - 1) * (n - 1));
  const r2 = p.halfWidth * p.halfWidth;
  const variance = Math.min((r2 * n) / (n - 1), Math.max(0, raw + Math.sqrt(s2NoiseVariance)));
  const s4 = variance * variance;
  const varianceDf = s4 === 0 ? n - 1 : (2 * s4) / ((2 * s4) / (n - 1) + s2NoiseVariance);
  return { count: n, mean, variance, varianceDf, noiseVariance };
}
