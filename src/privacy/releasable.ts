import { BatchStatsError } from "../errors.js";
import { describeValue, readOptions } from "../options.js";
import { requireSummary } from "../summary/summary.js";

/** Options of `releasable`. */
export interface ReleasableOptions {
  /** The minimum number of values a released summary must hold (an integer ≥ 1). */
  minCount: number;
}

/** Validates a minimum count (an integer ≥ 1). @internal */
export function checkMinCount(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new BatchStatsError("E_BAD_ARGUMENT", `${field} must be an integer ≥ 1, got ${describeValue(value)}`, {
      field,
    });
  }
  return value;
}

/**
 * Whether a summary holds at least `minCount` values: the minimum-count (small-cell
 * suppression) rule of statistical agencies, for summaries shared as they are. The decision
 * depends on the exact count, so it is a policy, not differential privacy: a released or
 * withheld cell tells whether the group reached `minCount`. `privatize` applies its own
 * `minCount` to the noisy count instead, which keeps its guarantee. See docs/privacy.md.
 *
 * @example
 * ```ts
 * import { releasable, summarize } from "batchstats";
 * releasable(summarize([1, 2, 3]), { minCount: 5 }); // => false
 * releasable(summarize([1, 2, 3, 4, 5]), { minCount: 5 }); // => true
 * ```
 */
export function releasable(summary: unknown, options: ReleasableOptions): boolean {
  const s = requireSummary(summary, "summary");
  const o = readOptions(options, ["minCount"] as const);
  if (o.minCount === undefined) {
    throw new BatchStatsError("E_BAD_ARGUMENT", "options.minCount is required", { field: "options.minCount" });
  }
  return s.count >= checkMinCount(o.minCount, "options.minCount");
}

/**
 * `E_TOO_FEW_TO_RELEASE` unless `count` ≥ `minCount` (for release helpers). @internal
 */
export function requireReleasable(count: number, minCount: number, what: string): void {
  if (!(count >= minCount)) {
    throw new BatchStatsError(
      "E_TOO_FEW_TO_RELEASE",
      `${what} is ${count}, below the minimum count ${minCount} for a release`,
      { field: "count" },
    );
  }
}
