import type { Stats } from "node:fs";
import { open, stat } from "node:fs/promises";
import { BatchStatsError } from "../errors.js";
import { createDecoder } from "./decoders/decoder.js";
import { combineRanges } from "./files/combine-ranges.js";
import { planRanges } from "./files/plan-ranges.js";
import { decodeRanges } from "./files/run-workers.js";
import { readDescriptor, summarizeSequential } from "./files/summarize-range.js";
import { workerScript } from "./files/worker-script.js";
import { IngestError, ioError } from "./ingest-error.js";
import { type IngestOptions, parseIngestOptions, type ResolvedIngestOptions, VALUE_SIZE } from "./ingest-options.js";
import type { IngestReport } from "./ingest-report.js";
import { throwIfAborted } from "./stream/abort.js";
import { isGzip } from "./stream/gunzip.js";

/** Options of `summarizeFile`: those of `summarizeStream` but `name` (the path names the file), and these. */
export interface FileOptions extends Omit<IngestOptions, "name"> {
  /**
   * Threads to read the file with (default 1): the calling thread and `workers − 1` worker
   * threads, each taking the next 32 MiB range whenever it is free. A file of one range (≤ 32
   * MiB), CSV and gzip files are read by the calling thread alone. The summary is the same for
   * any number. Worker threads are kept for the next call (idle ones never hold the process
   * open and end after 10 s), so only the first call pays their start (~30 ms).
   */
  workers?: number;
  /** Called as bytes are summarized, with the bytes done so far and the file size. */
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  /** Where the worker script is (path or file URL), if not beside this module (e.g. after bundling). */
  workerUrl?: string | URL;
}

const FILE_KEYS = ["workers", "onProgress", "workerUrl"] as const;

function checkWorkers(workers: unknown): number {
  if (workers === undefined) return 1;
  if (typeof workers !== "number" || !Number.isSafeInteger(workers) || workers < 1 || workers > 256) {
    throw new BatchStatsError(
      "E_BAD_ARGUMENT",
      `options.workers must be an integer from 1 to 256, got ${String(workers)}`,
      { field: "options.workers" },
    );
  }
  return workers;
}

/** @internal */
export function checkProgress(value: unknown): FileOptions["onProgress"] {
  if (value === undefined || typeof value === "function") return value as FileOptions["onProgress"];
  throw new BatchStatsError("E_BAD_ARGUMENT", "options.onProgress must be a function (bytesDone, bytesTotal)", {
    field: "options.onProgress",
  });
}

function checkWorkerUrl(value: unknown): string | URL | undefined {
  if (value === undefined || value instanceof URL || (typeof value === "string" && value !== "")) return value;
  throw new BatchStatsError("E_BAD_ARGUMENT", "options.workerUrl must be a path or a file URL", {
    field: "options.workerUrl",
  });
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

/** Whether a text or CSV file starts with the gzip magic bytes. */
async function startsWithGzip(path: string, options: ResolvedIngestOptions): Promise<boolean> {
  if (options.format !== "text" && options.format !== "csv") return false;
  let fh: Awaited<ReturnType<typeof open>>;
  try {
    fh = await open(path, "r");
  } catch (error) {
    throw ioError(options.name, error);
  }
  try {
    const head = new Uint8Array(2);
    const { bytesRead } = await fh.read(head, 0, 2, 0);
    return isGzip(head.subarray(0, bytesRead));
  } catch (error) {
    throw ioError(options.name, error);
  } finally {
    await fh.close().catch(() => undefined);
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
 * Formats, errors and the report are those of `summarizeStream` (gzip-compressed text and CSV
 * are read too, by one thread); errors name the path. An unreadable path is `E_IO`, and so is a
 * file that changes size while it is read (truncated or grown: a partial summary is never
 * returned); a binary file whose size is not a multiple of the value size is `E_FORMAT`
 * (checked before reading). Pipes, devices and files whose size is 0 (which procfs files such
 * as /proc/self/status report whatever they hold) are read to their end by one thread. With
 * `signal`, rejects with `signal.reason` soon after the abort, once every thread has stopped and
 * the file is closed.
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
  const { resolved, signal, extra } = parseIngestOptions(options, path, FILE_KEYS, false);
  return summarizePath(
    path,
    resolved,
    checkWorkers(extra.workers),
    checkProgress(extra.onProgress),
    checkWorkerUrl(extra.workerUrl),
    signal,
  );
}

/**
 * `summarizeFile` after validation, reading `path` but naming the input `options.name` in
 * errors (the CLI names stdin "<stdin>").
 * @internal
 */
export async function summarizePath(
  path: string,
  options: ResolvedIngestOptions,
  workers: number,
  onProgress?: (bytesDone: number, bytesTotal: number) => void,
  workerUrl?: string | URL,
  signal?: AbortSignal,
): Promise<IngestReport> {
  throwIfAborted(signal);
  const size = knownSize(await statInput(path, options.name));
  if (size === undefined) return combineRanges([await summarizeSequential(path, options, undefined, signal)], options);
  checkBinarySize(options.name, size, options);
  let done = 0;
  const onBytes = (bytes: number) => {
    done += bytes;
    onProgress?.(Math.min(done, size), size);
  };
  let report: IngestReport;
  if (await startsWithGzip(path, options)) {
    report = combineRanges([await summarizeSequential(path, options, onBytes, signal, size)], options);
  } else {
    const ranges = planRanges(size, options.format);
    const threads = Math.min(workers, ranges.length);
    const script = threads > 1 ? workerScript(workerUrl) : undefined;
    report = combineRanges(await decodeRanges(path, ranges, options, threads, script, onBytes, size, signal), options);
  }
  await checkUnchanged(path, options.name, size);
  return report;
}

/**
 * Summarizes what is left to read of the open file descriptor `fd`, from its offset to its end
 * (the CLI's stdin when it is a regular file, `< data.f64`), by this thread through reused
 * buffers; `options.name` names it in errors. The descriptor is left open. @internal
 */
export async function summarizeDescriptor(
  fd: number,
  options: ResolvedIngestOptions,
  signal?: AbortSignal,
): Promise<IngestReport> {
  return combineRanges([await readDescriptor(fd, options, () => createDecoder(options), signal)], options);
}

/** What `stat` says of the input at `path` (named `name`): E_IO when it cannot be read or is a directory. @internal */
export async function statInput(path: string, name: string): Promise<Stats> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    throw ioError(name, error);
  }
  if (info.isDirectory()) throw new IngestError("E_IO", { input: name }, "cannot read: is a directory");
  return info;
}

/**
 * The size of a regular file that `stat` gives, when it can be trusted to say where the file
 * ends: undefined for pipes and devices, and for a file of size 0, which may hold bytes all the
 * same (procfs files such as /proc/self/status): such inputs are read to their end. @internal
 */
export function knownSize(info: Stats): number | undefined {
  return info.isFile() && info.size > 0 ? info.size : undefined;
}

/** E_IO when the file's size is no longer `size`: it grew or shrank while it was read. @internal */
export async function checkUnchanged(path: string, name: string, size: number): Promise<void> {
  let now: number;
  try {
    now = (await stat(path)).size;
  } catch (error) {
    throw ioError(name, error);
  }
  if (now !== size) {
    throw new IngestError(
      "E_IO",
      { input: name },
      `the file changed size while it was read (${size} bytes when the job started, ${now} now): its summary would be partial`,
    );
  }
}
