import { type DD, ddDiv, ddDivNumber, ddMul, twoSum } from "../ddouble.js";
import { LOG10E_DD } from "../ddouble-log.js";
import { absoluteEffect, armStats, relativeEffect } from "../effect/effect-moments.js";
import { BatchStatsError } from "../errors.js";
import { csOneSidedHalfWidth, csOneSidedLogP, csRatio } from "./asymptotic-cs.js";
import { msprtOneSidedBound, msprtOneSidedLogP } from "./msprt.js";
import { mixtureRatio, mixtureTerms, twoSidedHalfWidth, twoSidedLogP, zSquared } from "./normal-mixture.js";
import { type ResolvedSequentialOptions, resolveSequentialOptions, type SequentialOptions } from "./options.js";
import type { SequentialResult } from "./result.js";

/**
 * An always-valid test of treatment `a` against control `b` (summaries, or arrays of values):
 * its p-value and confidence interval may be read after every batch, as often as one likes, and
 * the chance of ever rejecting a true "no effect" stays ≤ `alpha`.
 *
 * Method (details in `normal-mixture.ts`, `asymptotic-cs.ts`, `msprt.ts`):
 * - `"asymptotic-cs"` (default): the asymptotic confidence sequence of Waudby-Smith et al.
 *   (2023) with GrowthBook's tuning ρ from N* (`tuning`, default 5000); the same half-widths
 *   and (two-sided) p-values as GrowthBook, and a closed-form one-sided p-value where
 *   GrowthBook bisects.
 * - `"msprt"`: the normal-mixture sequential probability ratio test (Robbins 1970; Johari,
 *   Pekelis & Walsh 2017) with mixing variance τ² = `tuning` (two-sided: N(0, τ²); one-sided:
 *   the half-normal on the side of the alternative); p = min(1, 1/Λ), the interval by
 *   inverting it.
 * The effect and its standard error are those of the delta method on the relative scale
 * (`relative`, default) or of mean(a) − mean(b); n = na + nb. p-values are formed as ln p, so
 * `pValue` keeps its subnormal digits and `log10PValue` stays finite far below 1e-308.
 *
 * Errors: fewer than 2 values in an arm `E_TOO_FEW`; both arms constant `E_ZERO_VARIANCE`;
 * a control mean of 0 on the relative scale `E_ZERO_MEAN`; options out of range
 * `E_BAD_ARGUMENT`; τ²/se² beyond the double range `E_OVERFLOW` (`field: "tuning"`).
 *
 * @example
 * ```ts
 * import { fromMoments, sequentialTest } from "batchstats";
 * const a = fromMoments({ count: 100000, mean: 1.03, variance: 1 });
 * const b = fromMoments({ count: 100000, mean: 1, variance: 1 });
 * const r = sequentialTest(a, b);          // lift, asymptotic CS, N* = 5000
 * r.estimate;                              // => 0.030000000000000027
 * r.pValue;                                // => 6.286721431396531e-9
 * r.confidenceInterval;                    // => [0.014410893233848306, 0.045589106766151744]
 * sequentialTest(a, b, { method: "msprt" }).pValue; // => 7.586636525104048e-9
 * ```
 */
export function sequentialTest(a: unknown, b: unknown, options?: SequentialOptions): SequentialResult {
  const o = resolveSequentialOptions(options);
  const sa = armStats(a, "a");
  const sb = armStats(b, "b");
  const e = o.relative ? relativeEffect(sa, sb) : absoluteEffect(sa, sb);
  if (e.variance === 0) {
    throw new BatchStatsError(
      "E_ZERO_VARIANCE",
      "both samples have zero variance (all values equal), so the standard error is 0",
      { field: "variance" },
    );
  }
  return sequentialFromEffect(e.estimate, e.variance, sa.count + sb.count, o);
}

/** r = τ²/V (as a double, for the interval) and ln p (double-double) at one look. @internal */
export interface LookLogP {
  readonly r: number;
  readonly lnP: DD;
}

/**
 * r and ln p from an estimate, its variance V > 0 and the total count n: the p-value's terms
 * formed in double-double, so that ln p is accurate to a few units of 1e-17 absolute. @internal
 */
export function sequentialLogP(estimate: number, variance: number, n: number, o: ResolvedSequentialOptions): LookLogP {
  const oneSided = o.alternative !== "two-sided";
  let rDD: DD;
  let ratio: DD;
  if (o.method === "asymptotic-cs") {
    rDD = csRatio(n, o.tuning, o.alpha, oneSided);
    ratio = mixtureRatio(rDD);
  } else {
    rDD = ddDivNumber({ hi: o.tuning, lo: 0 }, variance);
    if (!(rDD.hi < Infinity)) {
      throw new BatchStatsError(
        "E_OVERFLOW",
        "the mixing variance τ² over the variance of the estimate is beyond the double range (about 1.8e308)",
        { field: "tuning" },
      );
    }
    ratio = ddDiv({ hi: o.tuning, lo: 0 }, twoSum(o.tuning, variance));
  }
  const terms = mixtureTerms(rDD, ratio, zSquared(estimate, variance));
  const toward = o.alternative === "less" ? -estimate : estimate;
  const lnP = !oneSided
    ? twoSidedLogP(terms)
    : o.method === "asymptotic-cs"
      ? csOneSidedLogP(toward, terms)
      : msprtOneSidedLogP(toward, terms);
  return { r: rDD.hi, lnP };
}

/**
 * The sequential result from an estimate, its variance V > 0 and the total count n. @internal
 */
export function sequentialFromEffect(
  estimate: number,
  variance: number,
  n: number,
  o: ResolvedSequentialOptions,
): SequentialResult {
  const se = Math.sqrt(variance);
  const { r, lnP } = sequentialLogP(estimate, variance, n, o);
  let confidenceInterval: [number, number];
  if (o.alternative === "two-sided") {
    const h = se * twoSidedHalfWidth(r, o.alpha);
    confidenceInterval = [estimate - h, estimate + h];
  } else {
    const h = se * (o.method === "asymptotic-cs" ? csOneSidedHalfWidth(r, o.alpha) : msprtOneSidedBound(r, o.alpha));
    confidenceInterval = o.alternative === "greater" ? [estimate - h, Infinity] : [-Infinity, estimate + h];
  }
  for (const bound of confidenceInterval) {
    if (Number.isNaN(bound) || bound === (o.alternative === "greater" ? -Infinity : Infinity)) {
      throw new BatchStatsError("E_OVERFLOW", "a confidence bound is beyond the double range (about 1.8e308)", {
        field: "confidenceInterval",
      });
    }
  }
  return {
    estimate,
    stderr: se,
    confidenceInterval,
    pValue: lnP.hi === 0 ? 1 : Math.exp(lnP.hi) * (1 + lnP.lo),
    log10PValue: lnP.hi === 0 ? 0 : ddMul(lnP, LOG10E_DD).hi,
    method: o.method,
    tuning: o.tuning,
    n,
    alpha: o.alpha,
    alternative: o.alternative,
    relative: o.relative,
  };
}
