import { BatchStatsError } from "../errors.js";
import { describeValue } from "../options.js";

/**
 * A fragment of SQL that the caller vouches for (a subquery, an expression, a condition): it is
 * pasted into the generated statement as written, inside parentheses. Never build one from
 * user input. batchstats still refuses fragments that could end the statement or hide the rest
 * of it: a `;`, a comment (`--`, `/*`, `//`, `#`), an unterminated quote or unbalanced parentheses
 * outside quoted text, a `$` outside quotes, and a quote or backslash inside quoted text (engines
 * disagree on their meaning there). Backticks quote only in the dialects whose identifiers they
 * quote (ClickHouse, BigQuery, Spark); elsewhere they are plain text, as the engine reads them.
 */
export interface RawSQL {
  /** The SQL text. */
  sql: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** The names of the common table expressions the generated SQL defines. */
const GENERATED_TABLES = ["bs_m", "bs_c", "bs_fp"];
const MAX_IDENTIFIER = 128;

/** Throws `E_BAD_ARGUMENT` naming `field`. @internal */
export function sqlArgError(field: string, message: string): never {
  throw new BatchStatsError("E_BAD_ARGUMENT", `${field} ${message}`, { field });
}

/**
 * A plain identifier: ASCII letters, digits and `_`, not starting with a digit, at most 128
 * characters. Anything else is refused, so a quoted identifier can never be broken out of. @internal
 */
export function checkIdentifier(value: unknown, field: string): string {
  if (typeof value !== "string" || value.length > MAX_IDENTIFIER || !IDENTIFIER.test(value)) {
    sqlArgError(
      field,
      `must be a plain identifier (ASCII letters, digits and _, not starting with a digit, at most ${MAX_IDENTIFIER} characters), got ${describeValue(value)}; use { sql: "…" } for an expression`,
    );
  }
  if (value.toLowerCase().startsWith("bs_")) {
    sqlArgError(field, `must not start with "bs_" (the names of the generated columns), got ${describeValue(value)}`);
  }
  return value;
}

/** A dotted table name (`schema.table`, `catalog.schema.table`), each part a plain identifier. @internal */
export function checkTableName(value: unknown, field: string): string[] {
  if (typeof value !== "string")
    sqlArgError(field, `must be a table name or { sql: "…" }, got ${describeValue(value)}`);
  const parts = value.split(".");
  if (parts.length > 3) sqlArgError(field, `has more than three dotted parts, got ${describeValue(value)}`);
  return parts.map((part) => {
    if (part.length > MAX_IDENTIFIER || !IDENTIFIER.test(part)) {
      sqlArgError(
        field,
        `must be a table name of plain identifiers (ASCII letters, digits and _), got ${describeValue(value)}; use { sql: "…" } for a subquery`,
      );
    }
    if (parts.length === 1 && GENERATED_TABLES.includes(part.toLowerCase())) {
      sqlArgError(
        field,
        `must not be ${GENERATED_TABLES.join(", ")} unqualified (the common table expressions of the generated SQL would hide it), got ${describeValue(value)}; qualify it (schema.${part})`,
      );
    }
    return part;
  });
}

/** True for `{ sql: string }` and nothing else. @internal */
export function isRawSQL(value: unknown): value is RawSQL {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.hasOwn(value, "sql");
}

/**
 * Reads a `{ sql }` fragment: exactly that key, a non-empty string with no NUL, and, outside
 * quoted text ('…', "…", and `…` where `backticks` quote), no `;`, no comment and balanced
 * parentheses. @internal
 */
export function checkRawSQL(value: unknown, field: string, backticks: boolean): string {
  if (!isRawSQL(value) || Object.keys(value).length !== 1) sqlArgError(field, 'must be { sql: "…" }');
  const text = (value as { sql: unknown }).sql;
  if (typeof text !== "string" || text.trim() === "") {
    sqlArgError(`${field}.sql`, `must be a non-empty string, got ${describeValue(text)}`);
  }
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "\0") sqlArgError(`${field}.sql`, "must not contain a NUL character");
    if (c === "'" || c === '"' || (c === "`" && backticks)) {
      // a quoted run with no quote inside: engines disagree on doubled quotes ('' is a quote in
      // standard SQL, two literals or a triple quote elsewhere) and on backslashes, so both are refused
      let j = i + 1;
      for (;;) {
        if (j >= text.length) sqlArgError(`${field}.sql`, `has an unterminated ${c} quote`);
        const d = text[j]!;
        if (d === "\\") sqlArgError(`${field}.sql`, "must not contain a backslash inside quotes");
        if (d === "\0") sqlArgError(`${field}.sql`, "must not contain a NUL character");
        if (d === c) {
          if (text[j + 1] === c) sqlArgError(`${field}.sql`, `must not contain a doubled ${c} quote`);
          break;
        }
        j++;
      }
      i = j + 1;
      continue;
    }
    if (c === ";") sqlArgError(`${field}.sql`, "must not contain ; (one statement only)");
    if (
      (c === "-" && text[i + 1] === "-") ||
      (c === "/" && (text[i + 1] === "*" || text[i + 1] === "/")) ||
      c === "#"
    ) {
      sqlArgError(`${field}.sql`, "must not contain a comment (--, /*, // or #)");
    }
    if (c === "$") sqlArgError(`${field}.sql`, "must not contain $ outside quotes (dollar quoting, parameters)");
    if (c === "(") depth++;
    if (c === ")" && --depth < 0) sqlArgError(`${field}.sql`, "has a ) without its (");
    i++;
  }
  if (depth !== 0) sqlArgError(`${field}.sql`, "has a ( without its )");
  return text;
}
