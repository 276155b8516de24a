/**
 * The alternative hypothesis, about mean(a) − mean(b) − mu (two samples) or mean(a) − mu (one
 * sample): `"two-sided"` (≠ 0), `"less"` (< 0) or `"greater"` (> 0), as in scipy and R.
 */
export type Alternative = "two-sided" | "less" | "greater";

/** Which test produced a result. */
export type TTestMethod = "welch" | "student" | "one-sample";

/**
 * The result of a t-test: plain, JSON-friendly data (one-sided confidence intervals have an
 * infinite bound, which `JSON.stringify` writes as `null`). Named as scipy users expect.
 *
 * @example
 * ```ts
 * import { ttest } from "batchstats";
 * const r = ttest([1, 2, 3, 4], [2, 4, 6, 8, 10]);
 * r.method;             // => "welch"
 * r.statistic;          // => -2.251436323159369
 * r.pValue;             // => 0.06913359319239241
 * r.confidenceInterval; // => [-7.385368080514044, 0.38536808051404436]
 * ```
 */
export interface TTestResult {
  /** The t statistic, (estimate − mu) / stderr. */
  statistic: number;
  /** The p-value for `alternative`; computed in the tail, never as 1 − cdf. Underflows to 0 below ~1e-308. */
  pValue: number;
  /** log10 of the p-value, finite and accurate even where `pValue` underflows to 0. */
  log10PValue: number;
  /** Degrees of freedom: Welch–Satterthwaite (`"welch"`), na + nb − 2 (`"student"`), n − 1 (`"one-sample"`). */
  df: number;
  /** mean(a) − mean(b), or mean(a) for the one-sample test (not shifted by `mu`). */
  estimate: number;
  /** The standard error of `estimate`. */
  stderr: number;
  /** Confidence interval for the estimate at `confidenceLevel`; one-sided tests have an infinite bound. */
  confidenceInterval: [number, number];
  /** The alternative hypothesis tested. */
  alternative: Alternative;
  /** The test performed. */
  method: TTestMethod;
  /** The confidence level of `confidenceInterval`. */
  confidenceLevel: number;
}
