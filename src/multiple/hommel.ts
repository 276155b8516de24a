/**
 * Hommel's adjusted p-values, exactly as R's `p.adjust(p, "hommel")` defines them, in
 * O(n log n) instead of R's O(n²) loop.
 *
 * Method: Hommel (1988) is closed testing with Simes' local test; R computes, for the sorted
 * p₁ ≤ … ≤ pₙ and every subset size m, the Simes p-value of the worst subset of size m that
 * holds hypothesis i: with t = n − m + 1 and cₘ = min over j > t of m·pⱼ/(j − t + 1),
 *   qₘ(i) = min(m·pᵢ, cₘ)            for i ≤ t (i joins the m − 1 largest p-values),
 *   qₘ(i) = Sₘ = min(m·pₜ, cₘ)       for i > t (the m largest p-values),
 * and p̃ᵢ = max over m of qₘ(i) (m = 1 gives pᵢ itself). Here:
 * - cₘ is m times the smallest slope from the point (n − m, 0) to the points (j, pⱼ),
 *   j ≥ n − m + 2: a tangent to their lower convex hull, found by bisection on the hull, which
 *   grows by one point on the left as m grows (Andrew's monotone chain). This is the idea of
 *   Meijer, Krebs & Goeman (2019), "Hommel's procedure in linear time", Biometrical J. 61:73–82.
 * - max over m > n − i + 1 of Sₘ is a suffix maximum.
 * - max over m ≤ n − i + 1 of min(m·pᵢ, cₘ) is a maximum over "ramps" x ↦ min(m·x, cₘ) at
 *   x = pᵢ: the flat ones (cₘ/m ≤ x) give their cₘ, the rising ones their largest m times x.
 *   Going from i = n down to 1 adds one ramp each step; two Fenwick trees over the ramps sorted
 *   by break point cₘ/m give the two maxima in O(log n).
 * Every candidate is the same product m·pⱼ/k that R forms, so the result equals R's up to which
 * of two nearly equal candidates wins (an ulp or two).
 * @internal
 */

import { ascendingOrder } from "./ascending-order.js";

const SCALE = 1.0715086071862673e301; // 2^1000

/** Hommel-adjusted values of the ascending `p` (length n ≥ 1), written into `out`. @internal */
export function hommelSorted(p: Float64Array, out: Float64Array): void {
  const n = p.length;
  if (n === 1) {
    out[0] = p[0]!;
    return;
  }
  // 0-based: point j is (j, p[j]); for size m the query point is q = n − m − 1 (0-based t − 1)
  // and the points are j ≥ q + 2; c[m] = m·p[j]/(j − q).
  const c = new Float64Array(n + 1);
  const s = new Float64Array(n + 1);
  const hull = new Int32Array(n); // hull[0]! is the rightmost point, hull[top − 1]! the leftmost
  let top = 0;
  for (let m = 2; m <= n; m++) {
    const q = n - m - 1; // 0-based index just left of t = n − m
    const add = q + 2;
    // Add point `add` on the left; pop while the left three do not turn counter-clockwise.
    while (top >= 2) {
      const h1 = hull[top - 1]!;
      const h2 = hull[top - 2]!;
      const cross = (h1 - add) * (p[h2]! - p[add]!) - (p[h1]! - p[add]!) * (h2 - add);
      if (cross > 0) break;
      top--;
    }
    hull[top++] = add;
    // Tangent from (q, 0): the first vertex (from the left) whose next edge is at least as steep
    // as the line from (q, 0) to it.
    let lo = 0; // r counted from the left: vertex hull[top − 1 − r]!
    let hi = top - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const v = hull[top - 1 - mid]!;
      const w = hull[top - 2 - mid]!;
      // edge slope (p[w] − p[v])/(w − v) ≥ p[v]/(v − q)  ⇔  (p[w] − p[v])(v − q) ≥ p[v](w − v)
      if ((p[w]! - p[v]!) * (v - q) >= p[v]! * (w - v)) hi = mid;
      else lo = mid + 1;
    }
    const j = hull[top - 1 - lo]!;
    const cm = (m * p[j]!) / (j - q);
    c[m] = cm;
    const mt = m * p[q + 1]!;
    s[m] = Math.min(mt, cm);
  }
  // Ramps m = 2..n sorted by break point c[m]/m, in units of 2^-1000 (exact scaling) so that a
  // break point among the subnormals does not round to 0 and pass for flat at x = 0.
  const unsorted = new Float64Array(n - 1);
  for (let m = 2; m <= n; m++) unsorted[m - 2] = (c[m]! * SCALE) / m;
  const byBreak = ascendingOrder(unsorted);
  const breaks = new Float64Array(n - 1);
  const rankOf = new Int32Array(n + 1); // ramp m → its 1-based rank among the break points
  for (let k = 0; k < n - 1; k++) {
    breaks[k] = unsorted[byBreak[k]!]!;
    rankOf[byBreak[k]! + 2] = k + 1;
  }
  const size = n - 1;
  const flat = new Float64Array(size + 1); // Fenwick prefix max of c over ranks 1..r
  const rising = new Float64Array(size + 1); // Fenwick prefix max of m over reversed ranks
  // suffixS[m] = max of S[m'] over m' ≥ m: the subsets of the m' largest p-values, which hold
  // hypothesis i (0-based) when m' ≥ n − i + 1.
  const suffixS = new Float64Array(n + 2);
  for (let m = n; m >= 2; m--) suffixS[m] = Math.max(s[m]!, suffixS[m + 1]!);
  // Going from i = n − 1 down to 0 (0-based): ramp m = n − i joins when it is ≥ 2.
  for (let i = n - 1; i >= 0; i--) {
    const mNew = n - i;
    if (mNew >= 2) {
      // ties may take their ranks in any order: a query counts all of them or none
      const rank = rankOf[mNew]!;
      for (let r = rank; r <= size; r += r & -r) if (flat[r]! < c[mNew]!) flat[r] = c[mNew]!;
      for (let r = size + 1 - rank; r <= size; r += r & -r) if (rising[r]! < mNew) rising[r] = mNew;
    }
    const x = p[i]!;
    let best = x;
    // flat ramps: break point ≤ x
    const k = upperBound(breaks, x * SCALE);
    for (let r = k; r > 0; r -= r & -r) if (flat[r]! > best) best = flat[r]!;
    // rising ramps: break point > x (reversed ranks 1..size − k)
    let mMax = 0;
    for (let r = size - k; r > 0; r -= r & -r) if (rising[r]! > mMax) mMax = rising[r]!;
    if (mMax > 0) {
      const v = mMax * x;
      if (v > best) best = v;
    }
    const a = i >= 1 ? suffixS[n - i + 1]! : 0;
    out[i] = Math.max(best, a);
  }
}

/** The number of entries of the ascending `a` at or below `x`. @internal */
export function upperBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
