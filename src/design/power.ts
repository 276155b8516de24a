/**
 * Power of the two-sample test of a standardized effect d, in statsmodels' terms (`TTestIndPower`,
 * `NormalIndPower`): nobs2 = ratio·nobs1, the effective size n = 1/(1/nobs1 + 1/nobs2), noncentrality
 * δ = d·√n, and
 * - t-test: df = nobs1 + nobs2 − 2, c = t_{1−α/2}(df) (α for one side); power = P(T > c) + P(T < −c)
 *   for T ~ non-central t(df, δ) (`nctSf`: Lenth's series, or quadrature for δ > 40 and the far side; both tails relative),
 *   the far side included as statsmodels does;
 * - z-test: the same with the normal, P(Z > c − δ) + P(Z < −c − δ);
 * - sequential (GrowthBook's asymptotic confidence sequence, Waudby-Smith et al. 2023, "Time-uniform
 *   central limit theory and asymptotic confidence sequences"): the fixed critical value c is replaced
 *   by the half-width multiplier of the sequence at N = nobs1 + nobs2 users,
 *     c(N) = √(2(Nρ² + 1)/(Nρ²) · ln(√(Nρ² + 1)/α)),  ρ² = (−2 ln α + ln(1 − 2 ln α))/N*,
 *   (the normal-mixture boundary tuned to be narrowest at N = N*), so that power is the chance the
 *   sequence excludes 0 at N. One-sided: the boundary the one-sided `sequentialTest` rejects at
 *   (Waudby-Smith et al. eq. 134), c(N) = √(2(1 + 1/(Nρ²))·ln(1 + √(Nρ² + 1)/(2α))) with ρ² from
 *   2α in place of α (from α itself when α ≥ ½, where the expression at 2α is 0 or undefined); it
 *   is defined for every α in (0, 1), so a one-sided sequential design at α ≥ ½ has a power too.
 * Every tail is computed as a tail, so power near α and 1 − power near 0 keep their digits.
 */
import { nctCdf, nctSf } from "../distributions/noncentral-t.js";
import { normalSf } from "../distributions/normal.js";
import { normalUpperQuantile } from "../distributions/normal-quantile.js";
import { tQuantile } from "../distributions/t-quantile.js";
import { csOneSidedHalfWidth, csRatio } from "../sequential/asymptotic-cs.js";
import { twoSidedHalfWidth } from "../sequential/normal-mixture.js";
import { BatchStatsError } from "../errors.js";
import { optionKeys, readOptions } from "../options.js";
import { DESIGN_KEYS, finiteNumber, type PowerOptions, type ResolvedDesign, resolveDesign } from "./power-options.js";

/**
 * The multiplier c(N) of the asymptotic confidence sequence at N total users: the boundary of
 * `sequentialTest` itself (two-sided: the normal-mixture half-width; one-sided: eq. 134 of
 * Waudby-Smith et al., with ρ from 2α, or from α when α ≥ ½), in units of the standard error. Where
 * Nρ² is beyond the double range the boundary is taken from ln(Nρ²): (1 + 1/(Nρ²)) is 1 and
 * ln(1 + Nρ²) is ln N + ln ρ² to rounding. @internal
 */
export function sequentialCritical(n: number, alpha: number, tuning: number, oneSided: boolean): number {
  const r = csRatio(n, tuning, alpha, oneSided).hi;
  if (r < Infinity) return oneSided ? csOneSidedHalfWidth(r, alpha) : twoSidedHalfWidth(r, alpha);
  const a = oneSided && alpha < 0.5 ? 2 * alpha : alpha;
  const la = -2 * Math.log(a);
  const halfLogR = 0.5 * (Math.log(n) + Math.log(la + Math.log1p(la)) - Math.log(tuning));
  return Math.sqrt(2 * (halfLogR - Math.log(oneSided ? 2 * alpha : alpha)));
}

/** Degrees of freedom of the design's t-test. @internal */
export function designDf(nobs1: number, ratio: number): number {
  return nobs1 + ratio * nobs1 - 2;
}

/** z with P(Z > z) = a for any 0 < a < 1 (negative above ½: a one-sided test at α > ½). @internal */
export function upperNormalQuantile(a: number): number {
  if (a === 0.5) return 0;
  return a < 0.5 ? normalUpperQuantile(a) : -normalUpperQuantile(1 - a);
}

