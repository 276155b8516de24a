import { BatchStatsError } from "../errors.js";

/**
 * Exit codes of the `batchstats` command:
 * - 0: done;
 * - 1: usage error (unknown option, bad option value, missing argument);
 * - 2: bad input — a malformed record, NaN/±Infinity where not allowed, a binary file of the
 *   wrong size, an unreadable file, an invalid summary JSON, too few values for a t-test;
 * - 3: internal failure (a worker thread died, a bug);
 * - 141: stdout was closed by its reader (`| head -1`) before everything was written: the rest
 *   is dropped and nothing is printed on stderr (closed-pipe.ts).
 */
export const EXIT = { ok: 0, usage: 1, input: 2, internal: 3 } as const;

/**
 * A `BatchStatsError` that is a problem of the input whatever its code (exit code 2), e.g. an
 * `E_BAD_ARGUMENT` of `ttest` about the data (both variances zero) rather than about an option.
 */
export class BadInput extends BatchStatsError {
  /** The same error, as a problem of the input (other errors are returned as they are). */
  static from(error: unknown): unknown {
    if (!(error instanceof BatchStatsError) || error instanceof BadInput) return error;
    const where: { index?: number; field?: string } = {};
    if (error.index !== undefined) where.index = error.index;
    if (error.field !== undefined) where.field = error.field;
    return new BadInput(error.code, error.message, where);
  }
}

/** The exit code for an error thrown while running a command. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof BadInput) return EXIT.input;
  if (!(error instanceof BatchStatsError)) return EXIT.internal;
  if (error.code === "E_BAD_ARGUMENT") return EXIT.usage;
  if (error.code === "E_WORKER" || error.code === "E_NO_WASM") return EXIT.internal;
  return EXIT.input;
}

const SHORT_ESCAPES: Record<number, string> = { 10: "\\n", 13: "\\r" }; // line feed, carriage return

/** `text` on one line: line breaks and control characters but tabs written as escapes (`\n`, `\u0000`). */
function oneLine(text: string): string {
  let out = "";
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x20 || c === 0x09) && c !== 0x7f && c !== 0x2028 && c !== 0x2029) continue;
    out += text.slice(from, i) + (SHORT_ESCAPES[c] ?? `\\u${c.toString(16).padStart(4, "0")}`);
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * The one line printed on stderr for an error: `batchstats: <message> (<code>)`. Messages may
 * quote the input (a JSON parser's excerpt, a CSV field): any line break in them is escaped, so
 * the line stays one line.
 */
export function errorLine(error: unknown): string {
  if (error instanceof BatchStatsError) return `batchstats: ${oneLine(error.message)} (${error.code})`;
  return `batchstats: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}

/**
 * Reports a command's failure: writes its error line (`errorLine`) to `stderr` and returns its exit code
 * (`exitCodeFor`). What `batchstats` does with any error a command throws.
 *
 * @example
 * ```ts
 * process.exitCode = await mergeCommand(files, io).then(() => EXIT.ok, (error) => reportFailure(error, io.stderr));
 * ```
 */
export function reportFailure(error: unknown, stderr: NodeJS.WritableStream): number {
  stderr.write(`${errorLine(error)}\n`);
  return exitCodeFor(error);
}
