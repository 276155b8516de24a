import { readOptions } from "../options.js";
import { checkChoice } from "../summary/input.js";
import { DIALECTS, type Dialect, type DialectSpelling, SPELLINGS } from "./dialects.js";
import { checkIdentifier, checkRawSQL, checkTableName, isRawSQL, type RawSQL, sqlArgError } from "./raw-sql.js";

/** How the generated SQL summarizes: the exact integer sums (default) or compensated shifted sums. */
export type SQLMethod = "exact" | "fast";

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
}

const SPEC_KEYS = ["dialect", "from", "value", "groupBy", "where", "method"] as const;
const METHODS: readonly SQLMethod[] = ["exact", "fast"];

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

/** A validated spec. @internal */
export interface ReadSpec {
  dialect: Dialect;
  method: SQLMethod;
  from: string;
  value: string;
  groupBy: string[];
  where: string | undefined;
}

/** Validates a spec and renders its parts for the dialect (identifiers quoted, fragments checked). @internal */
export function readSpec(spec: unknown): ReadSpec {
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) sqlArgError("spec", "must be an object");
  const o = readOptions(spec, SPEC_KEYS, "spec");
  const dialect = checkChoice(o.dialect, DIALECTS, "spec.dialect");
  const method = o.method === undefined ? "exact" : checkChoice(o.method, METHODS, "spec.method");
  const s = SPELLINGS[dialect];
  if (method === "fast" && s.compensatedSum === undefined) {
    sqlArgError(
      "spec.method",
      `"fast" needs a compensated sum, which ${dialect} does not have (DuckDB fsum and ClickHouse sumKahan do): use "exact"`,
    );
  }
  const from = isRawSQL(o.from)
    ? `(${checkRawSQL(o.from, "spec.from")}) AS bs_from`
    : checkTableName(o.from, "spec.from")
        .map((part) => s.quote(part))
        .join(".");
  const value = isRawSQL(o.value)
    ? `(${checkRawSQL(o.value, "spec.value")})`
    : s.quote(checkIdentifier(o.value, "spec.value"));
  let groupBy: string[] = [];
  if (o.groupBy !== undefined) {
    if (!Array.isArray(o.groupBy)) sqlArgError("spec.groupBy", "must be an array of column names");
    groupBy = o.groupBy.map((name, i) => checkIdentifier(name, `spec.groupBy[${i}]`));
    const seen = new Set(groupBy.map((name) => name.toLowerCase()));
    if (seen.size !== groupBy.length) sqlArgError("spec.groupBy", "names a column twice");
  }
  const where = o.where === undefined ? undefined : `(${checkRawSQL(o.where, "spec.where")})`;
  return { dialect, method, from, value, groupBy, where };
}

/**
 * The SQL that summarizes a column per group inside a database, for one engine. Its result has
 * one row per group: the group columns, then text and double columns (`bs_…`) that
 * `fromSQLRow` turns into the exact `Summary` of the group's values, mergeable with any other.
 *
 * *Method* (`"exact"`, two passes over the data): the first pass takes, per group, the least and
 * greatest finite value and from them an offset K (the least value when all values lie in
 * [K, 2K], the greatest when all lie in [2K, K] for negative K, else 0: so x − K is exact by
 * Sterbenz's lemma) and a scale 2^e with e = 61 − ⌈log2 max|x − K|⌉. The second pass maps each
 * value to the integer X = round((x − K)·2^e), |X| ≤ 2^62, splits it into H = X >> 31 and
 * L = X & (2^31 − 1), so that every product fits in 64 bits, and sums X, H·H, H·L and L·L in the
 * engine's exact wide type (HUGEINT, numeric, Decimal128, DECIMAL(38), BIGNUMERIC). The client
 * rebuilds ΣX and ΣX² = 2^62·ΣH² + 2^32·ΣHL + ΣL² as BigInts and rounds the mean and
 * M2 = (nΣX² − (ΣX)²)/(n·4^e) once to double-double. The sums are exact integers, so every engine,
 * and any split of the rows into partitions merged afterwards, gives the same summary; it is
 * exactly the summary of the values when they lie on the grid 2^-e (values of up to 61
 * significant bits across the group's range), and within 2^-62 of the range otherwise.
 * NULLs are skipped and counted; NaNs and infinities are counted apart and left out of the sums
 * (`fromSQLRow` applies the `nan` policy to those counts).
 *
 * *Method* (`"fast"`): the first pass takes the group mean m; the second sums x − m and (x − m)²
 * with the engine's compensated sum (DuckDB `fsum`, ClickHouse `sumKahan`). About 16 digits,
 * but the sums are rounded doubles: engines and partitions may differ in the last bits.
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
 * ```
 */
