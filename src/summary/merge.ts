import { type DD, ddAdd, ddDivNumber, ddMul, ddMulNumber, ddScale, ddSub, exponentOf } from "../ddouble.js";
import { BatchStatsError } from "../errors.js";
import {
  clipRecord,
  isOwnSummary,
  makeSummary,
  nanSummary,
  requireSummary,
  type Summary,
  type SummaryClip,
} from "./summary.js";

/** A mean difference within these bounds squares and scales without over- or underflow. */
const LARGE_DELTA = 2 ** 450;
const SMALL_DELTA = 2 ** -450;
const MIN_NORMAL = 2 ** -1022;

/**
 * The between-groups term δ²·na·nb/n of Chan's update and the mean offset δ·nb/n, for a
 * difference δ of any size: when |δ| is outside [2^-450, 2^450] both are formed in units of
 * 2^s (s the exponent of the largest of |δ|, √M2a, √M2b), where nothing over- or underflows,
 * and scaled back — exact, as scaling by a power of two is.
 */
function betweenTerm(delta: DD, na: number, nb: number, n: number): DD {
  const ad = Math.abs(delta.hi);
  if (ad === 0 || (ad >= SMALL_DELTA && ad <= LARGE_DELTA)) {
    return ddDivNumber(ddMulNumber(ddMulNumber(ddMul(delta, delta), na), nb), n);
  }
  const s = exponentOf(ad);
  const d = ddScale(delta, -s);
  return ddScale(ddDivNumber(ddMulNumber(ddMulNumber(ddMul(d, d), na), nb), n), 2 * s);
}

/** A summary with NaN statistics (made with nan: "propagate"). */
function isNanSummary(s: Summary): boolean {
  return s.count > 0 && (s.mean !== s.mean || s.m2 !== s.m2);
}

/** mb − ma, also when it overflows a double (opposite means near ±1.8e308): then in halves. */
function meanDifference(ma: DD, mb: DD): { delta: DD; halved: boolean } {
  const delta = ddSub(mb, ma);
  if (Number.isFinite(delta.hi)) return { delta, halved: false };
  return { delta: ddSub(ddScale(mb, -1), ddScale(ma, -1)), halved: true };
}

/**
 * The clip record of a merge: the hull of both bounds with the clipped counts added; an empty
 * summary without bounds holds no value, so it leaves the other's bounds as they are, but a
 * non-empty one without bounds makes the merge unbounded (undefined). Returns one of the
 * inputs' records when it is unchanged.
 */
function mergeClip(a: Summary, b: Summary): SummaryClip | undefined {
  const ca = a.clip;
  const cb = b.clip;
  if (ca === undefined) return a.count === 0 ? cb : undefined;
  if (cb === undefined) return b.count === 0 ? ca : undefined;
  const lo = Math.min(ca.lo, cb.lo);
  const hi = Math.max(ca.hi, cb.hi);
  const clipped = ca.clipped + cb.clipped;
  if (lo === ca.lo && hi === ca.hi && clipped === ca.clipped) return ca;
  if (lo === cb.lo && hi === cb.hi && clipped === cb.clipped) return cb;
  return clipRecord(lo, hi, clipped);
}

/**
 * Merges two summaries with Chan, Golub & LeVeque's pairwise update, in double-double
 * arithmetic: n = na + nb, δ = x̄b − x̄a, x̄ = x̄a + δ·nb/n, M2 = M2a + M2b + δ²·na·nb/n
 * (T. F. Chan, G. H. Golub, R. J. LeVeque, "Updating formulae and a pairwise algorithm for
 * computing sample variances", Stanford CS report STAN-CS-79-773, 1979). Scale-invariant: the
 * merge of summaries scaled by 2^k is the scaled merge. Clip bounds merge as `SummaryClip` says. A count past 2^53 or an M2 beyond the
 * double range is `E_OVERFLOW`; an M2 that falls below the normal range when the means differ
 * (by less than about 1e-154) is `E_UNDERFLOW`.
 * @internal
 */
