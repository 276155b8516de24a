import { type DD, ddAdd, ddDivNumber, ddMul, ddMulNumber, ddScale, ddSub, exponentOf } from "../ddouble.js";
import { BatchStatsError } from "../errors.js";
import { mergeTwo } from "../summary/merge.js";
import { isPairSummary, makePairSummary, PairSummary, requirePairSummary } from "./pair-summary.js";

/** A difference of this size or less squares without over- or underflow (as in merge.ts). */
const LARGE_DELTA = 2 ** 450;
const SMALL_DELTA = 2 ** -450;

function plain(d: number): boolean {
  const a = Math.abs(d);
  return a === 0 || (a >= SMALL_DELTA && a <= LARGE_DELTA);
}

/**
 * The between-groups co-moment δx·δy·na·nb/n, formed on δx·2^-sx and δy·2^-sy (exact scalings)
 * when either difference is outside [2^-450, 2^450], and scaled back by 2^(sx+sy).
 */
function crossTerm(dx: DD, dy: DD, na: number, nb: number, n: number): DD {
  if (plain(dx.hi) && plain(dy.hi)) return ddDivNumber(ddMulNumber(ddMulNumber(ddMul(dx, dy), na), nb), n);
  const sx = exponentOf(dx.hi);
  const sy = exponentOf(dy.hi);
  const t = ddDivNumber(ddMulNumber(ddMulNumber(ddMul(ddScale(dx, -sx), ddScale(dy, -sy)), na), nb), n);
  return ddScale(t, sx + sy);
}

/** Renames the field of a column's merge error to the pair summary's (m2 → m2X, mean → meanY…). */
function columnError(error: unknown, column: "X" | "Y"): never {
  if (error instanceof BatchStatsError && (error.field === "m2" || error.field === "mean")) {
    throw new BatchStatsError(error.code, `${column === "X" ? "x" : "y"}: ${error.message}`, {
      field: `${error.field}${column}`,
    });
  }
  throw error;
}

/**
 * Merges two pair summaries: each column with `merge`'s Chan–Golub–LeVeque update, the co-moment
 * with its co-moment form C = Ca + Cb + δx·δy·na·nb/n (δ = mean(b) − mean(a); Pébay 2008, eq. 3.3),
 * in double-double arithmetic. @internal
 */
export function mergePairTwo(a: PairSummary, b: PairSummary): PairSummary {
  if (b.count === 0 && b.omitted === 0) return a;
  if (a.count === 0 && a.omitted === 0) return b;
  let x: ReturnType<typeof mergeTwo>;
  let y: ReturnType<typeof mergeTwo>;
  try {
    x = mergeTwo(a.x, b.x);
  } catch (error) {
    columnError(error, "X");
  }
  try {
    y = mergeTwo(a.y, b.y);
  } catch (error) {
    columnError(error, "Y");
  }
  if (a.count === 0 || b.count === 0) return makePairSummary(x, y, a.count === 0 ? b.cDD() : a.cDD());
  const na = a.count;
  const nb = b.count;
  const dx = ddSub(b.x.meanDD(), a.x.meanDD());
  const dy = ddSub(b.y.meanDD(), a.y.meanDD());
  const c = ddAdd(ddAdd(a.cDD(), b.cDD()), crossTerm(dx, dy, na, nb, na + nb));
  return makePairSummary(x, y, c);
}

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
 * Merges any number of pair summaries, in any order, into the pair summary of all their pairs:
 * as arguments or as one iterable. `mergePairs()` is the empty pair summary. Order and grouping
 * change only roundings of order ε² in the double-doubles.
 *
 * Errors: `E_BAD_ARGUMENT` naming the position of anything that is not a pair summary;
 * `E_OVERFLOW` when the count passes 2^53 or an M2 or the co-moment leaves the double range.
 *
 * Method: Chan, Golub & LeVeque, "Updating formulae and a pairwise algorithm for computing sample
 * variances" (1979), for the means and M2; for the co-moment, P. Pébay, "Formulas for robust,
 * one-pass parallel computation of covariances and arbitrary-order statistical moments", Sandia
 * report SAND2008-6212 (2008).
 *
 * @example
 * ```ts
 * import { mergePairs, summarizePairs } from "batchstats";
 * const a = summarizePairs([1, 2], [2, 4]);
 * const b = summarizePairs([3, 4], [5, 9]);
 * mergePairs(a, b).covariance(); // => 3.6666666666666665
 * mergePairs([a, b]).count;      // => 4
 * ```
 */
export function mergePairs(...summaries: PairSummary[] | [Iterable<PairSummary>]): PairSummary {
  let total: PairSummary | undefined;
  let i = 0;
  for (const item of onlyIterable(summaries) ?? summaries) {
    const s = isPairSummary(item) ? item : requirePairSummary(item, `summaries[${i}]`);
    i++;
    total = total === undefined ? s : mergePairTwo(total, s);
  }
  return total ?? PairSummary.empty();
}
