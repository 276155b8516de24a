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
 * Whether every value within the range is on the grid by itself, so that no row needs the test of
 * the grid: what any dialect reads as an integer lies within 2^31 + ½ of M (DuckDB's INTEGER cast
 * rounds, and takes −2^31), and when that lies where |a| ≥ 2^52, every double a there is an integer
 * (its ulp is at least 1). That is a grid at the data's own resolution far from 0, such as 2^-23
 * around 1e9 (every double in [2^29, 2^30) is a multiple of 2^-23). @internal
 */
export function gridHoldsEveryValue(grid: Grid): boolean {
  return Math.abs(grid.pivotUnits) >= 2 ** 52 + 2 ** 31 + 1;
}

/**
 * *Method*: per row a = x·2^k (exact: k ≥ 0) and X = round(a − M), M = pivot·2^k, kept when
 * |X| ≤ 2^31 − 1 (else NULL: NaN, ±Infinity and values outside the range); one group-by summing X
 * and X² (< 2^62, a 64-bit product) exactly. A value is on the grid when a is an integer (then
 * a − M is exact); what is not kept or not on the grid is counted in `bs_outside` = (NaNs) +
 * 2^53·(other values), one sum for both, as they are rare and each count is below 2^53. Where the
 * grid holds every value of its range (`gridHoldsEveryValue`), only the range is tested.
 */
