import { type DD, ddDiv, ddDivNumber, ddSqrt, ddToNumber, twoProduct } from "../ddouble.js";
import { BatchStatsError } from "../errors.js";
import { parseSummaryJSON, type SummaryJSON, SUMMARY_FORMAT, SUMMARY_VERSION } from "./summary-json.js";

/**
 * The summary of a batch of values: count, mean and M2 (the sum of squared deviations from
 * the mean), enough to merge batches exactly and to run t-tests. Immutable and JSON-safe.
 *
 * The mean and M2 are each carried as a double-double (`mean + meanLo`, `m2 + m2Lo`, about 32
 * significant digits), so merging any number of batches in any order loses no digits: the
 * merged summary equals, to the last bit of the printed `mean` and `variance()`, the summary of
 * all the raw values at once.
 *
 * @example
 * ```ts
 * import { summarize, merge } from "batchstats";
 * const a = summarize([1, 2, 3]);
 * const b = summarize([4, 5]);
 * const all = merge(a, b);
 * all.count;      // => 5
 * all.mean;       // => 3
 * all.variance(); // => 2.5
 * ```
 */
export class Summary {
  /** Number of values summarized (NaNs skipped with `nan: "omit"` are not counted). */
  readonly count: number;
  /** The mean, rounded to a double (NaN for an empty summary). */
  readonly mean: number;
  /** Low-order part of the mean: the exact mean is `mean + meanLo` (|meanLo| ≤ ulp(mean)/2). */
  readonly meanLo: number;
  /** M2 = Σ(x − mean)², rounded to a double. */
  readonly m2: number;
  /** Low-order part of M2: M2 is `m2 + m2Lo`. */
  readonly m2Lo: number;
  /** How many NaNs were skipped (`nan: "omit"`), summed over merged summaries. */
  readonly omitted: number;

  /** @internal Use `summarize`, `merge`, `fromMoments`, `fromSums` or `Summary.fromJSON`. */
  constructor(count: number, mean: DD, m2: DD, omitted = 0) {
    this.count = count;
    if (count === 0) {
      this.mean = Number.NaN;
      this.meanLo = 0;
      this.m2 = 0;
      this.m2Lo = 0;
    } else {
      this.mean = mean.hi === 0 ? 0 : mean.hi; // no -0: JSON would not round-trip it
      this.meanLo = mean.lo === 0 ? 0 : mean.lo;
      this.m2 = m2.hi === 0 ? 0 : m2.hi;
      this.m2Lo = m2.lo === 0 ? 0 : m2.lo;
    }
    this.omitted = omitted;
    Object.freeze(this);
  }

  /** The empty summary: the identity of `merge`. */
  static empty(): Summary {
    return EMPTY;
  }

  /** @internal The mean as a double-double. */
  meanDD(): DD {
    return { hi: this.mean, lo: this.meanLo };
  }

  /** @internal M2 as a double-double. */
  m2DD(): DD {
    return { hi: this.m2, lo: this.m2Lo };
  }

  private requireMoreThan(ddof: number, what: string): void {
    if (!Number.isInteger(ddof) || ddof < 0) {
      throw new BatchStatsError("E_BAD_ARGUMENT", `ddof must be a non-negative integer, got ${ddof}`, {
        field: "ddof",
      });
    }
    if (this.count <= ddof) {
      throw new BatchStatsError(
        "E_TOO_FEW",
        `${what} with ddof = ${ddof} needs more than ${ddof} value(s); this summary has ${this.count}`,
        { field: "count" },
      );
    }
  }

  /**
   * The variance M2 / (count − ddof), correctly rounded from the double-double M2.
   * Throws `E_TOO_FEW` when count ≤ ddof.
   *
   * @example
   * ```ts
   * summarize([2, 4, 4, 4, 5, 5, 7, 9]).variance(0); // => 4
   * ```
   */
  variance(ddof = 1): number {
    this.requireMoreThan(ddof, "variance");
    return ddToNumber(ddDivNumber(this.m2DD(), this.count - ddof));
  }

  /**
   * The standard deviation sqrt(M2 / (count − ddof)).
   *
   * @example
   * ```ts
   * summarize([2, 4, 4, 4, 5, 5, 7, 9]).std(0); // => 2
   * ```
   */
  std(ddof = 1): number {
    this.requireMoreThan(ddof, "std");
    return ddToNumber(ddSqrt(ddDivNumber(this.m2DD(), this.count - ddof)));
  }

  /**
   * The standard error of the mean, std(1) / sqrt(count).
   *
   * @example
   * ```ts
   * summarize([1, 2, 3, 4]).sem(); // => 0.6454972243679028
   * ```
   */
  sem(): number {
    this.requireMoreThan(1, "sem");
    const n = this.count;
    return ddToNumber(ddSqrt(ddDiv(this.m2DD(), twoProduct(n, n - 1))));
  }

  /**
   * The versioned JSON form (bit-exact round trip through `JSON.stringify` and `fromJSON`).
   * Throws `E_NOT_FINITE` for a NaN summary made with `nan: "propagate"`.
   *
   * @example
   * ```ts
   * JSON.stringify(summarize([1, 2, 3]));
   * // => '{"format":"batchstats.summary","version":1,"count":3,"mean":2,"meanLo":0,"m2":2,"m2Lo":0,"omitted":0}'
   * ```
   */
  toJSON(): SummaryJSON {
    if (this.count > 0 && (!Number.isFinite(this.mean) || !Number.isFinite(this.m2))) {
      throw new BatchStatsError(
        "E_NOT_FINITE",
        "a summary with NaN statistics (made with nan: 'propagate') cannot be serialised",
        { field: Number.isFinite(this.mean) ? "m2" : "mean" },
      );
    }
    return {
      format: SUMMARY_FORMAT,
      version: SUMMARY_VERSION,
      count: this.count,
      mean: this.count === 0 ? 0 : this.mean,
      meanLo: this.meanLo,
      m2: this.m2,
      m2Lo: this.m2Lo,
      omitted: this.omitted,
    };
  }

  /**
   * Rebuilds a summary from its JSON form (a string or a parsed object), treating the input as
   * untrusted: every field is checked, unknown or missing keys, wrong types, negative or
   * fractional counts, negative or NaN M2 and unknown versions throw `E_BAD_SUMMARY` naming
   * the field. Never returns a half-built summary.
   *
   * @example
   * ```ts
   * const s = Summary.fromJSON('{"format":"batchstats.summary","version":1,"count":3,"mean":2,"meanLo":0,"m2":2,"m2Lo":0,"omitted":0}');
   * s.variance(); // => 1
   * ```
   */
  static fromJSON(value: unknown): Summary {
    const v = parseSummaryJSON(value);
    return new Summary(v.count, { hi: v.mean, lo: v.meanLo }, { hi: v.m2, lo: v.m2Lo }, v.omitted);
  }
}

const EMPTY = new Summary(0, { hi: 0, lo: 0 }, { hi: 0, lo: 0 }, 0);

/** @internal A summary of `count` values all NaN-propagated (nan: "propagate"). */
export function nanSummary(count: number): Summary {
  return new Summary(count, { hi: Number.NaN, lo: 0 }, { hi: Number.NaN, lo: 0 }, 0);
}
