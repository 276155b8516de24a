import type { BackendRequest } from "../backend/select.js";
import { BatchStatsError } from "../errors.js";
import { describeValue, readOptions } from "../options.js";
import { type ClipBounds, parseBounds } from "../summary/clip.js";
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

/** Options of `summarizeStream` (and, but for `name`, of `summarizeFile`). Unknown keys are `E_BAD_ARGUMENT`. */
export interface IngestOptions {
  /** How the input encodes values: `"f64le"`/`"f32le"` (little-endian IEEE 754), `"text"` (one number per line) or `"csv"`. Required. */
  format: Format;
  /** `"raise"` (default): a NaN stops with `E_NAN` naming where; `"omit"`: NaNs are skipped and counted in `summary.omitted`. */
  nan?: IngestNanPolicy;
  /** Text and CSV: skip records that are not numbers (counted in `skipped`, the first 10 listed) instead of throwing `E_PARSE`. Default false. */
  skipInvalid?: boolean;
  /**
   * CSV: the column to read, by header name (string) or 0-based index (number). Needed when the
   * CSV has several columns (without it that is `E_BAD_ARGUMENT`, whose `columns` lists them);
   * a CSV of one column needs none.
   */
  column?: string | number;
  /** CSV: whether the first record is a header. `"auto"` (default for an index): a header when its field in `column` is not a number. A `column` name needs a header. */
  header?: boolean | "auto";
  /** CSV: the field delimiter, one ASCII character. Default `","`. */
  delimiter?: string;
  /** Name of the input in error messages. Default `"<stream>"` (`summarizeFile` uses the path). */
  name?: string;
  /** Kernel backend, as in `summarize`. Default `"auto"`. */
  backend?: BackendRequest;
  /**
   * Contribution bounds `[lo, hi]` (finite, lo ≤ hi), as in `summarize`: finite values outside
   * are clamped to the nearer bound before they are summarized, and the summary records the
   * bounds and how many values were clamped (`summary.clip`, what `privatize` needs). NaN and
   * ±Infinity are not clamped: `nan` decides. Default: no clipping.
   */
  clip?: readonly [number, number];
  /** Stops the job: it rejects with `signal.reason` soon after the signal is aborted, and the source is closed. */
  signal?: AbortSignal;
}

/** The keys of `IngestOptions`. @internal */
export const INGEST_KEYS = [
  "format",
  "nan",
  "skipInvalid",
  "column",
  "header",
  "delimiter",
  "name",
  "backend",
  "clip",
  "signal",
] as const;

/** Validated options, plain data (they cross into worker threads). @internal */
export interface ResolvedIngestOptions {
  format: Format;
  nan: IngestNanPolicy;
  skipInvalid: boolean;
  /** undefined: not given (a CSV of one column needs none). For pairs, the y column. */
  column: string | number | undefined;
  /** CSV pairs: the x column (undefined: one column is read). */
  covariate: string | number | undefined;
  header: boolean | "auto";
  delimiter: number;
  name: string;
  backend: BackendRequest;
  /** Clip bounds, or undefined (no clipping). */
  clip: ClipBounds | undefined;
}

function bad(field: string, message: string): never {
  throw new BatchStatsError("E_BAD_ARGUMENT", `${field} ${message}`, { field });
}

/** Throws E_BAD_ARGUMENT unless `value` is undefined or an AbortSignal. @internal */
export function checkSignal(value: unknown, field = "options.signal"): AbortSignal | undefined {
  if (value === undefined) return undefined;
  const s = value as Partial<AbortSignal> | null;
  if (typeof s !== "object" || s === null || typeof s.aborted !== "boolean" || typeof s.addEventListener !== "function")
    bad(field, "must be an AbortSignal");
  return value as AbortSignal;
}

/** Throws E_BAD_ARGUMENT naming `field` unless `value` is undefined, a column name or a 0-based index. @internal */
export function checkColumn(value: unknown, field: string): string | number | undefined {
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || value < 0) bad(field, `must be a non-negative integer or a name, got ${value}`);
  } else if (value !== undefined && (typeof value !== "string" || value === "")) {
    bad(field, "must be a column name or a 0-based index");
  }
  return value as string | number | undefined;
}

/**
 * Reads ingest options and the extra keys a caller accepts (`summarizeFile`'s): unknown keys
 * and wrong types are E_BAD_ARGUMENT naming the option. @internal
 */
export function parseIngestOptions<K extends string>(
  options: unknown,
  defaultName: string,
  extraKeys: readonly K[],
  /** Whether `name` is an option here (not for files: they are named by their path). */
  named = true,
): {
  resolved: ResolvedIngestOptions;
  signal: AbortSignal | undefined;
  extra: Partial<Record<K, unknown>>;
} {
  if (options === undefined || options === null) bad("options", "must be an object with at least a format");
  const keys = [...INGEST_KEYS.filter((key) => named || key !== "name"), ...extraKeys];
  const o = readOptions(options, keys) as Partial<Record<(typeof INGEST_KEYS)[number] | K, unknown>>;
  const format = checkChoice(o.format, FORMATS, "options.format");
  const nan = o.nan === undefined ? "raise" : checkChoice(o.nan, ["raise", "omit"] as const, "options.nan");
  const skipInvalid = o.skipInvalid ?? false;
  if (typeof skipInvalid !== "boolean") bad("options.skipInvalid", "must be a boolean");
  const column = checkColumn(o.column, "options.column");
  const header = o.header ?? (typeof column === "string" ? true : "auto");
  if (header !== true && header !== false && header !== "auto") bad("options.header", 'must be true, false or "auto"');
  if (typeof column === "string" && header === false)
    bad("options.header", `is false but column ${JSON.stringify(column)} is a name`);
  const delimiter = o.delimiter ?? ",";
  if (
    typeof delimiter !== "string" ||
    delimiter.length !== 1 ||
    delimiter.charCodeAt(0) > 127 ||
    '"\r\n'.includes(delimiter)
  ) {
    bad(
      "options.delimiter",
      `must be one ASCII character other than a quote or a line break, got ${describeValue(delimiter)}`,
    );
  }
  const name = o.name ?? defaultName;
  if (typeof name !== "string") bad("options.name", "must be a string");
  const backend = checkChoice(o.backend ?? "auto", ["auto", "wasm", "js"] as const, "options.backend");
  const clip = parseBounds(o.clip, "options.clip");
  const signal = checkSignal(o.signal);
  const extra = Object.create(null) as Partial<Record<K, unknown>>;
  for (const key of extraKeys) if (o[key] !== undefined) extra[key] = o[key];
  return {
    resolved: {
      format,
      nan,
      skipInvalid,
      column,
      covariate: undefined,
      header: header as boolean | "auto",
      delimiter: delimiter.charCodeAt(0),
      name,
      backend,
      clip,
    },
    signal,
    extra,
  };
}

/** Validates ingest options (E_BAD_ARGUMENT naming the option; a signal is checked, not kept). @internal */
export function resolveIngestOptions(
  options: IngestOptions | undefined,
  defaultName = "<stream>",
): ResolvedIngestOptions {
  return parseIngestOptions(options, defaultName, []).resolved;
}
