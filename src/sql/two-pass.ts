/**
 * The two passes of the generated SQL, for one value column (`summarySQL`) or a pair
 * (`pairSummarySQL`): the first pass per group, its join with the data, the per-row terms of the
 * second pass and the sums over them. @internal
 */
import type { DialectSpelling } from "./dialects.js";
import type { ReadSpec } from "./spec.js";

/** The names of the intermediate columns of one value column in the generated SQL. @internal */
export interface ColumnNames {
  /** The value as a double. */
  v: string;
  /** The value when it (and, for pairs, its partner) is finite, else NULL (0 where the dialect has `zeroNonFinite`). */
  f: string;
  /** The mean of the group (fast method). */
  o: string;
  /** The greatest finite |x| of the group (exact method). */
  m: string;
  /** The exponent e of the scale 2^e, and 2^e as a double. */
  e: string;
  p: string;
  /** The integer X = round((x − K)·2^e), its high and low 31-bit halves. */
  i: string;
  h: string;
  l: string;
  /** The deviation x − m of the fast method. */
  z: string;
}

/** The names of `summarySQL`'s single column. @internal */
export const SINGLE: ColumnNames = {
  v: "bs_v",
  f: "bs_f",
  o: "bs_o",
  m: "bs_m",
  e: "bs_e",
  p: "bs_p",
  i: "bs_x",
  h: "bs_h",
  l: "bs_l",
  z: "bs_z",
};

/** The names of column `x` or `y` of `pairSummarySQL`: `bs_v_x`, `bs_h_y`, … @internal */
export function pairColumnNames(column: "x" | "y"): ColumnNames {
  const name = (kind: string) => `bs_${kind}_${column}`;
  return {
    v: name("v"),
    f: name("f"),
    o: name("o"),
    m: name("m"),
    e: name("e"),
    p: name("p"),
    i: name("i"),
    h: name("h"),
    l: name("l"),
    z: name("z"),
  };
}

/** `"k1", "k2", ` — the group keys at the head of a `SELECT` list (empty without keys). */
export function keyHead(r: ReadSpec, s: DialectSpelling): string {
  return r.groupBy.map((k) => `${s.quote(k)}, `).join("");
}

function keyList(r: ReadSpec, s: DialectSpelling, prefix = ""): string {
  return r.groupBy.map((k) => `${prefix}${s.quote(k)}`).join(", ");
}

/** `SELECT` list head, `GROUP BY` tail for the group keys (empty when there are none). @internal */
export function grouping(r: ReadSpec, s: DialectSpelling, prefix: string): { head: string; tail: string } {
  if (r.groupBy.length === 0) return { head: "", tail: "" };
  return {
    head: `${r.groupBy.map((k) => `${prefix}${s.quote(k)} AS ${s.quote(k)}`).join(", ")}, `,
    tail: ` GROUP BY ${keyList(r, s, prefix)}`,
  };
}

/**
 * How the source rows carry `f`: not at all (`"none"`), as the value when every value of the row is
 * finite, else NULL (`"null"`), or else 0 (`"zero"`, where the dialect has `zeroNonFinite`).
 */
type FiniteColumn = "none" | "null" | "zero";

/** True when every value of the row (`prefix` + each column's `v`) is finite. */
function allFinite(s: DialectSpelling, cols: readonly ColumnNames[], prefix = ""): string {
  if (cols.length === 1) return s.isFinite(`${prefix}${cols[0]!.v}`);
  return cols.map((c) => `(${s.isFinite(`${prefix}${c.v}`)})`).join(" AND ");
}

/**
 * The rows of the source with the group keys, each value as a double (`v`) and, but with `"none"`,
 * as `f`: the value when every value of the row is finite (a pair is used only when both values
 * are), else NULL or 0.
 */
function sourceSQL(r: ReadSpec, s: DialectSpelling, cols: readonly ColumnNames[], finite: FiniteColumn): string {
  const keys = keyHead(r, s);
  const doubles = cols.map((c, k) => `${s.toDouble(r.values[k]!)} AS ${c.v}`).join(", ");
  const src = `SELECT ${keys}${doubles} FROM ${r.from}${r.where ? ` WHERE ${r.where}` : ""}`;
  if (finite === "none") return src;
  const all = allFinite(s, cols);
  const values = cols.map((c) => c.v).join(", ");
  const zero = s.zeroNonFinite;
  const keep = (v: string) =>
    finite === "zero" && zero ? zero.keep(all, v) : `CASE WHEN ${all} THEN ${v} ELSE NULL END`;
  const kept = cols.map((c) => `${keep(c.v)} AS ${c.f}`).join(", ");
  return `SELECT ${keys}${values}, ${kept} FROM (${src}) AS bs_s`;
}

