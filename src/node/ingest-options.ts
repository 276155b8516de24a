import type { BackendRequest } from "../backend/select.js";
import { BatchStatsError } from "../errors.js";
import { checkChoice } from "../summary/input.js";

/** How the bytes of an input encode values. */
export type Format = "f64le" | "f32le" | "text" | "csv";

/**
 * The input formats, in the order help texts list them.
 *
 * @example
 * ```ts
 * import { FORMATS } from "batchstats/node";
 * FORMATS; // => ["f64le", "f32le", "text", "csv"]
 * ```
 */
export const FORMATS: readonly Format[] = ["f64le", "f32le", "text", "csv"];

/** Bytes per value of the binary formats. @internal */
export const VALUE_SIZE = { f64le: 8, f32le: 4 } as const;

/** What to do with NaN values (binary NaNs, or `NaN` written in text): throw, or skip and count them in `summary.omitted`. */
export type IngestNanPolicy = "raise" | "omit";

/** Options of `summarizeStream` (and, but for `name`, of `summarizeFile`). */
export interface IngestOptions {
  /** How the input encodes values: `"f64le"`/`"f32le"` (little-endian IEEE 754), `"text"` (one number per line) or `"csv"`. Required. */
  format: Format;
  /** `"raise"` (default): a NaN stops with `E_NAN` naming where; `"omit"`: NaNs are skipped and counted in `summary.omitted`. */
  nan?: IngestNanPolicy;
  /** Text and CSV: skip records that are not numbers (counted in `skipped`, the first 10 listed) instead of throwing `E_PARSE`. Default false. */
  skipInvalid?: boolean;
  /** CSV: the column to read, by header name (string) or 0-based index (number). Default 0. */
  column?: string | number;
  /** CSV: whether the first record is a header. `"auto"` (default for an index): a header when its field in `column` is not a number. A `column` name needs a header. */
  header?: boolean | "auto";
  /** CSV: the field delimiter, one ASCII character. Default `","`. */
  delimiter?: string;
  /** Name of the input in error messages. Default `"<stream>"` (`summarizeFile` uses the path). */
  name?: string;
  /** Kernel backend, as in `summarize`. Default `"auto"`. */
  backend?: BackendRequest;
}

/** Validated options, plain data (they cross into worker threads). @internal */
export interface ResolvedIngestOptions {
  format: Format;
  nan: IngestNanPolicy;
  skipInvalid: boolean;
  column: string | number;
  header: boolean | "auto";
  delimiter: number;
  name: string;
  backend: BackendRequest;
}

function bad(field: string, message: string): never {
  throw new BatchStatsError("E_BAD_ARGUMENT", `${field} ${message}`, { field });
}

/** Validates ingest options (E_BAD_ARGUMENT naming the option). @internal */
export function resolveIngestOptions(
  options: IngestOptions | undefined,
  defaultName = "<stream>",
): ResolvedIngestOptions {
  if (typeof options !== "object" || options === null) bad("options", "must be an object with at least a format");
  const format = checkChoice(options.format, FORMATS, "options.format");
  const nan = options.nan === undefined ? "raise" : checkChoice(options.nan, ["raise", "omit"] as const, "options.nan");
  const skipInvalid = options.skipInvalid ?? false;
  if (typeof skipInvalid !== "boolean") bad("options.skipInvalid", "must be a boolean");
  const column = options.column ?? 0;
  if (typeof column === "number") {
    if (!Number.isSafeInteger(column) || column < 0)
      bad("options.column", `must be a non-negative integer or a name, got ${column}`);
  } else if (typeof column !== "string" || column === "") {
    bad("options.column", "must be a column name or a 0-based index");
  }
  const header = options.header ?? (typeof column === "string" ? true : "auto");
  if (header !== true && header !== false && header !== "auto") bad("options.header", 'must be true, false or "auto"');
  if (typeof column === "string" && header === false)
    bad("options.header", `is false but column ${JSON.stringify(column)} is a name`);
  const delimiter = options.delimiter ?? ",";
  if (
    typeof delimiter !== "string" ||
    delimiter.length !== 1 ||
    delimiter.charCodeAt(0) > 127 ||
    '"\r\n'.includes(delimiter)
  ) {
    bad(
      "options.delimiter",
      `must be one ASCII character other than a quote or a line break, got ${JSON.stringify(delimiter)}`,
    );
  }
  const name = options.name ?? defaultName;
  if (typeof name !== "string") bad("options.name", "must be a string");
  const backend = options.backend ?? "auto";
  checkChoice(backend, ["auto", "wasm", "js"] as const, "options.backend");
  return { format, nan, skipInvalid, column, header, delimiter: delimiter.charCodeAt(0), name, backend };
}
