import { ddAdd, ddDivNumber, ddMul, ddMulNumber, ddSub } from "../ddouble.js";
import { BatchStatsError } from "../errors.js";
import { Summary } from "./summary.js";

/**
 * Merges two summaries with Chan, Golub & LeVeque's pairwise update, in double-double
 * arithmetic: n = na + nb, δ = x̄b − x̄a, x̄ = x̄a + δ·nb/n, M2 = M2a + M2b + δ²·na·nb/n
 * (T. F. Chan, G. H. Golub, R. J. LeVeque, "Updating formulae and a pairwise algorithm for
 * computing sample variances", Stanford CS report STAN-CS-79-773, 1979).
 * @internal
 */
export function mergeTwo(a: Summary, b: Summary): Summary {
  const omitted = a.omitted + b.omitted;
  if (b.count === 0) return omitted === a.omitted ? a : new Summary(a.count, a.meanDD(), a.m2DD(), omitted);
  if (a.count === 0) return omitted === b.omitted ? b : new Summary(b.count, b.meanDD(), b.m2DD(), omitted);
  const na = a.count;
  const nb = b.count;
  const n = na + nb;
  const ma = a.meanDD();
  const delta = ddSub(b.meanDD(), ma);
  const mean = ddAdd(ma, ddDivNumber(ddMulNumber(delta, nb), n));
  const between = ddDivNumber(ddMulNumber(ddMulNumber(ddMul(delta, delta), na), nb), n);
  const m2 = ddAdd(ddAdd(a.m2DD(), b.m2DD()), between);
  return new Summary(n, mean, m2, omitted);
}

/**
 * Merges any number of summaries, in any order, into the summary of all their values.
 * `merge()` is the empty summary. The result does not depend on the order or grouping
 * beyond the last few bits of the double-double (far below the printed double).
 *
 * @example
 * ```ts
 * import { summarize, merge } from "batchstats";
 * const hourly = [[1, 2], [3], [4, 5, 6]].map((batch) => summarize(batch));
 * merge(...hourly).mean; // => 3.5
 * merge().count;         // => 0
 * ```
 */
export function merge(...summaries: Summary[]): Summary {
  let total = Summary.empty();
  summaries.forEach((s, i) => {
    if (!(s instanceof Summary)) {
      throw new BatchStatsError(
        "E_BAD_ARGUMENT",
        `merge: argument ${i} is not a Summary (use Summary.fromJSON for stored summaries)`,
        { index: i, field: `summaries[${i}]` },
      );
    }
    total = mergeTwo(total, s);
  });
  return total;
}
