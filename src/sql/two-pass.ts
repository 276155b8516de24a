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
  /** The value when it (and, for pairs, its partner) is finite, else NULL. */
  f: string;
  /** Least and greatest finite value of the group. */
  lo: string;
  hi: string;
  /** The offset K. */
  o: string;
  /** max |x − K|. */
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
  lo: "bs_lo",
  hi: "bs_hi",
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
    lo: name("lo"),
    hi: name("hi"),
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
 * The rows of the source with the group keys, each value as a double (`v`) and as `f`: the value
 * when every value of the row is finite, else NULL (a pair is used only when both values are).
 */
function sourceSQL(r: ReadSpec, s: DialectSpelling, cols: readonly ColumnNames[]): string {
  const keys = keyHead(r, s);
  const doubles = cols.map((c, k) => `${s.toDouble(r.values[k]!)} AS ${c.v}`).join(", ");
  const src = `SELECT ${keys}${doubles} FROM ${r.from}${r.where ? ` WHERE ${r.where}` : ""}`;
  const finite = cols.length === 1 ? s.isFinite(cols[0]!.v) : cols.map((c) => `(${s.isFinite(c.v)})`).join(" AND ");
  const values = cols.map((c) => c.v).join(", ");
  const kept = cols.map((c) => `CASE WHEN ${finite} THEN ${c.v} ELSE NULL END AS ${c.f}`).join(", ");
  return `SELECT ${keys}${values}, ${kept} FROM (${src}) AS bs_s`;
}

/** The data joined with the first pass (`p` has the group keys and `firstCols`); `d` has the data. */
function joined(
  r: ReadSpec,
  s: DialectSpelling,
  cols: readonly ColumnNames[],
  first: string,
  firstCols: string[],
): string {
  const data = sourceSQL(r, s, cols);
  const dataCols = cols.flatMap((c) => [c.v, c.f]);
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
  const on = r.groupBy.map((k) => s.sameKey(`d.${s.quote(k)}`, `p.${s.quote(k)}`)).join(" AND ");
  return `SELECT ${list} FROM (${data}) AS d ${on ? "INNER JOIN" : "CROSS JOIN"} (${first}) AS p${on ? ` ON ${on}` : ""}`;
}

/**
 * The exact method up to its last step: per row, the group keys, each column's value `v`, offset
 * `o`, exponent `e`, integer `i` and its halves `h`, `l` (see `summarySQL`). The columns must be
 * the source's, in order (`SINGLE`, or the pair's x and y). @internal
 */
export function exactRows(r: ReadSpec, s: DialectSpelling, cols: readonly ColumnNames[]): string {
  const g0 = grouping(r, s, "");
  const keys = keyHead(r, s);
  const each = (f: (c: ColumnNames) => string) => cols.map(f).join(", ");
  const range = `SELECT ${g0.head}${each((c) => `min(${c.f}) AS ${c.lo}, max(${c.f}) AS ${c.hi}`)} FROM (${sourceSQL(r, s, cols)}) AS bs_d${g0.tail}`;
  const offset = `SELECT ${keys}${each(
    (c) =>
      `CASE WHEN ${c.lo} > 0 AND ${c.hi} <= 2 * ${c.lo} THEN ${c.lo} ` +
      `WHEN ${c.hi} < 0 AND ${c.lo} >= 2 * ${c.hi} THEN ${c.hi} ELSE 0 END AS ${c.o}, ${c.lo}, ${c.hi}`,
  )} FROM (${range}) AS bs_r`;
  const width = `SELECT ${keys}${each((c) => `${c.o}, greatest(${c.hi} - ${c.o}, ${c.o} - ${c.lo}) AS ${c.m}`)} FROM (${offset}) AS bs_k`;
  const scale = `SELECT ${keys}${each(
    (c) => `${c.o}, CASE WHEN ${c.m} > 0 THEN least(1023, 61 - ${s.ceilLog2(c.m)}) ELSE 0 END AS ${c.e}`,
  )} FROM (${width}) AS bs_w`;
  const first = `SELECT ${keys}${each((c) => `${c.o}, ${c.e}, ${s.pow2(c.e)} AS ${c.p}`)} FROM (${scale}) AS bs_sc`;
  const j = joined(
    r,
    s,
    cols,
    first,
    cols.flatMap((c) => [c.o, c.e, c.p]),
  );
  const values = `${each((c) => c.v)}, `;
  const ints = `SELECT ${keys}${values}${each((c) => `${c.o}, ${c.e}, ${s.toInt64(`(${c.f} - ${c.o}) * ${c.p}`)} AS ${c.i}`)} FROM (${j}) AS bs_j`;
  return `SELECT ${keys}${values}${each(
    (c) => `${c.o}, ${c.e}, ${c.i}, ${s.high31(c.i)} AS ${c.h}, ${s.low31(c.i)} AS ${c.l}`,
  )} FROM (${ints}) AS bs_i`;
}

/** The sums of one column of the exact method, named `${prefix}offset`, `…exponent`, `…sum`, `…hh`, `…hl`, `…ll`. @internal */
export function exactSums(s: DialectSpelling, c: ColumnNames, prefix: string): string {
  return [
    `${s.anyValue(`q.${c.o}`)} AS ${prefix}offset`,
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
  const first = `SELECT ${g0.head}${means} FROM (${sourceSQL(r, s, cols)}) AS bs_d${g0.tail}`;
  const j = joined(
    r,
    s,
    cols,
    first,
    cols.map((c) => c.o),
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
