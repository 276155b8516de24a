import type { PrivateSummary } from "../privacy/private-summary.js";
import { laplaceInflation } from "./noisy-welch.js";
import { armOf, type Sample } from "./sample.js";
import { resolveTTestOptions, type TTestOptions } from "./options.js";
import type { TTestResult } from "./result.js";
import { twoSampleTest } from "./two-sample.js";

/**
 * Two-sample t-test for the difference of means, mean(a) − mean(b), from summaries alone (or from
 * raw values, summarized first). Welch's test by default; `equalVar: true` for Student's pooled
 * test. Same conventions as scipy's `ttest_ind` and R's `t.test` (`mu` shifts the null; the
 * interval is for mean(a) − mean(b)).
 *
 * Exact where it matters: the mean difference and standard error use the summaries'
 * double-double moments, and p-values are computed in the tail, with `log10PValue` finite below
 * 1e-308. Errors: `E_TOO_FEW` (fewer than 2 values in an arm for Welch, fewer than 3 in all for
 * Student), `E_ZERO_VARIANCE` (both variances zero), `E_BAD_ARGUMENT` (a bad option), `E_NAN`/`E_INFINITE` for
 * non-finite data (see `options.nan`). See docs/ttest-notes.md for the edge-case table.
 *
 * Either sample may be a `PrivateSummary` (from `privatize`): the test is then Welch's with the
 * noise of the release added to the standard error and the degrees of freedom reduced for it,
 * conservative by construction (see docs/privacy.md); `equalVar: true` is refused there.
 *
 * Method: Welch (1947) with Satterthwaite's (1946) df; Student (1908) with pooled variance;
 * t tail probabilities and quantiles from the project's own distribution functions, computed in
 * the tail (src/distributions/t-distribution.ts and t-quantile.ts describe how).
 *
 * @example
 * ```ts
 * import { summarize, ttest } from "batchstats";
 * const control = summarize([4.1, 3.9, 4.3, 4.0, 4.2]);
 * const variant = summarize([4.6, 4.4, 4.9, 4.5]);
 * const r = ttest(variant, control);
 * r.estimate;             // => 0.5000000000000002
 * r.statistic;            // => 3.8729833462074175
 * r.df;                   // => 5.381165919282512
 * r.pValue;               // => 0.010173326205740699
 * ttest(variant, control, { equalVar: true }).method; // => "student"
 * ttest(variant, control, { alternative: "greater" }).confidenceInterval[1]; // => Infinity
 * ```
 */
export function ttest(a: Sample | PrivateSummary, b: Sample | PrivateSummary, options?: TTestOptions): TTestResult {
  const o = resolveTTestOptions(options, true);
  const factor = laplaceInflation(o.alternative === "two-sided" ? 1 - o.confidenceLevel : 2 * (1 - o.confidenceLevel));
  const armA = armOf(a, o.nan, "a", factor);
  const armB = armOf(b, o.nan, "b", factor);
  return twoSampleTest(armA, armB, o, ["a", "b"]);
}
