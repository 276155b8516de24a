/**
 * Cancellation and turns of the event loop, for jobs that can run long. Browser-safe.
 * @internal
 */

/** The error a job stops with once `signal` is aborted: its reason, as Node's own APIs do. */
export function abortReason(signal: AbortSignal): unknown {
  if (signal.reason !== undefined) return signal.reason;
  const error = new Error("This operation was aborted");
  error.name = "AbortError";
  return error;
}

/** Throws the signal's reason if it is aborted. @internal */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortReason(signal);
}

/**
 * `promise`, or the signal's reason as soon as it is aborted, whichever comes first. Nothing is
 * left attached afterwards (a long job makes one such race per chunk). @internal
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Milliseconds of work between two turns of the event loop: a source that never waits (an
 * endless synchronous generator, a fast pipe) would otherwise keep timers — and an abort — from
 * ever running.
 */
const MS_PER_TURN = 10;

/** Lets the event loop run (timers, I/O, messages): a macrotask, not a microtask. */
function nextTurn(): Promise<void> {
  if (typeof setImmediate === "function") return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Gives the event loop a turn every MS_PER_TURN of work: call `maybe()` after each piece. @internal */
export class Turns {
  private last = performance.now();

  async maybe(): Promise<void> {
    const now = performance.now();
    if (now - this.last < MS_PER_TURN) return;
    await nextTurn();
    this.last = performance.now();
  }
}
