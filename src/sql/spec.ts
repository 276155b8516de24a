/** The spec of the generated SQL, read and rendered for its dialect. @internal */
import { describeValue, readOptions } from "../options.js";
import { checkChoice } from "../summary/input.js";
import { DIALECTS, type Dialect, SPELLINGS } from "./dialects.js";
import { checkIdentifier, checkRawSQL, checkTableName, isRawSQL, sqlArgError } from "./raw-sql.js";

/** How the generated SQL summarizes: the exact integer sums (default) or compensated shifted sums. */
export type SQLMethod = "exact" | "fast";

/** The method names. @internal */
export const METHODS: readonly SQLMethod[] = ["exact", "fast"];

/** A validated spec, rendered for its dialect: one value column (`summarySQL`) or two (`pairSummarySQL`). @internal */
export interface ReadSpec {
  dialect: Dialect;
  method: SQLMethod;
  from: string;
  /** The value expressions, in the order of `valueFields`, each quoted or parenthesized. */
  values: string[];
  groupBy: string[];
  where: string | undefined;
  /** True when every row has its group keys set (then the passes join on plain equality). */
  keysNotNull: boolean;
  /** The grid of the one-pass exact method (`scale`, `pivot` given), else undefined. */
  grid: Grid | undefined;
  /** The pivot of the one-pass fast method (`pivot` given with `method: "fast"`), else undefined. */
  fastPivot: number | undefined;
}

/**
 * The grid of the one-pass exact method: values x are read as the integers X = round(x·2^scale − M)
 * with M = pivot·2^scale, in range when |X| < 2^31. @internal
 */
export interface Grid {
  /** The exponent k of the scale 2^k. */
  scale: number;
  /** M = pivot·2^k, an integer of magnitude at most 2^53. */
  pivotUnits: number;
}

/** The greatest scale of the one-pass method: 2^k and 2^−k are normal doubles. @internal */
export const SCALE_RANGE = 1022;

/** Reads `scale` and `pivot` (both only with the exact method, `pivot` only with `scale`). */
function readGrid(scale: unknown, pivot: unknown, method: SQLMethod): Grid | undefined {
  if (method === "fast" && scale === undefined) return undefined; // a fast pivot: readFastPivot
  if (scale === undefined) {
    if (pivot !== undefined) sqlArgError("spec.pivot", "needs spec.scale (the grid the values are read on)");
    return undefined;
  }
  if (method !== "exact") sqlArgError("spec.scale", 'is an option of the "exact" method');
  // k ≥ 0: x·2^k is exact for every double (a smaller scale could round a tiny value to 0 unseen)
  if (typeof scale !== "number" || !Number.isInteger(scale) || scale < 0 || scale > SCALE_RANGE) {
    sqlArgError("spec.scale", `must be an integer in [0, ${SCALE_RANGE}], got ${describeValue(scale)}`);
  }
  const k = pivot ?? 0;
  if (typeof k !== "number" || !Number.isFinite(k)) {
    sqlArgError("spec.pivot", `must be a finite number, got ${describeValue(pivot)}`);
  }
  // exact: a power-of-two scaling of a double (2^scale is normal, and so is the product unless it is 0)
  const units = k * 2 ** scale;
  if (!Number.isInteger(units) || Math.abs(units) > 2 ** 53) {
    sqlArgError(
      "spec.pivot",
      `must be a multiple of 2^−scale of at most 2^53 such units (pivot·2^scale an integer), got ${describeValue(pivot)} with scale ${scale}`,
    );
  }
  return { scale, pivotUnits: units === 0 ? 0 : units };
}

/** The pivot of the one-pass fast method: any finite double, with `method: "fast"` only. */
function readFastPivot(pivot: unknown, method: SQLMethod): number | undefined {
  if (method !== "fast" || pivot === undefined) return undefined;
  if (typeof pivot !== "number" || !Number.isFinite(pivot)) {
    sqlArgError("spec.pivot", `must be a finite number, got ${describeValue(pivot)}`);
  }
  return pivot === 0 ? 0 : pivot;
}

/**
 * Validates a spec whose value columns are the fields `valueFields` (`["value"]`, `["x", "y"]`) and
 * renders its parts for the dialect (identifiers quoted, fragments checked). @internal
 */
export function readSpec(spec: unknown, valueFields: readonly string[]): ReadSpec {
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) sqlArgError("spec", "must be an object");
  const grid = valueFields.length === 1 ? ["scale", "pivot"] : [];
  const o = readOptions(spec, ["dialect", "from", ...valueFields, "groupBy", "where", "method", ...grid], "spec");
  const dialect = checkChoice(o.dialect, DIALECTS, "spec.dialect");
  const method = o.method === undefined ? "exact" : checkChoice(o.method, METHODS, "spec.method");
  const s = SPELLINGS[dialect];
  if (method === "fast" && s.compensatedSum === undefined) {
    sqlArgError(
      "spec.method",
      `"fast" needs a compensated sum, which ${dialect} does not have (DuckDB fsum and ClickHouse sumKahan do): use "exact"`,
    );
  }
  const backticks = s.quote("a").startsWith("`");
  const from = isRawSQL(o.from)
    ? `(${checkRawSQL(o.from, "spec.from", backticks)}) AS bs_from`
    : checkTableName(o.from, "spec.from")
        .map((part) => s.quote(part))
        .join(".");
  const values = valueFields.map((field) => {
    const v = o[field];
    return isRawSQL(v)
      ? `(${checkRawSQL(v, `spec.${field}`, backticks)})`
      : s.quote(checkIdentifier(v, `spec.${field}`));
  });
  let groupBy: string[] = [];
  if (o.groupBy !== undefined) {
    if (!Array.isArray(o.groupBy)) sqlArgError("spec.groupBy", "must be an array of column names");
    // Array.from: a hole is read as undefined (and refused), never skipped
    groupBy = Array.from(o.groupBy as unknown[], (name, i) => checkIdentifier(name, `spec.groupBy[${i}]`));
    const seen = new Set(groupBy.map((name) => name.toLowerCase()));
    if (seen.size !== groupBy.length) sqlArgError("spec.groupBy", "names a column twice");
  }
  const where = o.where === undefined ? undefined : `(${checkRawSQL(o.where, "spec.where", backticks)})`;
  return {
    dialect,
    method,
    from,
    values,
    groupBy,
    where,
    keysNotNull: false,
    grid: readGrid(o.scale, o.pivot, method),
    fastPivot: readFastPivot(o.pivot, method),
  };
}
