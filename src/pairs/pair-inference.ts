import { dd, ddSqrt, exponentOf, scaleByPow2 } from "../ddouble.js";
import type { EffectMoments } from "../effect/effect-moments.js";
import { BatchStatsError } from "../errors.js";
import { inference } from "../ttest/inference.js";
import type { TTestResult } from "../ttest/result.js";
import type { ResolvedPairTestOptions } from "./pair-test-options.js";

/**
 * The t-test (or z-test) fields for an effect estimate with its variance: statistic, p-value in
 * the tail, log10 p, df, stderr and the confidence interval, by the t-test's own inference
 * (the standard error formed in units of a power of two near 1). A zero variance is
 * `E_ZERO_VARIANCE`. @internal
 */
export function effectInference(effect: EffectMoments, o: ResolvedPairTestOptions): Omit<TTestResult, "method"> {
  const v = effect.variance;
  if (!(v > 0)) {
    throw new BatchStatsError(
      "E_ZERO_VARIANCE",
      "the variance of the estimate is 0 (no spread left in either arm), so the statistic is undefined",
      { field: "variance" },
    );
  }
  const unit = Math.floor(exponentOf(v) / 2);
  const stderr = ddSqrt(dd(scaleByPow2(v, -2 * unit)));
  const df = o.distribution === "normal" ? Infinity : effect.df;
  const resolved = {
    equalVar: false,
    alternative: o.alternative,
    confidenceLevel: o.confidenceLevel,
    mu: 0,
    nan: "raise" as const,
  };
  const { method: _method, ...fields } = inference("welch", dd(effect.estimate), resolved, { stderr, unit, df });
  return fields;
}
