import { type DD, dd, ddDivNumber, ddScale, ddSub, exponentOf, scaleByPow2, twoProduct } from "../ddouble.js";
import { BatchStatsError } from "../errors.js";
import { describeValue, readOptions } from "../options.js";
import { fromMoments, fromSums } from "../summary/from-moments.js";
import type { Summary } from "../summary/summary.js";
import { correlationBound } from "./pair-summary-json.js";
import { makePairSummary, PairSummary } from "./pair-summary.js";

/** Paired moments as SQL or another engine stores them. */
export interface PairMoments {
  /** Number of pairs (a non-negative integer). */
  count: number;
  meanX: number;
  meanY: number;
  /** Variance of x with denominator count − ddof. */
  varianceX: number;
  /** Variance of y with denominator count − ddof. */
  varianceY: number;
  /** Covariance of x and y with denominator count − ddof. */
  covariance: number;
  /** 1 (default, sample) or 0 (population). */
  ddof?: number;
}

function argError(field: string, message: string): never {
  throw new BatchStatsError("E_BAD_ARGUMENT", `${field} ${message}`, { field });
}

function finite(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    argError(field, `must be a finite number, got ${describeValue(value)}`);
  }
  return value;
}

/** v·k for a finite v and a positive integer k, exact in double-double (formed on v scaled into [1, 2)). */
function timesCount(v: number, k: number, field: string): DD {
  if (v === 0) return dd(0);
  const e = exponentOf(v);
  const r = ddScale(twoProduct(scaleByPow2(v, -e), k), e);
  if (!Number.isFinite(r.hi)) argError(field, `· (count − ddof) is beyond the double range`);
  return r;
}

/** Re-labels an error of one column's `fromMoments`/`fromSums` with the pair field's name. */
function relabel(error: unknown, rename: Readonly<Record<string, string>>): never {
  if (error instanceof BatchStatsError && error.field !== undefined && error.field in rename) {
    const field = rename[error.field]!;
    throw new BatchStatsError(error.code, error.message.replace(error.field, field), { field });
  }
  throw error;
}

/**
 * A pair summary from count, means, variances and covariance (e.g. from a SQL query or another
 * engine's stored moments). The inputs are taken as exact; M2 = variance·(count − ddof) and the
 * co-moment covariance·(count − ddof) are formed in double-double arithmetic. A covariance beyond
 * Cauchy–Schwarz (|cov| > √(varX·varY)) is `E_BAD_ARGUMENT`.
 *
 * @example
 * ```ts
 * import { fromPairMoments } from "batchstats";
 * const p = fromPairMoments({ count: 4, meanX: 2.5, meanY: 5, varianceX: 1.25, varianceY: 6.5, covariance: 2.75, ddof: 0 });
 * p.covariance(); // => 3.6666666666666665
 * ```
 */
export function fromPairMoments(moments: PairMoments): PairSummary {
  if (typeof moments !== "object" || moments === null) argError("moments", "must be an object");
  const m = readOptions(moments, PAIR_MOMENT_KEYS, "moments");
  const covariance = finite(m.covariance, "covariance");
  let x: Summary;
  let y: Summary;
  try {
    x = fromMoments({ count: m.count, mean: m.meanX, variance: m.varianceX, ddof: m.ddof } as never);
  } catch (error) {
    relabel(error, { mean: "meanX", variance: "varianceX" });
  }
  try {
    y = fromMoments({ count: m.count, mean: m.meanY, variance: m.varianceY, ddof: m.ddof } as never);
  } catch (error) {
    relabel(error, { mean: "meanY", variance: "varianceY" });
  }
  if (x.count === 0) {
    if (covariance !== 0) argError("covariance", "must be 0 for count 0");
    return PairSummary.empty();
  }
  if (correlationBound(covariance, m.varianceX as number, m.varianceY as number) > 1 + 2 ** -40) {
    argError("covariance", `must satisfy |covariance| ≤ √(varianceX·varianceY) (Cauchy–Schwarz), got ${covariance}`);
  }
  const ddof = m.ddof === undefined ? 1 : (m.ddof as number);
  const c = x.count > ddof ? timesCount(covariance, x.count - ddof, "covariance") : dd(0);
  return makePairSummary(x, y, c);
}

const PAIR_MOMENT_KEYS = ["count", "meanX", "meanY", "varianceX", "varianceY", "covariance", "ddof"] as const;

/**
 * Running sums of pairs as A/B platforms store them: n, Σx, Σy, Σx², Σy², Σxy (GrowthBook's
 * `post_pre_sum_of_products`, spotify-confidence's `feature_cross`).
 */
export interface PairSums {
  count: number;
  sumX: number;
  sumY: number;
  sumOfSquaresX: number;
  sumOfSquaresY: number;
  sumOfProducts: number;
}

/** Options of `fromPairSums`. */
export interface FromPairSumsOptions {
  /** Refuse (`E_PRECISION_LOSS`) when fewer than this many digits survive in a variance or in the correlation. Default 6. */
  minDigits?: number;
}

