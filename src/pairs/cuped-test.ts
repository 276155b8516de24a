import { type DD, ddAdd, ddDiv, ddDivNumber, ddMul, ddMulNumber, ddSub, ddToNumber } from "../ddouble.js";
import { absoluteEffect, type ArmStats, relativeEffect, welchDf } from "../effect/effect-moments.js";
import { BatchStatsError } from "../errors.js";
import type { TTestResult } from "../ttest/result.js";
import { mergePairTwo } from "./merge-pairs.js";
import { effectInference } from "./pair-inference.js";
import { type PairSummary, requirePairSummary } from "./pair-summary.js";
import { type PairTestOptions, resolvePairTestOptions } from "./pair-test-options.js";

/** Options of `cupedTest`: those of `ratioTest` plus θ. */
export interface CupedOptions extends PairTestOptions {
  /** The adjustment coefficient: `"pooled"` (default) = cov(x, y) / var(x) of both arms pooled (GrowthBook), or a number. */
  theta?: number | "pooled";
}

/** The result of `cupedTest`: the t-test fields for the CUPED-adjusted effect, plus the adjustment. */
export interface CupedResult extends Omit<TTestResult, "method"> {
  method: "cuped";
  /** Whether `estimate` is the lift (adjusted difference / |unadjusted control mean|). */
  relative: boolean;
  /** The θ used: y is adjusted to y − θ·x. */
  theta: number;
  /** 1 − var(adjusted estimate) / var(unadjusted estimate): the share of the variance CUPED removed (≈ ρ²). */
  varianceReduction: number;
  /** The unadjusted estimate (difference of the means of y, or their lift). */
  unadjustedEstimate: number;
  /** The standard error of the unadjusted estimate. */
  unadjustedStderr: number;
}

/** M2 of y − θx: M2y − 2θ·C + θ²·M2x, in double-double (never below 0). */
function adjustedM2(p: PairSummary, theta: number): DD {
  const m2 = ddAdd(
    ddSub(p.y.m2DD(), ddMulNumber(p.cDD(), 2 * theta)),
    ddMulNumber(ddMulNumber(p.x.m2DD(), theta), theta),
  );
  return m2.hi < 0 ? { hi: 0, lo: 0 } : m2;
}

/** M2 of r·y − θx: r²M2y − 2rθ·C + θ²M2x, in double-double (never below 0). */
function scaledAdjustedM2(p: PairSummary, r: DD, theta: number): DD {
  const m2 = ddAdd(
    ddSub(ddMul(ddMul(p.y.m2DD(), r), r), ddMulNumber(ddMul(p.cDD(), r), 2 * theta)),
    ddMulNumber(ddMulNumber(p.x.m2DD(), theta), theta),
  );
  return m2.hi < 0 ? { hi: 0, lo: 0 } : m2;
}

function tooFew(p: PairSummary, name: string): void {
  if (p.count < 2) {
    throw new BatchStatsError("E_TOO_FEW", `${name} needs at least 2 pairs; it has ${p.count}`, { field: name });
  }
}

/** The adjusted arm: mean ȳ − θx̄ and variance M2(y − θx)/(n − 1). */
function adjustedArm(p: PairSummary, theta: number): ArmStats {
  return {
    count: p.count,
    mean: ddSub(p.y.meanDD(), ddMulNumber(p.x.meanDD(), theta)),
    variance: ddToNumber(ddDivNumber(adjustedM2(p, theta), p.count - 1)),
  };
}

function plainArm(p: PairSummary): ArmStats {
  return { count: p.count, mean: p.y.meanDD(), variance: p.y.count < 2 ? 0 : p.y.variance() };
}

/**
 * θ pooled over both arms as GrowthBook computes it: the co-moment over the M2 of x of the
 * merged pairs (the joint regression slope of y on x); 0 when either pooled M2 is 0.
 */
function pooledTheta(a: PairSummary, b: PairSummary): number {
  const all = mergePairTwo(a, b);
  if (all.m2X === 0 || all.m2Y === 0) return 0;
  return ddToNumber(ddDiv(all.cDD(), all.x.m2DD()));
}

/**
 * The relative CUPED effect (adjA − adjB) / |ȳb| with GrowthBook's delta-method variance:
 * v(adjA)/(na ȳb²) + (s²yb (ȳa/ȳb)² − 2θ·cov_b (ȳa/ȳb) + θ² s²xb)/(nb ȳb²).
 */
