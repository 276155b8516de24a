import { type DD, dd, ddDivNumber, ddMulNumber, ddScale, ddSub } from "../ddouble.js";
import { BatchStatsError } from "../errors.js";
import { readOptions } from "../options.js";
import { correlationBound } from "../pairs/pair-summary-json.js";
import { makePairSummary, type PairSummary } from "../pairs/pair-summary.js";
import type { PairNanPolicy } from "../pairs/summarize-pairs.js";
import { checkChoice } from "../summary/input.js";
import { makeSummary, type Summary } from "../summary/summary.js";
import { DIALECTS, type Dialect } from "./dialects.js";
import { PAIR_EXACT_COLUMNS, PAIR_FAST_COLUMNS } from "./pair-summary-sql.js";
import {
  eachRow,
  bigToDD,
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
import { METHODS, type SQLMethod } from "./spec.js";

/** Options of `fromPairSQLRow` and `fromPairSQLRows`. */
export interface FromPairSQLRowOptions {
  /** The dialect the SQL was written for (checked; the row format is the same for all). */
  dialect?: Dialect;
  /** The method the SQL was written with: `"exact"` (default) or `"fast"`. */
  method?: SQLMethod;
  /**
   * Rows with a NaN in x or y, as in `summarizePairs`: `"raise"` (default, `E_NAN`) or `"omit"`
   * (skipped and counted in `omitted`). ±Infinity in either is `E_INFINITE`. Rows with a NULL in
   * either are always skipped and counted in `omitted`.
   */
  nan?: PairNanPolicy;
}

/** One group's pair summary, as read from one result row of `pairSummarySQL`. */
export interface SQLGroupPairSummary {
  /** The group columns of the row, as the driver returned them (an empty object without `groupBy`). */
  group: Readonly<Record<string, unknown>>;
  /** The pair summary of the group's (x, y) rows. */
  summary: PairSummary;
}

const OPTION_KEYS = ["dialect", "method", "nan"] as const;
const NAN_POLICIES: readonly PairNanPolicy[] = ["raise", "omit"];

/**
 * The group's pair summary from one result row of `pairSummarySQL`. Integer columns must come as
 * text, BigInt or a safe-integer number; a number beyond 2^53, a missing column or an impossible
 * row (sums that break Cauchy–Schwarz, counts that do not add up) is `E_BAD_SUMMARY` naming the
 * column. Group columns are every column not named `bs_…`.
 *
 * @example
 * ```ts
 * import { fromPairSQLRow } from "batchstats/sql";
 * // the row pairSummarySQL's exact SQL returns for (x, y) = (1, 2), (3, 6) and one row with y NULL:
 * const row = { arm: "b", bs_rows: "3", bs_pairs: "2", bs_finite: "2", bs_nan: "0",
 *   bs_x_offset: 0, bs_x_exponent: 59, bs_x_sum: "2305843009213693952", bs_x_hh: "720575940379279360", bs_x_hl: "0", bs_x_ll: "0",
 *   bs_y_offset: 0, bs_y_exponent: 58, bs_y_sum: "2305843009213693952", bs_y_hh: "720575940379279360", bs_y_hl: "0", bs_y_ll: "0",
 *   bs_xy_hh: "720575940379279360", bs_xy_hl: "0", bs_xy_ll: "0" };
 * const { group, summary } = fromPairSQLRow(row);
 * group.arm; // => "b"
 * [summary.count, summary.meanX, summary.meanY, summary.omitted]; // => [2, 2, 4, 1]
 * summary.covariance(); // => 4
 * ```
 */
export function fromPairSQLRow(row: Record<string, unknown>, options?: FromPairSQLRowOptions): SQLGroupPairSummary {
  const o = readOptions(options, OPTION_KEYS);
  if (o.dialect !== undefined) checkChoice(o.dialect, DIALECTS, "options.dialect");
  const method = o.method === undefined ? "exact" : checkChoice(o.method, METHODS, "options.method");
  const policy = o.nan === undefined ? "raise" : checkChoice(o.nan, NAN_POLICIES, "options.nan");
  if (typeof row !== "object" || row === null || Array.isArray(row)) rowError("row", "must be an object");
  for (const name of method === "exact" ? PAIR_EXACT_COLUMNS : PAIR_FAST_COLUMNS) column(row, name);
  return { group: groupOf(row), summary: rowPairSummary(row, method, policy) };
}

function rowPairSummary(row: Record<string, unknown>, method: SQLMethod, policy: PairNanPolicy): PairSummary {
  const rows = readCount(row, "bs_rows");
  const pairs = readCount(row, "bs_pairs");
  const n = readCount(row, "bs_finite");
  const nans = readCount(row, "bs_nan");
  if (pairs > rows || n + nans > pairs) rowError("bs_finite", "counts do not add up");
  const infinities = pairs - n - nans;
  if (nans > 0 && policy === "raise") {
    throw new BatchStatsError(
      "E_NAN",
      `${nans} row(s) of this group have a NaN in x or y (pass nan: "omit" to skip them)`,
      { field: "bs_nan" },
    );
  }
  if (infinities > 0) {
    throw new BatchStatsError("E_INFINITE", `${infinities} row(s) of this group have ±Infinity in x or y`, {
      field: "bs_finite",
    });
  }
  const omitted = rows - pairs + (policy === "omit" ? nans : 0);
  if (n === 0) {
    const empty = makeSummary(0, dd(0), dd(0), omitted);
    return makePairSummary(empty, empty, dd(0));
  }
  return method === "exact" ? exactPairSummary(row, n, omitted) : fastPairSummary(row, n, omitted);
}

function exactPairSummary(row: Record<string, unknown>, n: number, omitted: number): PairSummary {
  const cx = readExactColumn(row, "bs_x_", n);
  const cy = readExactColumn(row, "bs_y_", n);
  const hh = readInteger(row, "bs_xy_hh");
  const hl = readInteger(row, "bs_xy_hl");
  const ll = readInteger(row, "bs_xy_ll");
  const products = (hh << 62n) + (hl << 31n) + ll; // ΣX·Y
  const cross = BigInt(n) * products - cx.sum * cy.sum; // n²·cXY·2^(ex+ey)
  if (cross * cross > cx.spread * cy.spread) {
    rowError("bs_xy_hh", "sums are impossible (|Σ(x − x̄)(y − ȳ)| beyond √(M2x·M2y), Cauchy–Schwarz)");
  }
  const x = exactColumnSummary(cx, n, omitted, "m2X");
  const y = exactColumnSummary(cy, n, omitted, "m2Y");
  const c = n > 1 ? ddScale(ddDivNumber(bigToDD(cross), n), -(cx.exponent + cy.exponent)) : dd(0);
  return makePairSummary(x, y, c);
}

function fastPairSummary(row: Record<string, unknown>, n: number, omitted: number): PairSummary {
  const fx = readFastColumn(row, "bs_x_");
  const fy = readFastColumn(row, "bs_y_");
  const sxy = readDouble(row, "bs_xy_s2");
  const x = fastColumnSummary(fx, n, omitted, "bs_x_s2");
  const y = fastColumnSummary(fy, n, omitted, "bs_y_s2");
  // C = Σzxzy − Σzx·Σzy/n, formed in double-double from rounded sums
  const c = ddSub(dd(sxy), ddMulNumber(ddDivNumber(dd(fx.s1), n), fy.s1));
  return makePairSummary(x, y, withinCauchySchwarz(c, x, y));
}

/** A co-moment of rounded sums, kept within |C| ≤ √(M2x·M2y) (0 when a column is constant). */
function withinCauchySchwarz(c: DD, x: Summary, y: Summary): DD {
  if (x.count < 2 || x.m2 === 0 || y.m2 === 0) return dd(0);
  if (correlationBound(c.hi, x.m2, y.m2) <= 1) return c;
  return dd(Math.sign(c.hi) * Math.sqrt(x.m2) * Math.sqrt(y.m2) * (1 - 2 ** -52));
}

/**
 * Pair summaries of many result rows (`fromPairSQLRow` on each), in order.
 *
 * @example
 * ```ts
 * import { fromPairSQLRows } from "batchstats/sql";
 * const one = { bs_rows: 1, bs_pairs: 1, bs_finite: 1, bs_nan: 0,
 *   bs_x_offset: 3, bs_x_exponent: 0, bs_x_sum: 0, bs_x_hh: 0, bs_x_hl: 0, bs_x_ll: 0,
 *   bs_y_offset: 5, bs_y_exponent: 0, bs_y_sum: 0, bs_y_hh: 0, bs_y_hl: 0, bs_y_ll: 0,
 *   bs_xy_hh: 0, bs_xy_hl: 0, bs_xy_ll: 0 };
 * fromPairSQLRows([one])[0].summary.meanY; // => 5
 * ```
 */
export function fromPairSQLRows(
  rows: Iterable<Record<string, unknown>>,
  options?: FromPairSQLRowOptions,
): SQLGroupPairSummary[] {
  return eachRow(rows, (row) => fromPairSQLRow(row, options));
}
