import { BatchStatsError } from "../errors.js";
import { Summary } from "../summary/summary.js";
import { mergeChecked } from "./finite-checks.js";
import { type CliIo, writeLine } from "./io.js";
import { readSummaries } from "./summary-reader.js";
import { summaryLine } from "./summary-line.js";

/**
 * `batchstats merge <summaries…|->`: the merge of every summary of every input (files, or `-`
 * for stdin; each holding one summary, NDJSON, or arrays: see `readSummaries`), as JSON on
 * stdout. The summaries are folded one at a time into a running total, so any number of them
 * (a million on stdin) takes constant stack and memory.
 *
 * @example
 * ```ts
 * await mergeCommand(["day1.json", "day2.json"], io); // prints the merged summary
 * ```
 */
export async function mergeCommand(files: string[], io: CliIo): Promise<void> {
  if (files.filter((file) => file === "-").length > 1) {
    throw new BatchStatsError("E_BAD_ARGUMENT", "stdin (-) can be read only once", { field: "files" });
  }
  let total = Summary.empty();
  for (const file of files) {
    for await (const { summary, where } of readSummaries(file, io)) total = mergeChecked(total, summary, where);
  }
  writeLine(io.stdout, summaryLine(total));
}
