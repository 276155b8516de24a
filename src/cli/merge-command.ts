import { BatchStatsError } from "../errors.js";
import { merge } from "../summary/merge.js";
import { type CliIo, writeLine } from "./io.js";
import { readSummary } from "./read-summary.js";

/** `batchstats merge <summary.json…>`: the merged summary, as JSON on stdout. */
export async function mergeCommand(files: string[], io: CliIo): Promise<void> {
  if (files.filter((file) => file === "-").length > 1) {
    throw new BatchStatsError("E_BAD_ARGUMENT", "stdin (-) can be read only once", { field: "files" });
  }
  const summaries = [];
  for (const file of files) summaries.push(await readSummary(file, io));
  writeLine(io.stdout, JSON.stringify(merge(...summaries)));
}
