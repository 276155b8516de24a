import { Worker } from "node:worker_threads";

/**
 * Range worker threads kept between `summarizeFile` calls. Starting a worker thread costs
 * 25–35 ms here (Node's own bootstrap: an empty worker takes 25 ms), as long as summarizing
 * 150 MB of f64 takes, so a job that reads many files with `workers > 1` would pay it for every
 * file. A worker given back is kept idle, unref'd (it never keeps the process alive), and ends
 * after IDLE_MS without work; at most MAX_IDLE are kept per worker script. A worker that failed
 * or exited is never given back.
 */
const IDLE_MS = 10_000;
const MAX_IDLE = 8;

interface IdleWorker {
  worker: Worker;
  timer: ReturnType<typeof setTimeout>;
  /** Drops the worker from the idle list if it dies while idle. */
  onGone: () => void;
}

const idle = new Map<string, IdleWorker[]>();
let started = 0;
/** Workers handed out and not yet given back or ended. */
let busy = 0;

/** Removes `entry` from the idle list of `key` (no-op if it was taken meanwhile). */
function forget(key: string, entry: IdleWorker): void {
  const list = idle.get(key);
  const at = list?.indexOf(entry) ?? -1;
  if (at >= 0) list!.splice(at, 1);
  clearTimeout(entry.timer);
  entry.worker.off("exit", entry.onGone).off("error", entry.onGone);
}

/** An idle worker running `script`, or a new one. The caller owns it until `releaseWorker`. @internal */
export function acquireWorker(script: URL): Worker {
  const entry = idle.get(script.href)?.at(-1);
  if (entry !== undefined) {
    forget(script.href, entry);
    entry.worker.ref();
    busy++;
    return entry.worker;
  }
  const worker = new Worker(script, workerOptions());
  started++;
  busy++;
  return worker;
}

/**
 * Workers inherit the process's Node options, but `--input-type` (from `node --input-type=module
 * -e …`) makes a worker started from a file refuse to run; then they get no options at all
 * (the range worker needs none — no --import, --conditions or loader: it is built JavaScript
 * importing its own files — and a list given explicitly may not hold V8 or process-wide options
 * such as --max-old-space-size, which Node rejects with ERR_WORKER_INVALID_EXEC_ARGV).
 * `--input-type` given through NODE_OPTIONS is not handled (Node refuses it there unless the
 * program itself comes from --eval or stdin).
 */
function workerOptions(): { execArgv?: string[] } {
  return process.execArgv.some((option) => option.startsWith("--input-type")) ? { execArgv: [] } : {};
}

/**
 * Gives back a healthy worker (every listener the caller added already removed) to be reused by
 * the next `acquireWorker` of the same script, or ended if enough are idle. @internal
 */
export function releaseWorker(script: URL, worker: Worker): void {
  busy--;
  const key = script.href;
  const list = idle.get(key) ?? [];
  if (list.length >= MAX_IDLE) {
    void worker.terminate();
    return;
  }
  const entry: IdleWorker = {
    worker,
    timer: setTimeout(() => {
      forget(key, entry);
      void worker.terminate();
    }, IDLE_MS),
    onGone: () => {
      forget(key, entry);
      void worker.terminate();
    },
  };
  entry.timer.unref();
  worker.on("exit", entry.onGone).on("error", entry.onGone);
  worker.unref();
  list.push(entry);
  idle.set(key, list);
}

/** Ends a worker taken with `acquireWorker` that failed, stopped or did not stop in time. @internal */
export function retireWorker(worker: Worker): void {
  busy--;
  void worker.terminate();
}

/** Workers started so far, how many are idle now, and how many are handed out (for tests). @internal */
export function workerPoolStats(): { started: number; idle: number; busy: number } {
  let count = 0;
  for (const list of idle.values()) count += list.length;
  return { started, idle: count, busy };
}
