import { type DD, ddAbs, ddDiv, ddDivNumber, ddSub, ddToNumber } from "../ddouble.js";
import { BatchStatsError } from "../errors.js";
import { armOf } from "../ttest/sample.js";

/**
 * What the effect functions (lift, Bayesian, sequential, readout) need from one arm: the count,
 * the mean as a double-double and the sample variance s² = M2 / (n − 1). @internal
 */
export interface ArmStats {
  readonly count: number;
  readonly mean: DD;
  readonly variance: number;
}

/**
 * An effect of treatment `a` over control `b` on the absolute or the relative scale, with the
 * variance of its estimate. @internal
 */
export interface EffectMoments {
  /** mean(a) − mean(b), or (mean(a) − mean(b)) / |mean(b)| when `relative`. */
  readonly estimate: number;
  /** The variance of `estimate` (delta method on the relative scale); 0 when both arms are constant. */
  readonly variance: number;
  /**
   * Welch–Satterthwaite degrees of freedom of the absolute difference (GrowthBook uses the same
   * df for the relative effect); `Infinity` when the variance is 0.
   */
  readonly df: number;
  readonly relative: boolean;
}

/**
 * The arm statistics of a `Summary` (or raw values, summarized with nan: "raise"), requiring at
 * least `minCount` values (`E_TOO_FEW` naming the argument). @internal
 */
export function armStats(sample: unknown, name: string, minCount = 2): ArmStats {
  const arm = armOf(sample, "raise", name);
  if (arm === null) throw new BatchStatsError("E_NAN", `${name} has non-finite statistics`, { field: name });
  if (arm.count < minCount) {
    throw new BatchStatsError("E_TOO_FEW", `${name} needs at least ${minCount} values; it has ${arm.count}`, {
      field: name,
    });
  }
  const variance = arm.count < 2 ? 0 : ddToNumber(ddDivNumber(arm.m2, arm.count - 1));
  return { count: arm.count, mean: arm.mean, variance };
}

function overflow(field: string, what: string): never {
  throw new BatchStatsError("E_OVERFLOW", `${what} is beyond the double range (about 1.8e308)`, { field });
}

/**
 * Welch–Satterthwaite df from the two variance components s²/n, formed as ratios so that
 * nothing over- or underflows; `Infinity` when both are 0. @internal
 */
export function welchDf(va: number, na: number, vb: number, nb: number): number {
  const total = va + vb;
  if (total === 0) return Infinity;
  const ra = va / total;
  const rb = vb / total;
  return 1 / ((ra * ra) / (na - 1) + (rb * rb) / (nb - 1));
}

/**
 * The absolute effect mean(a) − mean(b) (from the double-double means, rounded once) and its
 * variance s²a/na + s²b/nb. @internal
 */
export function absoluteEffect(a: ArmStats, b: ArmStats): EffectMoments {
  const estimate = ddToNumber(ddSub(a.mean, b.mean));
  if (!Number.isFinite(estimate)) overflow("estimate", "the difference of the means");
  const va = a.variance / a.count;
  const vb = b.variance / b.count;
  const variance = va + vb;
  if (!Number.isFinite(variance)) overflow("variance", "the variance of the difference");
  return { estimate, variance, df: welchDf(va, a.count, vb, b.count), relative: false };
}

/**
 * The relative effect (mean(a) − mean(b)) / |mean(b)| and its delta-method variance
 * s²a/(na μb²) + s²b μa²/(nb μb⁴) (GrowthBook's convention; |μb| for a negative control mean),
 * formed as (s²a/na + (s²b/nb)(μa/μb)²)/μb² so that no fourth power over- or underflows.
 * A control mean of exactly 0 is `E_ZERO_MEAN`.
 *
 * Method: first-order Taylor expansion of μa/μb about the true means (the delta method; e.g.
 * Casella & Berger, Statistical Inference, §5.5.4). @internal
 */
export function relativeEffect(a: ArmStats, b: ArmStats): EffectMoments {
  const mb = b.mean.hi;
  if (mb === 0) {
    throw new BatchStatsError(
      "E_ZERO_MEAN",
      "the control mean (b) is 0, so the relative effect (mean(a) − mean(b)) / |mean(b)| is undefined",
      { field: "b" },
    );
  }
  const estimate = ddToNumber(ddDiv(ddSub(a.mean, b.mean), ddAbs(b.mean)));
  if (!Number.isFinite(estimate)) overflow("estimate", "the relative effect");
  const va = a.variance / a.count;
  const vb = b.variance / b.count;
  const ratio = a.mean.hi / mb;
  const variance = (va + vb * ratio * ratio) / mb / mb;
  if (!Number.isFinite(variance)) overflow("variance", "the variance of the relative effect");
  return { estimate, variance, df: welchDf(va, a.count, vb, b.count), relative: true };
}
