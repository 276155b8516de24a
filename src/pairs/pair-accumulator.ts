import { mergePairTwo } from "./merge-pairs.js";
import { isPairSummary, PairSummary, requirePairSummary } from "./pair-summary.js";
import {
  checkPairs,
  releasePairs,
  type ResolvedPairOptions,
  resolvePairOptions,
  type SummarizePairsOptions,
  summarizePairsWith,
} from "./summarize-pairs.js";

/**
 * A running pair summary: push batches of pairs as they arrive, merge in other accumulators or
 * stored pair summaries, read the pair summary at any time (constant memory). A batch that fails
 * validation throws and leaves the accumulator as it was.
 *
 * @example
 * ```ts
 * import { PairAccumulator } from "batchstats";
 * const acc = new PairAccumulator();
 * acc.push([1, 2], [2, 4]).push([3, 4], [5, 9]);
 * acc.summary().covariance(); // => 3.6666666666666665
 * ```
 */
export class PairAccumulator {
  private readonly options: ResolvedPairOptions;
  private total: PairSummary = PairSummary.empty();

  /** @param options backend and NaN policy used for every `push`. */
  constructor(options?: SummarizePairsOptions) {
    this.options = resolvePairOptions(options);
  }

  /** Summarizes a batch of pairs (x[i], y[i]) and folds it in. */
  push(x: ArrayLike<number>, y: ArrayLike<number>): this {
    const [cx, cy] = checkPairs(x, y);
    let batch: PairSummary;
    try {
      batch = summarizePairsWith(cx, cy, this.options);
    } finally {
      releasePairs(cx, cy);
    }
    this.total = mergePairTwo(this.total, batch);
    return this;
  }

  /** Folds in another accumulator's pairs or a pair summary. */
  merge(other: PairSummary | PairAccumulator): this {
    if (other instanceof PairAccumulator) {
      this.total = mergePairTwo(this.total, other.total);
    } else if (isPairSummary(other)) {
      this.total = mergePairTwo(this.total, other);
    } else {
      this.total = mergePairTwo(this.total, requirePairSummary(other, "other"));
    }
    return this;
  }

  /** The pair summary of everything pushed or merged so far (an immutable snapshot). */
  summary(): PairSummary {
    return this.total;
  }
}
