import { type DD, ddDiv, ddDivNumber, ddMul, ddScale, ddSqrt, ddToNumber, exponentOf } from "../ddouble.js";
import { BatchStatsError } from "../errors.js";
import { describeValue, errorText } from "../options.js";
import { makeSummary, type Summary } from "../summary/summary.js";
import {
  PAIR_SUMMARY_FORMAT,
  PAIR_SUMMARY_VERSION,
  type PairSummaryJSON,
  parsePairSummaryJSON,
} from "./pair-summary-json.js";

/** The key only this module holds: the constructor refuses to run without it. */
const CREATE = Symbol("batchstats.createPairSummary");
let create: (x: Summary, y: Summary, c: DD) => PairSummary;
let isGenuine: (value: unknown) => boolean;
/** Marks pair summaries of every copy of batchstats in a process (a registered symbol, shared across builds). */
const BRAND = Symbol.for("batchstats.PairSummary");

/**
 * The summary of a batch of pairs (x, y): the count, the mean and M2 of each column and the
 * co-moment cXY = Σ(x − x̄)(y − ȳ), each carried as a double-double like `Summary`'s, so that
 * merging in any order and grouping keeps them to about 32 digits. Immutable and JSON-safe.
 * Enough for covariance, correlation, CUPED (`cupedTest`) and ratio metrics (`ratioTest`).
 * `x` and `y` are the plain summaries of each column.
 *
 * @example
 * ```ts
 * import { summarizePairs } from "batchstats";
 * const p = summarizePairs([1, 2, 3, 4], [2, 4, 5, 9]);
 * p.count;         // => 4
 * p.meanY;         // => 5
 * p.covariance();  // => 3.6666666666666665
 * p.correlation(); // => 0.9647638212377322 (11 / √130)
 * p.x.mean;        // => 2.5
 * ```
 */
export class PairSummary {
  /** Number of pairs summarized (pairs skipped with `nan: "omit"` are not counted). */
  readonly count: number;
  /** The mean of x, rounded to a double (NaN when empty); `meanXLo` is its low part. */
  readonly meanX: number;
  /** Low-order part of the mean of x. */
  readonly meanXLo: number;
  /** The mean of y, rounded to a double (NaN when empty). */
  readonly meanY: number;
  /** Low-order part of the mean of y. */
  readonly meanYLo: number;
  /** M2 of x, Σ(x − x̄)². */
  readonly m2X: number;
  /** Low-order part of M2 of x. */
  readonly m2XLo: number;
  /** M2 of y, Σ(y − ȳ)². */
  readonly m2Y: number;
  /** Low-order part of M2 of y. */
  readonly m2YLo: number;
  /** The co-moment Σ(x − x̄)(y − ȳ). */
  readonly cXY: number;
  /** Low-order part of the co-moment. */
  readonly cXYLo: number;
  /** How many pairs were skipped for a NaN in either value (`nan: "omit"`), summed over merges. */
  readonly omitted: number;
  /** The summary of the x column. */
  readonly x: Summary;
  /** The summary of the y column. */
  readonly y: Summary;

  private constructor(key: symbol, x: Summary, y: Summary, c: DD) {
    if (key !== CREATE) {
      throw new BatchStatsError(
        "E_BAD_ARGUMENT",
        "a PairSummary cannot be constructed directly: use summarizePairs, mergePairs, fromPairMoments, fromPairSums or PairSummary.fromJSON",
        { field: "PairSummary" },
      );
    }
    this.count = x.count;
    this.meanX = x.mean;
    this.meanXLo = x.meanLo;
    this.meanY = y.mean;
    this.meanYLo = y.meanLo;
    this.m2X = x.m2;
    this.m2XLo = x.m2Lo;
    this.m2Y = y.m2;
    this.m2YLo = y.m2Lo;
    this.cXY = x.count === 0 || c.hi === 0 ? 0 : c.hi;
    this.cXYLo = x.count === 0 || c.lo === 0 ? 0 : c.lo;
    this.omitted = x.omitted;
    this.x = x;
    this.y = y;
    Object.freeze(this);
  }

  readonly #made = true;

  static {
    create = (x, y, c) => new PairSummary(CREATE, x, y, c);
    isGenuine = (value) => typeof value === "object" && value !== null && #made in value;
    Object.defineProperty(PairSummary.prototype, BRAND, { value: true });
  }

