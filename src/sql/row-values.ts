/**
 * Reading the `bs_…` columns of a result row of the generated SQL: exact integers, counts and
 * doubles as drivers return them, and one column's moments rebuilt from its sums. @internal
 */
import { type DD, dd, ddAdd, ddDivNumber, ddMulNumber, ddScale, ddSub, twoSum } from "../ddouble.js";
import { BatchStatsError } from "../errors.js";
import { describeValue } from "../options.js";
import { makeSummary, type Summary } from "../summary/summary.js";

/** `E_BAD_SUMMARY` naming the column. @internal */
export function rowError(field: string, message: string): never {
  throw new BatchStatsError("E_BAD_SUMMARY", `SQL row: ${field} ${message}`, { field });
}

/**
 * `read` applied to each row of `rows` (an iterable of row objects, not a string), in order; an
 * error of a row names its index. @internal
 */
export function eachRow<T>(rows: unknown, read: (row: Record<string, unknown>) => T): T[] {
  if (
    typeof rows !== "object" ||
    rows === null ||
    typeof (rows as Partial<Iterable<unknown>>)[Symbol.iterator] !== "function"
  ) {
    throw new BatchStatsError("E_BAD_ARGUMENT", `rows must be an iterable of row objects, got ${describeValue(rows)}`, {
      field: "rows",
    });
  }
  const out: T[] = [];
  let index = 0;
  for (const row of rows as Iterable<Record<string, unknown>>) {
    try {
      out.push(read(row));
    } catch (error) {
      if (!(error instanceof BatchStatsError)) throw error;
      const where = error.field === undefined ? { index } : { index, field: error.field };
      throw new BatchStatsError(error.code, `row ${index}: ${error.message}`, where);
    }
    index++;
  }
  return out;
}

/** The row's value of a column, which must be present. @internal */
export function column(row: Record<string, unknown>, name: string): unknown {
  if (!Object.hasOwn(row, name)) rowError(name, "is missing (was the row made by summarySQL?)");
  return row[name];
}

/** The columns of a row that are not `bs_…` (the group keys), as the driver returned them. @internal */
export function groupOf(row: Record<string, unknown>): Readonly<Record<string, unknown>> {
  const group: Record<string, unknown> = {};
  for (const key of Object.keys(row)) if (!key.toLowerCase().startsWith("bs_")) group[key] = row[key];
  return Object.freeze(group);
}

const INTEGER_TEXT = /^[+-]?\d+$/;
const DECIMAL_ZERO_FRACTION = /^([+-]?\d+)\.0*$/;

/** An exact integer from text, a BigInt or a safe-integer number; anything that may be rounded is refused. @internal */
export function readInteger(row: Record<string, unknown>, name: string): bigint {
  const v = column(row, name);
  if (v === null || v === undefined) rowError(name, "is NULL");
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

/** A count below 2^53. @internal */
export function readCount(row: Record<string, unknown>, name: string): number {
  const b = readInteger(row, name);
  if (b < 0n || b > BigInt(Number.MAX_SAFE_INTEGER)) rowError(name, `must be a count below 2^53, got ${b}`);
  return Number(b);
}

const FLOAT_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A finite double from a number or its text (shortest round-trip text, as engines print doubles). @internal */
export function readDouble(row: Record<string, unknown>, name: string): number {
  const v = column(row, name);
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.length <= 100 && FLOAT_TEXT.test(v.trim())) {
    const x = Number(v);
    if (Number.isFinite(x)) return x;
  }
  if (typeof v === "bigint" && v >= -(2n ** 53n) && v <= 2n ** 53n) return Number(v);
  rowError(name, `must be a finite double, got ${describeValue(v)}`);
}

/** A BigInt as a double-double: the high part correctly rounded, the low part the rounded rest. @internal */
export function bigToDD(b: bigint): DD {
  const hi = Number(b);
  const lo = Number(b - BigInt(hi));
  return twoSum(hi, lo);
}

const MIN_NORMAL = 2 ** -1022;

/**
 * One column's exact sums, as integers: X = round((x − K)·2^e) summed over the n finite values
 * (the SQL of this version writes K = 0; any K for which x − K is exact reads alike). @internal
 */
export interface ExactColumn {
  /** The offset K. */
  offset: number;
  /** The exponent e of the scale. */
  exponent: number;
  /** ΣX. */
  sum: bigint;
  /** n·ΣX² − (ΣX)² = n²·M2·4^e, never negative. */
  spread: bigint;
}

/**
 * Reads the exact sums of one column, named `${prefix}offset`, `…exponent`, `…sum`, `…hh`, `…hl`,
 * `…ll`, for n finite values; ΣX² = 2^62·ΣH² + 2^32·ΣHL + ΣL². @internal
 */
