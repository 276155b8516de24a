/**
 * The SQL spellings batchstats needs, per engine. Each entry names only functions of that
 * engine's documented SQL (docs/sql.md lists them with the page that documents each). @internal
 */
export type Dialect = "duckdb" | "postgres" | "clickhouse" | "bigquery" | "snowflake" | "spark" | "trino";

/**
 * Every dialect `summarySQL` writes.
 *
 * @example
 * ```ts
 * import { DIALECTS } from "batchstats/sql";
 * DIALECTS.includes("bigquery"); // => true
 * ```
 */
export const DIALECTS: readonly Dialect[] = Object.freeze([
  "duckdb",
  "postgres",
  "clickhouse",
  "bigquery",
  "snowflake",
  "spark",
  "trino",
]);

/** How one engine spells each piece of the generated SQL. @internal */
export interface DialectSpelling {
  /** Quotes a validated identifier. */
  quote: (name: string) => string;
  /** The value as a binary64 double. */
  toDouble: (e: string) => string;
  /** True when the double is neither NaN nor ±Infinity. */
  isFinite: (v: string) => string;
  /** True when the double is NaN. */
  isNaN: (v: string) => string;
  /** ⌈log2(m)⌉ for a positive finite double m, within one of it (the SQL makes ⌊log2 m⌋ of it exactly). */
  ceilLog2: (m: string) => string;
  /** 2^e as a double, for an integer e in [−963, 1023] (exact). */
  pow2: (e: string) => string;
  /** The double (an integer-valued or near-integer value below 2^62 in magnitude) as a 64-bit integer. */
  toInt64: (e: string) => string;
  /**
   * The double as a 64-bit integer as `toInt64` does, but NULL when it is NaN or ±Infinity, where
   * the engine can say so without a separate test.
   */
  finiteToInt64?: (e: string) => string;
  /**
   * The double rounded to a 64-bit integer when its magnitude is at most 2^31 − 1, else (and for NaN,
   * ±Infinity) NULL, where the engine has a cheaper spelling than a range test and `toInt64`.
   */
  toInt31?: (e: string) => string;
  /** x >> 31 for a signed 64-bit x (floor division by 2^31). */
  high31: (x: string) => string;
  /** x & (2^31 − 1). */
  low31: (x: string) => string;
  /** The sum of 64-bit integers in an exact type wide enough for n·2^62 (n < 2^64). */
  exactSum: (e: string) => string;
  /** Text of an integer-valued result. */
  toText: (e: string) => string;
  /** Any value of a column that is constant in the group. */
  anyValue: (e: string) => string;
  /** A compensated (Kahan–Neumaier) double sum, where the engine has one. */
  compensatedSum?: (e: string) => string;
  /** Null-safe equality of two group keys, for the join of the two passes. */
  sameKey: (a: string, b: string) => string;
  /** The join of the data with the first pass; `on` is given where the dialect joins with ON. */
  join: "on" | "using-global";
  /**
   * Where the planner does better with the first pass as a `MATERIALIZED` common table expression,
   * computed once and hash-joined, than with it as a subquery of the join.
   */
  materializeFirst?: boolean;
  /**
   * Where a NULLable column costs much more than a plain one: the exact method (and the one-pass fast
   * method) reads a non-finite value as 0 (`keep(finite, v)`, which adds nothing to its sums) rather than NULL, converts with
   * `toInt64` (the value is finite), and counts the finite values with a test of its own.
   */
  zeroNonFinite?: { keep: (finite: string, v: string) => string; toInt64: (e: string) => string };
  /**
   * Where a NULL-safe join costs much more than `=`: rows with all group keys set and rows with a
   * NULL key are summarized apart (`UNION ALL`), the first joined on `=`.
   */
  splitNullKeys?: boolean;
  /**
   * How the one-pass SQL (`scale`, or `"fast"` with `pivot`) learns of NaNs, infinities and values
   * off its grid, which are rare: `"branch"`, its main aggregation sums every value without a test
   * and a second aggregation, over the groups whose sums or counts show such a value (a semi-join
   * with the first, kept as a `MATERIALIZED` common table expression, which reads no row when no
   * group has one), counts them; `"packed"`, one 64-bit sum per group packs the counts of NULLs and
   * NaNs, a NaN in a double sum flags the other values, and the squares of the exact form are an
   * `Int64` sum modulo 2^64 beside its double sum (exact for at most 2^26 rows a group). Without
   * it, every row is tested.
   */
  onePass?: "branch" | "packed";
  /**
   * A condition that is true when the expression's SQL type holds integers only, which the engine
   * decides once, when it plans the query (DuckDB folds `typeof` to a constant): such values are
   * on every grid of scale ≥ 0, and the one-pass SQL tests no row against it.
   */
  integerTyped?: (e: string) => string;
}