export function mergeTwo(a: Summary, b: Summary): Summary {
  const omitted = a.omitted + b.omitted;
  const clip = a.clip === undefined && b.clip === undefined ? undefined : mergeClip(a, b);
  if (a.count === 0 || b.count === 0) {
    const s = b.count === 0 ? a : b; // the one that holds values, if either does
    return omitted === s.omitted && clip === s.clip ? s : makeSummary(s.count, s.meanDD(), s.m2DD(), omitted, clip);
  }
  const na = a.count;
  const nb = b.count;
  const n = na + nb;
  if (!Number.isSafeInteger(n)) makeSummary(n, a.meanDD(), a.m2DD(), omitted); // throws E_OVERFLOW (count)
  if (isNanSummary(a) || isNanSummary(b)) return nanSummary(n, omitted); // nan: "propagate" stays NaN
  const ma = a.meanDD();
  const { delta, halved } = meanDifference(ma, b.meanDD());
  const offset = ddDivNumber(ddMulNumber(delta, nb), n);
  const mean = ddAdd(ma, halved ? ddScale(offset, 1) : offset);
  const between = halved ? ddScale(betweenTerm(delta, na, nb, n), 2) : betweenTerm(delta, na, nb, n);
  const m2 = ddAdd(ddAdd(a.m2DD(), b.m2DD()), between);
  if (delta.hi !== 0 && !(m2.hi >= MIN_NORMAL) && Number.isFinite(m2.hi)) {
    throw new BatchStatsError(
      "E_UNDERFLOW",
      "the merged M2 (sum of squared deviations) is below the double range (2.2e-308): the means differ by too little to be represented",
      { field: "m2" },
    );
  }
  return makeSummary(n, mean, m2, omitted, clip);
}

const FROM_JSON_HINT = " (use Summary.fromJSON for stored summaries)";

/** The one iterable `merge` was given instead of summaries, if it was. */
function onlyIterable(args: readonly unknown[]): Iterable<unknown> | undefined {
  const only = args[0];
  return args.length === 1 &&
    typeof only === "object" &&
    only !== null &&
    typeof (only as Iterable<unknown>)[Symbol.iterator] === "function"
    ? (only as Iterable<unknown>)
    : undefined;
}

/**
 * Merges any number of summaries, in any order, into the summary of all their values: pass them
 * as arguments, or as one array or other iterable (a generator, a `Set`) of any length — for
 * more than a few thousand, pass the array itself (`merge(list)`), since `merge(...list)` hits
 * the engine's limit on arguments near 10⁵. `merge()` is the empty summary. Order and grouping
 * change only roundings of order ε² in the double-doubles, which reach the printed mean or
 * variance in their last bit or two at most (see `Summary`). Summaries made by another copy of
 * batchstats in the process (its CommonJS or ESM build) are accepted and revalidated.
 *
 * Errors: `E_BAD_ARGUMENT` naming the position of anything that is not a summary; `E_OVERFLOW`
 * when the merged count passes 2^53 or M2 leaves the double range; `E_UNDERFLOW` (see `mergeTwo`).
 *
 * @example
 * ```ts
 * import { summarize, merge } from "batchstats";
 * const hourly = [[1, 2], [3], [4, 5, 6]].map((batch) => summarize(batch));
 * merge(...hourly).mean; // => 3.5
 * merge(hourly).mean;    // => 3.5
 * merge().count;         // => 0
 * ```
 */
export function merge(...summaries: Summary[] | [Iterable<Summary>]): Summary {
  // No closure here: the build names every closure it creates (keepNames), at a cost per call.
  let total: Summary | undefined;
  let i = 0;
  for (const item of onlyIterable(summaries) ?? summaries) {
    const s = isOwnSummary(item) ? item : requireSummary(item, `summaries[${i}]`, FROM_JSON_HINT);
    i++;
    total = total === undefined ? s : mergeTwo(total, s);
  }
  return total ?? makeSummary(0, { hi: 0, lo: 0 }, { hi: 0, lo: 0 });
}
