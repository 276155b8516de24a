import { SPELLINGS } from "./dialects.js";
import type { Dialect } from "./dialects.js";
import type { RawSQL } from "./raw-sql.js";
import { type ReadSpec, readSpec, type SQLMethod } from "./spec.js";
import { fastOnePassSQL, onePassSQL } from "./one-pass.js";
import { byKeyNullness, exactRows, exactSums, fastRows, fastSums, finiteCount, grouping, SINGLE } from "./two-pass.js";

export type { SQLMethod } from "./spec.js";

/** What `summarySQL` summarizes, and for which engine. */
export interface SummarySQLSpec {
  /** The engine whose SQL to write. */
  dialect: Dialect;
  /** A table name (`events`, `db.events`, `catalog.db.events`) or a trusted subquery `{ sql: "SELECT …" }`. */
  from: string | RawSQL;
  /** A column name, or a trusted expression `{ sql: "price * quantity" }`; it is read as a double. */
  value: string | RawSQL;
  /** Column names to group by (one summary per group); none gives one summary. */
  groupBy?: readonly string[];
  /** A trusted condition `{ sql: "day >= DATE '2026-01-01'" }` on the rows of `from`. */
  where?: RawSQL;
  /** `"exact"` (default) or `"fast"` (DuckDB and ClickHouse only). */
  method?: SQLMethod;
  /**
   * The exact method in one pass, on a grid the caller knows (from an earlier run, say): the
   * exponent k of the scale 2^k, each value read as the integer (x − pivot)·2^k, which must be an
   * integer (x on the grid 2^−k) within ±(2^31 − 1); a value outside the range or off the grid is
   * counted, and `fromSQLRow` refuses its group (`E_PRECISION_LOSS`): the one-pass summary is exact
   * or refused. An integer in [0, 1022].
   */
  scale?: number;
  /**
   * With `scale`: the centre of its grid (default 0), a multiple of 2^−scale, at most 2^53 such units.
   * With `method: "fast"`: the fast method in one pass (no join), its sums shifted by this finite
   * number instead of the group mean, which it should lie within a few standard deviations of (the
   * variance loses about (mean − pivot)²/σ² times ε to cancellation).
   */
  pivot?: number;
}

/** The columns of a result row of `summarySQL`, besides the group columns. @internal */
export const EXACT_COLUMNS = [
  "bs_rows",
  "bs_values",
  "bs_finite",
  "bs_nan",
  "bs_offset",
  "bs_exponent",
  "bs_sum",
  "bs_hh",
  "bs_hl",
  "bs_ll",
] as const;
/** The columns of a `"fast"` result row, besides the group columns. @internal */
export const FAST_COLUMNS = ["bs_rows", "bs_values", "bs_finite", "bs_nan", "bs_offset", "bs_s1", "bs_s2"] as const;

