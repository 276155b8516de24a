/**
 * The one-pass exact SQL of `summarySQL` when the caller gives the grid (`scale`, `pivot`): no
 * first pass and no join, each value read straight as an integer of 31 bits. @internal
 */
import type { DialectSpelling } from "./dialects.js";
import type { Grid, ReadSpec } from "./spec.js";
import { grouping, keyHead } from "./two-pass.js";

/** The columns of a one-pass result row, besides the group columns. @internal */
export const ONE_PASS_COLUMNS = [
  "bs_rows",
  "bs_values",
  "bs_finite",
  "bs_outside",
  "bs_pivot",
  "bs_exponent",
  "bs_sum",
  "bs_squares",
] as const;

/** The weight of a value outside the range in `bs_outside` (a NaN weighs 1): 2^53, above any count. @internal */
export const OUTSIDE_WEIGHT = 2n ** 53n;

/** The greatest |X| kept: X² < 2^62 fits a 64-bit integer. */
const MAX_UNITS = 2147483647;

/**
 * *Method*: per row a = x·2^k (exact: k ≥ 0) and X = round(a − M), M = pivot·2^k, kept when
 * |X| ≤ 2^31 − 1 (else NULL: NaN, ±Infinity and values outside the range); one group-by summing X
 * and X² (< 2^62, a 64-bit product) exactly. A value is on the grid when a is an integer (then
 * a − M is exact); what is not kept or not on the grid is counted in `bs_outside` = (NaNs) +
 * 2^53·(other values), one sum for both, as they are rare and each count is below 2^53.
 */
export function onePassSQL(r: ReadSpec, s: DialectSpelling, grid: Grid): string {
  const g = grouping(r, s, "q.");
  const keys = keyHead(r, s);
  const source = `SELECT ${keys}${s.toDouble(r.values[0]!)} AS bs_v FROM ${r.from}${r.where ? ` WHERE ${r.where}` : ""}`;
  const scaled = `SELECT ${keys}bs_v, bs_v * ${s.pow2(String(grid.scale))} AS bs_a FROM (${source}) AS bs_s`;
  const shifted = `SELECT ${keys}bs_v, bs_a, bs_a - ${s.toDouble(String(grid.pivotUnits))} AS bs_z FROM (${scaled}) AS bs_c`;
  const int = s.toInt31
    ? s.toInt31("bs_z")
    : `CASE WHEN abs(bs_z) <= ${MAX_UNITS} THEN ${s.toInt64("bs_z")} ELSE NULL END`;
  const ints = `SELECT ${keys}bs_v, bs_a, ${int} AS bs_x FROM (${shifted}) AS bs_g`;
  const other = `CASE WHEN q.bs_x IS NULL THEN CASE WHEN q.bs_v IS NULL THEN NULL WHEN ${s.isNaN("q.bs_v")} THEN 1 ELSE ${OUTSIDE_WEIGHT} END WHEN q.bs_a <> round(q.bs_a) THEN ${OUTSIDE_WEIGHT} ELSE NULL END`;
  const columns = [
    `${s.toText("count(*)")} AS bs_rows`,
    `${s.toText("count(q.bs_v)")} AS bs_values`,
    `${s.toText("count(q.bs_x)")} AS bs_finite`,
    `${s.toText(s.exactSum(other))} AS bs_outside`,
    `${s.toText(String(grid.pivotUnits))} AS bs_pivot`,
    `${grid.scale} AS bs_exponent`,
    `${s.toText(s.exactSum("q.bs_x"))} AS bs_sum`,
    `${s.toText(s.exactSum("q.bs_x * q.bs_x"))} AS bs_squares`,
  ].join(", ");
  return `SELECT ${g.head}${columns} FROM (${ints}) AS q${g.tail}`;
}

/**
 * *Method* (`"fast"` with `pivot` K, one pass, no join): z = x − K per finite value, and the
 * compensated sums Σz, Σz² (DuckDB `fsum`, ClickHouse `sumKahan`) in the columns of the two-pass
 * fast method, the pivot standing for the group mean (`bs_offset`). M2 = Σz² − (Σz)²/n loses about
 * (mean − K)²/σ² times ε relative to M2 to cancellation, so K should lie within a few standard
 * deviations of every group's mean (a mean from an earlier run, say). @internal
 */
export function fastOnePassSQL(r: ReadSpec, s: DialectSpelling, pivot: number): string {
  const sum = s.compensatedSum!;
  const g = grouping(r, s, "q.");
  const keys = keyHead(r, s);
  // the exponent form is read as a double by every engine; toExponential is the shortest exact text
  const k = s.toDouble(pivot.toExponential());
  const source = `SELECT ${keys}${s.toDouble(r.values[0]!)} AS bs_v FROM ${r.from}${r.where ? ` WHERE ${r.where}` : ""}`;
  // a non-finite value is NULL, or 0 where Nullable columns are dear (it adds nothing to the sums)
  const zero = s.zeroNonFinite;
  const finite = s.isFinite("bs_v");
  const z = zero ? zero.keep(finite, `bs_v - ${k}`) : `CASE WHEN ${finite} THEN bs_v - ${k} ELSE NULL END`;
  const shifted = `SELECT ${keys}bs_v, ${z} AS bs_z FROM (${source}) AS bs_s`;
  const finiteCount = zero ? `count(CASE WHEN ${s.isFinite("q.bs_v")} THEN 1 ELSE NULL END)` : "count(q.bs_z)";
  const columns = [
    `${s.toText("count(*)")} AS bs_rows`,
    `${s.toText("count(q.bs_v)")} AS bs_values`,
    `${s.toText(finiteCount)} AS bs_finite`,
    `${s.toText(`count(CASE WHEN ${s.isNaN("q.bs_v")} THEN 1 ELSE NULL END)`)} AS bs_nan`,
    `${k} AS bs_offset`,
    `${sum("q.bs_z")} AS bs_s1`,
    `${sum("q.bs_z * q.bs_z")} AS bs_s2`,
  ].join(", ");
  return `SELECT ${g.head}${columns} FROM (${shifted}) AS q${g.tail}`;
}
