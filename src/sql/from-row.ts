import { dd } from "../ddouble.js";
import { BatchStatsError } from "../errors.js";
import { readOptions } from "../options.js";
import { checkChoice, type NanPolicy, nanPolicy } from "../summary/input.js";
import { makeSummary, nanSummary, type Summary } from "../summary/summary.js";
import { DIALECTS, type Dialect } from "./dialects.js";
import {
  column,
  exactColumnSummary,
  fastColumnSummary,
  groupOf,
  readCount,
  readExactColumn,
  readFastColumn,
  rowError,
} from "./row-values.js";
import { METHODS, type SQLMethod } from "./spec.js";
import { EXACT_COLUMNS, FAST_COLUMNS } from "./summary-sql.js";

/** Options of `fromSQLRow` and `fromSQLRows`. */
export interface FromSQLRowOptions {
  /** The dialect the SQL was written for (checked; the row format is the same for all). */
  dialect?: Dialect;
  /** The method the SQL was written with: `"exact"` (default) or `"fast"`. */
  method?: SQLMethod;
  /**
   * What NaNs in the column do, as in `summarize`: `"raise"` (default, `E_NAN`), `"omit"` (skipped
   * and counted in `omitted`) or `"propagate"` (a NaN summary). ±Infinity is `E_INFINITE` except with
   * `"propagate"`. NULLs are always skipped and counted in `omitted`.
   */
  nan?: NanPolicy;
}

/** One group's summary, as read from one result row. */
export interface SQLGroupSummary {
  /** The group columns of the row, as the driver returned them (an empty object without `groupBy`). */
  group: Readonly<Record<string, unknown>>;
  /** The summary of the group's values. */
  summary: Summary;
}

const ROW_OPTION_KEYS = ["dialect", "method", "nan"] as const;

/**
 * The group's summary from one result row of `summarySQL`. Integer columns must come as text,
 * BigInt or a safe-integer number: a number beyond 2^53 (which the driver may have rounded), a
 * missing column or an impossible row is `E_BAD_SUMMARY` naming the column. Group columns are
 * every column not named `bs_…`, returned as the driver gave them.
 *
 * @example
 * ```ts
 * import { fromSQLRow } from "batchstats/sql";
 * // the row summarySQL's exact SQL returns for the values 1, 2, 3, 4 and one NULL in group "a":
 * const row = { arm: "a", bs_rows: "5", bs_values: "4", bs_finite: "4", bs_nan: "0", bs_offset: 0,
 *   bs_exponent: 59, bs_sum: "5764607523034234880", bs_hh: "2161727821137838080", bs_hl: "0", bs_ll: "0" };
 * const { group, summary } = fromSQLRow(row);
 * group.arm; // => "a"
 * summary.mean; // => 2.5
 * summary.variance(); // => 1.6666666666666667
 * summary.omitted; // => 1
 * ```
 */
export function fromSQLRow(row: Record<string, unknown>, options?: FromSQLRowOptions): SQLGroupSummary {
  const o = readOptions(options, ROW_OPTION_KEYS);
  if (o.dialect !== undefined) checkChoice(o.dialect, DIALECTS, "options.dialect");
  const method = o.method === undefined ? "exact" : checkChoice(o.method, METHODS, "options.method");
  const policy = nanPolicy(o.nan);
  if (typeof row !== "object" || row === null || Array.isArray(row)) rowError("row", "must be an object");
  const names = method === "exact" ? EXACT_COLUMNS : FAST_COLUMNS;
  for (const name of names) column(row, name);
  return { group: groupOf(row), summary: rowSummary(row, method, policy) };
}

function rowSummary(row: Record<string, unknown>, method: SQLMethod, policy: NanPolicy): Summary {
  const rows = readCount(row, "bs_rows");
  const values = readCount(row, "bs_values");
  const n = readCount(row, "bs_finite");
  const nans = readCount(row, "bs_nan");
  if (values > rows || n + nans > values) rowError("bs_finite", "counts do not add up");
  const nulls = rows - values;
  const infinities = values - n - nans;
  if (policy === "propagate" && (nans > 0 || infinities > 0)) return nanSummary(values, nulls);
  if (nans > 0 && policy === "raise") {
    throw new BatchStatsError(
      "E_NAN",
      `the column has ${nans} NaN value(s) in this group (pass nan: "omit" to skip them)`,
      {
        field: "bs_nan",
      },
    );
  }
  if (infinities > 0) {
    throw new BatchStatsError("E_INFINITE", `the column has ${infinities} infinite value(s) in this group`, {
      field: "bs_finite",
    });
  }
  const omitted = nulls + (policy === "omit" ? nans : 0);
  if (n === 0) return makeSummary(0, dd(0), dd(0), omitted);
  return method === "exact"
    ? exactColumnSummary(readExactColumn(row, "bs_", n), n, omitted, "m2")
    : fastColumnSummary(readFastColumn(row, "bs_"), n, omitted);
}

/**
 * Summaries of many result rows (`fromSQLRow` on each), in order.
 *
 * @example
 * ```ts
 * import { fromSQLRows } from "batchstats/sql";
 * const rows = [{ bs_rows: 1, bs_values: 1, bs_finite: 1, bs_nan: 0, bs_offset: 7, bs_exponent: 0,
 *   bs_sum: 0, bs_hh: 0, bs_hl: 0, bs_ll: 0 }];
 * fromSQLRows(rows)[0].summary.mean; // => 7
 * ```
 */
export function fromSQLRows(rows: Iterable<Record<string, unknown>>, options?: FromSQLRowOptions): SQLGroupSummary[] {
  const out: SQLGroupSummary[] = [];
  for (const row of rows) out.push(fromSQLRow(row, options));
  return out;
}
