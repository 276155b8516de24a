/**
 * Entry script of a worker thread started by `summarizeFile` with `workers > 1`: summarizes
 * the ranges the main thread hands it, one at a time, posting progress and each range's result
 * (see files/range-transfer.ts). Each message names its file, so a worker serves one call after
 * another (files/worker-pool.ts); an `abort` message stops the range being read. Built to
 * dist/node/range-worker.js; `files/worker-script.ts` finds it.
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
  let running: AbortController | undefined;
  const onBytes = (bytes: number) => {
    unreported += bytes;
    if (unreported >= PROGRESS_EVERY) {
      post({ kind: "progress", bytes: unreported });
      unreported = 0;
    }
  };
  port.on("message", (message: ToWorker) => {
    if ("abort" in message) {
      running?.abort();
      return;
    }
    const { index, range, job } = message;
    const controller = new AbortController();
    running = controller;
    summarizeRange(job.path, range, job.options, job.fileSize, onBytes, controller.signal)
      .then(
        (result) => {
          if (unreported > 0) post({ kind: "progress", bytes: unreported });
          unreported = 0;
          post({ kind: "done", index, result: decodedToData(result) });
        },
        (error: unknown) => {
          unreported = 0;
          post({ kind: "error", index, error: errorToData(error) });
        },
      )
      .finally(() => {
        if (running === controller) running = undefined;
      });
  });
}

if (!isMainThread && parentPort !== null) serve(parentPort);
