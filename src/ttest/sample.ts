import type { DD } from "../ddouble.js";
import { BatchStatsError } from "../errors.js";
import type { NanPolicy } from "../summary/input.js";
import { isNoisySample, NOISY_ARM } from "../privacy/noisy-sample.js";
import { summarize } from "../summary/summarize.js";
import { asSummary, type Summary } from "../summary/summary.js";

/** A sample as a t-test accepts it: a `Summary`, or the raw values (summarized on the way in). */
export type Sample = Summary | ArrayLike<number>;

/**
 * What a t-test needs from one sample: the count, and the mean and M2 = Σ(x − mean)² as
 * double-doubles (the exact values of a `Summary`). M2 is `m2 · 4^m2Exp`, so that one formed
 * from a tiny or huge standard deviation (`ttestFromStats`) need not be a double. @internal
 */
export interface Arm {
  readonly count: number;
  readonly mean: DD;
  readonly m2: DD;
  readonly m2Exp: number;
  /**
   * For a private summary: the variance the noise adds to the mean, and the degrees of freedom
   * of the sampling variance (which is m2 / (count − 1)). Undefined for exact summaries.
   */
  readonly noise?: { readonly variance: number; readonly df: number };
}

/** Re-throws a summarize error with the argument name in front, keeping code and index. */
function named(error: unknown, name: string): never {
  if (error instanceof BatchStatsError) {
    const where: { index?: number; field: string } = { field: name };
    if (error.index !== undefined) where.index = error.index;
    throw new BatchStatsError(error.code, `${name}: ${error.message}`, where);
  }
  throw error;
}

/** A NaN summary (made with nan: "propagate") as an arm: null with "propagate", else an error. */
function nonFinite(summary: Summary, nan: NanPolicy, name: string): null {
  if (nan === "propagate") return null;
  const infinite = Number.isNaN(summary.m2) && (summary.mean === Infinity || summary.mean === -Infinity);
  throw new BatchStatsError(
    infinite ? "E_INFINITE" : "E_NAN",
    `${name} is a summary with non-finite statistics (made with nan: "propagate"); pass nan: "propagate" to get a NaN result`,
    { field: name },
  );
}

/**
 * The arm of a `Summary` or of raw values (summarized with the `nan` policy). Returns null for
 * NaN statistics under nan: "propagate". A `PrivateSummary` is accepted only when
 * `laplaceFactor` is given (by tests that account for its noise; see src/privacy/noisy-arm.ts),
 * else refused with `E_BAD_ARGUMENT`; it is recognised by the method it carries (`isNoisySample`),
 * so that this module never loads the privacy code. @internal
 */
export function armOf(sample: unknown, nan: NanPolicy, name: string, laplaceFactor?: number): Arm | null {
  if (isNoisySample(sample)) {
    if (laplaceFactor === undefined) {
      throw new BatchStatsError(
        "E_BAD_ARGUMENT",
        `${name} is a PrivateSummary, which this function does not take yet (ttest, lift and bayesTest do, with the noise accounted for)`,
        { field: name },
      );
    }
    const p = sample[NOISY_ARM](name, laplaceFactor);
    return {
      count: p.count,
      mean: { hi: p.mean, lo: 0 },
      m2: { hi: p.variance * (p.count - 1), lo: 0 },
      m2Exp: 0,
      noise: { variance: p.noiseVariance, df: p.varianceDf },
    };
  }
  let summary: Summary | undefined = asSummary(sample, name);
  if (summary === undefined) {
    if (
      typeof sample === "object" &&
      sample !== null &&
      !("length" in sample) &&
      "mean" in sample &&
      "count" in sample
    ) {
      throw new BatchStatsError(
        "E_NOT_NUMERIC",
        `${name} is an object with mean and count but not a Summary: use ttestFromStats({ mean, std, count }, …), ` +
          "or Summary.fromJSON for a serialized summary",
        { field: name },
      );
    }
    try {
      summary = summarize(sample as ArrayLike<number>, { nan });
    } catch (error) {
      named(error, name);
    }
  }
  if (!Number.isFinite(summary.mean) && summary.count > 0) return nonFinite(summary, nan, name);
  if (summary.count > 0 && !Number.isFinite(summary.m2)) return nonFinite(summary, nan, name);
  return { count: summary.count, mean: summary.meanDD(), m2: summary.m2DD(), m2Exp: 0 };
}