export function summarySQL(spec: SummarySQLSpec): string {
  const r = readSpec(spec);
  const s = SPELLINGS[r.dialect];
  return r.method === "exact" ? exactSQL(r, s) : fastSQL(r, s);
}

/** The rows of the source with the group keys, the value as a double and the finite value (else NULL). */
function sourceSQL(r: ReadSpec, s: DialectSpelling): string {
  const keys = r.groupBy.map((k) => `${s.quote(k)}, `).join("");
  const src = `SELECT ${keys}${s.toDouble(r.value)} AS bs_v FROM ${r.from}${r.where ? ` WHERE ${r.where}` : ""}`;
  return `SELECT ${keys}bs_v, CASE WHEN ${s.isFinite("bs_v")} THEN bs_v ELSE NULL END AS bs_f FROM (${src}) AS bs_s`;
}

function keyList(r: ReadSpec, s: DialectSpelling, prefix = ""): string {
  return r.groupBy.map((k) => `${prefix}${s.quote(k)}`).join(", ");
}

/** `SELECT` list head, `GROUP BY` tail for the group keys (empty when there are none). */
function grouping(r: ReadSpec, s: DialectSpelling, prefix: string): { head: string; tail: string } {
  if (r.groupBy.length === 0) return { head: "", tail: "" };
  return {
    head: `${r.groupBy.map((k) => `${prefix}${s.quote(k)} AS ${s.quote(k)}`).join(", ")}, `,
    tail: ` GROUP BY ${keyList(r, s, prefix)}`,
  };
}

/** The data joined with the first pass (`p` has the group keys and `cols`); `d` has the data. */
function joined(r: ReadSpec, s: DialectSpelling, first: string, dataCols: string[], firstCols: string[]): string {
  const data = sourceSQL(r, s);
  if (s.join === "using-global") {
    // ClickHouse (18.16 onwards): USING joins, GLOBAL so that a Distributed table joins once; ALL, as ANY
    // also keeps one row per key of the left side in ClickHouse 20 and later.
    const cols = [...r.groupBy.map((k) => s.quote(k)), ...dataCols, ...firstCols].join(", ");
    if (r.groupBy.length === 0) return `SELECT ${cols} FROM (${data}) AS bs_dl GLOBAL CROSS JOIN (${first}) AS bs_fp`;
    return `SELECT ${cols} FROM (${data}) AS bs_dl GLOBAL ALL INNER JOIN (${first}) AS bs_fp USING (${keyList(r, s)})`;
  }
  const cols = [
    ...r.groupBy.map((k) => `d.${s.quote(k)} AS ${s.quote(k)}`),
    ...dataCols.map((c) => `d.${c} AS ${c}`),
    ...firstCols.map((c) => `p.${c} AS ${c}`),
  ].join(", ");
  const on = r.groupBy.map((k) => s.sameKey(`d.${s.quote(k)}`, `p.${s.quote(k)}`)).join(" AND ");
  return `SELECT ${cols} FROM (${data}) AS d ${on ? "INNER JOIN" : "CROSS JOIN"} (${first}) AS p${on ? ` ON ${on}` : ""}`;
}

