import {
  type DD,
  ddAdd,
  ddDiv,
  ddDivNumber,
  ddMul,
  ddMulNumber,
  ddScale,
  ddSub,
  ddToNumber,
  exponentOf,
  scaleByPow2,
} from "../ddouble.js";
import { absoluteEffect, type ArmStats, relativeEffect } from "../effect/effect-moments.js";
import { BatchStatsError } from "../errors.js";
import type { TTestResult } from "../ttest/result.js";
import { effectInference } from "./pair-inference.js";
import { type PairSummary, requirePairSummary } from "./pair-summary.js";
import { type PairTestOptions, resolvePairTestOptions } from "./pair-test-options.js";

/** The result of `ratioTest`: the t-test fields for the difference (or lift) of the ratios. */
export interface RatioResult extends Omit<TTestResult, "method"> {
  method: "ratio";
  /** Whether `estimate` is the lift of the ratios, (ra − rb) / |rb|. */
  relative: boolean;
  /** The ratio of means ȳ/x̄ of each arm: [a, b]. */
  ratios: [number, number];
  /** The delta-method variance of each arm's ratio estimate: [a, b]. */
  ratioVariances: [number, number];
}

/**
 * One arm of a ratio metric: r = ȳ/x̄ and the per-unit delta-method variance
 * (s²y − 2r·sxy + r²·s²x)/x̄² = M2(y − r·x)/((n − 1)·x̄²), formed from the double-double moments.
 * M2(y − r·x) and x̄ are divided by their powers of two before the quotient is formed, so a
 * denominator whose square is subnormal (|x̄| < 1.5e-154) loses no digits and the result scales
 * exactly with x and y.
 */
function ratioArm(p: PairSummary, name: string): ArmStats {
  if (p.count < 2) {
    throw new BatchStatsError("E_TOO_FEW", `${name} needs at least 2 pairs; it has ${p.count}`, { field: name });
  }
  if (p.meanX === 0) {
    throw new BatchStatsError(
      "E_ZERO_MEAN",
      `the mean of the denominator x in ${name} is 0, so the ratio ȳ/x̄ is undefined`,
      { field: name },
    );
  }
  const mx = p.x.meanDD();
  const r = ddDiv(p.y.meanDD(), mx);
  const rh = ddToNumber(r);
  if (!Number.isFinite(rh)) {
    throw new BatchStatsError("E_OVERFLOW", `the ratio ȳ/x̄ of ${name} is beyond the double range`, { field: name });
  }
  let m2: DD = ddAdd(ddSub(p.y.m2DD(), ddMulNumber(ddMul(p.cDD(), r), 2)), ddMul(ddMul(p.x.m2DD(), r), r));
  if (m2.hi < 0) m2 = { hi: 0, lo: 0 };
  const em = exponentOf(m2.hi);
  const ex = exponentOf(mx.hi);
  const xs = ddScale(mx, -ex);
  const quotient = ddDiv(ddDivNumber(ddScale(m2, -em), p.count - 1), ddMul(xs, xs));
  const variance = scaleByPow2(ddToNumber(quotient), em - 2 * ex);
  if (!Number.isFinite(variance)) {
    throw new BatchStatsError("E_OVERFLOW", `the variance of the ratio of ${name} is beyond the double range`, {
      field: name,
    });
  }
  return { count: p.count, mean: r, variance };
}

/**
 * A test of a ratio metric (revenue per session, clicks per page view, …) on two pair summaries,
 * one pair per randomisation unit with y the numerator and x the denominator: each arm's ratio of
 * means ȳ/x̄, its delta-method variance (σy²/x̄² + σx²ȳ²/x̄⁴ − 2σxy·ȳ/x̄³)/n, and Welch's t-test
 * (df on the per-unit delta variances, as GrowthBook) or a z-test on the difference of the
 * ratios, or with `relative: true` on their lift (ra − rb)/|rb|. (a, b) = (treatment, control).
 *
 * Errors: `E_TOO_FEW` below 2 pairs in an arm; `E_ZERO_MEAN` for a denominator mean of 0 (or a
 * control ratio of 0 with `relative`); `E_ZERO_VARIANCE` when nothing varies.
 *
 * Method: the delta method for a ratio of means (e.g. Deng, Knoblich & Lu, "Applying the delta
 * method in metric analytics", KDD 2018), with σ² of the linearised unit value y − r·x formed as
 * M2y − 2rC + r²M2x in double-double.
 *
 * @example
 * ```ts
 * import { ratioTest, summarizePairs } from "batchstats";
 * // per user: (sessions, revenue)
 * const a = summarizePairs([2, 3, 1, 4, 2], [10, 18, 4, 25, 9]);
 * const b = summarizePairs([3, 2, 2, 5, 1], [12, 8, 9, 21, 3]);
 * const r = ratioTest(a, b);
 * r.ratios;   // => [5.5, 4.076923076923077]
 * r.estimate; // => 1.4230769230769231
 * ```
 */
export function ratioTest(a: PairSummary, b: PairSummary, options?: PairTestOptions): RatioResult {
  const pa = requirePairSummary(a, "a");
  const pb = requirePairSummary(b, "b");
  const o = resolvePairTestOptions(options, false);
  const ra = ratioArm(pa, "a");
  const rb = ratioArm(pb, "b");
  const effect = o.relative ? relativeEffect(ra, rb) : absoluteEffect(ra, rb);
  const fields = effectInference(effect, o);
  return Object.freeze({
    ...fields,
    method: "ratio" as const,
    relative: o.relative,
    ratios: [ddToNumber(ra.mean), ddToNumber(rb.mean)] as [number, number],
    ratioVariances: [ra.variance / ra.count, rb.variance / rb.count] as [number, number],
  });
}
