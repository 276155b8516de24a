import { ddMulNumber, ddToNumber } from "../ddouble.js";
import { BatchStatsError } from "../errors.js";
import type { Counts } from "../summary/from-counts.js";
import type { Summary } from "../summary/summary.js";

/**
 * The counts of a summary of 0/1 values (`E_BAD_ARGUMENT` when its mean·count is not an integer
 * or its M2 is not k(n − k)/n to 1e-12).
 * @internal
 */
export function countsOfSummary(s: Summary, field: string): Counts {
  const n = s.count;
  const kd = ddMulNumber(s.meanDD(), n);
  const k = Math.round(ddToNumber(kd));
  const m2 = (k * (n - k)) / n;
  if (
    !(k >= 0 && k <= n && Math.abs(ddToNumber(kd) - k) <= 1e-9 * Math.max(1, k) && Math.abs(s.m2 - m2) <= 1e-12 * m2)
  ) {
    throw new BatchStatsError(
      "E_BAD_ARGUMENT",
      `${field} is not a summary of 0/1 values (count ${n}, mean ${s.mean}, M2 ${s.m2}): a rate takes counts { successes, trials } or the summary of 0/1 outcomes`,
      { field },
    );
  }
  return { successes: k, trials: n };
}