/** The critical value c for the design at nobs1 (t: depends on df; sequential: on N). @internal */
export function criticalValue(nobs1: number, design: ResolvedDesign): number {
  const oneSidedAlpha = design.alternative === "two-sided" ? design.alpha / 2 : design.alpha;
  if (design.tuning > 0) {
    return sequentialCritical(
      nobs1 * (1 + design.ratio),
      design.alpha,
      design.tuning,
      design.alternative !== "two-sided",
    );
  }
  if (design.test === "z") return upperNormalQuantile(oneSidedAlpha);
  return -tQuantile(oneSidedAlpha, designDf(nobs1, design.ratio));
}

/**
 * The effective size 1/(1/nobs1 + 1/nobs2) = nobs1·ratio/(1 + ratio), in the form that stays finite
 * wherever nobs1 is (nobs1·nobs2 overflows from nobs1 ≈ 1.3e154). @internal
 */
export function effectiveSize(nobs1: number, ratio: number): number {
  return nobs1 * (ratio / (1 + ratio));
}

/** Power at effect d and nobs1 for a validated design (no argument checks). @internal */
export function powerAt(d: number, nobs1: number, design: ResolvedDesign): number {
  const delta = d * Math.sqrt(effectiveSize(nobs1, design.ratio));
  const c = criticalValue(nobs1, design);
  const upper = design.alternative !== "less";
  const lower = design.alternative !== "greater";
  if (design.test === "z") {
    let p = 0;
    if (upper) p += normalSf(c - delta);
    if (lower) p += normalSf(c + delta);
    return Math.min(1, p);
  }
  const df = designDf(nobs1, design.ratio);
  let p = 0;
  // two-sided power is symmetric in δ; the side of |δ| is the one with relative accuracy
  if (upper && lower) {
    const ad = Math.abs(delta);
    p = nctSf(c, df, ad) + nctCdf(-c, df, ad);
  } else if (upper) p = nctSf(c, df, delta);
  else p = nctCdf(-c, df, delta);
  return Math.min(1, Math.max(0, p));
}

/** Checks nobs1 for a design: > 0, and for the t-test df > 0. @internal */
export function checkNobs1(value: unknown, design: ResolvedDesign, field = "options.nobs1"): number {
  const n = finiteNumber(value, field, true);
  if (!Number.isFinite(n * (1 + design.ratio))) {
    throw new BatchStatsError(
      "E_OVERFLOW",
      `${field} = ${n} with ratio ${design.ratio}: the total nobs1 + nobs2 is beyond the double range`,
      { field },
    );
  }
  if (design.test === "t" && !(designDf(n, design.ratio) > 0)) {
    throw new BatchStatsError(
      "E_TOO_FEW",
      `${field} = ${n} with ratio ${design.ratio} leaves no degrees of freedom for the t-test (nobs1 + nobs2 must exceed 2)`,
      { field },
    );
  }
  return n;
}

const POWER_KEYS = /* @__PURE__ */ optionKeys(["effectSize", "nobs1"], DESIGN_KEYS);

/**
 * The power of a two-sample test: the probability of rejecting H₀ at level `alpha` when the true
 * standardized effect is `effectSize` (Cohen's d), with `nobs1` and nobs2 = ratio·nobs1 observations;
 * statsmodels' `TTestIndPower().power` (test "t", default) and `NormalIndPower().power` (test "z"),
 * computed with the exact non-central t. `sequential: { tuning }` gives the power of GrowthBook's
 * sequential test (asymptotic confidence sequence) at that sample size.
 *
 * @example
 * ```ts
 * import { power } from "batchstats";
 * power({ effectSize: 0.2, nobs1: 400 });               // => 0.8064972788078824
 * power({ effectSize: 0.2, nobs1: 400, test: "z" });    // => 0.8074304194325571
 * power({ effectSize: 0, nobs1: 400 });                 // => 0.05000000000000001
 * ```
 */
export function power(options: PowerOptions): number {
  const o = readOptions(options, POWER_KEYS);
  const design = resolveDesign(o);
  const d = finiteNumber(o.effectSize, "options.effectSize", false);
  const n = checkNobs1(o.nobs1, design);
  return powerAt(d, n, design);
}
