import { dd, ddAdd, ddToNumber, twoProduct } from "../ddouble.js";
import { tLogSf, tLogTwoSided, tSf, tTwoSided } from "../distributions/t-distribution.js";
import { tCentralQuantile, tQuantile } from "../distributions/t-quantile.js";
import { BatchStatsError } from "../errors.js";
import type { Alternative } from "../ttest/result.js";
import { laplaceInflation } from "../ttest/noisy-welch.js";
import { type ArmStats, armStats, isExactConstant, meanVariance, relativeEffect } from "./effect-moments.js";
import { type ConfidenceSet, fiellerSet, type IntervalKind } from "./fieller.js";
import { type LiftDistribution, type LiftMethod, type LiftOptions, resolveLiftOptions } from "./lift-options.js";

/**
 * The result of `lift`: plain, JSON-safe data. The lift is (mean(a) − mean(b)) / |mean(b)|, a the
 * treatment and b the control; 0.05 means +5 %.
 *
 * `confidenceInterval` is read with `intervalKind`:
 * - `"bounded"`: [lo, hi];
 * - `"half-line"`: [lo, Infinity] or [−Infinity, hi] (one-sided alternatives, and the boundary case
 *   of Fieller's set);
 * - `"exclusive"` (Fieller only): every lift except those strictly between the two numbers,
 *   (−∞, lo] ∪ [hi, ∞), lo < hi;
 * - `"unbounded"` (Fieller only): the whole line, [−Infinity, Infinity];
 * - `"empty"` (Fieller only, one-sided at a confidence level below ½): no lift, [Infinity, −Infinity].
 * `JSON.stringify` writes infinite bounds (and an infinite `df`) as `null`.
 *
 * @example
 * ```ts
 * import { lift } from "batchstats";
 * const r = lift([10.4, 11.1, 10.8, 11.5], [10.0, 10.3, 9.9, 10.2]);
 * r.estimate;     // => 0.08415841584158416
 * r.intervalKind; // => "bounded"
 * ```
 */
export interface LiftResult {
  /** The lift (mean(a) − mean(b)) / |mean(b)|. */
  estimate: number;
  /** Its delta-method standard error, √(s²a/(na·μb²) + s²b·μa²/(nb·μb⁴)) (reported for both methods). */
  stderr: number;
  /** Degrees of freedom of the reference distribution: Welch–Satterthwaite for `"t"`, Infinity for `"normal"`. */
  df: number;
  /**
   * The test statistic of lift = 0: estimate / stderr (delta), or the Welch statistic
   * (mean(a) − mean(b)) / √(s²a/na + s²b/nb) (Fieller: its set excludes 0 exactly when this test rejects).
   */
  statistic: number;
  /** The p-value of lift = 0 against `alternative`, computed in the tail. */
  pValue: number;
  /** log10 of `pValue`, finite where `pValue` underflows. */
  log10PValue: number;
  /** The confidence set at `confidenceLevel`, read with `intervalKind`. */
  confidenceInterval: [number, number];
  /** What `confidenceInterval` means (see the type's description). */
  intervalKind: IntervalKind;
  method: LiftMethod;
  distribution: LiftDistribution;
  confidenceLevel: number;
  alternative: Alternative;
}

function overflow(field: string, what: string): never {
  throw new BatchStatsError("E_OVERFLOW", `${what} is beyond the double range (about 1.8e308)`, { field });
}

/** The critical value: two-sided central quantile or one-sided quantile at `level`. */
function criticalValue(level: number, df: number, alternative: Alternative): number {
  return alternative === "two-sided" ? tCentralQuantile(level, df) : tQuantile(level, df);
}

/** estimate + q·se, rounded once. */
function bound(estimate: number, q: number, se: number): number {
  const b = ddToNumber(ddAdd(dd(estimate), twoProduct(q, se)));
  if (!Number.isFinite(b)) overflow("confidenceInterval", "a confidence bound");
  return b;
}

function deltaSet(estimate: number, se: number, q: number, alternative: Alternative): ConfidenceSet {
  if (alternative === "two-sided")
    return { interval: [bound(estimate, -q, se), bound(estimate, q, se)], kind: "bounded" };
  if (alternative === "greater") return { interval: [bound(estimate, -q, se), Infinity], kind: "half-line" };
  return { interval: [-Infinity, bound(estimate, q, se)], kind: "half-line" };
}

function pValues(statistic: number, df: number, alternative: Alternative): [number, number] {
  if (alternative === "two-sided") return [tTwoSided(statistic, df), tLogTwoSided(statistic, df)];
  const s = alternative === "greater" ? statistic : -statistic;
  return [tSf(s, df), tLogSf(s, df)];
}

function zeroVariance(): never {
  throw new BatchStatsError(
    "E_ZERO_VARIANCE",
    "both samples have zero variance (all values equal), so the lift has no standard error",
    { field: "variance" },
  );
}

