import { type DD, dd, ddAdd, ddDiv, ddMulNumber, ddScale, ddSub, ddToNumber, scaleByPow2 } from "../ddouble.js";
import { BatchStatsError } from "../errors.js";
import type { ResolvedTTestOptions } from "./options.js";
import type { TTestMethod, TTestResult } from "./result.js";
import { tLogSf, tLogTwoSided, tSf, tTwoSided } from "../distributions/t-distribution.js";
import { tCentralQuantile, tQuantile } from "../distributions/t-quantile.js";

/** The standard error in units of 2^unit (so that it is near 1), and the degrees of freedom. @internal */
export interface ScaledStderr {
  readonly stderr: DD;
  readonly unit: number;
  readonly df: number;
}

const MIN_NORMAL = 2.2250738585072014e-308; // 2^-1022

function overflow(field: string, what: string): never {
  throw new BatchStatsError("E_OVERFLOW", `${what} is beyond the double range (about 1.8e308)`, { field });
}

/**
 * estimate + q·stderr, formed in the units of the standard error and scaled back once (exactly
 * scale-covariant), or in the data's units when the estimate does not fit those units exactly (it
 * overflows them, or a tiny estimate underflows in them: −5e-324 in units of 2^10 is 0, and a
 * bound formed from 0 would not contain the estimate).
 */
function confidenceBound(estimate: DD, unitEstimate: DD, se: ScaledStderr, stderr: DD, q: number): number {
  const back = ddScale(unitEstimate, se.unit);
  const b =
    Number.isFinite(unitEstimate.hi) && back.hi === estimate.hi && back.lo === estimate.lo
      ? scaleByPow2(ddToNumber(ddAdd(unitEstimate, ddMulNumber(se.stderr, q))), se.unit)
      : ddToNumber(ddAdd(estimate, ddMulNumber(stderr, q)));
  if (!Number.isFinite(b)) overflow("confidenceInterval", "a confidence bound");
  return b;
}

/**
 * From an estimate, its standard error and the degrees of freedom to the full result:
 * statistic, p-value (in the tail), log10 p (finite below 1e-308), confidence interval.
 *
 * The statistic is (estimate − mu)/stderr formed in double-double arithmetic, in the units of
 * the standard error (exact scaling), and rounded once. Confidence bounds are estimate ±
 * q·stderr with q the t quantile, also in double-double, so a bound is exact up to the rounding
 * of q and of the result. A statistic, standard error or finite bound beyond the double range is
 * `E_OVERFLOW` naming it (`statistic`, `stderr`, `confidenceInterval`); a difference of means
 * beyond it is `E_OVERFLOW` (`estimate`); a standard error below the normal range (subnormal
 * spreads given to `ttestFromStats`) is `E_UNDERFLOW` (`stderr`).
 * @internal
 */
export function inference(method: TTestMethod, estimate: DD, o: ResolvedTTestOptions, se: ScaledStderr): TTestResult {
  const { unit, df } = se;
  if (!Number.isFinite(estimate.hi)) overflow("estimate", "the difference of the means");
  const shifted = o.mu === 0 ? estimate : ddSub(estimate, dd(o.mu));
  if (!Number.isFinite(shifted.hi)) overflow("statistic", "the t statistic");
  const t0 = ddToNumber(ddDiv(ddScale(shifted, -unit), se.stderr));
  if (!Number.isFinite(t0)) overflow("statistic", "the t statistic");
  const statistic = t0 === 0 ? 0 : t0; // no −0
  const stderr = ddScale(se.stderr, unit);
  if (!Number.isFinite(stderr.hi)) overflow("stderr", "the standard error");
  if (Math.abs(stderr.hi) < MIN_NORMAL) {
    throw new BatchStatsError(
      "E_UNDERFLOW",
      "the standard error is below the normal double range (2.2e-308): the spread is too small to be represented",
      { field: "stderr" },
    );
  }
  let pValue: number;
  let lnP: number;
  let confidenceInterval: [number, number];
  const unitEstimate = ddScale(estimate, -unit);
  switch (o.alternative) {
    case "two-sided": {
      pValue = tTwoSided(statistic, df);
      lnP = tLogTwoSided(statistic, df);
      const q = tCentralQuantile(o.confidenceLevel, df);
      confidenceInterval = [
        confidenceBound(estimate, unitEstimate, se, stderr, -q),
        confidenceBound(estimate, unitEstimate, se, stderr, q),
      ];
      break;
    }
    case "greater": {
      pValue = tSf(statistic, df);
      lnP = tLogSf(statistic, df);
      confidenceInterval = [
        confidenceBound(estimate, unitEstimate, se, stderr, -tQuantile(o.confidenceLevel, df)),
        Infinity,
      ];
      break;
    }
    case "less": {
      pValue = tSf(-statistic, df);
      lnP = tLogSf(-statistic, df);
      confidenceInterval = [
        -Infinity,
        confidenceBound(estimate, unitEstimate, se, stderr, tQuantile(o.confidenceLevel, df)),
      ];
      break;
    }
  }
  return {
    statistic,
    pValue,
    log10PValue: lnP === 0 ? 0 : lnP / Math.LN10, // no −0
    df,
    estimate: ddToNumber(estimate),
    stderr: scaleByPow2(ddToNumber(se.stderr), unit), // rounded once, in units where it is normal
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