  /**
   * True for every pair summary made by batchstats, by this copy or another one in the process
   * (its CommonJS and ESM builds): functions that take one revalidate a foreign one field by field.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    return isGenuine(value) || hasPairBrand(value);
  }

  /** The empty pair summary: the identity of `mergePairs`. */
  static empty(): PairSummary {
    return EMPTY;
  }

  /** @internal The co-moment as a double-double. */
  cDD(): DD {
    return { hi: this.cXY, lo: this.cXYLo };
  }

  private requireMoreThan(ddof: number, what: string): void {
    if (!Number.isInteger(ddof) || ddof < 0) {
      throw new BatchStatsError("E_BAD_ARGUMENT", `ddof must be a non-negative integer, got ${describeValue(ddof)}`, {
        field: "ddof",
      });
    }
    if (this.count <= ddof) {
      throw new BatchStatsError(
        "E_TOO_FEW",
        `${what} with ddof = ${ddof} needs more than ${ddof} pair(s); this summary has ${this.count}`,
        { field: "count" },
      );
    }
  }

  /**
   * The variance of x, M2x / (count − ddof). Throws `E_TOO_FEW` when count ≤ ddof.
   *
   * @example
   * ```ts
   * summarizePairs([1, 2, 3, 4], [2, 4, 5, 9]).varianceX(); // => 1.6666666666666667
   * ```
   */
  varianceX(ddof = 1): number {
    return this.x.variance(ddof);
  }

  /**
   * The variance of y, M2y / (count − ddof).
   *
   * @example
   * ```ts
   * summarizePairs([1, 2, 3, 4], [2, 4, 5, 9]).varianceY(); // => 8.666666666666666
   * ```
   */
  varianceY(ddof = 1): number {
    return this.y.variance(ddof);
  }

  /**
   * The covariance cXY / (count − ddof), correctly rounded from the double-double co-moment.
   * Throws `E_TOO_FEW` when count ≤ ddof.
   *
   * @example
   * ```ts
   * summarizePairs([1, 2, 3, 4], [2, 4, 5, 9]).covariance(0); // => 2.75
   * ```
   */
  covariance(ddof = 1): number {
    this.requireMoreThan(ddof, "covariance");
    return ddToNumber(ddDivNumber(this.cDD(), this.count - ddof));
  }

  /**
   * Pearson's correlation cXY / √(M2x·M2y), formed from the double-doubles in units where
   * nothing over- or underflows, and kept within [−1, 1]. Throws `E_TOO_FEW` below 2 pairs and
   * `E_ZERO_VARIANCE` when a column is constant.
   *
   * @example
   * ```ts
   * summarizePairs([1, 2, 3], [6, 4, 2]).correlation(); // => -1
   * ```
   */
  correlation(): number {
    this.requireMoreThan(1, "correlation");
    if (this.m2X === 0 || this.m2Y === 0) {
      throw new BatchStatsError(
        "E_ZERO_VARIANCE",
        `the correlation is undefined: ${this.m2X === 0 ? "x" : "y"} is constant (zero variance)`,
        { field: this.m2X === 0 ? "m2X" : "m2Y" },
      );
    }
    const r = correlationDD(this.cDD(), this.x.m2DD(), this.y.m2DD());
    return Math.max(-1, Math.min(1, ddToNumber(r)));
  }

  /**
   * The versioned JSON form (bit-exact round trip through `JSON.stringify` and `fromJSON`).
   *
   * @example
   * ```ts
   * JSON.stringify(summarizePairs([1, 3], [2, 2]));
   * // => '{"format":"batchstats.pair-summary","version":1,"count":2,"meanX":2,"meanXLo":0,"meanY":2,"meanYLo":0,"m2X":2,"m2XLo":0,"m2Y":0,"m2YLo":0,"cXY":0,"cXYLo":0,"omitted":0}'
   * ```
   */
  toJSON(): PairSummaryJSON {
    const empty = this.count === 0;
    return {
      format: PAIR_SUMMARY_FORMAT,
      version: PAIR_SUMMARY_VERSION,
      count: this.count,
      meanX: empty ? 0 : this.meanX,
      meanXLo: this.meanXLo,
      meanY: empty ? 0 : this.meanY,
      meanYLo: this.meanYLo,
      m2X: this.m2X,
      m2XLo: this.m2XLo,
      m2Y: this.m2Y,
      m2YLo: this.m2YLo,
      cXY: this.cXY,
      cXYLo: this.cXYLo,
      omitted: this.omitted,
    };
  }

