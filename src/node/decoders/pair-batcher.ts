import type { BackendRequest } from "../../backend/select.js";
import { BatchStatsError } from "../../errors.js";
import { mergePairTwo } from "../../pairs/merge-pairs.js";
import { PairBatchBuffer } from "../../pairs/pair-batch-buffer.js";
import { PairSummary } from "../../pairs/pair-summary.js";
import type { IngestNanPolicy } from "../ingest-options.js";
import { type BatchErrorAt, kernelErrorAt, largest, mergingBatch } from "./batch-errors.js";
import { BATCH } from "./batch-pool.js";

/** Which column of a pair an error is about, when it is about one (a kernel error's field). */
export type PairColumn = "x" | "y";

/**
 * Turns an error found folding a batch of pairs in into the error to throw: `at.index` (0-based,
 * in the whole input) is the pair it is about, `column` the column (for an M2 out of range, the
 * pair whose value in that column has the largest magnitude in its batch; undefined for an
 * error of the merge, about the batch's first pair). @internal
 */
export type PairErrorMapper = (error: BatchStatsError, at: BatchErrorAt, column: PairColumn | undefined) => Error;

/** The column a kernel error's field names (x, y, m2X, meanY…), if any. */
function columnOf(field: string | undefined): PairColumn | undefined {
  if (field === undefined) return undefined;
  if (field === "x" || /X$/.test(field)) return "x";
  if (field === "y" || /Y$/.test(field)) return "y";
  return undefined;
}

/**
 * Collects pairs into fixed-size batches written straight into wasm memory (a
 * `PairBatchBuffer`: no copy before the pair kernel runs) and folds each full batch into a
 * running pair summary with `mergePairTwo` — what `PairAccumulator` does with the same
 * batches, bit for bit. Batches are cut every BATCH pairs from the first, never where an input
 * chunk ends, so the result does not depend on the chunking. Memory: 2 × 512 KiB.
 * @internal
 */
export class PairBatcher {
  private readonly buffer: PairBatchBuffer;
  /** The buffer's views; it never grows, so they stay valid. */
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private total = PairSummary.empty();
  private fill = 0;
  /** Index (in the whole input) of the batch's first pair. */
  private base = 0;

  constructor(
    nan: IngestNanPolicy,
    backend: BackendRequest,
    private readonly mapError: PairErrorMapper,
  ) {
    this.buffer = new PairBatchBuffer({ capacity: BATCH, nan, backend });
    this.xs = this.buffer.viewX;
    this.ys = this.buffer.viewY;
  }

  /** Pairs received so far. */
  get count(): number {
    return this.base + this.fill;
  }

  /** Appends one pair. */
  push(x: number, y: number): void {
    this.xs[this.fill] = x;
    this.ys[this.fill++] = y;
    if (this.fill === BATCH) this.flush();
  }

  /** Folds in what is left and returns the pair summary of everything pushed. */
  finish(): PairSummary {
    this.flush();
    return this.total;
  }

  private flush(): void {
    const count = this.fill;
    if (count === 0) return;
    let batch: PairSummary;
    try {
      batch = this.buffer.summarize(count);
    } catch (error) {
      if (!(error instanceof BatchStatsError)) throw error;
      const column = columnOf(error.field);
      const view = column === "x" ? this.xs : this.ys;
      const largestAt = column === undefined ? undefined : () => largest(view, count);
      throw this.mapError(error, kernelErrorAt(error, this.base, largestAt), column);
    }
    const total = this.total;
    this.total = mergingBatch(
      () => mergePairTwo(total, batch),
      this.base,
      count,
      "pairs",
      (e, at) => this.mapError(e, at, undefined),
    );
    this.base += count;
    this.fill = 0;
  }
}
