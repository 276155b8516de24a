import { BatchStatsError } from "../errors.js";
import { describeValue, readOptions } from "../options.js";
import {
  checkColumn,
  INGEST_KEYS,
  type IngestOptions,
  parseIngestOptions,
  type ResolvedIngestOptions,
} from "./ingest-options.js";

/**
 * Options of `summarizePairStream` (and, but for `name`, of `summarizePairFile`): pairs (x, y)
 * are read from two columns of a CSV, y the metric and x its covariate (a pre-period value for
 * `cupedTest`) or the denominator of a ratio (`ratioTest`). The other options are those of
 * `summarizeStream` but `clip` (a pair summary records no bounds). Unknown keys are
 * `E_BAD_ARGUMENT`.
 */
export interface PairIngestOptions extends Omit<IngestOptions, "format" | "column" | "clip"> {
  /** The only format of pairs, and the default: `"csv"`. */
  format?: "csv";
  /** The column of y (the metric), by header name or 0-based index. Required. */
  y: string | number;
  /** The column of x (the covariate, or a ratio's denominator), by header name or 0-based index; another column than y. Required. */
  x: string | number;
  /** Whether the first record is a header: `"auto"` (default with two indexes) when either wanted field of it is not a number. A name needs a header. */
  header?: boolean | "auto";
}

const PAIR_KEYS = ["x", "y", ...INGEST_KEYS.filter((key) => key !== "column" && key !== "clip")] as const;

function bad(field: string, message: string): never {
  throw new BatchStatsError("E_BAD_ARGUMENT", `${field} ${message}`, { field });
}

/**
 * Reads pair ingest options (and the extra keys a caller accepts) into the options of the CSV
 * decoder: `column` is y, `covariate` is x. Errors as `parseIngestOptions`'s. @internal
 */
export function parsePairIngestOptions<K extends string>(
  options: unknown,
  defaultName: string,
  extraKeys: readonly K[],
  named = true,
): { resolved: ResolvedIngestOptions; signal: AbortSignal | undefined; extra: Partial<Record<K, unknown>> } {
  if (options === undefined || options === null) bad("options", "must be an object with the columns y and x");
  const keys = [...PAIR_KEYS.filter((key) => named || key !== "name"), ...extraKeys];
  const { x, y, format, ...rest } = readOptions(options, keys) as Partial<Record<(typeof PAIR_KEYS)[number], unknown>>;
  if (format !== undefined && format !== "csv")
    bad("options.format", `must be "csv" (pairs are read from two columns of a CSV), got ${describeValue(format)}`);
  const yColumn = checkColumn(y, "options.y");
  const xColumn = checkColumn(x, "options.x");
  if (yColumn === undefined)
    bad("options.y", "is required: the column of y, the metric (a header name or a 0-based index)");
  if (xColumn === undefined)
    bad("options.x", "is required: the column of x, the covariate or denominator (a header name or a 0-based index)");
  const name = [yColumn, xColumn].find((c) => typeof c === "string");
  if (name !== undefined && rest.header === false)
    bad("options.header", `is false but column ${JSON.stringify(name)} is a name`);
  const header = rest.header ?? (name === undefined ? "auto" : true);
  const parsed = parseIngestOptions({ ...rest, header, format: "csv", column: yColumn }, defaultName, extraKeys, named);
  parsed.resolved.covariate = xColumn;
  return parsed;
}
