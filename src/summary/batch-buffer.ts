import { jsKernel } from "../backend/js-kernel.js";
import type { BackendName, InputArea } from "../backend/moments.js";
import { AUTO_JS_BELOW_IN_PLACE, type BackendRequest, createInputArea } from "../backend/select.js";
import { BatchStatsError } from "../errors.js";
import { describeValue, readOptions } from "../options.js";
import { checkChoice, type NanPolicy, nanPolicy } from "./input.js";
import { type SummarizeOptions, summarizeWith, summaryFromRaw, usableMoments } from "./summarize.js";
import { Summary } from "./summary.js";

/** Options of `BatchBuffer`: those of `summarize`, plus the capacity. */
export interface BatchBufferOptions extends Omit<SummarizeOptions, "clip"> {
  /** How many values the buffer holds (default 65 536, i.e. 512 KiB). `reserve` grows it later. */
  capacity?: number;
}

const DEFAULT_CAPACITY = 65_536;
const BACKENDS: readonly BackendRequest[] = ["auto", "wasm", "js"];

function checkCapacity(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1 || value > 0x7fffffff) {
    throw new BatchStatsError(
      "E_BAD_ARGUMENT",
      `${field} must be an integer from 1 to 2^31 - 1, got ${describeValue(value)}`,
      {
        field,
      },
    );
  }
  return value;
}

/**
 * A reusable batch buffer for the zero-copy path: you write values straight into `view` (a
 * `Float64Array` over WebAssembly memory when WebAssembly runs here, a plain `Float64Array`
 * otherwise) and `summarize(count)` reduces the first `count` of them where they lie, with no
 * copy. Use it when values arrive in bulk from somewhere you can point at a buffer — a file read
 * (`fs.readSync(fd, new Uint8Array(view.buffer, view.byteOffset, view.byteLength))`), a socket,
 * a decoder, a generator loop — and batches are large (≥ 10⁵ values): the copy into wasm memory
 * is about a third of `summarize(array)`'s time there (docs/bench-notes.md). For values you already
 * hold in an array, `summarize(array)` is as good.
 *
 * Each buffer owns its memory (a private kernel instance): nothing else writes there, and
 * results are bit-identical to `summarize` on the same values with any backend. Memory stays at
 * `capacity` values however many batches go through; it grows only when you call `reserve`,
 * and is released when the buffer is garbage-collected.
 *
 * Views: read `view` again after `reserve`. Growing usually moves the memory, and a view taken
 * before is then detached (length 0, reads nothing, `set` throws) — it never silently points at
 * stale memory. `fill` always hands the callback a current view.
 *
 * @example
 * ```ts
 * import { BatchBuffer } from "batchstats";
 * const buf = new BatchBuffer({ capacity: 1024 });
 * buf.view.set([2, 4, 4, 4, 5, 5, 7, 9]);
 * buf.summarize(8).std(0); // => 2
 * // or let a callback write the batch and say how many values it wrote:
 * const s = buf.fill((view) => {
 *   for (let i = 0; i < 100; i++) view[i] = i;
 *   return 100;
 * });
 * s.mean; // => 49.5
 * ```
 */
export class BatchBuffer {
  private area: InputArea;
  private readonly nan: NanPolicy;
  private readonly jsBelow: number;
  private filling = false;

  /**
   * @param options capacity (default 65 536 values), backend and NaN policy as for `summarize`;
   * an unknown key or a value of the wrong type is `E_BAD_ARGUMENT` naming it.
   */
  constructor(options?: BatchBufferOptions) {
    const o = readOptions(options, ["capacity", "backend", "nan"] as const);
    const capacity = o.capacity === undefined ? DEFAULT_CAPACITY : checkCapacity(o.capacity, "options.capacity");
    const request = o.backend === undefined ? "auto" : checkChoice(o.backend, BACKENDS, "options.backend");
    this.nan = nanPolicy(o.nan);
    this.area = createInputArea(request, capacity);
    this.jsBelow = request === "auto" ? AUTO_JS_BELOW_IN_PLACE : 0;
  }

  /** The backend whose memory holds the values: `"wasm-simd"`, `"wasm-scalar"` or `"js"`. */
  get backend(): BackendName {
    return this.area.name;
  }

  /** How many values the buffer holds. */
  get capacity(): number {
    return this.area.capacity;
  }

