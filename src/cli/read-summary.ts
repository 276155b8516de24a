import { readFile, stat } from "node:fs/promises";
import { BatchStatsError } from "../errors.js";
import { ioError } from "../node/ingest-error.js";
import { Summary } from "../summary/summary.js";
import type { CliIo } from "./io.js";

/** A summary file is a few hundred bytes; anything past this is not one. */
const MAX_SUMMARY_BYTES = 1 << 20;

async function readText(file: string, io: CliIo): Promise<string> {
  if (file === "-") {
    let text = "";
    for await (const chunk of io.stdin) text += typeof chunk === "string" ? chunk : chunk.toString("utf8");
    return text;
  }
  try {
    const info = await stat(file);
    if (info.isFile() && info.size > MAX_SUMMARY_BYTES) {
      throw new BatchStatsError(
        "E_BAD_SUMMARY",
        `${file}: invalid summary: the file is ${info.size} bytes, too big for a summary (to summarize data, use batchstats summarize)`,
      );
    }
    return await readFile(file, "utf8");
  } catch (error) {
    if (error instanceof BatchStatsError) throw error;
    throw ioError(file, error);
  }
}

/** Reads and validates one summary JSON file (`-`: stdin); errors name the file. */
export async function readSummary(file: string, io: CliIo): Promise<Summary> {
  const text = await readText(file, io);
  try {
    return Summary.fromJSON(text);
  } catch (error) {
    if (!(error instanceof BatchStatsError)) throw error;
    const where = error.field === undefined ? {} : { field: error.field };
    throw new BatchStatsError(error.code, `${file === "-" ? "<stdin>" : file}: ${error.message}`, where);
  }
}
