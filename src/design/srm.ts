/**
 * The sample-ratio-mismatch (SRM) check: Pearson's χ² goodness-of-fit test of the users per arm
 * against the planned traffic split.
 *
 * Method: with N users in all, planned weights wᵢ normalised to πᵢ = wᵢ/Σw and expected counts
 * eᵢ = N·πᵢ, the statistic is X² = Σ (oᵢ − eᵢ)²/eᵢ over the arms with πᵢ > 0, on k − 1 degrees of
 * freedom, k the number of those arms (Pearson 1900; scipy.stats.chisquare). The p-value is the χ²
 * upper tail computed in the tail (`chiSquaredSf`, relative accuracy to 1e-13 down to 1e-300, and its
 * logarithm below). An arm planned at weight 0 that received users is a certain mismatch (X² = ∞,
 * p = 0); arms of weight 0 without users are left out of the total and of the degrees of freedom.
 */
import { chiSquaredLogSf, chiSquaredSf } from "../distributions/incomplete-gamma.js";
import { type DD, dd, ddAdd, ddDiv, ddMul, ddSub, ddToNumber } from "../ddouble.js";
import { BatchStatsError } from "../errors.js";
import { describeValue } from "../options.js";

/**
 * The result of `srmTest`: plain data. A certain mismatch (users in an arm of weight 0) has
 * `statistic: Infinity`, `pValue: 0` and `log10PValue: -Infinity`; `JSON.stringify` writes the two
 * infinities as `null`.
 */
export interface SrmResult {
  /** Pearson's X² = Σ (observed − expected)²/expected. */
  statistic: number;
  /** Degrees of freedom: the number of arms of positive weight − 1. */
  df: number;
  /** P(χ²(df) ≥ statistic), computed in the tail (never 1 − cdf). 1 when df = 0. */
  pValue: number;
  /** log10 of the p-value, finite where `pValue` underflows to 0 (−Infinity only for a certain mismatch). */
  log10PValue: number;
}

function readArray(value: unknown, field: string): readonly unknown[] {
  if (Array.isArray(value)) return value;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return Array.from(value as unknown as ArrayLike<number>);
  throw new BatchStatsError("E_BAD_ARGUMENT", `${field} must be an array of numbers, got ${describeValue(value)}`, {
    field,
  });
}

function readCounts(value: unknown): number[] {
  const counts = readArray(value, "counts");
  if (counts.length < 2) {
    throw new BatchStatsError("E_BAD_ARGUMENT", `counts needs at least two arms, got ${counts.length}`, {
      field: "counts",
    });
  }
  const out: number[] = [];
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (typeof c !== "number" || !Number.isSafeInteger(c) || c < 0) {
      throw new BatchStatsError(
        "E_BAD_ARGUMENT",
        `counts[${i}] must be a non-negative safe integer (a number of users), got ${describeValue(c)}`,
        { field: "counts", index: i },
      );
    }
    out.push(c);
  }
  return out;
}

function readWeights(value: unknown, k: number): number[] {
  if (value === undefined) return new Array<number>(k).fill(1);
  const weights = readArray(value, "weights");
  if (weights.length !== k) {
    throw new BatchStatsError("E_BAD_ARGUMENT", `weights must have one entry per arm (${k}), got ${weights.length}`, {
      field: "weights",
    });
  }
  const out: number[] = [];
  let total = 0;
  for (let i = 0; i < k; i++) {
    const w = weights[i];
    if (typeof w !== "number" || !Number.isFinite(w) || w < 0) {
      throw new BatchStatsError(
        "E_BAD_ARGUMENT",
        `weights[${i}] must be a finite number ≥ 0, got ${describeValue(w)}`,
        {
          field: "weights",
          index: i,
        },
      );
    }
    out.push(w);
    total += w;
  }
  if (!(total > 0)) {
    throw new BatchStatsError("E_BAD_ARGUMENT", "weights must not all be 0", { field: "weights" });
  }
  if (total === Infinity) {
    // finite weights whose sum overflows: scale them down (only their ratios matter)
    for (let i = 0; i < k; i++) out[i] = out[i]! / 2 ** 600;
  }
  return out;
}

/**
 * Sample-ratio-mismatch test: Pearson's χ² goodness of fit of the users per arm (`counts`) to the
 * planned split (`weights`, any non-negative scale, default equal). A small p-value means the
 * assignment or the logging is broken and the experiment's comparisons cannot be trusted.
 *
 * Edge values: users in an arm of weight 0 give `statistic: Infinity`, `pValue: 0`,
 * `log10PValue: -Infinity` (a certain mismatch; infinities are `null` in JSON); arms of weight 0 with
 * no users are left out of the df; a single arm of positive weight gives df 0 and p = 1. No users at
 * all is `E_TOO_FEW`; a count that is not a non-negative safe integer, or a weight that is negative or
 * not finite, is `E_BAD_ARGUMENT` naming its index.
 *
 * @example
 * ```ts
 * import { srmTest } from "batchstats";
 * const r = srmTest([50_500, 49_500]);   // a planned 50/50 split
 * r.statistic;   // => 10
 * r.df;          // => 1
 * r.pValue;      // => 0.001565402258002549
 * srmTest([1000, 2100], [1, 2]).pValue;  // => 0.2040841777655733
 * ```
 */
export function srmTest(counts: readonly number[], weights?: readonly number[]): SrmResult {
  const observed = readCounts(counts);
  const k = observed.length;
  const w = readWeights(weights, k);
  // N as a double-double: the sum of safe integers is exact (a double total rounds past 2^53)
  let users: DD = dd(0);
  let weightTotal: DD = dd(0);
  let arms = 0;
  let certainMismatch = false;
  for (let i = 0; i < k; i++) {
    users = ddAdd(users, dd(observed[i]!));
    if (w[i]! > 0) {
      weightTotal = ddAdd(weightTotal, dd(w[i]!));
      arms += 1;
    } else if (observed[i]! > 0) certainMismatch = true;
  }
  if (users.hi === 0) {
    throw new BatchStatsError("E_TOO_FEW", "srmTest needs at least one user (every count is 0)", { field: "counts" });
  }
  const df = arms - 1;
  if (certainMismatch) return Object.freeze({ statistic: Infinity, df, pValue: 0, log10PValue: -Infinity });
  // o − e cancels when the split is close to plan: eᵢ = N·wᵢ/Σw, the difference and each term are formed
  // in double-double so that X² is correct to a few ulps of the exact value for the given counts and weights.
  let sum: DD = dd(0);
  let statistic = 0;
  for (let i = 0; i < k; i++) {
    if (!(w[i]! > 0)) continue;
    const expected = ddMul(ddDiv(dd(w[i]!), weightTotal), users);
    if (expected.hi === 0) {
      // a weight so small that N·π underflows: its (o − e)²/e is ≈ e when o = 0, unbounded otherwise
      if (observed[i]! > 0) statistic = Infinity;
      continue;
    }
    const d = ddSub(dd(observed[i]!), expected);
    sum = ddAdd(sum, ddMul(ddDiv(d, expected), d));
  }
  if (statistic !== Infinity) statistic = ddToNumber(sum);
  if (df === 0 || statistic === 0) return Object.freeze({ statistic, df, pValue: 1, log10PValue: 0 });
  return Object.freeze({
    statistic,
    df,
    pValue: chiSquaredSf(statistic, df),
    log10PValue: chiSquaredLogSf(statistic, df) / Math.LN10,
  });
}