export function onePassSQL(r: ReadSpec, s: DialectSpelling, grid: Grid): string {
  if (s.onePass === "packed") return packedOnePassSQL(r, s, grid);
  const g = grouping(r, s, "q.");
  const keys = keyHead(r, s);
  // the value as the source types it (bs_o), where the engine can tell an integer type at planning
  const typed = s.integerTyped && s.onePass === "branch" ? "bs_o, " : "";
  const shifted = `SELECT ${keys}${typed}bs_v, bs_a, bs_a - ${s.toDouble(String(grid.pivotUnits))} AS bs_z FROM (${scaledSource(r, s, grid, typed !== "")}) AS bs_c`;
  const int = s.toInt31
    ? s.toInt31("bs_z")
    : `CASE WHEN abs(bs_z) <= ${MAX_UNITS} THEN ${s.toInt64("bs_z")} ELSE NULL END`;
  const ints = `SELECT ${keys}${typed}bs_v, bs_a, ${int} AS bs_x FROM (${shifted}) AS bs_g`;
  const tested = !gridHoldsEveryValue(grid);
  const offGrid = tested ? ` WHEN q.bs_a <> round(q.bs_a) THEN ${OUTSIDE_WEIGHT}` : "";
  const other = `CASE WHEN q.bs_x IS NULL THEN CASE WHEN q.bs_v IS NULL THEN NULL WHEN ${s.isNaN("q.bs_v")} THEN 1 ELSE ${OUTSIDE_WEIGHT} END${offGrid} ELSE NULL END`;
  if (s.onePass === "branch") {
    // the main aggregation: no test per row but the one of the grid, a sum of fractions (each ≥ 0, so
    // positive as soon as one value is off the grid; NaN with a non-finite value, which leaves bs_x NULL)
    const main = [
      "count(*) AS bs_rows",
      "count(q.bs_v) AS bs_values",
      "count(q.bs_x) AS bs_finite",
      ...(tested
        ? [
            typed
              ? `sum(CASE WHEN ${s.integerTyped!("q.bs_o")} THEN 0 ELSE q.bs_a - floor(q.bs_a) END) AS bs_frac`
              : "sum(q.bs_a - floor(q.bs_a)) AS bs_frac",
          ]
        : []),
      `${s.exactSum("q.bs_x")} AS bs_sum`,
      `${s.exactSum("q.bs_x * q.bs_x")} AS bs_squares`,
    ].join(", ");
    const first = `SELECT ${g.head}${main} FROM (${ints}) AS q${g.tail}`;
    const rare = `SELECT ${g.head}${s.exactSum(other)} AS bs_outside FROM (${ints}) AS q`;
    const bad = `m.bs_finite <> m.bs_values${tested ? " OR NOT (m.bs_frac = 0)" : ""}`;
    return branched(r, s, first, bad, rare, [
      `${s.toText("m.bs_rows")} AS bs_rows`,
      `${s.toText("m.bs_values")} AS bs_values`,
      `${s.toText("m.bs_finite")} AS bs_finite`,
      `${s.toText("c.bs_outside")} AS bs_outside`,
      `${s.toText(String(grid.pivotUnits))} AS bs_pivot`,
      `${grid.scale} AS bs_exponent`,
      `${s.toText("m.bs_sum")} AS bs_sum`,
      `${s.toText("m.bs_squares")} AS bs_squares`,
    ]);
  }
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
 * The rows of the source with the group keys, the value `bs_v` and `bs_a` = x·2^k (and, with
 * `typed`, the value as the source types it, `bs_o`).
 */
function scaledSource(r: ReadSpec, s: DialectSpelling, grid: Grid, typed = false): string {
  const keys = keyHead(r, s);
  const original = typed ? `${r.values[0]!} AS bs_o, ` : "";
  const source = `SELECT ${keys}${original}${s.toDouble(r.values[0]!)} AS bs_v FROM ${r.from}${r.where ? ` WHERE ${r.where}` : ""}`;
  return `SELECT ${keys}${typed ? "bs_o, " : ""}bs_v, bs_v * ${s.pow2(String(grid.scale))} AS bs_a FROM (${source}) AS bs_s`;
}

/**
 * The `"branch"` form: `first` (the main aggregation, per group) kept as `bs_m`, and `rare`
 * (over rows `q`, without its `GROUP BY`) run only over the groups of `bs_m` that meet `bad` (on
 * its columns `m.…`), as `bs_c`; the result has the group keys and `columns` (on `m.…` and `c.…`,
 * the latter NULL for the other groups). The semi-join reads no row when no group is bad.
 */
function branched(r: ReadSpec, s: DialectSpelling, first: string, bad: string, rare: string, columns: string[]) {
  const keys = r.groupBy.map((k) => s.quote(k));
  const same = (a: string, b: string) => keys.map((k) => s.sameKey(`${a}.${k}`, `${b}.${k}`)).join(" AND ");
  const badKeys = keys.length ? keys.map((k) => `m.${k}`).join(", ") : "1 AS bs_one";
  const chosen = `SELECT ${badKeys} FROM bs_m AS m WHERE ${bad}`;
  // without keys, an aggregation gives a row even over no row: none is wanted while no group is bad
  const tail = keys.length ? ` GROUP BY ${keys.map((k) => `q.${k}`).join(", ")}` : " HAVING count(*) > 0";
  const c = `${rare} SEMI JOIN (${chosen}) AS b ON ${keys.length ? same("q", "b") : "TRUE"}${tail}`;
  const head = keys.map((k) => `m.${k} AS ${k}, `).join("");
  const join = `LEFT JOIN bs_c AS c ON ${keys.length ? same("m", "c") : "TRUE"}`;
  return `WITH bs_m AS MATERIALIZED (${first}), bs_c AS (${c}) SELECT ${head}${columns.join(", ")} FROM bs_m AS m ${join}`;
}

/** 2^32, the weight of a NULL in the packed count of NULLs and NaNs. */
const NULL_WEIGHT = "4294967296";
/** The packed count: NULLs·2^32 + NaNs. */
const packedCount = (s: DialectSpelling) => `sum(ifNull(toUInt64(${s.isNaN("q.bs_v")}), ${NULL_WEIGHT}))`;
const nullsOf = (p: string) => `bitShiftRight(${p}, 32)`;
const nansOf = (p: string) => `bitAnd(${p}, 4294967295)`;

/**
 * The `"packed"` exact form (ClickHouse): per row, X = a − M when it is an integer within ±(2^31 − 1)
 * (else 0), and d = X as a double, NaN for a value outside or off the grid or infinite (0 for a NaN
 * or NULL); per group, `Int64` sums of X and X² — the latter modulo 2^64 — and the double sum of d²,
 * which is NaN when any value was outside and otherwise within 2^-53·(n − 1)·ΣX² of ΣX², so that it
 * fixes the multiple of 2^64 while n ≤ 2^26 (`fromSQLRow` refuses larger groups). Out of the
 * packed count of NULLs and NaNs and that flag it writes the usual one-pass columns.
 */
function packedOnePassSQL(r: ReadSpec, s: DialectSpelling, grid: Grid): string {
  const g = grouping(r, s, "q.");
  const keys = keyHead(r, s);
  const shifted = `SELECT ${keys}bs_v, bs_a, bs_a - ${s.toDouble(String(grid.pivotUnits))} AS bs_z FROM (${scaledSource(r, s, grid)}) AS bs_c`;
  const onGrid = gridHoldsEveryValue(grid) ? "" : " AND bs_a = floor(bs_a)";
  const kept = `SELECT ${keys}bs_v, bs_z, ifNull(abs(bs_z) <= ${MAX_UNITS}.${onGrid}, 0) AS bs_k FROM (${shifted}) AS bs_g`;
  const ints = `SELECT ${keys}bs_v, toInt64(if(bs_k, bs_z, 0.)) AS bs_x, if(bs_k, bs_z, if(ifNull(${s.isNaN("bs_v")}, 1), 0., 0. / 0.)) AS bs_d FROM (${kept}) AS bs_i`;
  const sums = [
    "count(*) AS bs_n",
    `${packedCount(s)} AS bs_p`,
    "sum(q.bs_x) AS bs_t1",
    "sum(q.bs_x * q.bs_x) AS bs_t2",
    "sum(q.bs_d * q.bs_d) AS bs_t3",
  ].join(", ");
  const values = `bs_n - ${nullsOf("bs_p")}`;
  const columns = [
    "bs_n AS bs_rows",
    `${values} AS bs_values`,
    `${values} - ${nansOf("bs_p")} AS bs_finite`,
    `${nansOf("bs_p")} + if(isNaN(bs_t3), ${OUTSIDE_WEIGHT}, 0) AS bs_outside`,
    `${grid.pivotUnits} AS bs_pivot`,
    `${grid.scale} AS bs_exponent`,
    "bs_t1 AS bs_sum",
    "bs_t2 AS bs_squares",
    "if(isNaN(bs_t3), 0., bs_t3) AS bs_squares_f",
  ].join(", ");
  return `SELECT ${keys}${columns} FROM (SELECT ${g.head}${sums} FROM (${ints}) AS q${g.tail}) AS bs_r`;
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
  if (s.onePass === "packed") {
    // a NaN adds 0; an infinite value makes Σz non-finite, and bs_finite NULL (fromSQLRow: E_INFINITE)
    const z = `if(${s.isNaN("bs_v")}, 0., bs_v - ${k})`;
    const sums = [
      "count(*) AS bs_n",
      `${packedCount(s)} AS bs_p`,
      `${sum("q.bs_z")} AS bs_t1`,
      `${sum("q.bs_z * q.bs_z")} AS bs_t2`,
    ].join(", ");
    const values = `bs_n - ${nullsOf("bs_p")}`;
    const columns = [
      "bs_n AS bs_rows",
      `${values} AS bs_values`,
      `if(${s.isFinite("ifNull(bs_t1, 0.)")}, ${values} - ${nansOf("bs_p")}, NULL) AS bs_finite`,
      `${nansOf("bs_p")} AS bs_nan`,
      `${k} AS bs_offset`,
      "bs_t1 AS bs_s1",
      "bs_t2 AS bs_s2",
    ].join(", ");
    const rows = `SELECT ${keys}bs_v, ${z} AS bs_z FROM (${source}) AS bs_s`;
    return `SELECT ${keys}${columns} FROM (SELECT ${g.head}${sums} FROM (${rows}) AS q${g.tail}) AS bs_r`;
  }
  if (s.onePass === "branch") {
    // the main aggregation sums every value; a non-finite one makes a sum non-finite, and only such
    // groups are summed again with the finite test and the counts
    const plain = `SELECT ${keys}bs_v, bs_v - ${k} AS bs_z FROM (${source}) AS bs_s`;
    const main = [
      "count(*) AS bs_rows",
      "count(q.bs_v) AS bs_values",
      `${sum("q.bs_z")} AS bs_s1`,
      `${sum("q.bs_z * q.bs_z")} AS bs_s2`,
    ].join(", ");
    const tested = `SELECT ${keys}bs_v, CASE WHEN ${s.isFinite("bs_v")} THEN bs_v - ${k} ELSE NULL END AS bs_z FROM (${source}) AS bs_s`;
    const rare = [
      "count(q.bs_z) AS bs_finite",
      `count(CASE WHEN ${s.isNaN("q.bs_v")} THEN 1 ELSE NULL END) AS bs_nan`,
      `${sum("q.bs_z")} AS bs_s1`,
      `${sum("q.bs_z * q.bs_z")} AS bs_s2`,
    ].join(", ");
    return branched(
      r,
      s,
      `SELECT ${g.head}${main} FROM (${plain}) AS q${g.tail}`,
      `NOT (${s.isFinite("m.bs_s1")} AND ${s.isFinite("m.bs_s2")})`,
      `SELECT ${g.head}${rare} FROM (${tested}) AS q`,
      [
        `${s.toText("m.bs_rows")} AS bs_rows`,
        `${s.toText("m.bs_values")} AS bs_values`,
        `${s.toText("coalesce(c.bs_finite, m.bs_values)")} AS bs_finite`,
        `${s.toText("coalesce(c.bs_nan, 0)")} AS bs_nan`,
        `${k} AS bs_offset`,
        "CASE WHEN c.bs_finite IS NULL THEN m.bs_s1 ELSE c.bs_s1 END AS bs_s1",
        "CASE WHEN c.bs_finite IS NULL THEN m.bs_s2 ELSE c.bs_s2 END AS bs_s2",
      ],
    );
  }
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
