/**
 * Entry script of a worker thread started by `summarizeFile` with `workers > 1`: summarizes
 * the ranges the main thread hands it, one at a time, posting progress and each range's result
 * (see range-transfer.ts). Each message names its file, so a worker serves one call after
 * another (worker-pool.ts). Built to dist/node/range-worker.js; `worker-script.ts` finds it.
 * @internal
 */
import { isMainThread, type MessagePort, parentPort } from "node:worker_threads";
import { decodedToData, errorToData, type ToWorker, type WorkerMessage } from "./files/range-transfer.js";
import { summarizeRange } from "./files/summarize-range.js";

/** Progress is posted every this many bytes (a message costs microseconds; a chunk is 1 MiB or less). */
const PROGRESS_EVERY = 16 << 20;

function serve(port: MessagePort): void {
  const post = (message: WorkerMessage) => port.postMessage(message);
  let unreported = 0;
  const onBytes = (bytes: number) => {
    unreported += bytes;
    if (unreported >= PROGRESS_EVERY) {
      post({ kind: "progress", bytes: unreported });
      unreported = 0;
    }
  };
  port.on("message", ({ index, range, job }: ToWorker) => {
    summarizeRange(job.path, range, job.options, onBytes).then(
      (result) => {
        if (unreported > 0) post({ kind: "progress", bytes: unreported });
        unreported = 0;
        post({ kind: "done", index, result: decodedToData(result) });
      },
      (error: unknown) => {
        unreported = 0;
        post({ kind: "error", index, error: errorToData(error) });
      },
    );
  });
}

if (!isMainThread && parentPort !== null) serve(parentPort);
