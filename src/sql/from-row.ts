import { dd } from "../ddouble.js";
import { BatchStatsError } from "../errors.js";
import { describeValue, readOptions } from "../options.js";
import { checkChoice, type NanPolicy, nanPolicy } from "../summary/input.js";
import { makeSummary, nanSummary, type Summary } from "../summary/summary.js";
import { DIALECTS, type Dialect } from "./dialects.js";
import { ONE_PASS_COLUMNS, OUTSIDE_WEIGHT } from "./one-pass.js";
import {
  eachRow,
  expectNoSums,
  column,
  exactColumnSummary,
  fastColumnSummary,
  groupOf,
  readCount,
  readDouble,
  readExactColumn,
  readFastColumn,
  readInteger,
  rowError,
} from "./row-values.js";
import { METHODS, SCALE_RANGE, type SQLMethod } from "./spec.js";
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
  if (method === "exact" && Object.hasOwn(row, "bs_outside")) {
    for (const name of ONE_PASS_COLUMNS) column(row, name);
    return { group: groupOf(row), summary: onePassSummary(row, policy) };
  }
  const names = method === "exact" ? EXACT_COLUMNS : FAST_COLUMNS;
  for (const name of names) column(row, name);
  return { group: groupOf(row), summary: rowSummary(row, method, policy) };
}

/**
 * The summary of a one-pass row (`summarySQL` with `scale`): the in-range count n, the NaNs and the
 * other values outside the range or off the grid packed in `bs_outside`, and the exact ΣX, ΣX² on
 * the grid. Any such value (±Infinity included: the one pass cannot tell them apart) is
 * `E_PRECISION_LOSS`, unless a NaN with `"propagate"` already makes the summary NaN.
 */
function onePassSummary(row: Record<string, unknown>, policy: NanPolicy): Summary {
  const rows = readCount(row, "bs_rows");
  const wrapped = Object.hasOwn(row, "bs_squares_f");
  if (wrapped && rows > MAX_WRAPPED_ROWS) {
    throw new BatchStatsError(
      "E_PRECISION_LOSS",
      `this group has ${rows} rows: the one-pass SQL of this dialect sums exactly up to 2^26 rows a group; summarize without scale, or in smaller groups`,
      { field: "bs_rows" },
    );
  }
  const values = readCount(row, "bs_values");
  const n = readCount(row, "bs_finite");
  // a sum over no value outside is NULL in SQL
  const packed = row.bs_outside === null ? 0n : readInteger(row, "bs_outside");
  if (packed < 0n) rowError("bs_outside", "must not be negative");
  const nans = Number(packed % OUTSIDE_WEIGHT);
  const outside = packed / OUTSIDE_WEIGHT;
  // a value off the grid is counted in bs_finite and in bs_outside; one outside the range only in bs_outside
  const kept = BigInt(n + nans);
  if (
    values > rows ||
    kept > BigInt(values) ||
    kept + outside < BigInt(values) ||
    (outside === 0n && kept !== BigInt(values))
  ) {
    rowError("bs_finite", "counts do not add up");
  }
  const nulls = rows - values;
  if (policy === "propagate" && nans > 0) return nanSummary(values, nulls);
  if (outside > 0n) {
    throw new BatchStatsError(
      "E_PRECISION_LOSS",
      `${outside === 1n ? "at least 1" : outside} value(s) of this group are infinite, outside the range of the grid (|x − pivot|·2^scale ≤ 2^31 − 1) or off it (x·2^scale not an integer), scale ${describeValue(row.bs_exponent)}: summarize without scale, or with a grid that holds them`,
      { field: "bs_outside" },
    );
  }
  if (nans > 0 && policy === "raise") nanError(nans);
  const omitted = nulls + (policy === "omit" ? nans : 0);
  if (n === 0) {
    expectNoSums(row, ["bs_sum", wrapped ? "bs_squares_f" : "bs_squares"]);
    return makeSummary(0, dd(0), dd(0), omitted);
  }
  const exponent = readDouble(row, "bs_exponent");
  if (!Number.isInteger(exponent) || exponent < 0 || exponent > SCALE_RANGE) {
    rowError("bs_exponent", `must be an integer in [0, ${SCALE_RANGE}], got ${exponent}`);
  }
  const units = readInteger(row, "bs_pivot");
  if (units < -(2n ** 53n) || units > 2n ** 53n) rowError("bs_pivot", "must be at most 2^53 in magnitude");
  const sum = readInteger(row, "bs_sum");
  const squares = wrapped ? unwrapSquares(row, n) : readInteger(row, "bs_squares");
  const spread = BigInt(n) * squares - sum * sum;
  if (spread < 0n || squares < 0n) rowError("bs_squares", "sums are impossible (ΣX² below (ΣX)²/n)");
  // |X| ≤ 2^31 (DuckDB's INTEGER takes −2^31)
  if (sum < -(BigInt(n) << 31n) || sum > BigInt(n) << 31n || squares > BigInt(n) << 62n || (n === 1 && spread !== 0n)) {
    rowError("bs_squares", "sums are impossible for integers of 31 bits");
  }
  const offset = Number(units) * 2 ** -exponent;
  if (!Number.isFinite(offset)) rowError("bs_pivot", "gives a pivot beyond the double range");
  return exactColumnSummary({ offset, exponent, sum, spread }, n, omitted, "m2");
}

