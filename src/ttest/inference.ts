import { type DD, ddAdd, ddDiv, ddMulNumber, ddToNumber } from "../ddouble.js";
import type { ResolvedTTestOptions } from "./options.js";
import type { TTestMethod, TTestResult } from "./result.js";
import { tLogSf, tLogTwoSided, tSf, tTwoSided } from "../distributions/t-distribution.js";
import { tCentralQuantile, tQuantile } from "../distributions/t-quantile.js";

/**
 * From an estimate, its standard error and the degrees of freedom to the full result:
 * statistic, p-value (in the tail), log10 p (finite below 1e-308), confidence interval.
 *
 * The statistic is (estimate − mu)/stderr formed in double-double arithmetic and rounded once.
 * Confidence bounds are estimate ± q·stderr with q the t quantile, also in double-double, so a
 * bound is exact up to the rounding of q and of the result.
 * @internal
 */
export function inference(
  method: TTestMethod,
  estimate: DD,
  shifted: DD,
  stderr: DD,
  df: number,
  o: ResolvedTTestOptions,
): TTestResult {
  const t0 = ddToNumber(ddDiv(shifted, stderr));
  const statistic = t0 === 0 ? 0 : t0; // no −0
  let pValue: number;
  let lnP: number;
  let confidenceInterval: [number, number];
  const bound = (q: number): number => ddToNumber(ddAdd(estimate, ddMulNumber(stderr, q)));
  switch (o.alternative) {
    case "two-sided": {
      pValue = tTwoSided(statistic, df);
      lnP = tLogTwoSided(statistic, df);
      const q = tCentralQuantile(o.confidenceLevel, df);
      confidenceInterval = [bound(-q), bound(q)];
      break;
    }
    case "greater": {
      pValue = tSf(statistic, df);
      lnP = tLogSf(statistic, df);
      confidenceInterval = [bound(-tQuantile(o.confidenceLevel, df)), Infinity];
      break;
    }
    case "less": {
      pValue = tSf(-statistic, df);
      lnP = tLogSf(-statistic, df);
      confidenceInterval = [-Infinity, bound(tQuantile(o.confidenceLevel, df))];
      break;
    }
  }
  return {
    statistic,
    pValue,
    log10PValue: lnP === 0 ? 0 : lnP / Math.LN10, // no −0
    df,
    estimate: ddToNumber(estimate),
    stderr: ddToNumber(stderr),
    confidenceInterval,
    alternative: o.alternative,
    method,
    confidenceLevel: o.confidenceLevel,
  };
}

/** The all-NaN result of nan: "propagate" on NaN input. @internal */
export function nanResult(method: TTestMethod, o: ResolvedTTestOptions): TTestResult {
  return {
    statistic: Number.NaN,
    pValue: Number.NaN,
    log10PValue: Number.NaN,
    df: Number.NaN,
    estimate: Number.NaN,
    stderr: Number.NaN,
    confidenceInterval: [Number.NaN, Number.NaN],
    alternative: o.alternative,
    method,
    confidenceLevel: o.confidenceLevel,
  };
}
