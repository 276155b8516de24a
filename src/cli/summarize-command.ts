import { stat } from "node:fs/promises";
import { BatchStatsError } from "../errors.js";
import { type Format, type IngestNanPolicy, type IngestOptions, resolveIngestOptions } from "../node/ingest-options.js";
import type { IngestReport } from "../node/ingest-report.js";
import { summarizePath } from "../node/summarize-file.js";
import { summarizeStream } from "../node/summarize-stream.js";
import { Summary } from "../summary/summary.js";
import { columnChoice } from "./column-choice.js";
import { mergeChecked } from "./finite-checks.js";
import { formatFor } from "./input-options.js";
import { type CliIo, writeLine } from "./io.js";
import { createProgress } from "./progress.js";
import { summaryLine } from "./summary-line.js";

/** The options of `batchstats summarize`, as commander parses them. */
export interface SummarizeFlags {
  format?: Format;
  column?: string | number;
  header?: boolean;
  delimiter?: string;
  workers: number;
  nan: IngestNanPolicy;
  clip?: [number, number];
  skipInvalid?: boolean;
  quiet?: boolean;
}

/** "data.txt: skipped 3 of 1000 records (not numbers), on lines 4, 9, 12". */
function skipNotice(input: string, report: IngestReport): string {
  const lines = report.skippedRecords.map((r) => r.line).join(", ");
  const more = report.skipped > report.skippedRecords.length ? ", …" : "";
  return `batchstats: ${input}: skipped ${report.skipped} of ${report.records} records (not numbers), on lines ${lines}${more}`;
}

async function sizeOf(input: string, io: CliIo): Promise<number> {
  const path = input === "-" ? io.stdinPath : input;
  if (path === undefined) return 0;
  try {
    const info = await stat(path);
    return info.isFile() ? info.size : 0;
  } catch {
    return 0; // reported when the file is read
  }
}

/**
 * `batchstats summarize <file…|->`: one summary of all the inputs, as JSON on stdout. Inputs are
 * read one after the other (each with `--workers` threads) by the library, which also
 * decompresses gzip text and CSV; `-` is stdin (read as a file through /dev/stdin where there is
 * one, else as a stream). Records skipped with `--skip-invalid` are reported on stderr, per
 * input, once any progress bar is gone, and only when the command succeeds (a failure is one
 * line on stderr). This module is the only one of the command line that
 * loads the ingest code (batchstats/node); program.ts imports it when `summarize` runs.
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
  const sizes = await Promise.all(inputs.map((input) => sizeOf(input, io)));
  const progress = createProgress(
    sizes.reduce((a, b) => a + b, 0),
    io.stderr,
    flags.quiet === true,
  );
  let total = Summary.empty();
  const notices: string[] = [];
  let before = 0;
  try {
    for (const [k, input] of inputs.entries()) {
      const name = input === "-" ? "<stdin>" : input;
      const options: IngestOptions = {
        format: formats[k] ?? "text",
        nan: flags.nan,
        skipInvalid: flags.skipInvalid === true,
        name,
      };
      if (flags.column !== undefined) options.column = flags.column;
      if (flags.header !== undefined) options.header = flags.header;
      if (flags.delimiter !== undefined) options.delimiter = flags.delimiter;
      if (flags.clip !== undefined) options.clip = flags.clip;
      const path = input === "-" ? io.stdinPath : input;
      const onProgress = (done: number) => progress.update(before + done);
      let report: IngestReport;
      try {
        report =
          path === undefined
            ? await summarizeStream(io.stdin, options)
            : await summarizePath(path, resolveIngestOptions(options), flags.workers, onProgress);
      } catch (error) {
        throw columnChoice(error, name);
      }
      before += sizes[k] ?? 0;
      total = mergeChecked(total, report.summary, name);
      if (report.skipped > 0) notices.push(skipNotice(input, report));
    }
  } finally {
    progress.stop();
  }
  const line = summaryLine(total);
  for (const notice of notices) writeLine(io.stderr, notice); // on success only: a failure is one line
  writeLine(io.stdout, line);
}