/**
 * The SQL that summarizes a column per group inside a database, for one engine. Its result has
 * one row per group: the group columns, then text and double columns (`bs_…`) that
 * `fromSQLRow` turns into the exact `Summary` of the group's values, mergeable with any other.
 *
 * *Method* (`"exact"`, two passes over the data): the first pass takes, per group, the greatest
 * finite magnitude m = max|x| and from it a scale 2^e with e = 61 − ⌊log2 m⌋ (at most 1023). The
 * second pass maps each value to the integer X = round(x·2^e), |X| < 2^62 (scaling by a power of
 * two is exact: only the final rounding can change a value), splits it into H = X >> 31 and
 * L = X & (2^31 − 1), so that every product fits in 64 bits, and sums X, H·H, H·L and L·L in the
 * engine's exact wide type (HUGEINT, numeric, Decimal128, DECIMAL(38), BIGNUMERIC). The client
 * rebuilds ΣX and ΣX² = 2^62·ΣH² + 2^32·ΣHL + ΣL² as BigInts and rounds the mean and
 * M2 = (nΣX² − (ΣX)²)/(n·4^e) once to double-double. The sums are exact integers, so every engine,
 * and any split of the rows into partitions merged afterwards, gives the same summary; it is
 * exactly the summary of the values when they lie on the grid 2^-e — every double of magnitude
 * at least m/512 does (so every group whose values lie within a factor 512 of each other, such as
 * 1e9 + N(0, 1)), and so does a smaller value whose last bit is at least 2^-e (every integer,
 * while m < 2^62) — and otherwise each value moves by at most 2^-62·m.
 * NULLs are skipped and counted; NaNs and infinities are counted apart and left out of the sums
 * (`fromSQLRow` applies the `nan` policy to those counts).
 *
 * *Method* (`"exact"` with `scale` k and `pivot` K, one pass, no join): each value is read as the
 * integer X = x·2^k − K·2^k, kept when it is an integer of at most 31 bits; the engine sums X and X²
 * exactly and counts, in the same pass, the values outside that range or off the grid, for which
 * `fromSQLRow` refuses the group (`E_PRECISION_LOSS`). The result is the two-pass summary or none.
 *
 * *Method* (`"fast"`): the first pass takes the group mean m; the second sums x − m and (x − m)²
 * with the engine's compensated sum (DuckDB `fsum`, ClickHouse `sumKahan`). About 16 digits,
 * but the sums are rounded doubles: engines and partitions may differ in the last bits. With
 * `pivot` K, one pass: K stands for m (no first pass, no join); the variance keeps about 16 digits
 * while K lies within a few standard deviations of the mean, and loses log10(1 + (mean − K)²/σ²)
 * digits beyond.
 *
 * Identifiers (`groupBy`, a column `value`, a table `from`) must be plain names and are quoted
 * for the dialect; expressions, subqueries and conditions must be given as `{ sql }` and are
 * trusted (see `RawSQL`). Anything else is `E_BAD_ARGUMENT`.
 *
 * @example
 * ```ts
 * import { summarySQL } from "batchstats/sql";
 * const sql = summarySQL({ dialect: "postgres", from: "events", value: "revenue", groupBy: ["arm"] });
 * sql.startsWith('SELECT q."arm" AS "arm"'); // => true
 * sql.includes("sum(q.bs_h * q.bs_l)"); // => true
 * // one pass, every value within 2^8 of 1e9 and on the grid 2^-23
 * summarySQL({ dialect: "duckdb", from: "events", value: "x", scale: 23, pivot: 1e9 }).includes("INNER JOIN"); // => false
 * // fast in one pass, every group's mean near 1e9
 * summarySQL({ dialect: "duckdb", from: "events", value: "x", method: "fast", pivot: 1e9 }).includes("INNER JOIN"); // => false
 * ```
 */
export function summarySQL(spec: SummarySQLSpec): string {
  const r = readSpec(spec, ["value"]);
  if (r.grid !== undefined) return onePassSQL(r, SPELLINGS[r.dialect], r.grid);
  if (r.fastPivot !== undefined) return fastOnePassSQL(r, SPELLINGS[r.dialect], r.fastPivot);
  return byKeyNullness(r, SPELLINGS[r.dialect], statement);
}

function statement(r: ReadSpec): string {
  const s = SPELLINGS[r.dialect];
  const g = grouping(r, s, "q.");
  const counts = [
    `${s.toText("count(*)")} AS bs_rows`,
    `${s.toText("count(q.bs_v)")} AS bs_values`,
    `${s.toText(finiteCount(s, r.method, [SINGLE]))} AS bs_finite`,
    `${s.toText(`count(CASE WHEN ${s.isNaN("q.bs_v")} THEN 1 ELSE NULL END)`)} AS bs_nan`,
  ].join(", ");
  const [rows, sums] =
    r.method === "exact"
      ? [exactRows(r, s, [SINGLE]), exactSums(s, SINGLE, "bs_")]
      : [fastRows(r, s, [SINGLE]), fastSums(s, SINGLE, "bs_")];
  return `SELECT ${g.head}${counts}, ${sums} FROM (${rows}) AS q${g.tail}`;
}
