/**
 * One-way analysis of variance of k ≥ 2 arms from their summaries: Welch's heteroscedastic F test
 * (default) or the classic (Fisher) F test with a pooled variance.
 *
 * Method, with nᵢ, x̄ᵢ (double-double) and s²ᵢ = M2ᵢ/(nᵢ − 1) per arm:
 * - classic (`equalVar: true`): x̄ = Σnᵢx̄ᵢ/N, F = [Σnᵢ(x̄ᵢ − x̄)²/(k − 1)] / [ΣM2ᵢ/(N − k)] on
 *   (k − 1, N − k) df (scipy.stats.f_oneway);
 * - Welch (1951), as statsmodels' `anova_oneway(use_var="unequal")`: wᵢ = nᵢ/s²ᵢ, W = Σwᵢ,
 *   x̃ = Σwᵢx̄ᵢ/W, Λ = 3·Σ(1 − wᵢ/W)²/(nᵢ − 1)/(k² − 1),
 *   F = [Σwᵢ(x̄ᵢ − x̃)²/(k − 1)] / (1 + 2Λ(k − 2)/3) on (k − 1, 1/Λ) df.
 * The deviations x̄ᵢ − x̄ are formed from the double-double means (no cancellation for means that
 * agree in many digits); the p-value is the F upper tail computed in the tail (`fSf`, `fLogSf`).
 */
import { fLogSf, fSf } from "../distributions/f-distribution.js";
import { type DD, dd, ddAdd, ddDivNumber, ddMulNumber, ddSub, ddToNumber } from "../ddouble.js";
import { BatchStatsError } from "../errors.js";
import { describeValue, readOptions } from "../options.js";
import { type ArmStats, armStats } from "./effect-moments.js";

/** Options of `anova`. */
export interface AnovaOptions {
  /** `false` (default): Welch's test (unequal variances); `true`: the classic F test (pooled variance). */
  equalVar?: boolean;
}

/** The result of `anova`: plain, JSON-safe data. */
export interface AnovaResult {
  /** The F statistic (Welch's or the classic one). */
  statistic: number;
  /** The numerator and denominator df: k − 1 and 1/Λ (Welch), or k − 1 and N − k (classic). */
  df: [number, number];
  /** P(F > statistic), computed in the tail. */
  pValue: number;
  /** log10 of the p-value, finite where `pValue` underflows. */
  log10PValue: number;
  /** `"welch"` or `"classic"`. */
  method: "welch" | "classic";
}

const KEYS = ["equalVar"] as const;

function fail(code: "E_ZERO_VARIANCE" | "E_OVERFLOW", message: string, field: string): never {
  throw new BatchStatsError(code, message, { field });
}

/**
 * One-way ANOVA of k ≥ 2 arms from their summaries (or raw arrays): Welch's F test by default
 * (statsmodels `anova_oneway(use_var="unequal")`), the classic F test with `equalVar: true`
 * (scipy.stats.f_oneway). Each arm needs at least 2 values (`E_TOO_FEW`); zero variance within every arm
 * (classic) or within one arm (Welch) is `E_ZERO_VARIANCE`.
 *
 * @example
 * ```ts
 * import { anova } from "batchstats";
 * const r = anova([[1, 2, 3, 4], [2, 4, 6, 8, 10], [5, 6, 7]]);
 * r.statistic;   // => 7.842869599853591
 * r.df;          // => [2, 5.958703327270782]
 * anova([[1, 2, 3, 4], [2, 4, 6, 8, 10], [5, 6, 7]], { equalVar: true }).pValue;  // => 0.09304551685700418
 * ```
 */
export function anova(summaries: readonly unknown[], options?: AnovaOptions): AnovaResult {
  const o = readOptions(options, KEYS);
  let equalVar = false;
  if (o.equalVar !== undefined) {
    if (typeof o.equalVar !== "boolean") {
      throw new BatchStatsError(
        "E_BAD_ARGUMENT",
        `options.equalVar must be a boolean, got ${describeValue(o.equalVar)}`,
        {
          field: "options.equalVar",
        },
      );
    }
    equalVar = o.equalVar;
  }
  if (!Array.isArray(summaries) || summaries.length < 2) {
    throw new BatchStatsError(
      "E_BAD_ARGUMENT",
      `summaries must be an array of at least two arms, got ${Array.isArray(summaries) ? `${summaries.length}` : describeValue(summaries)}`,
      { field: "summaries" },
    );
  }
  const arms: ArmStats[] = [];
  for (let i = 0; i < summaries.length; i++) arms.push(armStats(summaries[i], `summaries[${i}]`));
  return equalVar ? classic(arms) : welch(arms);
}

function finish(statistic: number, df1: number, df2: number, method: "welch" | "classic"): AnovaResult {
  if (!Number.isFinite(statistic)) fail("E_OVERFLOW", "the F statistic is beyond the double range", "statistic");
  return Object.freeze({
    statistic,
    df: Object.freeze([df1, df2]) as [number, number],
    pValue: statistic === 0 ? 1 : fSf(statistic, df1, df2),
    log10PValue: statistic === 0 ? 0 : fLogSf(statistic, df1, df2) / Math.LN10,
    method,
  });
}

function classic(arms: ArmStats[]): AnovaResult {
  const k = arms.length;
  let total = 0;
  let weighted: DD = dd(0);
  let within = 0;
  for (const a of arms) {
    total += a.count;
    weighted = ddAdd(weighted, ddMulNumber(a.mean, a.count));
    within += a.variance * (a.count - 1);
  }
  const grand = ddDivNumber(weighted, total);
  let between = 0;
  for (const a of arms) {
    const dev = ddToNumber(ddSub(a.mean, grand));
    between += a.count * dev * dev;
  }
  if (!(within > 0)) {
    fail("E_ZERO_VARIANCE", "every arm is constant: the within-arm variance is 0 and F is undefined", "summaries");
  }
  const df1 = k - 1;
  const df2 = total - k;
  return finish(between / df1 / (within / df2), df1, df2, "classic");
}

function welch(arms: ArmStats[]): AnovaResult {
  const k = arms.length;
  const weights: number[] = [];
  let W = 0;
  for (let i = 0; i < k; i++) {
    const a = arms[i]!;
    if (!(a.variance > 0)) {
      fail("E_ZERO_VARIANCE", `summaries[${i}] is constant: Welch's weights n/s² are undefined`, `summaries[${i}]`);
    }
    const w = a.count / a.variance;
    weights.push(w);
    W += w;
  }
  if (!Number.isFinite(W)) fail("E_OVERFLOW", "the Welch weights n/s² overflow", "summaries");
  // weighted mean Σwᵢx̄ᵢ/W with wᵢ/W as the factors (no overflow)
  let center: DD = dd(0);
  for (let i = 0; i < k; i++) center = ddAdd(center, ddMulNumber(arms[i]!.mean, weights[i]! / W));
  let between = 0;
  let lambdaSum = 0;
  for (let i = 0; i < k; i++) {
    const dev = ddToNumber(ddSub(arms[i]!.mean, center));
    between += weights[i]! * dev * dev;
    const h = 1 - weights[i]! / W;
    lambdaSum += (h * h) / (arms[i]!.count - 1);
  }
  const lambda = (3 * lambdaSum) / (k * k - 1);
  const df1 = k - 1;
  const statistic = between / df1 / (1 + (2 * lambda * (k - 2)) / 3);
  return finish(statistic, df1, lambda > 0 ? 1 / lambda : Infinity, "welch");
}