/**
 * The relative effect (lift) of treatment `a` over control `b`, (mean(a) − mean(b)) / |mean(b)|,
 * with its standard error, a test of lift = 0 and a confidence set, from two summaries alone (or
 * raw values, summarized first). A negative control mean is allowed (|mean(b)| keeps "positive
 * lift = a larger than b"); a control mean of exactly 0 is `E_ZERO_MEAN`.
 *
 * - `method: "delta"` (default, GrowthBook's): estimate ± q·stderr with the delta-method variance
 *   s²a/(na·μb²) + s²b·μa²/(nb·μb⁴) (Casella & Berger §5.5.4); q the t quantile with the Welch df
 *   (or the normal quantile). It undercovers when the control mean is noisy (small n, large lift).
 * - `method: "fieller"`: Fieller's (1954) set of lifts L for which μa − μb(1 + sL) = 0 (s = sign
 *   μb) is not rejected, exact under normality. When the control mean is not significantly
 *   non-zero at the chosen level the set is the whole line (`"unbounded"`) or two rays
 *   (`"exclusive"`); `intervalKind` says so (never NaN). A one-sided set at a level below ½
 *   (negative critical value) lies beyond the estimate and may be bounded or `"empty"`.
 *
 * Private arms (`PrivateSummary`, either or both) are taken with the release noise in the
 * variance of each mean, s²/n + noise variance, and the degrees of freedom of `ttest` on private
 * summaries (both methods; see docs/privacy.md).
 *
 * Errors: `E_TOO_FEW` (fewer than 2 values in an arm, or a noisy count below 2), `E_ZERO_VARIANCE` (both variances 0),
 * `E_ZERO_MEAN` (control mean 0), `E_OVERFLOW`, `E_BAD_ARGUMENT` (a bad option), `E_NAN` /
 * `E_INFINITE` (non-finite data). See docs/lift-bayes-notes.md for the edge table.
 *
 * @example
 * ```ts
 * import { lift, summarize } from "batchstats";
 * const control = summarize([10.0, 10.3, 9.9, 10.2, 10.1]);
 * const variant = summarize([10.4, 11.1, 10.8, 11.5]);
 * const r = lift(variant, control);
 * r.estimate;           // => 0.08415841584158418
 * r.stderr;             // => 0.024261196720399506
 * r.confidenceInterval; // => [0.013354514457265942, 0.15496231722590242]
 * lift(variant, control, { method: "fieller" }).confidenceInterval; // => [0.013791067628980648, 0.15543133248833016]
 * ```
 */
export function lift(a: unknown, b: unknown, options?: LiftOptions): LiftResult {
  const o = resolveLiftOptions(options);
  const factor = laplaceInflation(o.alternative === "two-sided" ? 1 - o.confidenceLevel : 2 * (1 - o.confidenceLevel));
  const armA: ArmStats = armStats(a, "a", 2, factor);
  const armB: ArmStats = armStats(b, "b", 2, factor);
  if (isExactConstant(armA) && isExactConstant(armB)) zeroVariance();
  const rel = relativeEffect(armA, armB);
  const estimate = rel.estimate;
  const stderr = Math.sqrt(rel.variance);
  const df = o.distribution === "t" ? rel.df : Infinity;
  const q = criticalValue(o.confidenceLevel, df, o.alternative);
  let statistic: number;
  let set: ConfidenceSet;
  if (o.method === "delta") {
    statistic = estimate / stderr;
    set = deltaSet(estimate, stderr, q, o.alternative);
  } else {
    // In units of |μb|: lift = d/|μb|, so the quadratic is scale-free and nothing overflows.
    const mb = armB.mean.hi;
    const m = Math.abs(mb);
    const va = meanVariance(armA) / m / m;
    const vb = meanVariance(armB) / m / m;
    statistic = estimate / Math.sqrt(va + vb);
    set = fiellerSet(
      { d: estimate, m: 1, sign: mb > 0 ? 1 : -1, meanA: armA.mean.hi / m, va, vb, estimate },
      q,
      o.alternative,
    );
    for (const x of set.interval) if (Number.isNaN(x)) overflow("confidenceInterval", "a Fieller bound");
  }
  if (!Number.isFinite(statistic)) overflow("statistic", "the test statistic");
  const [pValue, lnP] = pValues(statistic, df, o.alternative);
  return {
    estimate,
    stderr,
    df,
    statistic: statistic === 0 ? 0 : statistic,
    pValue,
    log10PValue: lnP === 0 ? 0 : lnP / Math.LN10,
    confidenceInterval: set.interval,
    intervalKind: set.kind,
    method: o.method,
    distribution: o.distribution,
    confidenceLevel: o.confidenceLevel,
    alternative: o.alternative,
  };
}