  /**
   * Rebuilds a pair summary from its JSON form (a string or a parsed object), treating the input
   * as untrusted: unknown or missing keys, wrong types, negative or fractional counts, negative
   * M2, a co-moment beyond Cauchy–Schwarz (|cXY| > √(m2X·m2Y)) and unknown versions throw
   * `E_BAD_SUMMARY` naming the field.
   *
   * @example
   * ```ts
   * const p = PairSummary.fromJSON(JSON.stringify(summarizePairs([1, 2, 3], [1, 3, 2])));
   * p.covariance(); // => 0.5
   * ```
   */
  static fromJSON(value: unknown): PairSummary {
    if (isGenuine(value)) return value as PairSummary;
    const v = parsePairSummaryJSON(value);
    const x = makeSummary(v.count, { hi: v.meanX, lo: v.meanXLo }, { hi: v.m2X, lo: v.m2XLo }, v.omitted);
    const y = makeSummary(v.count, { hi: v.meanY, lo: v.meanYLo }, { hi: v.m2Y, lo: v.m2YLo }, v.omitted);
    return create(x, y, { hi: v.cXY, lo: v.cXYLo });
  }
}

/** c / √(m2x·m2y) as a double-double, with each M2 scaled by a power of 4 into [1, 4) first. @internal */
export function correlationDD(c: DD, m2x: DD, m2y: DD): DD {
  const ex = Math.floor(exponentOf(m2x.hi) / 2);
  const ey = Math.floor(exponentOf(m2y.hi) / 2);
  const sx = ddSqrt(ddScale(m2x, -2 * ex));
  const sy = ddSqrt(ddScale(m2y, -2 * ey));
  return ddDiv(ddScale(c, -(ex + ey)), ddMul(sx, sy));
}

const EMPTY = create(
  makeSummary(0, { hi: 0, lo: 0 }, { hi: 0, lo: 0 }),
  makeSummary(0, { hi: 0, lo: 0 }, { hi: 0, lo: 0 }),
  { hi: 0, lo: 0 },
);

/**
 * A pair summary from the summaries of its columns (same count and omitted) and the co-moment;
 * a co-moment beyond the double range is `E_OVERFLOW` (`cXY`). @internal
 */
export function makePairSummary(x: Summary, y: Summary, c: DD): PairSummary {
  if (x.count > 0 && (!Number.isFinite(c.hi) || !Number.isFinite(c.lo))) {
    throw new BatchStatsError(
      "E_OVERFLOW",
      "the co-moment Σ(x − x̄)(y − ȳ) is beyond the double range (about 1.8e308)",
      {
        field: "cXY",
      },
    );
  }
  return create(x, y, c);
}

/** True for a pair summary made by this copy of batchstats. @internal */
export function isPairSummary(value: unknown): value is PairSummary {
  return isGenuine(value);
}

function hasPairBrand(value: unknown): boolean {
  try {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  } catch {
    return false; // a Proxy whose trap throws is not a pair summary
  }
}

/** A pair summary of another copy of batchstats, read field by field and validated as `fromJSON` does. */
function foreignPairSummary(value: unknown, field: string): PairSummary {
  let fields: Record<string, unknown>;
  try {
    const v = value as Record<string, unknown>;
    fields = (v.toJSON as () => Record<string, unknown>).call(v);
  } catch (error) {
    throw new BatchStatsError("E_BAD_SUMMARY", `${field}: its fields could not be read (${errorText(error)})`, {
      field,
    });
  }
  try {
    return PairSummary.fromJSON(fields);
  } catch (error) {
    if (!(error instanceof BatchStatsError)) throw error;
    throw new BatchStatsError(error.code, `${field}: ${error.message}`, { field: `${field}.${error.field ?? ""}` });
  }
}

/** The pair summary `value` is, or `E_BAD_ARGUMENT` naming `field`. @internal */
export function requirePairSummary(value: unknown, field: string): PairSummary {
  if (isGenuine(value)) return value as PairSummary;
  if (hasPairBrand(value)) return foreignPairSummary(value, field);
  throw new BatchStatsError(
    "E_BAD_ARGUMENT",
    `${field} is not a PairSummary (use PairSummary.fromJSON for stored pair summaries)`,
    { field },
  );
}
