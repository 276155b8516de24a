import { BatchStatsError } from "../errors.js";
import { PairSummary } from "../pairs/pair-summary.js";

/**
 * The JSON line printed for a pair summary, checked as `summaryLine` checks a summary: every
 * number finite (else `E_OVERFLOW`), and the text reads back with `PairSummary.fromJSON`.
 *
 * @example
 * ```ts
 * pairSummaryLine(summarizePairs([1, 2], [3, 5])); // => '{"format":"batchstats.pair-summary","version":1,"count":2,…}'
 * ```
 */
export function pairSummaryLine(p: PairSummary): string {
  if (p.count > 0) {
    const json = p.toJSON();
    const field = (
      ["meanX", "meanXLo", "meanY", "meanYLo", "m2X", "m2XLo", "m2Y", "m2YLo", "cXY", "cXYLo"] as const
    ).find((key) => !Number.isFinite(json[key]));
    if (field !== undefined) {
      throw new BatchStatsError("E_OVERFLOW", `the pair summary overflows a double: its ${field} is beyond ±1.8e308`, {
        field,
      });
    }
  }
  const text = JSON.stringify(p);
  try {
    PairSummary.fromJSON(text);
  } catch (error) {
    throw new Error(`the pair summary to print does not read back (${(error as Error).message}): ${text}`);
  }
  return text;
}
