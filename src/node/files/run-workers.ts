import type { Worker } from "node:worker_threads";
import { BatchStatsError } from "../../errors.js";
import type { Decoded } from "../decoders/decoder.js";
import { IngestError } from "../ingest-error.js";
import type { ResolvedIngestOptions } from "../ingest-options.js";
import { decodedFromData, errorFromData, type RangeJob, type ToWorker, type WorkerMessage } from "./range-transfer.js";
import { type FileRange, summarizeRange } from "./summarize-range.js";
import { throwIfAborted } from "../stream/abort.js";
import { acquireWorker, releaseWorker, retireWorker } from "./worker-pool.js";

/** The same error, its line counted from the start of the file instead of from its range's. */
export function shiftLine(error: unknown, lines: number): unknown {
  if (!(error instanceof IngestError) || error.line === undefined || lines === 0) return error;
  return new IngestError(error.code, { ...error.location(), line: error.line + lines }, error.detail);
}

/** How long a worker told to abort may take to reply before it is ended. */
const ABORT_GRACE_MS = 50;

/** Hands out range indexes in file order, until the ranges run out or one has failed. */
class RangeQueue {
  private next = 0;
  readonly results: (Decoded | undefined)[];
  /** Failures by range index. */
  readonly failures = new Map<number, unknown>();

  constructor(
    readonly ranges: FileRange[],
    readonly signal: AbortSignal | undefined,
  ) {
    this.results = new Array(ranges.length);
  }

  /** The next range to summarize, or -1 when there is none, a range has failed or the job was aborted. */
  take(): number {
    if (this.signal?.aborted) return -1;
    return this.failures.size > 0 || this.next >= this.ranges.length ? -1 : this.next++;
  }
}

/** This thread's share: ranges from the queue until it is empty. */
async function local(queue: RangeQueue, job: RangeJob, onBytes: (bytes: number) => void): Promise<void> {
  for (let k = queue.take(); k >= 0; k = queue.take()) {
    try {
      queue.results[k] = await summarizeRange(
        job.path,
        queue.ranges[k]!,
        job.options,
        job.fileSize,
        onBytes,
        queue.signal,
      );
    } catch (error) {
      queue.failures.set(k, error);
    }
  }
}

/**
 * One worker thread's share: it is sent a range whenever it has finished the last one. The
 * worker comes from the pool and goes back to it when the ranges run out (worker-pool.ts);
 * one that failed or stopped is ended instead. On abort the worker is told to stop its range
 * and goes back to the pool once it has replied — or is ended if it has not within
 * ABORT_GRACE_MS — so that no worker is left busy when the job rejects.
 */
function remote(queue: RangeQueue, script: URL, job: RangeJob, onBytes: (bytes: number) => void): Promise<void> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = acquireWorker(script);
    } catch (error) {
      // No thread for lack of resources: the other threads take its share. Any other refusal
      // (a bad script URL or Node options) fails the range it would have taken, which stops the
      // queue.
      if ((error as { code?: unknown })?.code !== "ERR_WORKER_INIT_FAILED") {
        const index = queue.take();
        const reason = error instanceof Error ? error.message : String(error);
        if (index >= 0)
          queue.failures.set(
            index,
            new BatchStatsError("E_WORKER", `could not start a worker thread to read ${job.options.name}: ${reason}`),
          );
      }
      resolve();
      return;
    }
    let current = -1;
    let graceTimer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      if (current < 0) return;
      worker.postMessage({ abort: true } satisfies ToWorker);
      graceTimer = setTimeout(() => finish(false), ABORT_GRACE_MS);
    };
    const detach = () => {
      worker.off("message", onMessage).off("error", onError).off("exit", onExit);
      queue.signal?.removeEventListener("abort", onAbort);
      if (graceTimer !== undefined) clearTimeout(graceTimer);
    };
    let ended = false;
    const finish = (healthy: boolean) => {
      if (ended) return;
      ended = true;
      current = -1;
      detach();
      if (healthy) releaseWorker(script, worker);
      else retireWorker(worker);
      resolve();
    };
    const send = () => {
      current = queue.take();
      if (current < 0) finish(true);
      else worker.postMessage({ index: current, range: queue.ranges[current]!, job } satisfies ToWorker);
    };
    const fail = (message: string) => {
      if (current >= 0)
        queue.failures.set(
          current,
          new BatchStatsError("E_WORKER", `the worker thread reading ${job.options.name} ${message}`),
        );
      finish(false);
    };
    function onMessage(message: WorkerMessage): void {
      if (message.kind === "progress") {
        onBytes(message.bytes);
        return;
      }
      if (message.kind === "done") queue.results[message.index] = decodedFromData(message.result);
      else queue.failures.set(message.index, errorFromData(message.error));
      send();
    }
    function onError(error: Error): void {
      fail(`failed: ${error.message}`);
    }
    function onExit(code: number): void {
      if (current >= 0) fail(`stopped (exit code ${code}) before finishing`);
      else finish(false);
    }
    worker.on("message", onMessage).on("error", onError).on("exit", onExit);
    queue.signal?.addEventListener("abort", onAbort);
    send();
  });
}

/**
 * Summarizes the ranges of a file with `threads` threads: this one and `threads − 1` worker
 * threads, each taking the next range in file order whenever it is free (so a thread that
 * starts late or is slowed down by other jobs simply takes fewer). Returns the results in range
 * order, whoever computed them. On failure no new range is started; the error reported is that
 * of the earliest failing range — the one a single thread would have met first — with its line
 * counted from the file's start (every earlier range has finished by then, with its line count).
 * On abort, rejects with `signal.reason` once every thread has stopped.
 * @internal
 */
export async function decodeRanges(
  path: string,
  ranges: FileRange[],
  options: ResolvedIngestOptions,
  threads: number,
  script: URL | undefined,
  onBytes: (bytes: number) => void,
  fileSize: number,
  signal?: AbortSignal,
): Promise<Decoded[]> {
  const queue = new RangeQueue(ranges, signal);
  const job: RangeJob = { path, fileSize, options };
  // This thread takes the first range before any worker is asked for one (local() takes it
  // synchronously): a worker that has to start first is ~25 ms late.
  const own = local(queue, job, onBytes);
  const workers =
    script === undefined
      ? []
      : Array.from({ length: Math.min(threads, ranges.length) - 1 }, () => remote(queue, script, job, onBytes));
  await Promise.all([own, ...workers]);
  throwIfAborted(signal);
  if (queue.failures.size > 0) {
    const first = Math.min(...queue.failures.keys());
    const lines = queue.results.slice(0, first).reduce((sum, r) => sum + (r?.lines ?? 0), 0);
    throw shiftLine(queue.failures.get(first), lines);
  }
  return queue.results as Decoded[];
}