export function readExactColumn(row: Record<string, unknown>, prefix: string, n: number): ExactColumn {
  const offset = readDouble(row, `${prefix}offset`);
  const exponent = readDouble(row, `${prefix}exponent`);
  if (!Number.isInteger(exponent) || exponent < -1100 || exponent > 1100) {
    rowError(`${prefix}exponent`, `must be an integer exponent, got ${exponent}`);
  }
  const sum = readInteger(row, `${prefix}sum`);
  const hh = readInteger(row, `${prefix}hh`);
  const hl = readInteger(row, `${prefix}hl`);
  const ll = readInteger(row, `${prefix}ll`);
  // |X| < 2^62, so |H| ≤ 2^31 and 0 ≤ L < 2^31: each sum is bounded by n times its largest term
  const bound = BigInt(n) << 62n;
  if (sum <= -bound || sum >= bound || hh < 0n || hh > bound || hl < -bound || hl > bound || ll < 0n || ll >= bound) {
    rowError(`${prefix}hh`, "sums are impossible (beyond n times the largest term of each)");
  }
  const squares = (hh << 62n) + (hl << 32n) + ll;
  const spread = BigInt(n) * squares - sum * sum;
  if (spread < 0n) rowError(`${prefix}hh`, "sums are impossible (Σx² below (Σx)²/n)");
  if (n === 1 && spread !== 0n) rowError(`${prefix}hh`, "sums are impossible (one value with a spread)");
  return { offset, exponent, sum, spread };
}

/**
 * Checks that a group with no finite value has no sums: each of `names` NULL (a SQL sum over no
 * row) or 0. @internal
 */
export function expectNoSums(row: Record<string, unknown>, names: readonly string[]): void {
  for (const name of names) {
    if (column(row, name) !== null && readDouble(row, name) !== 0) {
      rowError(name, "must be 0 or NULL in a group with no finite value");
    }
  }
}

/**
 * The summary of n > 0 values from their exact sums: mean = K + ΣX/(n·2^e) and
 * M2 = spread/(n·4^e), each rounded once to double-double. An M2 below the normal range is
 * `E_UNDERFLOW` naming `m2Field`. @internal
 */
export function exactColumnSummary(c: ExactColumn, n: number, omitted: number, m2Field: string): Summary {
  const mean = ddAdd(dd(c.offset), ddScale(ddDivNumber(bigToDD(c.sum), n), -c.exponent));
  const m2 = ddScale(ddDivNumber(bigToDD(c.spread), n), -2 * c.exponent);
  if (c.spread > 0n && n > 1 && !(m2.hi >= MIN_NORMAL)) {
    throw new BatchStatsError(
      "E_UNDERFLOW",
      `M2 of this group (${m2Field}) is below the normal double range (2.2e-308)`,
      {
        field: m2Field,
      },
    );
  }
  return makeSummary(n, mean, n > 1 ? m2 : dd(0), omitted);
}

/** One column's sums of the fast method: the group mean m and the compensated Σ(x − m), Σ(x − m)². @internal */
export interface FastColumn {
  offset: number;
  s1: number;
  s2: number;
}

/** ±Infinity or NaN as a driver returns it (a number, or text such as `inf`, `-Infinity`, `nan`). */
const NON_FINITE_TEXT = /^[+-]?(inf|infinity|nan)$/i;

/**
 * A double of the fast method's sums: a non-finite one is the engine's arithmetic overflowing
 * (the SQL sums finite values only), `E_OVERFLOW`.
 */
function readFastDouble(row: Record<string, unknown>, name: string): number {
  const v = column(row, name);
  const nonFinite =
    (typeof v === "number" && !Number.isFinite(v)) || (typeof v === "string" && NON_FINITE_TEXT.test(v.trim()));
  if (nonFinite) {
    throw new BatchStatsError(
      "E_OVERFLOW",
      `${name} of this group overflows in the engine (values near the double range): use the exact method`,
      { field: name },
    );
  }
  return readDouble(row, name);
}

/** Reads `${prefix}offset`, `${prefix}s1` and `${prefix}s2`. @internal */
export function readFastColumn(row: Record<string, unknown>, prefix: string): FastColumn {
  const c = {
    offset: readFastDouble(row, `${prefix}offset`),
    s1: readFastDouble(row, `${prefix}s1`),
    s2: readFastDouble(row, `${prefix}s2`),
  };
  if (c.s2 < 0) rowError(`${prefix}s2`, `is a sum of squares, got ${c.s2}`);
  return c;
}

/**
 * The summary of n > 0 values from their fast sums: M2 = Σz² − (Σz)²/n in double-double.
 * Impossible sums are `E_BAD_SUMMARY`: (Σz)² beyond n·Σz² by more than the compensated sums'
 * rounding (each within a few ε of its terms' magnitude: 16ε relative). A Σz² below n·2^-1022,
 * where the engine's squares may have lost digits to underflow, is `E_UNDERFLOW`, unless every
 * z is 0 (Σz = Σz² = 0 with a mean of magnitude at least 2^-400, whose non-zero deviations
 * square above the normal range). @internal
 */
export function fastColumnSummary(c: FastColumn, n: number, omitted: number, field = "bs_s2"): Summary {
  if (c.s1 * (c.s1 / n) > c.s2 * (1 + 16 * Number.EPSILON)) {
    rowError(field, "sums are impossible (Σz² below (Σz)²/n)");
  }
  const constant = c.s1 === 0 && c.s2 === 0 && (Math.abs(c.offset) >= 2 ** -400 || c.offset === 0);
  if (n > 1 && !constant && c.s2 < n * MIN_NORMAL) {
    throw new BatchStatsError(
      "E_UNDERFLOW",
      `the fast sums of squares of this group (${field}) lie below n·2.2e-308, where the engine's squares underflow: use the exact method`,
      { field },
    );
  }
  const shift = ddDivNumber(dd(c.s1), n);
  const mean = ddAdd(dd(c.offset), shift);
  // negative only through rounding
  const m2 = ddSub(dd(c.s2), ddMulNumber(shift, c.s1));
  return makeSummary(n, mean, m2.hi > 0 && n > 1 ? m2 : dd(0), omitted);
}
