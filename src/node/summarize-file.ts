import { stat } from "node:fs/promises";
import { BatchStatsError } from "../errors.js";
import { combineRanges } from "./files/combine-ranges.js";
import { IngestError, ioError } from "./ingest-error.js";
import { type IngestOptions, type ResolvedIngestOptions, resolveIngestOptions, VALUE_SIZE } from "./ingest-options.js";
import type { IngestReport } from "./ingest-report.js";
import { planRanges } from "./files/plan-ranges.js";
import { decodeRanges } from "./files/run-workers.js";
import { summarizeSequential } from "./files/summarize-range.js";
import { workerScript } from "./files/worker-script.js";

/** Options of `summarizeFile`. */
export interface FileOptions extends Omit<IngestOptions, "name"> {
  /**
   * Threads to read the file with (default 1): the calling thread and `workers − 1` worker
   * threads, each taking the next 32 MiB range whenever it is free. A file of one range (≤ 32
   * MiB) and CSV are read by the calling thread alone. The summary is the same for any number.
   * Worker threads are kept for the next call (idle ones never hold the process open and end
   * after 10 s), so only the first call pays their start (~30 ms).
   */
  workers?: number;
  /** Called as bytes are summarized, with the bytes done so far and the file size. */
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  /** Where the worker script is (path or file URL), if not beside this module (e.g. after bundling). */
  workerUrl?: string | URL;
}

function checkWorkers(workers: unknown): number {
  if (workers === undefined) return 1;
  if (typeof workers !== "number" || !Number.isSafeInteger(workers) || workers < 1 || workers > 256) {
    throw new BatchStatsError(
      "E_BAD_ARGUMENT",
      `options.workers must be an integer from 1 to 256, got ${String(workers)}`,
      {
        field: "options.workers",
      },
    );
  }
  return workers;
}

/** Rejects a binary file whose size is not a whole number of values, before any work. */
function checkBinarySize(path: string, size: number, options: ResolvedIngestOptions): void {
  if (options.format !== "f64le" && options.format !== "f32le") return;
  const valueSize = VALUE_SIZE[options.format];
  const extra = size % valueSize;
  if (extra !== 0) {
    throw new IngestError(
      "E_FORMAT",
      { input: path, offset: size - extra },
      `the file is ${size} bytes, not a multiple of ${valueSize} (the size of one ${options.format} value): ${extra} byte(s) at the end are not a value`,
    );
  }
}

/**
 * Summarizes a file of values with constant memory whatever its size, reading the next piece
 * while the last is summarized: f64le straight into wasm memory (no copy between the page cache
 * and the kernel), the other formats 1 MiB at a time. A file is cut into 32 MiB ranges (binary:
 * on batch boundaries; text: on line boundaries), summarized in turn — or at once by this
 * thread and worker threads, with `workers > 1` — and the range summaries are merged in file
 * order, so the summary does not depend on the number of workers. Line numbers in errors and
 * skip reports count from the start of the file either way.
 *
 * Formats, errors and the report are those of `summarizeStream`; errors name the path. An
 * unreadable path is `E_IO`; a binary file whose size is not a multiple of the value size is
 * `E_FORMAT` (checked before reading). Pipes and devices (e.g. `/dev/stdin`) are read from
 * start to end by one thread.
 *
 * @example
 * ```ts
 * import { mkdtemp, rm, writeFile } from "node:fs/promises";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * import { summarizeFile } from "batchstats/node";
 *
 * const dir = await mkdtemp(join(tmpdir(), "batchstats-"));
 * await writeFile(join(dir, "latency.f64"), new Float64Array([2, 4, 4, 4, 5, 5, 7, 9]));
 * const { summary } = await summarizeFile(join(dir, "latency.f64"), { format: "f64le" }); // workers: 2 for big files
 * summary.mean;   // => 5
 * summary.std(0); // => 2
 * await rm(dir, { recursive: true });
 * ```
 */
export async function summarizeFile(path: string, options: FileOptions): Promise<IngestReport> {
  if (typeof path !== "string" || path === "") {
    throw new BatchStatsError("E_BAD_ARGUMENT", "path must be a non-empty string", { field: "path" });
  }
  const resolved = resolveIngestOptions({ ...options, name: path } as IngestOptions, path);
  return summarizePath(path, resolved, checkWorkers(options.workers), options.onProgress, options.workerUrl);
}

/**
 * `summarizeFile` after validation, reading `path` but naming the input `options.name` in
 * errors (the CLI reads /dev/stdin as "<stdin>").
 * @internal
 */
export async function summarizePath(
  path: string,
  options: ResolvedIngestOptions,
  workers: number,
  onProgress?: (bytesDone: number, bytesTotal: number) => void,
  workerUrl?: string | URL,
): Promise<IngestReport> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    throw ioError(options.name, error);
  }
  if (info.isDirectory()) throw new IngestError("E_IO", { input: options.name }, "cannot read: is a directory");
  if (!info.isFile()) return combineRanges([await summarizeSequential(path, options)]);
  const size = info.size;
  checkBinarySize(options.name, size, options);
  let done = 0;
  const onBytes = (bytes: number) => {
    done += bytes;
    onProgress?.(Math.min(done, size), size);
  };
  const ranges = planRanges(size, options.format);
  const threads = Math.min(workers, ranges.length);
  const script = threads > 1 ? workerScript(workerUrl) : undefined;
  return combineRanges(await decodeRanges(path, ranges, options, threads, script, onBytes));
}
