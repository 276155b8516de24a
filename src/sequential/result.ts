import type { Alternative } from "../ttest/result.js";

/** Which always-valid method produced a sequential result. */
export type SequentialMethod = "asymptotic-cs" | "msprt";

/**
 * The result of `sequentialTest`: plain, JSON-friendly data (a one-sided interval has an
 * infinite bound, which `JSON.stringify` writes as `null`).
 *
 * @example
 * ```ts
 * import { fromMoments, sequentialTest } from "batchstats";
 * const a = fromMoments({ count: 5000, mean: 10.3, variance: 4 });
 * const b = fromMoments({ count: 5000, mean: 10, variance: 4 });
 * const r = sequentialTest(a, b, { relative: false });
 * r.method;        // => "asymptotic-cs"
 * r.pValue < 0.05; // => true
 * ```
 */
export interface SequentialResult {
  /** mean(a) − mean(b), or the lift (mean(a) − mean(b)) / |mean(b)| when `relative`. */
  estimate: number;
  /** The standard error of `estimate` (delta method on the relative scale). */
  stderr: number;
  /**
   * The always-valid (1 − alpha) confidence interval: it covers the true effect at every look
   * at once with probability ≥ 1 − alpha. One-sided alternatives have an infinite bound.
   */
  confidenceInterval: [number, number];
  /**
   * The always-valid p-value of "no effect" at this look: rejecting the first time it is ≤ α
   * keeps the false-positive rate ≤ α however often one looks. (Its running minimum over the
   * looks is the always-valid p-value of the whole sequence.)
   */
  pValue: number;
  /** log10 of `pValue`, finite where `pValue` underflows to 0. */
  log10PValue: number;
  /** The method used. */
  method: SequentialMethod;
  /** N* of `"asymptotic-cs"` or the mixing variance τ² of `"msprt"`, as used. */
  tuning: number;
  /** The number of units in both arms, na + nb. */
  n: number;
  /** The error rate of the confidence interval. */
  alpha: number;
  /** The alternative hypothesis. */
  alternative: Alternative;
  /** Whether `estimate` is the relative effect (lift). */
  relative: boolean;
}
