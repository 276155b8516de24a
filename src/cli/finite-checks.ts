import { BatchStatsError } from "../errors.js";
import { merge } from "../summary/merge.js";
import type { Summary } from "../summary/summary.js";
import type { TTestResult } from "../ttest/result.js";

/**
 * The command line never prints NaN, nor ±∞ where a finite number is expected, whatever the
 * library returns: results are checked here before anything is written, and a result that
 * fails is the typed error `E_OVERFLOW` (finite inputs whose arithmetic leaves the double
 * range, e.g. an M2 near 1e308), exit code 2.
 */
function overflow(message: string, field: string): BatchStatsError {
  return new BatchStatsError("E_OVERFLOW", message, { field });
}

/** A number in a message about it, without printing "NaN": "not a number", "infinite", "out of range (…)". */
function whatNumber(x: number): string {
  if (Number.isNaN(x)) return "not a number";
  if (!Number.isFinite(x)) return "infinite";
  return `out of its range (${x})`;
}

/** Whether every part of a summary (both halves of the mean and of M2) is finite. */
function finiteParts(s: Summary): boolean {
  return Number.isFinite(s.mean) && Number.isFinite(s.meanLo) && Number.isFinite(s.m2) && Number.isFinite(s.m2Lo);
}

/**
 * `merge(total, next)` (one step of a fold: constant stack for any number of summaries),
 * refused with `E_OVERFLOW` naming `where` (the input and line of `next`) when the merged mean
 * or M2 leaves the double range, or the count (or omitted count) passes 2^53 − 1. Errors of the library get `where` in front.
 *
 * @example
 * ```ts
 * let total = Summary.empty();
 * for await (const { summary, where } of readSummaries("all.ndjson", io)) total = mergeChecked(total, summary, where);
 * ```
 */
export function mergeChecked(total: Summary, next: Summary, where: string): Summary {
  let merged: Summary;
  try {
    merged = merge(total, next);
  } catch (error) {
    if (!(error instanceof BatchStatsError)) throw error;
    throw new BatchStatsError(error.code, `${where}: ${error.message}`, error); // keeps index and field
  }
  if (!Number.isSafeInteger(merged.count) || !Number.isSafeInteger(merged.omitted)) {
    throw overflow(
      `${where}: merging this summary makes the ${Number.isSafeInteger(merged.count) ? "omitted count" : "count"} exceed 2^53 − 1, the largest exact integer of a double`,
      Number.isSafeInteger(merged.count) ? "omitted" : "count",
    );
  }
  if (merged.count > 0 && !finiteParts(merged)) {
    const field = Number.isFinite(merged.mean) && Number.isFinite(merged.meanLo) ? "m2" : "mean";
    throw overflow(
      `${where}: merging this summary overflows a double: the merged ${field === "m2" ? "M2" : "mean"} is beyond ±1.8e308`,
      field,
    );
  }
  return merged;
}

/** The summary's standard deviation, or `E_OVERFLOW` (naming `name`) when it is not finite. */
export function finiteStd(s: Summary, name: string): number {
  const sd = s.std();
  if (!Number.isFinite(sd)) throw overflow(`${name}: the standard deviation overflows a double (M2 = ${s.m2})`, "m2");
  return sd;
}

/**
 * The t-test result if every number in it is what its field promises: statistic, p-value,
 * log10 p, df, estimate and standard error finite, 0 ≤ p ≤ 1, log10 p ≤ 0, and the interval
 * finite but for the open side of a one-sided test. Otherwise `E_OVERFLOW` naming the field.
 *
 * @example
 * ```ts
 * requireFiniteTTest(ttest(a, b), "a.json and b.json"); // the result, or throws E_OVERFLOW
 * ```
 */
export function requireFiniteTTest(r: TTestResult, names: string): TTestResult {
  const fail = (field: string, value: number) =>
    overflow(
      `the t-test of ${names} overflows a double: its ${field} is ${whatNumber(value)} (the summaries' numbers are too large for double arithmetic)`,
      field,
    );
  for (const field of ["statistic", "pValue", "log10PValue", "df", "estimate", "stderr"] as const) {
    if (!Number.isFinite(r[field])) throw fail(field, r[field]);
  }
  if (!(r.pValue >= 0 && r.pValue <= 1)) throw fail("pValue", r.pValue);
  if (!(r.log10PValue <= 0)) throw fail("log10PValue", r.log10PValue);
  const [low, high] = r.confidenceInterval;
  const lowOpen = r.alternative === "less";
  const highOpen = r.alternative === "greater";
  if (!(lowOpen ? low === -Infinity : Number.isFinite(low))) throw fail("confidenceInterval[0]", low);
  if (!(highOpen ? high === Infinity : Number.isFinite(high))) throw fail("confidenceInterval[1]", high);
  if (!(low <= high)) {
    throw overflow(`the t-test of ${names} gave an interval whose bounds are out of order`, "confidenceInterval");
  }
  return r;
}