const DIGITS_OF_DOUBLE = /* @__PURE__ */ Math.log10(9007199254740992); // −log10(2^-53)
const PAIR_SUM_KEYS = ["count", "sumX", "sumY", "sumOfSquaresX", "sumOfSquaresY", "sumOfProducts"] as const;

/**
 * A pair summary from n, Σx, Σy, Σx², Σy², Σxy. Each column goes through `fromSums` (with its
 * precision-loss detection); the co-moment C = Σxy − Σx·Σy/n is formed in double-double. The
 * sums themselves were rounded, so C carries an error of about 2^-53·max(|Σxy|, |Σx·Σy/n|):
 * against √(M2x·M2y), the scale of C, that leaves 15.95 − log10(max(|Σxy|, |ΣxΣy/n|)/√(M2x·M2y))
 * digits of the correlation; fewer than `minDigits` is `E_PRECISION_LOSS` (field `sumOfProducts`).
 *
 * @example
 * ```ts
 * import { fromPairSums } from "batchstats";
 * const p = fromPairSums({ count: 4, sumX: 10, sumY: 20, sumOfSquaresX: 30, sumOfSquaresY: 126, sumOfProducts: 61 });
 * p.covariance(); // => 3.6666666666666665
 * ```
 */
export function fromPairSums(sums: PairSums, options?: FromPairSumsOptions): PairSummary {
  if (typeof sums !== "object" || sums === null) argError("sums", "must be an object");
  const s = readOptions(sums, PAIR_SUM_KEYS, "sums");
  const o = readOptions(options, ["minDigits"] as const);
  const minDigits = o.minDigits === undefined ? 6 : finite(o.minDigits, "options.minDigits");
  const sxy = finite(s.sumOfProducts, "sumOfProducts");
  let x: Summary;
  let y: Summary;
  try {
    x = fromSums({ count: s.count, sum: s.sumX, sumOfSquares: s.sumOfSquaresX } as never, { minDigits });
  } catch (error) {
    relabel(error, { sum: "sumX", sumOfSquares: "sumOfSquaresX" });
  }
  try {
    y = fromSums({ count: s.count, sum: s.sumY, sumOfSquares: s.sumOfSquaresY } as never, { minDigits });
  } catch (error) {
    relabel(error, { sum: "sumY", sumOfSquares: "sumOfSquaresY" });
  }
  const n = x.count;
  if (n === 0) {
    if (sxy !== 0) argError("count", "is 0 but sumOfProducts is not");
    return PairSummary.empty();
  }
  const sx = s.sumX as number;
  const sy = s.sumY as number;
  // In units of 2^ex·2^ey, with ex, ey from Σx², Σy² (as fromSums does), nothing over- or underflows.
  const ex = Math.ceil(exponentOf(s.sumOfSquaresX as number) / 2);
  const ey = Math.ceil(exponentOf(s.sumOfSquaresY as number) / 2);
  const unitProducts = scaleByPow2(sxy, -(ex + ey));
  const cross = ddDivNumber(twoProduct(scaleByPow2(sx, -ex), scaleByPow2(sy, -ey)), n);
  const c = ddScale(ddSub(dd(unitProducts), cross), ex + ey);
  if (n === 1 || x.m2 === 0 || y.m2 === 0) {
    // One pair or a constant column: C is 0 up to the rounding of the sums.
    const scale = Math.max(Math.abs(sxy), Math.abs((sx / n) * sy));
    if (Math.abs(c.hi) > 2 ** -50 * scale) {
      throw new BatchStatsError("E_BAD_SUMMARY", "impossible sums: a constant column with a non-zero co-moment", {
        field: "sumOfProducts",
      });
    }
    return makePairSummary(x, y, dd(0));
  }
  const scale = Math.max(Math.abs(sxy), Math.abs((sx / n) * sy));
  const spread = Math.sqrt(x.m2) * Math.sqrt(y.m2);
  const digits = scale === 0 ? Infinity : DIGITS_OF_DOUBLE - Math.log10(scale / spread);
  if (digits < minDigits) {
    throw new BatchStatsError(
      "E_PRECISION_LOSS",
      `the covariance cannot be recovered from these sums: about ${Math.max(0, digits).toFixed(1)} digits of the correlation survive ` +
        `(Σxy = ${sxy} cancels against Σx·Σy/n); minDigits is ${minDigits}`,
      { field: "sumOfProducts" },
    );
  }
  const bound = correlationBound(c.hi, x.m2, y.m2);
  if (bound > 1 + 2 ** -40 + 10 ** -Math.max(0, digits)) {
    throw new BatchStatsError("E_BAD_SUMMARY", "impossible sums: |C| > √(M2x·M2y) (Cauchy–Schwarz)", {
      field: "sumOfProducts",
    });
  }
  // Past |r| = 1 only by the rounding of the sums: clamped to the bound (|r| = 1), so that the
  // pair summary stays valid (fromJSON checks Cauchy–Schwarz).
  if (bound > 1) return makePairSummary(x, y, dd(Math.sign(c.hi) * Math.sqrt(x.m2) * Math.sqrt(y.m2) * (1 - 2 ** -52)));
  return makePairSummary(x, y, c);
}