const doubleQuote = (name: string) => `"${name}"`;
const backQuote = (name: string) => `\`${name}\``;
const distinct = (a: string, b: string) => `${a} IS NOT DISTINCT FROM ${b}`;

export const SPELLINGS: Readonly<Record<Dialect, DialectSpelling>> = Object.freeze({
  duckdb: {
    quote: doubleQuote,
    toDouble: (e) => `CAST(${e} AS DOUBLE)`,
    isFinite: (v) => `isfinite(${v})`,
    isNaN: (v) => `isnan(${v})`,
    ceilLog2: (m) => `ceil(log2(${m}))`,
    pow2: (e) => `pow(2.0, ${e})`,
    toInt64: (e) => `CAST(${e} AS BIGINT)`,
    // NULL for NaN and ±Infinity; no finite double reaches it beyond the BIGINT range (|X| ≤ 2^62)
    finiteToInt64: (e) => `TRY_CAST(${e} AS BIGINT)`,
    // INTEGER is [−2^31, 2^31 − 1]: TRY_CAST is NULL outside it
    toInt31: (e) => `CAST(TRY_CAST(${e} AS INTEGER) AS BIGINT)`,
    high31: (x) => `(${x} >> 31)`,
    low31: (x) => `(${x} & 2147483647)`,
    exactSum: (e) => `sum(${e})`, // BIGINT sums are HUGEINT
    toText: (e) => `CAST(${e} AS VARCHAR)`,
    anyValue: (e) => `any_value(${e})`,
    compensatedSum: (e) => `fsum(${e})`,
    sameKey: (a, b) => `(${a} = ${b} OR (${a} IS NULL AND ${b} IS NULL))`,
    join: "on",
    // DuckDB 1.5 joins NULL-safely (IS NOT DISTINCT FROM, to which it also turns the form above)
    // several times slower than on =
    splitNullKeys: true,
    onePass: "branch",
    integerTyped: (e) =>
      `(typeof(${e}) IN ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT') OR typeof(${e}) LIKE 'DECIMAL(%,0)')`,
  },
  postgres: {
    quote: doubleQuote,
    toDouble: (e) => `CAST(${e} AS DOUBLE PRECISION)`,
    isFinite: (v) => `abs(${v}) < CAST('Infinity' AS DOUBLE PRECISION)`, // NaN sorts above Infinity
    isNaN: (v) => `${v} = CAST('NaN' AS DOUBLE PRECISION)`, // NaN equals NaN in PostgreSQL
    ceilLog2: (m) => `ceil(ln(${m}) / ln(2.0))`,
    pow2: (e) => `power(CAST(2 AS DOUBLE PRECISION), ${e})`,
    toInt64: (e) => `CAST(${e} AS BIGINT)`,
    high31: (x) => `(${x} >> 31)`,
    low31: (x) => `(${x} & 2147483647)`,
    exactSum: (e) => `sum(${e})`, // bigint sums are numeric
    toText: (e) => `CAST(${e} AS TEXT)`,
    anyValue: (e) => `min(${e})`,
    sameKey: distinct,
    join: "on",
    // as a subquery, PostgreSQL 15 merge-joins the first pass with the data (sorting all the rows, on
    // disk past work_mem) and runs it again in each parallel worker
    materializeFirst: true,
    // PostgreSQL 15 cannot hash- or merge-join on IS NOT DISTINCT FROM: a nested loop over the groups
    // for every row (50 times the naive sums at 1e6 rows in 100 groups)
    splitNullKeys: true,
  },
  clickhouse: {
    quote: backQuote,
    toDouble: (e) => `toFloat64(${e})`,
    isFinite: (v) => `isFinite(${v})`,
    isNaN: (v) => `isNaN(${v})`,
    ceilLog2: (m) => `ceil(log2(${m}))`,
    pow2: (e) => `pow(2., ${e})`,
    // guarded: ClickHouse ≥ 21 evaluates functions on the hidden values of NULL rows too (inf, nan here),
    // and refuses those in toInt64; its short-circuit if skips them (18.16 converts them to garbage, unused)
    toInt64: (e) => `if(isFinite(${e}), toInt64(round(${e})), NULL)`,
    // NaN compares false: NULL with ±Infinity and whatever lies outside
    toInt31: (e) => `if(abs(${e}) <= 2147483647., toInt64(round(${e})), NULL)`,
    high31: (x) => `bitShiftRight(${x}, 31)`,
    low31: (x) => `bitAnd(${x}, 2147483647)`,
    exactSum: (e) => `sum(toDecimal128(${e}, 0))`, // Int64 sums wrap silently
    // 18.16's toString garbles a Decimal128 past about 1e20: the result is read in a text format instead
    toText: (e) => e,
    anyValue: (e) => `any(${e})`,
    compensatedSum: (e) => `sumKahan(${e})`,
    sameKey: distinct,
    join: "using-global",
    // Nullable(Float64) and Nullable(Int64) columns carried through the join and summed cost a third
    // of the exact method's time in ClickHouse 18.16; the value read is finite, so toInt64 needs no guard
    zeroNonFinite: { keep: (finite, v) => `if(${finite}, ${v}, 0.)`, toInt64: (e) => `toInt64(round(${e}))` },
    // no common table expressions in 18.16, and a per-row test or count costs about a third of naive sums
    onePass: "packed",
  },
  bigquery: {
    quote: backQuote,
    toDouble: (e) => `CAST(${e} AS FLOAT64)`,
    isFinite: (v) => `NOT (IS_NAN(${v}) OR IS_INF(${v}))`,
    isNaN: (v) => `IS_NAN(${v})`,
    ceilLog2: (m) => `CEIL(LOG(${m}, 2))`,
    pow2: (e) => `POW(2.0, ${e})`,
    toInt64: (e) => `CAST(${e} AS INT64)`,
    // BigQuery's >> is a logical shift: floor division of an exact multiple instead.
    high31: (x) => `DIV(${x} - (${x} & 2147483647), 2147483648)`,
    low31: (x) => `(${x} & 2147483647)`,
    exactSum: (e) => `SUM(CAST(${e} AS BIGNUMERIC))`,
    toText: (e) => `CAST(${e} AS STRING)`,
    anyValue: (e) => `ANY_VALUE(${e})`,
    sameKey: distinct,
    join: "on",
  },
  snowflake: {
    quote: doubleQuote,
    toDouble: (e) => `CAST(${e} AS DOUBLE)`,
    isFinite: (v) => `ABS(${v}) < CAST('inf' AS DOUBLE)`, // NaN sorts above inf
    isNaN: (v) => `${v} = CAST('NaN' AS DOUBLE)`, // NaN equals NaN in Snowflake
    ceilLog2: (m) => `CEIL(LOG(2, ${m}))`,
    pow2: (e) => `POWER(2, ${e})`,
    toInt64: (e) => `CAST(${e} AS BIGINT)`,
    // exact division of a multiple of 2^31, back to an integer
    high31: (x) => `CAST((${x} - BITAND(${x}, 2147483647)) / 2147483648 AS BIGINT)`,
    low31: (x) => `BITAND(${x}, 2147483647)`,
    exactSum: (e) => `SUM(${e})`, // NUMBER(38, 0)
    toText: (e) => `TO_VARCHAR(${e})`,
    anyValue: (e) => `ANY_VALUE(${e})`,
    sameKey: (a, b) => `EQUAL_NULL(${a}, ${b})`,
    join: "on",
  },
  spark: {
    quote: backQuote,
    toDouble: (e) => `CAST(${e} AS DOUBLE)`,
    isFinite: (v) => `NOT isnan(${v}) AND abs(${v}) < CAST('Infinity' AS DOUBLE)`,
    isNaN: (v) => `isnan(${v})`,
    ceilLog2: (m) => `ceil(log2(${m}))`,
    pow2: (e) => `pow(2.0, ${e})`,
    toInt64: (e) => `CAST(round(${e}) AS BIGINT)`,
    high31: (x) => `shiftright(${x}, 31)`,
    low31: (x) => `(${x} & 2147483647)`,
    exactSum: (e) => `sum(CAST(${e} AS DECIMAL(38, 0)))`, // bigint sums wrap outside ANSI mode
    toText: (e) => `CAST(${e} AS STRING)`,
    anyValue: (e) => `first(${e})`,
    sameKey: (a, b) => `${a} <=> ${b}`,
    join: "on",
  },
  trino: {
    quote: doubleQuote,
    toDouble: (e) => `CAST(${e} AS DOUBLE)`,
    isFinite: (v) => `is_finite(${v})`,
    isNaN: (v) => `is_nan(${v})`,
    ceilLog2: (m) => `ceil(log2(${m}))`,
    pow2: (e) => `power(2.0E0, ${e})`,
    toInt64: (e) => `CAST(${e} AS BIGINT)`,
    high31: (x) => `bitwise_right_shift_arithmetic(${x}, 31)`,
    low31: (x) => `bitwise_and(${x}, 2147483647)`,
    exactSum: (e) => `sum(CAST(${e} AS DECIMAL(38, 0)))`, // bigint sums fail on overflow
    toText: (e) => `CAST(${e} AS VARCHAR)`,
    anyValue: (e) => `arbitrary(${e})`,
    sameKey: distinct,
    join: "on",
  },
});