/**
 * The count of the rows whose values are all finite, in the last step of either method (`q` the rows
 * of `exactRows` or `fastRows`). @internal
 */
export function finiteCount(s: DialectSpelling, method: "exact" | "fast", cols: readonly ColumnNames[]): string {
  if (method === "exact" && s.zeroNonFinite) return `count(CASE WHEN ${allFinite(s, cols, "q.")} THEN 1 ELSE NULL END)`;
  return `count(q.${method === "exact" ? cols[0]!.i : cols[0]!.f})`;
}

/** The data joined with the first pass (`p` has the group keys and `firstCols`); `d` has the data. */
function joined(
  r: ReadSpec,
  s: DialectSpelling,
  cols: readonly ColumnNames[],
  first: string,
  firstCols: string[],
  finite: FiniteColumn,
): string {
  const data = sourceSQL(r, s, cols, finite);
  const dataCols = cols.flatMap((c) => (finite === "none" ? [c.v] : [c.v, c.f]));
  if (s.join === "using-global") {
    // ClickHouse (18.16 onwards): USING joins, GLOBAL so that a Distributed table joins once; ALL, as ANY
    // also keeps one row per key of the left side in ClickHouse 20 and later.
    const list = [...r.groupBy.map((k) => s.quote(k)), ...dataCols, ...firstCols].join(", ");
    if (r.groupBy.length === 0) return `SELECT ${list} FROM (${data}) AS bs_dl GLOBAL CROSS JOIN (${first}) AS bs_fp`;
    return `SELECT ${list} FROM (${data}) AS bs_dl GLOBAL ALL INNER JOIN (${first}) AS bs_fp USING (${keyList(r, s)})`;
  }
  const list = [
    ...r.groupBy.map((k) => `d.${s.quote(k)} AS ${s.quote(k)}`),
    ...dataCols.map((c) => `d.${c} AS ${c}`),
    ...firstCols.map((c) => `p.${c} AS ${c}`),
  ].join(", ");
  const same = r.keysNotNull ? (a: string, b: string) => `${a} = ${b}` : s.sameKey;
  const on = r.groupBy.map((k) => same(`d.${s.quote(k)}`, `p.${s.quote(k)}`)).join(" AND ");
  const tail = `${on ? "INNER JOIN" : "CROSS JOIN"} ${s.materializeFirst ? "bs_fp" : `(${first})`} AS p${on ? ` ON ${on}` : ""}`;
  const body = `SELECT ${list} FROM (${data}) AS d ${tail}`;
  return s.materializeFirst ? `WITH bs_fp AS MATERIALIZED (${first}) ${body}` : body;
}

/**
 * ⌊log2 m⌋ exactly, from an estimate `c` within one of it: engines compute logarithms in their own
 * way (PostgreSQL's ln(m)/ln(2) exceeds k at m = 2^k for k = 29, 31, 39, …), so the estimate is
 * moved by one where 2^c > m or 2^(c + 1) ≤ m — comparisons of exact powers of two — and every
 * engine takes the same scale. Per group, not per row.
 */
function exactFloorLog2(s: DialectSpelling, m: string, c: string): string {
  return `(CASE WHEN ${s.pow2(c)} > ${m} THEN ${c} - 1 WHEN ${s.pow2(`${c} + 1`)} <= ${m} THEN ${c} + 1 ELSE ${c} END)`;
}

/**
 * The exact method up to its last step: per row, the group keys, each column's value `v`,
 * exponent `e`, integer `i` and its halves `h`, `l` (see `summarySQL`). The columns must be the
 * source's, in order (`SINGLE`, or the pair's x and y). @internal
 */
