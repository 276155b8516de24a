import {
  type DD,
  dd,
  ddDivNumber,
  ddMulNumber,
  ddScale,
  ddSub,
  exponentOf,
  scaleByPow2,
  twoProduct,
} from "../ddouble.js";
import { BatchStatsError } from "../errors.js";
import { describeValue, readOptions } from "../options.js";
import { makeSummary, Summary } from "./summary.js";

/** Moments as SQL or scipy give them. Give exactly one of `std` and `variance`. */
export interface Moments {
  /** Number of values (a non-negative integer). */
  count: number;
  /** Their mean. */
  mean: number;
  /** Standard deviation with denominator count − ddof. */
  std?: number;
  /** Variance with denominator count − ddof. */
  variance?: number;
  /** Delta degrees of freedom of `std`/`variance`: 1 (default, sample) or 0 (population). */
  ddof?: number;
}

function argError(field: string, message: string): never {
  throw new BatchStatsError("E_BAD_ARGUMENT", `${field} ${message}`, { field });
}

function checkCount(count: unknown, field: string): number {
  if (typeof count !== "number" || !Number.isSafeInteger(count) || count < 0) {
    argError(field, `must be a non-negative integer, got ${describeValue(count)}`);
  }
  return count;
}

function checkFinite(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isFinite(value))
    argError(field, `must be a finite number, got ${describeValue(value)}`);
  return value;
}

/**
 * A summary from count, mean and standard deviation (or variance), e.g. from a SQL query or
 * from scipy-style `(mean, std, nobs)`. The inputs are taken as exact; M2 = variance·(count − ddof)
 * is formed in double-double arithmetic.
 *
 * @example
 * ```ts
 * import { fromMoments } from "batchstats";
 * const s = fromMoments({ count: 10, mean: 5.5, std: 3.0276503540974917 });
 * // the std given is itself rounded, so its square is not exactly 55/6:
 * s.variance(); // => 9.166666666666668
 * ```
 */
export function fromMoments(moments: Moments): Summary {
  if (typeof moments !== "object" || moments === null) argError("moments", "must be an object");
  const m = readOptions(moments, MOMENT_KEYS, "moments");
  return momentsSummary(m);
}

const MOMENT_KEYS = ["count", "mean", "std", "variance", "ddof"] as const;

function momentsSummary(moments: Partial<Record<(typeof MOMENT_KEYS)[number], unknown>>): Summary {
  const count = checkCount(moments.count, "count");
  const ddof = moments.ddof === undefined ? 1 : checkCount(moments.ddof, "ddof");
  const mean = checkFinite(moments.mean, "mean");
  const hasStd = moments.std !== undefined;
  const hasVariance = moments.variance !== undefined;
  if (hasStd === hasVariance) argError(hasStd ? "variance" : "std", "give exactly one of std and variance");
  const spread = checkFinite(hasStd ? moments.std : moments.variance, hasStd ? "std" : "variance");
  if (spread < 0) {
    argError(hasStd ? "std" : "variance", `must be non-negative, got ${spread}`);
  }
  if (count === 0) return Summary.empty();
  if (count === 1 && spread !== 0) {
    argError(hasStd ? "std" : "variance", `must be 0 for a single value (whatever ddof), got ${spread}`);
  }
  if (count <= ddof) {
    if (spread !== 0) argError("count", `must exceed ddof (${ddof}) for a non-zero spread, got ${count}`);
    return makeSummary(count, dd(mean), dd(0));
  }
  return makeSummary(count, dd(mean), m2FromSpread(spread, hasStd, count - ddof));
}

const MIN_NORMAL = 2.2250738585072014e-308; // 2^-1022

/**
 * M2 = std²·k or variance·k, formed on the spread scaled to [1, 2) and scaled back, so that
 * std² never under- or overflows on the way: the result is exact to double-double precision
 * whenever it is a normal double, and `E_OVERFLOW` / `E_UNDERFLOW` (naming the spread) when
 * it is not. @internal
 */
export function m2FromSpread(spread: number, isStd: boolean, k: number): DD {
  if (spread === 0) return dd(0);
  const field = isStd ? "std" : "variance";
  const e = exponentOf(spread);
  const unit = scaleByPow2(spread, -e);
  const m2 = isStd ? ddScale(ddMulNumber(twoProduct(unit, unit), k), 2 * e) : ddScale(twoProduct(unit, k), e);
  const what = isStd ? "std² · (count − ddof)" : "variance · (count − ddof)";
  if (!Number.isFinite(m2.hi)) {
    throw new BatchStatsError("E_OVERFLOW", `M2 = ${what} is beyond the double range (about 1.8e308)`, { field });
  }
  if (m2.hi < MIN_NORMAL) {
    throw new BatchStatsError("E_UNDERFLOW", `M2 = ${what} is below the normal double range (2.2e-308)`, { field });
  }
  return m2;
}

/** Running sums as stored by many A/B platforms (e.g. GrowthBook): n, Σx, Σx². */
export interface Sums {
  count: number;
  sum: number;
  sumOfSquares: number;
}

/** Options of `fromSums`. */
export interface FromSumsOptions {
  /**
   * Refuse (`E_PRECISION_LOSS`) when fewer than this many significant digits of the variance
   * can be trusted. Default 6. Use 0 to accept anything non-negative.
   */
  minDigits?: number;
}

/** How trustworthy a variance recovered from sums is. */
export interface SumsPrecision {
  /** Decimal digits cancelled in Σx² − (Σx)²/n: log10(Σx² / M2). */
  digitsLost: number;
  /** Significant digits of the variance that survive, at best (≈ 15.95 − digitsLost). */
  reliableDigits: number;
}

