import { BatchStatsError, type ErrorCode } from "../errors.js";
import { shownString } from "./decoders/shown-text.js";

/** Where in an input a problem was found. Every field but `input` is optional. */
export interface InputLocation {
  /** The input's name: a file path, `"<stdin>"`, or a stream's `options.name`. */
  input: string;
  /** 1-based line of the record (text and CSV; for CSV, the line the record starts on). */
  line?: number;
  /** 0-based index of the CSV column. */
  column?: number;
  /** Name of the CSV column, when the file has a header. */
  columnName?: string;
  /** The text found (text and CSV), at most 80 characters. */
  text?: string;
  /** 0-based index of the value in the input (binary formats). */
  index?: number;
  /** Byte offset of the record or value in the input. */
  offset?: number;
}

const MAX_SHOWN = 80;

/** Cuts `text` to at most 80 characters (with an ellipsis). @internal */
export function shorten(text: string): string {
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

/** "data.csv, line 17, column 2 ("latency")" — the human-readable part of a location. @internal */
export function describeLocation(where: InputLocation): string {
  const parts = [shownString(where.input)];
  if (where.line !== undefined) parts.push(`line ${where.line}`);
  if (where.column !== undefined) {
    parts.push(
      where.columnName === undefined
        ? `column ${where.column}`
        : `column ${where.column} (${shownString(JSON.stringify(where.columnName))})`,
    );
  }
  if (where.index !== undefined) parts.push(`value ${where.index}`);
  if (where.offset !== undefined && where.line === undefined) parts.push(`byte ${where.offset}`);
  return parts.join(", ");
}

/** What an `IngestError` may carry besides its place (the last argument of its constructor). */
export interface IngestErrorExtra {
  /** The option at fault (`E_BAD_ARGUMENT`). */
  field?: string;
  /** The columns found, when `column` must be given. */
  columns?: string[];
  /** Whether `columns` are header names (else 0-based indices). */
  header?: boolean;
}

/**
 * A `BatchStatsError` about one place in an input file or stream: which input, line, CSV
 * column, value index or byte offset, and the text found there. Thrown by `summarizeStream`
 * and `summarizeFile` with codes `E_PARSE` (a record is not a number), `E_NAN` / `E_INFINITE`
 * (a NaN or ±Infinity value where the policy forbids it), `E_FORMAT`, `E_IO`, and
 * `E_BAD_ARGUMENT` with `field: "options.column"` and the `columns` found when a CSV has
 * several columns and none was chosen.
 *
 * @example
 * ```ts
 * import { summarizeStream, IngestError } from "batchstats/node";
 * try {
 *   await summarizeStream(["1\n2\nabc\n"], { format: "text", name: "a.txt" });
 * } catch (e) {
 *   if (e instanceof IngestError) console.log(e.code, e.line, e.text); // => E_PARSE 3 abc
 *   // e.message: 'a.txt, line 3: "abc" is not a number (use skipInvalid to skip such records)'
 * }
 * ```
 */
export class IngestError extends BatchStatsError {
  /** The input's name (file path, `"<stdin>"`, or `options.name`). */
  readonly input: string;
  /** 1-based line, for text and CSV inputs. */
  readonly line?: number;
  /** 0-based CSV column index. */
  readonly column?: number;
  /** CSV column name from the header. */
  readonly columnName?: string;
  /** The offending text (at most 80 characters). */
  readonly text?: string;
  /** Byte offset of the offending record or value. */
  readonly offset?: number;
  /** What is wrong, without the location (the message is `location: detail`). */
  readonly detail: string;
  /**
   * The columns of a CSV that has several, when none was chosen (`E_BAD_ARGUMENT`, field
   * `options.column`): its header names, or `"0"`, `"1"`… when it has no header.
   */
  readonly columns?: string[];
  /** Whether `columns` are header names (else 0-based indices, as strings). */
  readonly header?: boolean;

  constructor(code: ErrorCode, where: InputLocation, detail: string, extra: IngestErrorExtra = {}) {
    const at: { index?: number; field?: string } = {};
    if (where.index !== undefined) at.index = where.index;
    if (extra.field !== undefined) at.field = extra.field;
    super(code, `${describeLocation(where)}: ${detail}`, at);
    this.name = "IngestError";
    this.input = where.input;
    this.detail = detail;
    if (where.line !== undefined) this.line = where.line;
    if (where.column !== undefined) this.column = where.column;
    if (where.columnName !== undefined) this.columnName = where.columnName;
    if (where.text !== undefined) this.text = where.text;
    if (where.offset !== undefined) this.offset = where.offset;
    if (extra.columns !== undefined) this.columns = extra.columns;
    if (extra.header !== undefined) this.header = extra.header;
  }

  /** What the error carries besides its place, as plain data (for passing between threads). @internal */
  extra(): IngestErrorExtra {
    const extra: IngestErrorExtra = {};
    if (this.field !== undefined) extra.field = this.field;
    if (this.columns !== undefined) extra.columns = this.columns;
    if (this.header !== undefined) extra.header = this.header;
    return extra;
  }

  /** The location as plain data (for passing between threads). */
  location(): InputLocation {
    const where: InputLocation = { input: this.input };
    if (this.line !== undefined) where.line = this.line;
    if (this.column !== undefined) where.column = this.column;
    if (this.columnName !== undefined) where.columnName = this.columnName;
    if (this.text !== undefined) where.text = this.text;
    if (this.index !== undefined) where.index = this.index;
    if (this.offset !== undefined) where.offset = this.offset;
    return where;
  }
}

/** The `field` of `error` (the quantity out of range, the option at fault), as an `IngestError` carries it. @internal */
export function fieldOf(error: BatchStatsError): IngestErrorExtra {
  return error.field === undefined ? {} : { field: error.field };
}

/** An `E_IO` error for a failed open/read/stat of `path`, keeping the system's reason. @internal */
export function ioError(path: string, cause: unknown): IngestError {
  const err = cause as { code?: string; message?: string } | undefined;
  const reasons: Record<string, string> = {
    ENOENT: "no such file",
    EACCES: "permission denied",
    EISDIR: "is a directory",
    EMFILE: "too many open files",
  };
  const reason = (err?.code && reasons[err.code]) ?? err?.message ?? String(cause);
  return new IngestError("E_IO", { input: path }, `cannot read: ${reason}${err?.code ? ` (${err.code})` : ""}`);
}
