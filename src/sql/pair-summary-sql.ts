import { type Dialect, SPELLINGS } from "./dialects.js";
import type { RawSQL } from "./raw-sql.js";
import { type ReadSpec, readSpec, type SQLMethod } from "./spec.js";
import {
  byKeyNullness,
  exactRows,
  exactSums,
  fastRows,
  fastSums,
  finiteCount,
  grouping,
  pairColumnNames,
} from "./two-pass.js";

/** What `pairSummarySQL` summarizes, and for which engine: `summarySQL`'s spec with two columns. */
export interface PairSummarySQLSpec {
  /** The engine whose SQL to write. */
  dialect: Dialect;
  /** A table name (`events`, `db.events`, `catalog.db.events`) or a trusted subquery `{ sql: "SELECT …" }`. */
  from: string | RawSQL;
  /** The x column (a CUPED covariate, the denominator of a ratio): a column name or a trusted expression `{ sql }`. */
  x: string | RawSQL;
  /** The y column (the metric, the numerator of a ratio): a column name or a trusted expression `{ sql }`. */
  y: string | RawSQL;
  /** Column names to group by (one pair summary per group); none gives one pair summary. */
  groupBy?: readonly string[];
  /** A trusted condition `{ sql }` on the rows of `from`. */
  where?: RawSQL;
  /** `"exact"` (default) or `"fast"` (DuckDB and ClickHouse only). */
  method?: SQLMethod;
}

const X = pairColumnNames("x");
const Y = pairColumnNames("y");

/** The columns of an `"exact"` result row of `pairSummarySQL`, besides the group columns. @internal */
export const PAIR_EXACT_COLUMNS = [
  "bs_rows",
  "bs_pairs",
  "bs_finite",
  "bs_nan",
  ...["bs_x_", "bs_y_"].flatMap((p) => ["offset", "exponent", "sum", "hh", "hl", "ll"].map((k) => p + k)),
  "bs_xy_hh",
  "bs_xy_hl",
  "bs_xy_ll",
] as const;
/** The columns of a `"fast"` result row of `pairSummarySQL`, besides the group columns. @internal */
export const PAIR_FAST_COLUMNS = [
  "bs_rows",
  "bs_pairs",
  "bs_finite",
  "bs_nan",
  ...["bs_x_", "bs_y_"].flatMap((p) => ["offset", "s1", "s2"].map((k) => p + k)),
  "bs_xy_s2",
] as const;

/**
 * The SQL that summarizes pairs of columns (x, y) per group inside a database: one row per group
 * that `fromPairSQLRow` turns into the exact `PairSummary` (count, means, M2 of each column and
 * the co-moment Σ(x − x̄)(y − ȳ)) — what `summarizePairs(x, y)` gives on the same values, ready for
 * `cupedTest` (y the metric, x its pre-period value) and `ratioTest` (y / x), and mergeable with
 * `mergePairs`.
 *
 * *Method* (`"exact"`): `summarySQL`'s integer formulation on each column, over the rows where
 * both values are finite — per group and column a scale 2^e, X = round(x·2^ex) and
 * Y = round(y·2^ey), each split into 31-bit halves H and L — and, besides the sums of
 * each column, the exact sum of the products ΣX·Y = 2^62·ΣHxHy + 2^31·Σ(HxLy + LxHy) + ΣLxLy (each
 * term, and HxLy + LxHy < 2^63, fits in 64 bits). The client rebuilds the co-moment
 * (n·ΣXY − ΣX·ΣY)/(n·2^(ex+ey)) as a BigInt fraction and rounds it once to double-double, as it
 * does M2 of each column: every engine and every split of the rows into partitions merged
 * afterwards give the same pair summary, exactly that of the values when they lie on their grids.
 *
 * *Method* (`"fast"`): the group means mx, my first; then compensated sums (DuckDB `fsum`,
 * ClickHouse `sumKahan`) of x − mx, y − my, their squares and their product.
 *
 * A row whose x or y is NULL is skipped and counted in `omitted`; a row with a NaN in either (and no
 * NULL) is counted apart (`fromPairSQLRow` applies the `nan` policy of `summarizePairs`), and one
 * with ±Infinity in either is `E_INFINITE` there. Identifiers and `{ sql }` fragments are checked as
 * in `summarySQL`.
 *
 * @example
 * ```ts
 * import { pairSummarySQL } from "batchstats/sql";
 * const sql = pairSummarySQL({ dialect: "postgres", from: "users", x: "pre_revenue", y: "revenue", groupBy: ["arm"] });
 * sql.includes("sum(q.bs_h_x * q.bs_l_y + q.bs_l_x * q.bs_h_y)"); // => true
 * ```
 */
export function pairSummarySQL(spec: PairSummarySQLSpec): string {
  const r = readSpec(spec, ["x", "y"]);
  return byKeyNullness(r, SPELLINGS[r.dialect], statement);
}

function statement(r: ReadSpec): string {
  const s = SPELLINGS[r.dialect];
  const g = grouping(r, s, "q.");
  const both = `q.${X.v} IS NOT NULL AND q.${Y.v} IS NOT NULL`;
  const counts = [
    `${s.toText("count(*)")} AS bs_rows`,
    `${s.toText(`count(CASE WHEN ${both} THEN 1 ELSE NULL END)`)} AS bs_pairs`,
    `${s.toText(finiteCount(s, r.method, [X, Y]))} AS bs_finite`,
    `${s.toText(`count(CASE WHEN ${both} AND (${s.isNaN(`q.${X.v}`)} OR ${s.isNaN(`q.${Y.v}`)}) THEN 1 ELSE NULL END)`)} AS bs_nan`,
  ].join(", ");
  let rows: string;
  let sums: string;
  if (r.method === "exact") {
    rows = exactRows(r, s, [X, Y]);
    const cross = [
      `${s.toText(s.exactSum(`q.${X.h} * q.${Y.h}`))} AS bs_xy_hh`,
      `${s.toText(s.exactSum(`q.${X.h} * q.${Y.l} + q.${X.l} * q.${Y.h}`))} AS bs_xy_hl`,
      `${s.toText(s.exactSum(`q.${X.l} * q.${Y.l}`))} AS bs_xy_ll`,
    ];
    sums = [exactSums(s, X, "bs_x_"), exactSums(s, Y, "bs_y_"), ...cross].join(", ");
  } else {
    rows = fastRows(r, s, [X, Y]);
    const cross = `${s.compensatedSum!(`q.${X.z} * q.${Y.z}`)} AS bs_xy_s2`;
    sums = [fastSums(s, X, "bs_x_"), fastSums(s, Y, "bs_y_"), cross].join(", ");
  }
  return `SELECT ${g.head}${counts}, ${sums} FROM (${rows}) AS q${g.tail}`;
}
