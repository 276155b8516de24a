/** The spec of the generated SQL, read and rendered for its dialect. @internal */
import { readOptions } from "../options.js";
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
}

/**
 * Validates a spec whose value columns are the fields `valueFields` (`["value"]`, `["x", "y"]`) and
 * renders its parts for the dialect (identifiers quoted, fragments checked). @internal
 */
export function readSpec(spec: unknown, valueFields: readonly string[]): ReadSpec {
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) sqlArgError("spec", "must be an object");
  const o = readOptions(spec, ["dialect", "from", ...valueFields, "groupBy", "where", "method"], "spec");
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
  const values = valueFields.map((field) => {
    const v = o[field];
    return isRawSQL(v) ? `(${checkRawSQL(v, `spec.${field}`)})` : s.quote(checkIdentifier(v, `spec.${field}`));
  });
  let groupBy: string[] = [];
  if (o.groupBy !== undefined) {
    if (!Array.isArray(o.groupBy)) sqlArgError("spec.groupBy", "must be an array of column names");
    groupBy = o.groupBy.map((name, i) => checkIdentifier(name, `spec.groupBy[${i}]`));
    const seen = new Set(groupBy.map((name) => name.toLowerCase()));
    if (seen.size !== groupBy.length) sqlArgError("spec.groupBy", "names a column twice");
  }
  const where = o.where === undefined ? undefined : `(${checkRawSQL(o.where, "spec.where")})`;
  return { dialect, method, from, values, groupBy, where, keysNotNull: false };
}
