import { ddDiv, ddScale, ddSqrt, twoProduct } from "../ddouble.js";
import { BatchStatsError } from "../errors.js";
import { inference, nanResult } from "./inference.js";
import { resolveTTestOptions, type TTest1SampOptions } from "./options.js";
import type { TTestResult } from "./result.js";
import { armOf, type Sample } from "./sample.js";
import { halfExponent, zeroVariance } from "./two-sample.js";

/**
 * One-sample t-test of mean(a) = mu, from a summary alone (or from raw values, summarized
 * first); like scipy's `ttest_1samp` and R's `t.test(x, mu = …)`. The interval is for mean(a).
 *
 * A **paired** test is the one-sample test of the differences: summarize `a[i] − b[i]`.
 *
 * Errors: `E_TOO_FEW` for fewer than 2 values, `E_ZERO_VARIANCE` for zero variance, `E_BAD_ARGUMENT` for a bad
 * option, `E_NAN`/`E_INFINITE` for non-finite data (see `options.nan`).
 *
 * Method: t = (x̄ − mu)/(s/√n) with ν = n − 1, from the double-double mean and M2;
 * p-values and quantiles as in `ttest`.
 *
 * @example
 * ```ts
 * import { ttest1samp } from "batchstats";
 * const r = ttest1samp([5.1, 4.9, 5.6, 5.8, 6.0, 5.3], { mu: 5 });
 * r.statistic;          // => 2.605323299939319
 * r.df;                 // => 5
 * r.pValue;             // => 0.04793992466633427
 *
 * // Paired: the one-sample test of the differences.
 * const before = [72, 80, 65, 90, 77];
 * const after = [70, 76, 66, 84, 73];
 * const paired = ttest1samp(before.map((x, i) => x - after[i]!));
 * paired.estimate;      // => 3
 * paired.pValue;        // => 0.06429011098598778
 * ```
 */
export function ttest1samp(a: Sample, options?: TTest1SampOptions): TTestResult {
  const o = resolveTTestOptions(options, false);
  const arm = armOf(a, o.nan, "a");
  if (arm === null) return nanResult("one-sample", o);
  const n = arm.count;
  if (n < 2) {
    throw new BatchStatsError("E_TOO_FEW", `the one-sample t-test needs at least 2 values; a has ${n}`, { field: "a" });
  }
  if (arm.m2.hi === 0) zeroVariance("the sample has");
  const unit = halfExponent(arm); // in units of 2^unit M2 is in [1, 4): see two-sample.ts
  const stderr = ddSqrt(ddDiv(ddScale(arm.m2, 2 * (arm.m2Exp - unit)), twoProduct(n, n - 1)));
  return inference("one-sample", arm.mean, o, { stderr, unit, df: n - 1 });
}
