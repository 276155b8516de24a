import { type DD, dd, ddAdd, ddDivNumber, ddMulNumber, ddScale, ddSub, twoSum } from "../ddouble.js";
import { BatchStatsError } from "../errors.js";
import { describeValue, readOptions } from "../options.js";
import { checkChoice, type NanPolicy, nanPolicy } from "../summary/input.js";
import { makeSummary, nanSummary, type Summary } from "../summary/summary.js";
import { DIALECTS, type Dialect } from "./dialects.js";
import { EXACT_COLUMNS, FAST_COLUMNS, type SQLMethod } from "./summary-sql.js";

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
const METHODS: readonly SQLMethod[] = ["exact", "fast"];

function rowError(field: string, message: string): never {
  throw new BatchStatsError("E_BAD_SUMMARY", `SQL row: ${field} ${message}`, { field });
}

function column(row: Record<string, unknown>, name: string): unknown {
  if (!Object.hasOwn(row, name)) rowError(name, "is missing (was the row made by summarySQL?)");
  return row[name];
}

const INTEGER_TEXT = /^[+-]?\d+$/;
const DECIMAL_ZERO_FRACTION = /^([+-]?\d+)\.0*$/;

/** An exact integer from text, a BigInt or a safe-integer number; anything that may be rounded is refused. */
function readInteger(row: Record<string, unknown>, name: string, nullIsZero: boolean): bigint {
  const v = column(row, name);
  if (v === null || v === undefined) {
    if (nullIsZero) return 0n;
    rowError(name, "is NULL");
  }
  if (typeof v === "bigint") return v;
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v)) {
      rowError(
        name,
        `is the number ${v}, which may have been rounded (beyond 2^53 or not an integer): read it as text or BigInt`,
      );
    }
    return BigInt(v);
  }
  if (typeof v === "string") {
    const t = v.trim();
    if (t.length <= 200) {
      if (INTEGER_TEXT.test(t)) return BigInt(t);
      const m = DECIMAL_ZERO_FRACTION.exec(t);
      if (m) return BigInt(m[1]!);
    }
  }
  rowError(name, `must be an integer (text, BigInt or a safe integer), got ${describeValue(v)}`);
}

function readCount(row: Record<string, unknown>, name: string): number {
  const b = readInteger(row, name, false);
  if (b < 0n || b > BigInt(Number.MAX_SAFE_INTEGER)) rowError(name, `must be a count below 2^53, got ${b}`);
  return Number(b);
}

const FLOAT_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A finite double from a number or its text (shortest round-trip text, as engines print doubles). */
function readDouble(row: Record<string, unknown>, name: string): number {
  const v = column(row, name);
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.length <= 100 && FLOAT_TEXT.test(v.trim())) {
    const x = Number(v);
    if (Number.isFinite(x)) return x;
  }
  if (typeof v === "bigint" && v >= -(2n ** 53n) && v <= 2n ** 53n) return Number(v);
  rowError(name, `must be a finite double, got ${describeValue(v)}`);
}

/** A BigInt as a double-double: the high part correctly rounded, the low part the rounded rest. */
function bigToDD(b: bigint): DD {
  const hi = Number(b);
  const lo = Number(b - BigInt(hi));
  return twoSum(hi, lo);
}

const MIN_NORMAL = 2 ** -1022;

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
  const group: Record<string, unknown> = {};
  for (const key of Object.keys(row)) if (!key.toLowerCase().startsWith("bs_")) group[key] = row[key];
  const names = method === "exact" ? EXACT_COLUMNS : FAST_COLUMNS;
  for (const name of names) column(row, name);
  return { group: Object.freeze(group), summary: rowSummary(row, method, policy) };
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
  return method === "exact" ? exactSummary(row, n, omitted) : fastSummary(row, n, omitted);
}

function exactSummary(row: Record<string, unknown>, n: number, omitted: number): Summary {
  const offset = readDouble(row, "bs_offset");
  const e = readDouble(row, "bs_exponent");
  if (!Number.isInteger(e) || e < -1100 || e > 1100) rowError("bs_exponent", `must be an integer exponent, got ${e}`);
  const sum = readInteger(row, "bs_sum", false);
  const hh = readInteger(row, "bs_hh", false);
  const hl = readInteger(row, "bs_hl", false);
  const ll = readInteger(row, "bs_ll", false);
  const squares = (hh << 62n) + (hl << 32n) + ll;
  const bn = BigInt(n);
  const numerator = bn * squares - sum * sum; // n·ΣX² − (ΣX)² = n²·M2·4^e ≥ 0
  if (numerator < 0n || hh < 0n || ll < 0n) rowError("bs_hh", "sums are impossible (Σx² below (Σx)²/n)");
  const mean = ddAdd(dd(offset), ddScale(ddDivNumber(bigToDD(sum), n), -e));
  const m2 = ddScale(ddDivNumber(bigToDD(numerator), n), -2 * e);
  if (numerator > 0n && n > 1 && !(m2.hi >= MIN_NORMAL)) {
    throw new BatchStatsError("E_UNDERFLOW", "M2 of this group is below the normal double range (2.2e-308)", {
      field: "m2",
    });
  }
  return makeSummary(n, mean, n > 1 ? m2 : dd(0), omitted);
}

function fastSummary(row: Record<string, unknown>, n: number, omitted: number): Summary {
  const offset = readDouble(row, "bs_offset");
  const s1 = readDouble(row, "bs_s1");
  const s2 = readDouble(row, "bs_s2");
  const shift = ddDivNumber(dd(s1), n);
  const mean = ddAdd(dd(offset), shift);
  // M2 = Σz² − (Σz)²/n, formed in double-double; negative only through rounding.
  const m2 = ddSub(dd(s2), ddMulNumber(shift, s1));
  return makeSummary(n, mean, m2.hi > 0 && n > 1 ? m2 : dd(0), omitted);
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