export function exactRows(r: ReadSpec, s: DialectSpelling, cols: readonly ColumnNames[]): string {
  const g0 = grouping(r, s, "");
  const keys = keyHead(r, s);
  const each = (f: (c: ColumnNames) => string) => cols.map(f).join(", ");
  const zero = s.zeroNonFinite;
  const finite: FiniteColumn = zero ? "zero" : "null";
  const width = `SELECT ${g0.head}${each((c) => `max(abs(${c.f})) AS ${c.m}`)} FROM (${sourceSQL(r, s, cols, finite)}) AS bs_d${g0.tail}`;
  // ⌊log2 m⌋ as the engine estimates it, clamped so that 2^c and 2^(c + 1) are finite and non-zero
  const estimate = `SELECT ${keys}${each(
    (c) =>
      `${c.m}, CASE WHEN ${c.m} > 0 THEN greatest(-1074, least(1022, ${s.ceilLog2(c.m)} - 1)) ELSE 0 END AS ${c.e}_c`,
  )} FROM (${width}) AS bs_w`;
  const scale = `SELECT ${keys}${each(
    (c) => `CASE WHEN ${c.m} > 0 THEN least(1023, 61 - ${exactFloorLog2(s, c.m, `${c.e}_c`)}) ELSE 0 END AS ${c.e}`,
  )} FROM (${estimate}) AS bs_ce`;
  const first = `SELECT ${keys}${each((c) => `${c.e}, ${s.pow2(c.e)} AS ${c.p}`)} FROM (${scale}) AS bs_sc`;
  // one column, where the engine converts a non-finite double to NULL itself: no finite test per row
  const convert = cols.length === 1 ? s.finiteToInt64 : undefined;
  const j = joined(
    r,
    s,
    cols,
    first,
    cols.flatMap((c) => [c.e, c.p]),
    convert ? "none" : finite,
  );
  const values = `${each((c) => c.v)}, `;
  const int = (c: ColumnNames) =>
    convert ? convert(`${c.v} * ${c.p}`) : (zero?.toInt64 ?? s.toInt64)(`${c.f} * ${c.p}`);
  const ints = `SELECT ${keys}${values}${each((c) => `${c.e}, ${int(c)} AS ${c.i}`)} FROM (${j}) AS bs_j`;
  return `SELECT ${keys}${values}${each(
    (c) => `${c.e}, ${c.i}, ${s.high31(c.i)} AS ${c.h}, ${s.low31(c.i)} AS ${c.l}`,
  )} FROM (${ints}) AS bs_i`;
}

/** The sums of one column of the exact method, named `${prefix}offset`, `…exponent`, `…sum`, `…hh`, `…hl`, `…ll`. @internal */
export function exactSums(s: DialectSpelling, c: ColumnNames, prefix: string): string {
  return [
    // K = 0 (see summarySQL); the row keeps the offset so that its reader holds for any exact K
    `0 AS ${prefix}offset`,
    `${s.anyValue(`q.${c.e}`)} AS ${prefix}exponent`,
    `${s.toText(s.exactSum(`q.${c.i}`))} AS ${prefix}sum`,
    `${s.toText(s.exactSum(`q.${c.h} * q.${c.h}`))} AS ${prefix}hh`,
    `${s.toText(s.exactSum(`q.${c.h} * q.${c.l}`))} AS ${prefix}hl`,
    `${s.toText(s.exactSum(`q.${c.l} * q.${c.l}`))} AS ${prefix}ll`,
  ].join(", ");
}

/**
 * The fast method up to its last step: per row, the group keys and each column's value `v`,
 * finite value `f`, group mean `o` and deviation `z = f − o`. @internal
 */
export function fastRows(r: ReadSpec, s: DialectSpelling, cols: readonly ColumnNames[]): string {
  const sum = s.compensatedSum!;
  const g0 = grouping(r, s, "");
  const means = cols.map((c) => `${sum(c.f)} / count(${c.f}) AS ${c.o}`).join(", ");
  const first = `SELECT ${g0.head}${means} FROM (${sourceSQL(r, s, cols, "null")}) AS bs_d${g0.tail}`;
  const j = joined(
    r,
    s,
    cols,
    first,
    cols.map((c) => c.o),
    "null",
  );
  const dev = cols.map((c) => `${c.v}, ${c.f}, ${c.o}, ${c.f} - ${c.o} AS ${c.z}`).join(", ");
  return `SELECT ${keyHead(r, s)}${dev} FROM (${j}) AS bs_j`;
}

/** The sums of one column of the fast method, named `${prefix}offset`, `…s1`, `…s2`. @internal */
export function fastSums(s: DialectSpelling, c: ColumnNames, prefix: string): string {
  const sum = s.compensatedSum!;
  return [
    `${s.anyValue(`q.${c.o}`)} AS ${prefix}offset`,
    `${sum(`q.${c.z}`)} AS ${prefix}s1`,
    `${sum(`q.${c.z} * q.${c.z}`)} AS ${prefix}s2`,
  ].join(", ");
}

/**
 * The statement `build` writes for the spec, or, where the dialect joins faster on plain equality
 * (`splitNullKeys`), the union of two: one over the rows whose group keys are all set, joined on
 * `=`, and one over the rows with a NULL key, joined NULL-safely. Their groups are disjoint.
 * @internal
 */
export function byKeyNullness(r: ReadSpec, s: DialectSpelling, build: (r: ReadSpec) => string): string {
  if (!s.splitNullKeys || r.groupBy.length === 0) return build(r);
  const set = r.groupBy.map((k) => `${s.quote(k)} IS NOT NULL`).join(" AND ");
  const unset = r.groupBy.map((k) => `${s.quote(k)} IS NULL`).join(" OR ");
  const where = (c: string) => (r.where ? `${r.where} AND (${c})` : `(${c})`);
  return `${build({ ...r, where: where(set), keysNotNull: true })} UNION ALL ${build({ ...r, where: where(unset) })}`;
}
