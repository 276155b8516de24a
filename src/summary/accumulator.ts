import { BatchStatsError } from "../errors.js";
import { checkNumeric, releaseScratch } from "./input.js";
import { mergeTwo } from "./merge.js";
import {
  type ResolvedOptions,
  resolveOptions,
  type SummarizeOptions,
  summarizeClipped,
  summarizeWith,
} from "./summarize.js";
import { asSummary, Summary } from "./summary.js";

/**
 * A running summary: push batches as they arrive, merge in other accumulators or stored
 * summaries, read the summary at any time. Memory use is constant whatever the number of
 * batches (the WebAssembly kernel reuses one fixed input area).
 *
 * A batch that fails validation (e.g. contains NaN with the default policy) throws and leaves
 * the accumulator exactly as it was.
 *
 * @example
 * ```ts
 * import { Accumulator } from "batchstats";
 * const acc = new Accumulator();
 * acc.push([1, 2, 3]).push(new Float64Array([4, 5]));
 * acc.summary().mean; // => 3
 * ```
 */
export class Accumulator {
  private readonly options: ResolvedOptions;
  private total: Summary = Summary.empty();

  /** @param options backend, NaN policy and clip bounds used for every `push`. */
  constructor(options?: SummarizeOptions) {
    this.options = resolveOptions(options);
  }

  /** Summarizes a batch and folds it in. */
  push(values: ArrayLike<number>): this {
    const checked = checkNumeric(values);
    let batch: Summary;
    const clip = this.options.clip;
    if (clip !== undefined) {
      batch = summarizeClipped(values, checked, this.options, clip);
    } else {
      try {
        batch = summarizeWith(checked, this.options, checked !== values);
      } finally {
        releaseScratch(checked);
      }
    }
    this.total = mergeTwo(this.total, batch);
    return this;
  }

  /** Folds in another accumulator's values or a summary. */
  merge(other: Summary | Accumulator): this {
    const summary = other instanceof Accumulator ? other.total : asSummary(other, "other");
    if (summary !== undefined) {
      this.total = mergeTwo(this.total, summary);
    } else {
      throw new BatchStatsError("E_BAD_ARGUMENT", "Accumulator.merge takes a Summary or an Accumulator", {
        field: "other",
      });
    }
    return this;
  }

  /** The summary of everything pushed or merged so far (an immutable snapshot). */
  summary(): Summary {
    return this.total;
  }
}
