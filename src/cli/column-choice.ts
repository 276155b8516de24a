import { BatchStatsError } from "../errors.js";

const MAX_LISTED = 20;

function shortName(name: string): string {
  return JSON.stringify(name.length > 40 ? `${name.slice(0, 39)}…` : name);
}

/** `error.columns` when it is an array of strings (read defensively: any other value is ignored). */
function columnsOf(error: BatchStatsError): string[] | undefined {
  const columns: unknown = (error as { columns?: unknown }).columns;
  if (!Array.isArray(columns) || columns.length === 0) return undefined;
  return columns.every((c) => typeof c === "string") ? columns : undefined;
}

/**
 * The usage error for a CSV input whose column must be chosen: the library throws
 * `E_BAD_ARGUMENT` with field `options.column` (and, for a CSV with several columns and no
 * column given, a `columns: string[]` property listing them). The command line's version lists
 * the columns with their indexes and says how to choose one with `--column`; on a single line.
 * Any other error is returned as it is.
 *
 * @example
 * ```ts
 * const e = Object.assign(new BatchStatsError("E_BAD_ARGUMENT", "…", { field: "options.column" }), { columns: ["id", "ms"] });
 * columnChoice(e, "data.csv").message;
 * // => 'data.csv: the CSV has 2 columns: 0 "id", 1 "ms"; choose one with --column <name|index>, e.g. --column "ms" or --column 1'
 * ```
 */
export function columnChoice(error: unknown, input: string): unknown {
  if (!(error instanceof BatchStatsError) || error.code !== "E_BAD_ARGUMENT" || error.field !== "options.column") {
    return error;
  }
  const columns = columnsOf(error);
  if (columns === undefined) {
    return new BatchStatsError("E_BAD_ARGUMENT", `--column: ${error.message}`, { field: "column" });
  }
  const listed = columns.slice(0, MAX_LISTED).map((name, index) => `${index} ${shortName(name)}`);
  const more = columns.length > MAX_LISTED ? `, … (${columns.length - MAX_LISTED} more)` : "";
  const last = columns.length - 1;
  return new BatchStatsError(
    "E_BAD_ARGUMENT",
    `${input}: the CSV has ${columns.length} columns: ${listed.join(", ")}${more}; choose one with --column <name|index>, e.g. --column ${shortName(columns[last] ?? "")} or --column ${last}`,
    { field: "column" },
  );
}