/** The most rows a group may have in the wrapped one-pass form (`bs_squares_f`). */
const MAX_WRAPPED_ROWS = 2 ** 26;

/**
 * ΣX² from its value modulo 2^64 (`bs_squares`, a signed 64-bit sum) and its double sum
 * (`bs_squares_f`, within (n − 1)·2^-53 of ΣX² relative as every term is ≥ 0): with n ≤ 2^26 and
 * ΣX² < n·2^62 the double is within 2^61 of ΣX², which fixes the multiple of 2^64.
 */
function unwrapSquares(row: Record<string, unknown>, n: number): bigint {
  const low = readInteger(row, "bs_squares");
  const approx = readDouble(row, "bs_squares_f");
  if (low < -(2n ** 63n) || low >= 2n ** 63n || approx < 0) rowError("bs_squares", "is not a 64-bit sum");
  const near = BigInt(Math.round(approx));
  const wraps = (near - low + 2n ** 63n) >> 64n;
  const squares = low + (wraps << 64n);
  const slack = BigInt(Math.ceil(approx * n * 2 ** -52)) + 1n;
  const off = squares - near;
  if (off > slack || -off > slack) rowError("bs_squares_f", "does not match bs_squares");
  return squares;
}

function nanError(nans: number): never {
  throw new BatchStatsError(
    "E_NAN",
    `the column has ${nans} NaN value(s) in this group (pass nan: "omit" to skip them)`,
    {
      field: "bs_nan",
    },
  );
}

function rowSummary(row: Record<string, unknown>, method: SQLMethod, policy: NanPolicy): Summary {
  const rows = readCount(row, "bs_rows");
  const values = readCount(row, "bs_values");
  if (method === "fast" && row.bs_finite === null) {
    // the one-pass fast SQL of a dialect that does not count infinite values: Σ(x − pivot) is not finite
    const nans = readCount(row, "bs_nan");
    if (values > rows || nans > values) rowError("bs_finite", "counts do not add up");
    if (policy === "propagate") return nanSummary(values, rows - values);
    if (nans > 0 && policy === "raise") nanError(nans);
    throw new BatchStatsError(
      "E_INFINITE",
      "the column has infinite value(s) in this group (or values whose distance from the pivot overflows)",
      { field: "bs_finite" },
    );
  }
  const n = readCount(row, "bs_finite");
  const nans = readCount(row, "bs_nan");
  if (values > rows || n + nans > values) rowError("bs_finite", "counts do not add up");
  const nulls = rows - values;
  const infinities = values - n - nans;
  if (policy === "propagate" && (nans > 0 || infinities > 0)) return nanSummary(values, nulls);
  if (nans > 0 && policy === "raise") nanError(nans);
  if (infinities > 0) {
    // the exact SQL reads a value beyond the first pass's greatest magnitude as it reads ±Infinity
    const unstable =
      method === "exact"
        ? " (or values beyond the greatest magnitude its first pass saw: a source that returns other rows when it is read again, such as a SAMPLE, random() or a LIMIT without ORDER BY)"
        : "";
    throw new BatchStatsError("E_INFINITE", `the column has ${infinities} infinite value(s) in this group${unstable}`, {
      field: "bs_finite",
    });
  }
  const omitted = nulls + (policy === "omit" ? nans : 0);
  if (n === 0) {
    expectNoSums(row, method === "exact" ? ["bs_sum", "bs_hh", "bs_hl", "bs_ll"] : ["bs_s1", "bs_s2"]);
    return makeSummary(0, dd(0), dd(0), omitted);
  }
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
  return eachRow(rows, (row) => fromSQLRow(row, options));
}