function relativeCuped(a: PairSummary, b: PairSummary, theta: number, adjA: ArmStats, adjB: ArmStats) {
  const mb = b.meanY;
  if (mb === 0) {
    throw new BatchStatsError("E_ZERO_MEAN", "the control mean of y (b) is 0, so the relative effect is undefined", {
      field: "b",
    });
  }
  const estimate = ddToNumber(ddDiv(ddSub(adjA.mean, adjB.mean), { hi: Math.abs(mb), lo: Math.sign(mb) * b.meanYLo }));
  // GrowthBook's s²y·r² − 2θ·cov·r + θ²s²x with r = ȳa/ȳb, formed as M2(r·y − θx)/(n − 1) from the
  // double-double co-moments: with y and x highly correlated its terms cancel
  const ratio = ddDiv(a.y.meanDD(), b.y.meanDD());
  const va = adjA.variance / a.count;
  const vb = ddToNumber(ddDivNumber(scaledAdjustedM2(b, ratio, theta), b.count - 1)) / b.count;
  const variance = (va + vb) / mb / mb;
  return {
    estimate,
    variance,
    df: welchDf(adjA.variance / a.count, a.count, adjB.variance / b.count, b.count),
    relative: true,
  };
}

/**
 * CUPED (regression adjustment with a pre-period covariate) on two pair summaries, with y the
 * metric and x its pre-experiment value per unit: each arm's y is adjusted to y − θ·x, and the
 * adjusted means are compared with Welch's t-test (or a z-test). θ is pooled over both arms by
 * default, as GrowthBook does; the variance of the estimate drops by about ρ²(x, y).
 * With `relative: true` the estimate is (adjusted a − adjusted b) / |unadjusted mean of y in b|
 * with GrowthBook's delta-method variance. (a, b) = (treatment, control).
 *
 * Errors: `E_BAD_ARGUMENT` for a non-pair-summary or a bad option; `E_TOO_FEW` below 2 pairs in
 * an arm; `E_ZERO_VARIANCE` when nothing varies; `E_ZERO_MEAN` for a relative effect over a
 * control mean of 0.
 *
 * Method: Deng, Xu, Kohavi & Walker, "Improving the sensitivity of online controlled
 * experiments by utilizing pre-experiment data", WSDM 2013; adjusted M2 = M2y − 2θC + θ²M2x from
 * the double-double co-moments; Welch–Satterthwaite df on the adjusted per-unit variances.
 *
 * @example
 * ```ts
 * import { cupedTest, summarizePairs } from "batchstats";
 * const a = summarizePairs([1, 2, 3, 4, 5], [2.1, 3.9, 6.2, 8.1, 9.8]); // (pre, post)
 * const b = summarizePairs([1, 2, 3, 4, 5], [2, 4, 5.9, 8, 10]);
 * const r = cupedTest(a, b);
 * r.theta;             // => 1.98
 * r.estimate;          // => 0.040000000000000036 (ȳa − ȳb, correctly rounded; x̄a = x̄b)
 * r.varianceReduction > 0.99; // => true
 * ```
 */
export function cupedTest(a: PairSummary, b: PairSummary, options?: CupedOptions): CupedResult {
  const pa = requirePairSummary(a, "a");
  const pb = requirePairSummary(b, "b");
  const o = resolvePairTestOptions(options, true);
  tooFew(pa, "a");
  tooFew(pb, "b");
  const theta = o.theta === "pooled" ? pooledTheta(pa, pb) : o.theta;
  const adjA = adjustedArm(pa, theta);
  const adjB = adjustedArm(pb, theta);
  const plainA = plainArm(pa);
  const plainB = plainArm(pb);
  const effect = o.relative ? relativeCuped(pa, pb, theta, adjA, adjB) : absoluteEffect(adjA, adjB);
  const unadjusted = o.relative ? relativeEffect(plainA, plainB) : absoluteEffect(plainA, plainB);
  const fields = effectInference(effect, o);
  const varianceReduction = unadjusted.variance > 0 ? 1 - effect.variance / unadjusted.variance : 0;
  return Object.freeze({
    ...fields,
    method: "cuped" as const,
    relative: o.relative,
    theta,
    varianceReduction,
    unadjustedEstimate: unadjusted.estimate,
    unadjustedStderr: Math.sqrt(unadjusted.variance),
  });
}
