import { stat } from "node:fs/promises";
import { BatchStatsError } from "../errors.js";
import { type Format, type IngestNanPolicy, type IngestOptions, resolveIngestOptions } from "../node/ingest-options.js";
import type { IngestReport } from "../node/ingest-report.js";
import { summarizeDescriptor, summarizePath } from "../node/summarize-file.js";
import { summarizeStream } from "../node/summarize-stream.js";
import { Summary } from "../summary/summary.js";
import { columnChoice } from "./column-choice.js";
import { mergeChecked } from "./finite-checks.js";
import { formatFor } from "./input-format.js";
import { type CliIo, writeLine } from "./io.js";
import { createProgress } from "./progress.js";
import { summaryLine } from "./summary-line.js";

/** The options of `batchstats summarize`, as commander parses them. */
export interface SummarizeFlags {
  format?: Format;
  column?: string | number;
  covariate?: string | number;
  header?: boolean;
  delimiter?: string;
  workers: number;
  nan: IngestNanPolicy;
  clip?: [number, number];
  skipInvalid?: boolean;
  quiet?: boolean;
}

/** "data.txt: skipped 3 of 1000 records (not numbers), on lines 4, 9, 12". */
function skipNotice(input: string, report: IngestReport<unknown>): string {
  const lines = report.skippedRecords.map((r) => r.line).join(", ");
  const more = report.skipped > report.skippedRecords.length ? ", …" : "";
  return `batchstats: ${input}: skipped ${report.skipped} of ${report.records} records (not numbers), on lines ${lines}${more}`;
}

/** The size of a file input, for the progress bar: 0 for stdin (read from an offset not known here). */
async function sizeOf(input: string): Promise<number> {
  if (input === "-") return 0;
  try {
    const info = await stat(input);
    return info.isFile() ? info.size : 0;
  } catch {
    return 0; // reported when the file is read
  }
}

/**
 * Where an input is read from: a file's path, stdin's descriptor when stdin is a regular file
 * (`CliIo.stdinFd`, read from its offset), or undefined for stdin read as a stream.
 */
export type InputSource = string | number | undefined;

/** How one kind of summary is read from an input, merged over inputs and printed. */
export interface SummaryKind<S> {
  empty: S;
  /** Reads one input: a file at a path (with progress), stdin's descriptor, or stdin as a stream. */
  read(source: InputSource, name: string, format: Format, onProgress: (done: number) => void): Promise<IngestReport<S>>;
  merge(total: S, next: S, name: string): S;
  line(s: S): string;
}

/** The ingest options the flags give for one input (`name`, in `format`). */
function ingestOptions(flags: SummarizeFlags, format: Format, name: string): IngestOptions {
  const options: IngestOptions = { format, nan: flags.nan, skipInvalid: flags.skipInvalid === true, name };
  if (flags.column !== undefined) options.column = flags.column;
  if (flags.header !== undefined) options.header = flags.header;
  if (flags.delimiter !== undefined) options.delimiter = flags.delimiter;
  if (flags.clip !== undefined) options.clip = flags.clip;
  return options;
}

/** Summaries of one column (of every format), merged with `merge`. */
function valueKind(flags: SummarizeFlags, io: CliIo): SummaryKind<Summary> {
  return {
    empty: Summary.empty(),
    read: (source, name, format, onProgress) => {
      const options = ingestOptions(flags, format, name);
      if (source === undefined) return summarizeStream(io.stdin, options);
      const resolved = resolveIngestOptions(options);
      return typeof source === "number"
        ? summarizeDescriptor(source, resolved)
        : summarizePath(source, resolved, flags.workers, onProgress);
    },
    merge: mergeChecked,
    line: summaryLine,
  };
}

/** The usage errors of `--covariate`: it reads pairs from CSV, y from --column, and cannot clip. */
function checkPairFlags(flags: SummarizeFlags, inputs: string[], formats: Format[]): string | number {
  const refuse = (message: string) => {
    throw new BatchStatsError("E_BAD_ARGUMENT", message, { field: "--covariate" });
  };
  if (flags.clip !== undefined) {
    refuse(
      "--clip cannot be used with --covariate: a pair summary records no clip bounds (privatize releases summaries of one column)",
    );
  }
  if (flags.column === undefined) refuse("--covariate needs --column, the metric (y) that the covariate (x) goes with");
  const other = formats.findIndex((format) => format !== "csv");
  if (other >= 0)
    refuse(`--covariate reads two columns of a CSV; ${inputs[other]} is read as ${formats[other]} (use --format csv)`);
  return flags.column as string | number;
}

/**
 * `batchstats summarize <file…|->`: one summary of all the inputs, as JSON on stdout (with
 * `--covariate`, one pair summary of two CSV columns: y from `--column`, x from the covariate).
 * Inputs are read one after the other (each with `--workers` threads) by the library, which
 * also decompresses gzip text and CSV and clips values with `--clip`; `-` is stdin (a regular
 * file given as stdin is read from its offset through reused buffers, never reopened; anything
 * else as a stream). Records skipped with
 * `--skip-invalid` are reported on stderr, per input, once any progress bar is gone, and only
 * when the command succeeds (a failure is one line on stderr). This module is the only one of
 * the command line that loads the ingest code (batchstats/node); program.ts imports it when
 * `summarize` runs.
 *
 * @example
 * ```ts
 * await summarizeCommand(["a.f64", "b.csv"], { workers: 1, nan: "raise", column: "ms" }, io);
 * ```
 */
export async function summarizeCommand(inputs: string[], flags: SummarizeFlags, io: CliIo): Promise<void> {
  if (inputs.filter((input) => input === "-").length > 1) {
    throw new BatchStatsError("E_BAD_ARGUMENT", "stdin (-) can be read only once", { field: "inputs" });
  }
  const formats = inputs.map((input) => flags.format ?? formatFor(input)); // name errors before reading
  if (flags.covariate === undefined) {
    await summarizeAll(inputs, formats, valueKind(flags, io), flags, io);
  } else {
    const column = checkPairFlags(flags, inputs, formats);
    const { pairKind } = await import("./pair-ingest.js"); // the pair kernel, loaded only here
    await summarizeAll(inputs, formats, pairKind(flags, io, column, flags.covariate), flags, io);
  }
}

/** Reads every input as `kind` says, merges them in order and prints the one line. */
async function summarizeAll<S>(
  inputs: string[],
  formats: Format[],
  kind: SummaryKind<S>,
  flags: SummarizeFlags,
  io: CliIo,
): Promise<void> {
  const sizes = await Promise.all(inputs.map(sizeOf));
  const progress = createProgress(
    sizes.reduce((a, b) => a + b, 0),
    io.stderr,
    flags.quiet === true,
  );
  let total = kind.empty;
  const notices: string[] = [];
  let before = 0;
  try {
    for (const [k, input] of inputs.entries()) {
      const name = input === "-" ? "<stdin>" : input;
      const source = input === "-" ? io.stdinFd : input;
      const onProgress = (done: number) => progress.update(before + done);
      let report: IngestReport<S>;
      try {
        report = await kind.read(source, name, formats[k] ?? "text", onProgress);
      } catch (error) {
        throw columnChoice(error, name);
      }
      before += sizes[k] ?? 0;
      total = kind.merge(total, report.summary, name);
      if (report.skipped > 0) notices.push(skipNotice(input, report));
    }
  } finally {
    progress.stop();
  }
  const line = kind.line(total);
  for (const notice of notices) writeLine(io.stderr, notice); // on success only: a failure is one line
  writeLine(io.stdout, line);
}