function counts(s: DialectSpelling, finite: string): string {
  return [
    `${s.toText("count(*)")} AS bs_rows`,
    `${s.toText("count(q.bs_v)")} AS bs_values`,
    `${s.toText(`count(${finite})`)} AS bs_finite`,
    `${s.toText(`count(CASE WHEN ${s.isNaN("q.bs_v")} THEN 1 ELSE NULL END)`)} AS bs_nan`,
  ].join(", ");
}

function exactSQL(r: ReadSpec, s: DialectSpelling): string {
  const g0 = grouping(r, s, "");
  const range = `SELECT ${g0.head}min(bs_f) AS bs_lo, max(bs_f) AS bs_hi FROM (${sourceSQL(r, s)}) AS bs_d${g0.tail}`;
  const keys = r.groupBy.map((k) => `${s.quote(k)}, `).join("");
  const offset =
    `SELECT ${keys}CASE WHEN bs_lo > 0 AND bs_hi <= 2 * bs_lo THEN bs_lo ` +
    `WHEN bs_hi < 0 AND bs_lo >= 2 * bs_hi THEN bs_hi ELSE 0 END AS bs_o, bs_lo, bs_hi FROM (${range}) AS bs_r`;
  const width = `SELECT ${keys}bs_o, greatest(bs_hi - bs_o, bs_o - bs_lo) AS bs_m FROM (${offset}) AS bs_k`;
  const scale =
    `SELECT ${keys}bs_o, CASE WHEN bs_m > 0 THEN least(1023, 61 - ${s.ceilLog2("bs_m")}) ELSE 0 END AS bs_e ` +
    `FROM (${width}) AS bs_w`;
  const first = `SELECT ${keys}bs_o, bs_e, ${s.pow2("bs_e")} AS bs_p FROM (${scale}) AS bs_sc`;
  const j = joined(r, s, first, ["bs_v", "bs_f"], ["bs_o", "bs_e", "bs_p"]);
  const ints = `SELECT ${keys}bs_v, bs_o, bs_e, ${s.toInt64("(bs_f - bs_o) * bs_p")} AS bs_x FROM (${j}) AS bs_j`;
  const parts = `SELECT ${keys}bs_v, bs_o, bs_e, bs_x, ${s.high31("bs_x")} AS bs_h, ${s.low31("bs_x")} AS bs_l FROM (${ints}) AS bs_i`;
  const g = grouping(r, s, "q.");
  const sums = [
    `${s.anyValue("q.bs_o")} AS bs_offset`,
    `${s.anyValue("q.bs_e")} AS bs_exponent`,
    `${s.toText(s.exactSum("q.bs_x"))} AS bs_sum`,
    `${s.toText(s.exactSum("q.bs_h * q.bs_h"))} AS bs_hh`,
    `${s.toText(s.exactSum("q.bs_h * q.bs_l"))} AS bs_hl`,
    `${s.toText(s.exactSum("q.bs_l * q.bs_l"))} AS bs_ll`,
  ].join(", ");
  return `SELECT ${g.head}${counts(s, "q.bs_x")}, ${sums} FROM (${parts}) AS q${g.tail}`;
}

function fastSQL(r: ReadSpec, s: DialectSpelling): string {
  const sum = s.compensatedSum!;
  const g0 = grouping(r, s, "");
  const first = `SELECT ${g0.head}${sum("bs_f")} / count(bs_f) AS bs_o FROM (${sourceSQL(r, s)}) AS bs_d${g0.tail}`;
  const j = joined(r, s, first, ["bs_v", "bs_f"], ["bs_o"]);
  const keys = r.groupBy.map((k) => `${s.quote(k)}, `).join("");
  const dev = `SELECT ${keys}bs_v, bs_f, bs_o, bs_f - bs_o AS bs_z FROM (${j}) AS bs_j`;
  const g = grouping(r, s, "q.");
  const sums = [
    `${s.anyValue("q.bs_o")} AS bs_offset`,
    `${sum("q.bs_z")} AS bs_s1`,
    `${sum("q.bs_z * q.bs_z")} AS bs_s2`,
  ].join(", ");
  return `SELECT ${g.head}${counts(s, "q.bs_f")}, ${sums} FROM (${dev}) AS q${g.tail}`;
}
