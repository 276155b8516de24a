import { BatchStatsError } from "../errors.js";
import { Summary } from "../summary/summary.js";

/**
 * The JSON line a command prints for a summary, checked to read back: what `merge` and
 * `summarize` print is always accepted by `Summary.fromJSON` (and so by `merge` and `ttest`).
 * A summary that is not finite is `E_OVERFLOW`; one that would not read back is an internal
 * error (a bug), never printed.
 *
 * @example
 * ```ts
 * summaryLine(summarize([1, 2, 3])); // => '{"format":"batchstats.summary","version":1,"count":3,…}'
 * ```
 */
export function summaryLine(s: Summary): string {
  if (s.count > 0 && ![s.mean, s.meanLo, s.m2, s.m2Lo].every(Number.isFinite)) {
    const field = Number.isFinite(s.mean) && Number.isFinite(s.meanLo) ? "m2" : "mean";
    throw new BatchStatsError("E_OVERFLOW", `the summary overflows a double: its ${field} is beyond ±1.8e308`, {
      field,
    });
  }
  const text = JSON.stringify(s);
  try {
    Summary.fromJSON(text);
  } catch (error) {
    throw new Error(`the summary to print does not read back (${(error as Error).message}): ${text}`);
  }
  return text;
}
