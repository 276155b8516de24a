import { type DD, ddAbs, ddDiv, ddDivNumber, ddSub, ddToNumber } from "../ddouble.js";
import { BatchStatsError } from "../errors.js";
import { armOf } from "../ttest/sample.js";

/**
 * What the effect functions (lift, Bayesian, sequential, readout) need from one arm: the count,
 * the mean as a double-double and the sample variance s² = M2 / (n − 1). An arm made from a
 * `PrivateSummary` also carries the release noise (`noise`: the variance it adds to the mean
 * and the degrees of freedom of s²); `meanVariance(arm)` is then s²/n + that noise variance.
 * @internal
 */
export interface ArmStats {
  readonly count: number;
  readonly mean: DD;
  readonly variance: number;
  /** Release noise of a private arm (see src/privacy/noisy-arm.ts); undefined for exact arms. */
  readonly noise?: { readonly variance: number; readonly df: number };
}

/** Degrees of freedom are capped here when noise is present (all-noise variances would give ∞). */
const MAX_DF = 1e12;

/**
 * The variance of an arm's mean: s²/n, plus the variance the release noise adds to it for a
 * private arm (the plug-in of Du et al. 2020, as in `ttest` on private summaries). @internal
 */
export function meanVariance(arm: ArmStats): number {
  const sampling = arm.variance / arm.count;
  return arm.noise === undefined ? sampling : sampling + arm.noise.variance;
}

/**
 * Satterthwaite degrees of freedom of a difference of two arm means: Welch's for exact arms
 * (`welchDf`, bit for bit); with release noise, over the two sampling parts s²/n with their own
 * degrees of freedom, the noise parts being known variances (infinite degrees of freedom),
 * capped at 1e12 — the same rule as `ttest` on private summaries. @internal
 */
export function armsDf(a: ArmStats, b: ArmStats): number {
  const va = a.variance / a.count;
  const vb = b.variance / b.count;
  if (a.noise === undefined && b.noise === undefined) return welchDf(va, a.count, vb, b.count);
  const total = meanVariance(a) + meanVariance(b);
  if (!(total > 0)) return Infinity;
  const ra = va / total;
  const rb = vb / total;
  const sampling = (ra * ra) / (a.noise?.df ?? a.count - 1) + (rb * rb) / (b.noise?.df ?? b.count - 1);
  return sampling > 1 / MAX_DF ? 1 / sampling : MAX_DF;
}

/** True when neither the data nor any release noise give the arm's mean a variance. */
export function isExactConstant(arm: ArmStats): boolean {
  return arm.variance === 0 && (arm.noise === undefined || arm.noise.variance === 0);
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
 * least `minCount` values (`E_TOO_FEW` naming the argument). A `PrivateSummary` is accepted only
 * when `laplaceFactor` is given (by functions whose inference uses `meanVariance` and `armsDf`;
 * see `laplaceInflation` in src/ttest/noisy-welch.ts), else `E_BAD_ARGUMENT`. @internal
 */
export function armStats(sample: unknown, name: string, minCount = 2, laplaceFactor?: number): ArmStats {
  const arm = armOf(sample, "raise", name, laplaceFactor);
  if (arm === null) throw new BatchStatsError("E_NAN", `${name} has non-finite statistics`, { field: name });
  if (arm.count < minCount) {
    throw new BatchStatsError("E_TOO_FEW", `${name} needs at least ${minCount} values; it has ${arm.count}`, {
      field: name,
    });
  }
  const variance = arm.count < 2 ? 0 : ddToNumber(ddDivNumber(arm.m2, arm.count - 1));
  if (arm.noise !== undefined) return { count: arm.count, mean: arm.mean, variance, noise: arm.noise };
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
 * variance s²a/na + s²b/nb (`meanVariance`: plus the release noise of private arms). @internal
 */
export function absoluteEffect(a: ArmStats, b: ArmStats): EffectMoments {
  const estimate = ddToNumber(ddSub(a.mean, b.mean));
  if (!Number.isFinite(estimate)) overflow("estimate", "the difference of the means");
  const variance = meanVariance(a) + meanVariance(b);
  if (!Number.isFinite(variance)) overflow("variance", "the variance of the difference");
  return { estimate, variance, df: armsDf(a, b), relative: false };
}

/**
 * The relative effect (mean(a) − mean(b)) / |mean(b)| and its delta-method variance
 * s²a/(na μb²) + s²b μa²/(nb μb⁴) (GrowthBook's convention; |μb| for a negative control mean),
 * formed as (s²a/na + (s²b/nb)(μa/μb)²)/μb² so that no fourth power over- or underflows; for a
 * private arm s²/n is its `meanVariance` (sampling plus release noise).
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
  const va = meanVariance(a);
  const vb = meanVariance(b);
  const ratio = a.mean.hi / mb;
  const variance = (va + vb * ratio * ratio) / mb / mb;
  if (!Number.isFinite(variance)) overflow("variance", "the variance of the relative effect");
  return { estimate, variance, df: armsDf(a, b), relative: true };
}
