import { jsPairKernel } from "../backend/pair-js-kernel.js";
import type { PairInputArea } from "../backend/pair-moments.js";
import { createPairInputArea } from "../backend/pair-select.js";
import type { BackendName } from "../backend/moments.js";
import type { BackendRequest } from "../backend/select.js";
import { BatchStatsError } from "../errors.js";
import { describeValue, readOptions } from "../options.js";
import { checkChoice } from "../summary/input.js";
import { PairSummary } from "./pair-summary.js";
import {
  type PairNanPolicy,
  pairSummaryFromRaw,
  type SummarizePairsOptions,
  summarizePairsWith,
  usablePairMoments,
} from "./summarize-pairs.js";

/** Options of `PairBatchBuffer`: those of `summarizePairs`, plus the capacity in pairs. */
export interface PairBatchBufferOptions extends SummarizePairsOptions {
  /** How many pairs the buffer holds: 1 to 2^30 − 2 (default 65 536, i.e. 2 × 512 KiB). `reserve` grows it. */
  capacity?: number;
}

const DEFAULT_CAPACITY = 65_536;
const BACKENDS: readonly BackendRequest[] = ["auto", "wasm", "js"];

function checkCapacity(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1 || value > 0x3ffffffe) {
    throw new BatchStatsError(
      "E_BAD_ARGUMENT",
      `${field} must be an integer from 1 to 2^30 - 2, got ${describeValue(value)}`,
      { field },
    );
  }
  return value;
}

/**
 * The zero-copy path for pairs: write x values into `viewX` and y values into `viewY` (two
 * `Float64Array`s over the buffer's own WebAssembly memory, or plain arrays without
 * WebAssembly), then `summarize(count)` reduces the first `count` pairs where they lie, with no
 * copy — bit-identical to `summarizePairs` on the same values with any backend. Read the views
 * again after `reserve` (growth moves the memory).
 *
 * @example
 * ```ts
 * import { PairBatchBuffer } from "batchstats";
 * const buf = new PairBatchBuffer({ capacity: 1024 });
 * buf.viewX.set([1, 2, 3, 4]);
 * buf.viewY.set([2, 4, 5, 9]);
 * buf.summarize(4).covariance(); // => 3.6666666666666665
 * ```
 */
export class PairBatchBuffer {
  private readonly area: PairInputArea;
  private readonly nan: PairNanPolicy;

  /** @param options capacity (pairs), backend and NaN policy as for `summarizePairs`. */
  constructor(options?: PairBatchBufferOptions) {
    const o = readOptions(options, ["capacity", "backend", "nan"] as const);
    const capacity = o.capacity === undefined ? DEFAULT_CAPACITY : checkCapacity(o.capacity, "options.capacity");
    const request = o.backend === undefined ? "auto" : checkChoice(o.backend, BACKENDS, "options.backend");
    this.nan = o.nan === undefined ? "raise" : checkChoice(o.nan, ["raise", "omit"] as const, "options.nan");
    this.area = createPairInputArea(request, capacity);
  }

  /** The backend whose memory holds the values. */
  get backend(): BackendName {
    return this.area.name;
  }

  /** How many pairs the buffer holds. */
  get capacity(): number {
    return this.area.capacity;
  }

  /** The x column (length `capacity`); valid until the next `reserve`. */
  get viewX(): Float64Array {
    return this.area.viewX();
  }

  /** The y column (length `capacity`); valid until the next `reserve`. */
  get viewY(): Float64Array {
    return this.area.viewY();
  }

  /**
   * The pair summary of the first `count` pairs, computed in place. Throws `E_BAD_ARGUMENT`
   * unless 0 ≤ count ≤ capacity, and like `summarizePairs` for NaN / ±Infinity.
   *
   * @example
   * ```ts
   * const buf = new PairBatchBuffer({ capacity: 4 });
   * buf.viewX.set([1, 2, 3, 4]);
   * buf.viewY.set([1, 2, 3, 5]);
   * buf.summarize(3).covariance(); // => 1
   * ```
   */
  summarize(count: number): PairSummary {
    const capacity = this.area.capacity;
    if (typeof count !== "number" || !Number.isSafeInteger(count) || count < 0 || count > capacity) {
      throw new BatchStatsError(
        "E_BAD_ARGUMENT",
        `count must be an integer from 0 to the capacity ${capacity}, got ${describeValue(count)}`,
        { field: "count" },
      );
    }
    if (count === 0) return PairSummary.empty();
    const vx = this.area.viewX();
    const vy = this.area.viewY();
    const raw = this.area.momentsInPlace(count, vx[0]!, vy[0]!);
    if (usablePairMoments(raw)) return pairSummaryFromRaw(raw, 0);
    return summarizePairsWith(vx.subarray(0, count), vy.subarray(0, count), {
      kernel: jsPairKernel,
      nan: this.nan,
      jsBelow: 0,
    });
  }

  /**
   * Grows the buffer to hold at least `capacity` pairs, keeping its contents. Read the views again.
   *
   * @example
   * ```ts
   * new PairBatchBuffer({ capacity: 2 }).reserve(1000).viewY.length; // => 1000
   * ```
   */
  reserve(capacity: number): this {
    checkCapacity(capacity, "capacity");
    if (!this.area.grow(capacity)) {
      throw new BatchStatsError("E_BAD_ARGUMENT", `cannot grow the buffer to ${capacity} pairs`, { field: "capacity" });
    }
    return this;
  }
}