  /**
   * The buffer's values: a `Float64Array` of length `capacity`, written in place by the caller.
   * Valid until the next `reserve`; read the property again after one.
   */
  get view(): Float64Array {
    return this.area.inputView();
  }

  /**
   * The summary of the first `count` values of `view`, computed in place. `count` is required:
   * the buffer cannot know how many of its values you wrote (a missing count is `E_BAD_ARGUMENT`,
   * never the whole capacity with whatever it holds). The values stay in the buffer (summarize
   * them again, or overwrite them for the next batch). Throws `E_BAD_ARGUMENT` unless
   * 0 ≤ count ≤ capacity, and like `summarize` for NaN / ±Infinity.
   *
   * @example
   * ```ts
   * const buf = new BatchBuffer({ capacity: 4 });
   * buf.view.set([1, 2, 3, 4]);
   * buf.summarize(3).mean; // => 2
   * buf.summarize(4).mean; // => 2.5
   * ```
   */
  summarize(count: number): Summary {
    const capacity = this.area.capacity;
    if (count === undefined) {
      throw new BatchStatsError(
        "E_BAD_ARGUMENT",
        `count is required: how many values of the view (from index 0) to summarize, 0 to ${capacity}`,
        { field: "count" },
      );
    }
    if (typeof count !== "number" || !Number.isSafeInteger(count) || count < 0 || count > capacity) {
      throw new BatchStatsError(
        "E_BAD_ARGUMENT",
        `count must be an integer from 0 to the capacity ${capacity}, got ${describeValue(count)}`,
        { field: "count" },
      );
    }
    if (count === 0) return Summary.empty();
    const view = this.area.inputView();
    const pivot = view[0]!;
    const raw = count < this.jsBelow ? jsKernel.moments(view, 0, count, pivot) : this.area.momentsInPlace(count, pivot);
    if (usableMoments(raw)) return summaryFromRaw(raw, 0);
    // NaN, ±Infinity or overflow: the JS kernel's slow path finds and reports it (without
    // touching the buffer, which may be summarized again).
    return summarizeWith(view.subarray(0, count), { kernel: jsKernel, nan: this.nan, jsBelow: 0, jsBelowArray: 0 });
  }

  /**
   * Lets `write` fill the buffer, then summarizes what it wrote: `write` receives the current
   * view and returns how many values (from index 0) it wrote. Do not call `reserve` from inside.
   *
   * @example
   * ```ts
   * const buf = new BatchBuffer({ capacity: 8 });
   * buf.fill((view) => {
   *   view.set([10, 20, 30]);
   *   return 3;
   * }).mean; // => 20
   * ```
   */
  fill(write: (view: Float64Array) => number): Summary {
    if (typeof write !== "function") {
      throw new BatchStatsError("E_BAD_ARGUMENT", "fill takes a function (view) => number of values written", {
        field: "write",
      });
    }
    if (this.filling) {
      throw new BatchStatsError("E_BAD_ARGUMENT", "fill was called from inside a fill callback", { field: "write" });
    }
    this.filling = true;
    let count: number;
    try {
      count = write(this.area.inputView());
    } finally {
      this.filling = false;
    }
    if (count === undefined) {
      throw new BatchStatsError("E_BAD_ARGUMENT", "the fill callback must return how many values it wrote", {
        field: "write",
      });
    }
    return this.summarize(count);
  }

  /**
   * Grows the buffer so it holds at least `capacity` values, keeping its contents (it never
   * shrinks). Views taken before may be detached afterwards: read `view` again. Throws
   * `E_BAD_ARGUMENT` for a bad capacity, when memory cannot grow, or inside a `fill` callback.
   *
   * @example
   * ```ts
   * const buf = new BatchBuffer({ capacity: 2 });
   * buf.reserve(1000).capacity; // => 1000
   * buf.view.length;            // => 1000
   * ```
   */
  reserve(capacity: number): this {
    checkCapacity(capacity, "capacity");
    if (this.filling) {
      throw new BatchStatsError("E_BAD_ARGUMENT", "reserve was called from inside a fill callback", {
        field: "capacity",
      });
    }
    if (!this.area.grow(capacity)) {
      throw new BatchStatsError(
        "E_BAD_ARGUMENT",
        `cannot grow the buffer to ${capacity} values (${(capacity * 8) / 2 ** 20} MiB)`,
        { field: "capacity" },
      );
    }
    return this;
  }
}
