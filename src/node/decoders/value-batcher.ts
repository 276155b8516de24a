import type { BackendRequest } from "../../backend/select.js";
import { BatchStatsError } from "../../errors.js";
import type { BatchBuffer } from "../../summary/batch-buffer.js";
import { type ClipBounds, clampInPlace } from "../../summary/clip.js";
import { mergeTwo } from "../../summary/merge.js";
import { withClipRecord } from "../../summary/summarize.js";
import { Summary } from "../../summary/summary.js";
import { type BatchErrorAt, kernelErrorAt, largest, mergingBatch } from "./batch-errors.js";
import { BATCH, borrowBuffer, returnBuffer } from "./batch-pool.js";
import type { IngestNanPolicy } from "../ingest-options.js";

/**
 * Turns an error found folding a batch in into the error to throw: `at.index` (0-based, in the
 * whole input) is the value it is about (see `kernelErrorAt` and `mergingBatch`), `at.detail`
 * what it says there.
 */
export type ValueErrorMapper = (error: BatchStatsError, at: BatchErrorAt) => Error;

/**
 * The summary a fold starts from: the empty summary, recording the clip bounds when there are
 * some (as `summarize([], { clip })` does), so an input without values still says it was
 * clipped; merging it with the first batch gives that batch's summary itself. @internal
 */
export function foldStart(clip: ClipBounds | undefined): Summary {
  return clip === undefined ? Summary.empty() : withClipRecord(Summary.empty(), clip, 0);
}

/**
 * Summarizes a batch in place and folds it into `total`, mapping errors to the whole input
 * (`base` is the index of the batch's first value): an error of the merge itself (a count, mean
 * or M2 beyond the double range) points at the batch's first value. With `clip`, the batch is
 * first clamped in place and its summary records the bounds and the clamped count — what
 * `Accumulator({ clip })` does with the same batch, bit for bit. @internal
 */
export function foldBatch(
  total: Summary,
  buffer: BatchBuffer,
  count: number,
  base: number,
  mapError: ValueErrorMapper,
  clip?: ClipBounds,
): Summary {
  const clipped = clip === undefined ? 0 : clampInPlace(buffer.view.subarray(0, count), clip);
  let batch: Summary;
  try {
    batch = buffer.summarize(count);
  } catch (error) {
    if (!(error instanceof BatchStatsError)) throw error;
    throw mapError(
      error,
      kernelErrorAt(error, base, () => largest(buffer.view, count)),
    );
  }
  const clippedBatch = clip === undefined ? batch : withClipRecord(batch, clip, clipped);
  return mergingBatch(() => mergeTwo(total, clippedBatch), base, count, "values", mapError);
}

/**
 * Collects values into fixed-size batches written straight into wasm memory (a `BatchBuffer`:
 * no copy before the kernel runs) and folds each full batch into a running summary. Values are
 * pushed one at a time (text), copied in bulk (binary chunks), or written into `free()` and
 * `commit`ted.
 * @internal
 */
export class ValueBatcher {
  private readonly buffer: BatchBuffer;
  /** The buffer's view; it never grows, so the view stays valid. */
  private readonly batch: Float64Array;
  private total: Summary;
  private fill = 0;
  /** Index (in the whole input) of batch[0]. */
  private base = 0;

  constructor(
    private readonly nan: IngestNanPolicy,
    private readonly backend: BackendRequest,
    private readonly mapError: ValueErrorMapper,
    /** Clip bounds applied to every batch (see `foldBatch`), or undefined. */
    private readonly clip?: ClipBounds,
  ) {
    this.total = foldStart(clip);
    this.buffer = borrowBuffer(nan, backend);
    this.batch = this.buffer.view;
  }

  /** Values received so far. */
  get count(): number {
    return this.base + this.fill;
  }

  /** Appends one value. */
  push(value: number): void {
    this.batch[this.fill++] = value;
    if (this.fill === BATCH) this.flush();
  }

  /** Appends (copies) all of `values`. */
  pushAll(values: Float64Array): void {
    for (let at = 0; at < values.length; ) {
      const k = Math.min(BATCH - this.fill, values.length - at);
      this.batch.set(values.subarray(at, at + k), this.fill);
      this.fill += k;
      at += k;
      if (this.fill === BATCH) this.flush();
    }
  }

  /** The unused part of the current batch, to be written and then `commit`ted. Never empty. */
  free(): Float64Array {
    return this.batch.subarray(this.fill);
  }

  /** Declares that the first `n` values of `free()` were written. */
  commit(n: number): void {
    this.fill += n;
    if (this.fill === BATCH) this.flush();
  }

  /** Folds in what is left and returns the summary of everything pushed. The batcher is done with. */
  finish(): Summary {
    this.flush();
    returnBuffer(this.buffer, this.nan, this.backend);
    return this.total;
  }

  private flush(): void {
    if (this.fill === 0) return;
    this.total = foldBatch(this.total, this.buffer, this.fill, this.base, this.mapError, this.clip);
    this.base += this.fill;
    this.fill = 0;
  }
}
