import { BatchStatsError } from "../errors.js";
import type { PairSummary } from "../pairs/pair-summary.js";
import { createPairDecoder } from "./decoders/pair-decoder.js";
import { readDescriptor, readSequential } from "./files/summarize-range.js";
import type { ResolvedIngestOptions } from "./ingest-options.js";
import { type IngestReport, reportOf } from "./ingest-report.js";
import { type PairIngestOptions, parsePairIngestOptions } from "./pair-ingest-options.js";
import { throwIfAborted } from "./stream/abort.js";
import { checkProgress, checkUnchanged, knownSize, statInput } from "./summarize-file.js";

/** Options of `summarizePairFile`: those of `summarizePairStream` but `name` (the path names the file), and `onProgress`. */
export interface PairFileOptions extends Omit<PairIngestOptions, "name"> {
  /** Called as bytes are summarized, with the bytes done so far and the file size. */
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
}

/**
 * Summarizes pairs (x, y) from two columns of a CSV file (gzip-compressed or not) into a
 * `PairSummary`, as `summarizePairStream` does, reading 1 MiB at a time (one thread: CSV is
 * read from start to end). Errors name the path; an unreadable path, or a file that changes
 * size while it is read, is `E_IO`.
 *
 * @example
 * ```ts
 * import { mkdtemp, rm, writeFile } from "node:fs/promises";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * import { summarizePairFile } from "batchstats/node";
 *
 * const dir = await mkdtemp(join(tmpdir(), "batchstats-"));
 * await writeFile(join(dir, "arm-a.csv"), "revenue,revenue_pre\n12,10\n15,11\n9,8\n20,16\n");
 * const { summary } = await summarizePairFile(join(dir, "arm-a.csv"), { y: "revenue", x: "revenue_pre" });
 * summary.count; // => 4
 * summary.meanX; // => 11.25
 * await rm(dir, { recursive: true });
 * ```
 */
export async function summarizePairFile(path: string, options: PairFileOptions): Promise<IngestReport<PairSummary>> {
  if (typeof path !== "string" || path === "") {
    throw new BatchStatsError("E_BAD_ARGUMENT", "path must be a non-empty string", { field: "path" });
  }
  const { resolved, signal, extra } = parsePairIngestOptions(options, path, ["onProgress"] as const, false);
  return summarizePairPath(path, resolved, checkProgress(extra.onProgress), signal);
}

/**
 * `summarizePairFile` after validation, reading `path` but naming the input `options.name`
 * (the CLI names stdin "<stdin>"). Pipes, devices and files of size 0 (procfs) are read
 * to their end.
 * @internal
 */
export async function summarizePairPath(
  path: string,
  options: ResolvedIngestOptions,
  onProgress?: (bytesDone: number, bytesTotal: number) => void,
  signal?: AbortSignal,
): Promise<IngestReport<PairSummary>> {
  throwIfAborted(signal);
  const size = knownSize(await statInput(path, options.name));
  const decoder = () => createPairDecoder(options);
  let done = 0;
  const onBytes =
    size === undefined
      ? undefined
      : (bytes: number) => {
          done += bytes;
          onProgress?.(Math.min(done, size), size);
        };
  const decoded = await readSequential(path, options, decoder, onBytes, signal, size);
  if (size !== undefined) await checkUnchanged(path, options.name, size);
  return reportOf(decoded);
}

/** `summarizeDescriptor` for pairs: what is left to read of the open descriptor `fd`. @internal */
export async function summarizePairDescriptor(
  fd: number,
  options: ResolvedIngestOptions,
  signal?: AbortSignal,
): Promise<IngestReport<PairSummary>> {
  return reportOf(await readDescriptor(fd, options, () => createPairDecoder(options), signal));
}