const DIGITS_OF_DOUBLE = /* @__PURE__ */ Math.log10(9007199254740992 /* 2^53 */); // ≈ 15.95: the precision of a correctly rounded double

/**
 * Estimates how many digits of the variance survive in n, Σx, Σx². Each sum is at best
 * correctly rounded (relative error 2^-53), and M2 = Σx² − (Σx)²/n cancels log10(Σx²/M2)
 * digits of that; real pipelines that accumulate Σx² naively lose more.
 *
 * @example
 * ```ts
 * import { sumsPrecision } from "batchstats";
 * // values 1e9 + {0, 1, 2}: 18 digits cancel, nothing is left.
 * sumsPrecision({ count: 3, sum: 3e9 + 3, sumOfSquares: 3e18 + 6e9 + 5 }).reliableDigits < 0; // => true
 * ```
 */
export function sumsPrecision(sums: Sums): SumsPrecision {
  const { m2, sumOfSquares } = m2FromSums(sums);
  const digitsLost = m2 > 0 ? Math.log10(sumOfSquares / m2) : Infinity;
  return { digitsLost, reliableDigits: DIGITS_OF_DOUBLE - digitsLost };
}

const SUM_KEYS = ["count", "sum", "sumOfSquares"] as const;

function m2FromSums(sums: Sums): {
  count: number;
  sum: number;
  sumOfSquares: number;
  mean: ReturnType<typeof dd>;
  m2: number;
  m2dd: ReturnType<typeof dd>;
} {
  if (typeof sums !== "object" || sums === null) argError("sums", "must be an object");
  const read = readOptions(sums, SUM_KEYS, "sums");
  const count = checkCount(read.count, "count");
  const sum = checkFinite(read.sum, "sum");
  const sumOfSquares = checkFinite(read.sumOfSquares, "sumOfSquares");
  if (sumOfSquares < 0) argError("sumOfSquares", `must be non-negative, got ${sumOfSquares}`);
  if (count === 0) return { count, sum, sumOfSquares, mean: dd(0), m2: 0, m2dd: dd(0) };
  // In units of 2^e with Σx²·4^-e in [1, 4): (Σx)² cannot overflow, nor Σx² underflow.
  const e = Math.ceil(exponentOf(sumOfSquares) / 2);
  const unitSum = scaleByPow2(sum, -e);
  const unitSquares = scaleByPow2(sumOfSquares, -2 * e);
  const m2dd = ddScale(ddSub(dd(unitSquares), ddDivNumber(twoProduct(unitSum, unitSum), count)), 2 * e);
  return { count, sum, sumOfSquares, mean: ddDivNumber(dd(sum), count), m2: m2dd.hi, m2dd };
}

/**
 * A summary from n, Σx and Σx² (as GrowthBook, spotify-confidence and SQL pipelines store them).
 * M2 = Σx² − (Σx)²/n is formed in double-double arithmetic, but the sums themselves were
 * rounded: when the mean is large against the spread, digits cancel. Throws `E_PRECISION_LOSS`
 * when fewer than `minDigits` (default 6) digits survive, and `E_BAD_SUMMARY` when the sums are
 * impossible (Σx² < (Σx)²/n beyond rounding). Σx² = 0 means every value is 0, so M2 = 0 is exact
 * there. Prefer storing summaries (`toJSON`) instead.
 *
 * @example
 * ```ts
 * import { fromSums } from "batchstats";
 * fromSums({ count: 4, sum: 10, sumOfSquares: 30 }).variance(); // => 1.6666666666666667
 * ```
 */
export function fromSums(sums: Sums, options?: FromSumsOptions): Summary {
  const o = readOptions(options, ["minDigits"] as const);
  const minDigits = o.minDigits === undefined ? 6 : checkFinite(o.minDigits, "options.minDigits");
  const { count, sum, sumOfSquares, mean, m2, m2dd } = m2FromSums(sums);
  if (count === 0) {
    if (sum !== 0 || sumOfSquares !== 0) argError("count", "is 0 but the sums are not");
    return Summary.empty();
  }
  // Rounding of the inputs alone can move M2 by about 2^-52·Σx²; below that M2 is noise.
  const noise = 2 ** -52 * sumOfSquares;
  if (m2 < -noise) {
    throw new BatchStatsError(
      "E_BAD_SUMMARY",
      `impossible sums: sumOfSquares (${sumOfSquares}) is less than sum²/count (${(sum / count) * sum})`,
      { field: "sumOfSquares" },
    );
  }
  // Σx² = 0 only when every value is 0: M2 = 0 is then exact, as it is for one value.
  const exactlyZero = m2 === 0 && (count === 1 || sumOfSquares === 0);
  const digits = m2 > 0 ? DIGITS_OF_DOUBLE - Math.log10(sumOfSquares / m2) : exactlyZero ? Infinity : -Infinity;
  if (digits < minDigits && !(count === 1)) {
    throw new BatchStatsError(
      "E_PRECISION_LOSS",
      `the variance cannot be recovered from these sums: about ${Math.max(0, digits).toFixed(1)} significant digits survive ` +
        `(Σx² = ${sumOfSquares} cancels against (Σx)²/n); minDigits is ${minDigits}`,
      { field: "sumOfSquares" },
    );
  }
  if (m2 > 0 && count > 1 && m2 < MIN_NORMAL) {
    throw new BatchStatsError("E_UNDERFLOW", `M2 = Σx² − (Σx)²/n (${m2}) is below the normal double range`, {
      field: "sumOfSquares",
    });
  }
  return makeSummary(count, mean, m2 > 0 && count > 1 ? m2dd : dd(0));
}
