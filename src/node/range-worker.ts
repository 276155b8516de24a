/**
 * Entry script of a worker thread started by `summarizeFile` with `workers > 1`: summarizes
 * the ranges of a file the main thread hands it, one at a time, posting progress and each
 * range's result (see range-transfer.ts). Built to dist/node/range-worker.js; `worker-script.ts`
 * finds it.
 * @internal
 */
import { isMainThread, type MessagePort, parentPort, workerData } from "node:worker_threads";
import type { ResolvedIngestOptions } from "./ingest-options.js";
import { decodedToData, errorToData, type ToWorker, type WorkerMessage } from "./range-transfer.js";
import { summarizeRange } from "./summarize-range.js";

/** What the main thread gives a worker when it starts it. @internal */
export interface RangeJob {
  path: string;
  options: ResolvedIngestOptions;
}

/** Progress is posted every this many bytes (a message costs microseconds; a chunk is 1 MiB or less). */
const PROGRESS_EVERY = 16 << 20;

function serve(job: RangeJob, port: MessagePort): void {
  const post = (message: WorkerMessage) => port.postMessage(message);
  let unreported = 0;
  const onBytes = (bytes: number) => {
    unreported += bytes;
    if (unreported >= PROGRESS_EVERY) {
      post({ kind: "progress", bytes: unreported });
      unreported = 0;
    }
  };
  port.on("message", (message: ToWorker) => {
    summarizeRange(job.path, message.range, job.options, onBytes).then(
      (result) => {
        if (unreported > 0) post({ kind: "progress", bytes: unreported });
        unreported = 0;
        post({ kind: "done", index: message.index, result: decodedToData(result) });
      },
      (error: unknown) => post({ kind: "error", index: message.index, error: errorToData(error) }),
    );
  });
}

if (!isMainThread && parentPort !== null) serve(workerData as RangeJob, parentPort);
