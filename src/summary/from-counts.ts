import { type DD, dd, ddFromParts, twoProduct, twoSum } from "../ddouble.js";
import { BatchStatsError } from "../errors.js";
import { describeValue, readOptions } from "../options.js";
import { makeSummary, Summary } from "./summary.js";

/**
 * A conversion metric stored as counts: `successes` of `trials` 0/1 outcomes (both non-negative
 * safe integers, successes ≤ trials).
 */
export interface Counts {
  /** Number of outcomes equal to 1 (conversions). */
  successes: number;
  /** Number of outcomes (visitors, sessions). */
  trials: number;
}

const COUNT_KEYS = ["successes", "trials"] as const;

function countField(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new BatchStatsError(
      "E_BAD_ARGUMENT",
      `${field} must be a non-negative safe integer, got ${describeValue(value)}`,
      {
        field,
      },
    );
  }
  return value;
}

/**
 * Reads and validates counts (`E_BAD_ARGUMENT` naming the field: not an object, an unknown or a
 * missing key, a negative, fractional or unsafe count, successes > trials). @internal
 */
export function readCounts(counts: unknown, field = "counts"): Counts {
  if (typeof counts !== "object" || counts === null || Array.isArray(counts)) {
    throw new BatchStatsError(
      "E_BAD_ARGUMENT",
      `${field} must be an object { successes, trials }, got ${describeValue(counts)}`,
      {
        field,
      },
    );
  }
  const c = readOptions(counts, COUNT_KEYS, field);
  const successes = countField(c.successes, `${field}.successes`);
  const trials = countField(c.trials, `${field}.trials`);
  if (successes > trials) {
    throw new BatchStatsError(
      "E_BAD_ARGUMENT",
      `${field}.successes (${successes}) must not exceed ${field}.trials (${trials})`,
      { field: `${field}.successes` },
    );
  }
  return { successes, trials };
}

/**
 * The double-double nearest to N / n for an exact numerator N = hi + lo (an integer below 2^106)
 * and a positive safe integer n: hi = RN(N/n) and lo = RN(N/n − hi), each correctly rounded.
 *
 * Method: q = RN(N.hi / n) is within an ulp of the quotient; the remainder R = N − q·n is formed
 * exactly (TwoProduct and TwoSum; |R| ≤ n·ulp(q), a multiple of ulp(q)·2^-52 at worst, so one
 * double holds it); q moves by an ulp while |R| > n·ulp(q)/2, and lo = RN(R / n). @internal
 */
export function exactQuotient(numerator: DD, n: number): DD {
  let q = numerator.hi / n;
  for (let step = 0; step < 3; step++) {
    const r = remainder(numerator, q, n);
    const ulp = ulpOf(q);
    if (Math.abs(r) <= (n * ulp) / 2) {
      const lo = r / n;
      return lo === 0 ? dd(q) : { hi: q, lo };
    }
    q += r > 0 ? ulp : -ulp;
  }
  return ddFromParts(q, remainder(numerator, q, n) / n);
}

/** N − q·n, exact (the terms cancel to a value of at most 54 significant bits). */
function remainder(numerator: DD, q: number, n: number): number {
  const p = twoProduct(q, n);
  const s = twoSum(numerator.hi, -p.hi);
  return s.hi + (s.lo + (numerator.lo - p.lo));
}

/** The spacing of doubles just above |x| (x a positive normal double). */
function ulpOf(x: number): number {
  const ax = Math.abs(x);
  if (ax === 0) return Number.MIN_VALUE;
  let u = 2 ** (Math.floor(Math.log2(ax)) - 52);
  if (ax / u >= 2 ** 53) u *= 2;
  else if (ax / u < 2 ** 52) u /= 2;
  return Math.max(u, Number.MIN_VALUE);
}

/**
 * The summary of a conversion metric from its counts: `successes` ones among `trials` 0/1
 * values: count = trials, mean = k/n and M2 = k(n − k)/n, each the correctly rounded
 * double-double of the exact fraction (the product k(n − k) is exact by TwoProduct). `summarize`
 * of the raw 0/1 values gives the same mean; its M2 is one double per 2048-value chunk, within an
 * ulp of this one. Throws `E_BAD_ARGUMENT` naming the field for anything but two
 * non-negative safe integers with successes ≤ trials. `{ successes: 0, trials: 0 }` is the empty
 * summary.
 *
 * @example
 * ```ts
 * import { fromCounts } from "batchstats";
 * const s = fromCounts({ successes: 3, trials: 10 });
 * s.count;      // => 10
 * s.mean;       // => 0.3
 * s.variance(); // => 0.23333333333333334
 * ```
 */
export function fromCounts(counts: Counts): Summary {
  const { successes: k, trials: n } = readCounts(counts);
  if (n === 0) return Summary.empty();
  const mean = exactQuotient(dd(k), n);
  const m2 = k === 0 || k === n ? dd(0) : exactQuotient(twoProduct(k, n - k), n);
  return makeSummary(n, mean, m2);
}
