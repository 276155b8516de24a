import { type DD, ddAdd, ddMulNumber, ddSub, ddToNumber, twoProduct } from "../ddouble.js";
import type { Alternative } from "../ttest/result.js";

/**
 * The shape of a confidence set for the lift:
 * - `"bounded"`: the interval [lo, hi];
 * - `"half-line"`: [lo, ∞) or (−∞, hi] (the other bound is ±Infinity);
 * - `"exclusive"`: the two rays (−∞, lo] ∪ [hi, ∞) with lo < hi (every lift except those strictly
 *   between lo and hi);
 * - `"unbounded"`: the whole line, encoded [−Infinity, Infinity];
 * - `"empty"`: no lift at all, encoded [Infinity, −Infinity] (possible only for a one-sided set at a
 *   confidence level below ½, whose critical value is negative).
 *
 * Infinite bounds are written by `JSON.stringify` as `null`; `intervalKind` says what a pair means.
 */
export type IntervalKind = "bounded" | "exclusive" | "unbounded" | "half-line" | "empty";

/** A confidence set as a pair of bounds and its kind (see `IntervalKind`). @internal */
export interface ConfidenceSet {
  readonly interval: [number, number];
  readonly kind: IntervalKind;
}

/** The inputs of Fieller's set: d = μa − μb, m = |μb|, s = sign μb, μa, va = s²a/na, vb = s²b/nb. @internal */
export interface FiellerInputs {
  readonly d: number;
  readonly m: number;
  readonly sign: number;
  readonly meanA: number;
  readonly va: number;
  readonly vb: number;
  readonly estimate: number;
}

const UNBOUNDED: ConfidenceSet = { interval: [-Infinity, Infinity], kind: "unbounded" };
const EMPTY: ConfidenceSet = { interval: [Infinity, -Infinity], kind: "empty" };

/** q²·x as a double-double (q² exact by TwoProduct). */
function q2Times(q2: DD, x: number): DD {
  return ddMulNumber(q2, x);
}

/**
 * Fieller's confidence set for the lift L = (μa − μb)/|μb| at the critical value q (two-sided:
 * the central quantile; one-sided: the one-sided quantile, negative when the level is below ½).
 *
 * Method (Fieller 1954, J. R. Stat. Soc. B 16:175–185, for independent arms): with s = sign μb,
 * μa − μb(1 + sL) = d − L·|μb| is normal with variance σ²(L) = va + (1 + sL)²·vb, so the pivot is
 * T(L) = (d − Lm)/σ(L). The two-sided set {|T| ≤ q} is the roots' region of the quadratic
 *   Q(L) = A·L² − 2B·L + C ≤ 0,  A = m² − q²vb,  B = dm + s·q²vb,  C = d² − q²(va + vb),
 * whose discriminant is B² − AC = q²(va·A + vb·μa²) (formed so, not by cancellation). A > 0 (the
 * control mean significantly non-zero at this level) gives a bounded interval; A < 0 gives two
 * rays when the discriminant is positive and the whole line otherwise. A, B and C are formed in
 * double-double (q² and m², d² exact by TwoProduct); the roots are (B + sgn(B)√Δ)/A and
 * C/(B + sgn(B)√Δ), so neither cancels.
 *
 * One-sided sets: "greater" is {T(L) ≤ q}, "less" is {T(L) ≥ −q}. T is positive below the
 * estimate d/m and negative above it, and Q(L) ≤ 0 is q²·σ² ≥ (d − Lm)², so for q ≥ 0 the set
 * is the estimate's ray joined with {Q ≤ 0} (a bound below the estimate for "greater", above it
 * for "less"), and for q < 0 it is the open ray beyond the estimate cut with {Q ≥ 0}: a
 * half-line from the far root when A > 0, the bounded interval between the roots when A < 0 and
 * the roots lie beyond the estimate, and empty (`"empty"`) otherwise. At q = 0 the set is the
 * half-line from the estimate.
 *
 * The sign s is that of the sample control mean. When A < 0 that sign is not established at
 * this level, and a set for one sign alone undercovers (the true lift uses the true |μb|); the
 * set returned is then the union over both signs (see `unknownSign`): |L| ≥ c, the whole line,
 * or, for a level below ½, the interval [−c, c] (the hull of the two mirrored intervals when they
 * are disjoint, so coverage is kept) or empty.
 * @internal
 */
export function fiellerSet(x: FiellerInputs, q: number, alternative: Alternative): ConfidenceSet {
  const q2 = twoProduct(q, q);
  const aDD = ddSub(twoProduct(x.m, x.m), q2Times(q2, x.vb));
  const bDD = ddAdd(twoProduct(x.d, x.m), q2Times(q2, x.sign * x.vb));
  const cDD = ddSub(twoProduct(x.d, x.d), q2Times(q2, x.va + x.vb));
  const a = ddToNumber(aDD);
  const b = ddToNumber(bDD);
  const c = ddToNumber(cDD);
  const disc = q * q * (x.va * a + x.vb * x.meanA * x.meanA);
  if (a === 0) return linearSet(b, c, x.estimate, q, alternative);
  if (!(disc > 0)) {
    // Δ ≤ 0 with A > 0: q = 0 (or both variances 0, refused upstream): the roots meet at the estimate.
    if (a > 0) return oneSignSet(x.estimate, x.estimate, x.estimate, q, alternative);
    // A < 0: Q < 0 everywhere.
    return q >= 0 || alternative === "two-sided" ? UNBOUNDED : EMPTY;
  }
  const t = b >= 0 ? b + Math.sqrt(disc) : b - Math.sqrt(disc);
  const r1 = t / a;
  const r2 = c / t;
  const lo = Math.min(r1, r2);
  const hi = Math.max(r1, r2);
  if (a > 0) return oneSignSet(lo, hi, x.estimate, q, alternative);
  // A < 0: Q ≤ 0 outside (lo, hi), Q ≥ 0 inside; the estimate lies outside.
  if (alternative === "two-sided") return unknownSign(lo, hi);
  const above = x.estimate > lo + (hi - lo) / 2;
  if (q >= 0) {
    // the estimate's ray joined with the two rays: the rays, or the whole line
    const rays = alternative === "greater" ? above : !above;
    return rays ? unknownSign(lo, hi) : UNBOUNDED;
  }
  // the open ray beyond the estimate cut with [lo, hi]
  const inside = alternative === "greater" ? !above : above;
  if (!inside) return EMPTY;
  const m = Math.max(Math.abs(lo), Math.abs(hi));
  return { interval: [-m, m], kind: "bounded" };
}

/** The set for A > 0 (the sign of the control mean established), with roots lo ≤ estimate ≤ hi. */
function oneSignSet(lo: number, hi: number, estimate: number, q: number, alternative: Alternative): ConfidenceSet {
  if (alternative === "two-sided") return { interval: [lo, hi], kind: "bounded" };
  if (q === 0) {
    return alternative === "greater"
      ? { interval: [estimate, Infinity], kind: "half-line" }
      : { interval: [-Infinity, estimate], kind: "half-line" };
  }
  const lower = q > 0 ? lo : hi;
  const upper = q > 0 ? hi : lo;
  return alternative === "greater"
    ? { interval: [lower, Infinity], kind: "half-line" }
    : { interval: [-Infinity, upper], kind: "half-line" };
}

/**
 * The set for a control mean whose sign is not established (A ≤ 0): the lift's |μb| needs the
 * sign of the true control mean, so the set is the union of those for both signs. Flipping the
 * sign maps L to −L, so the union of the rays outside (lo, hi) and outside (−hi, −lo) is the rays
 * outside their intersection (max(lo, −hi), min(hi, −lo)): |L| ≥ c, or the whole line when that
 * gap is empty (it is symmetric about 0, so it is empty unless lo < 0 < hi).
 */
function unknownSign(lo: number, hi: number): ConfidenceSet {
  const c = Math.min(hi, -lo);
  return c > 0 ? { interval: [-c, c], kind: "exclusive" } : UNBOUNDED;
}

/**
 * A = 0 exactly (|μb| = q·√vb): Q is linear, −2B·L + C, and {Q ≤ 0} is the ray from C/(2B) that
 * holds the estimate. q ≥ 0: that ray joined with the estimate's; q < 0: its complement beyond the
 * estimate, the ray from the root when it lies beyond the estimate, else empty.
 */
function linearSet(b: number, c: number, estimate: number, q: number, alternative: Alternative): ConfidenceSet {
  if (b === 0) return q >= 0 || alternative === "two-sided" ? UNBOUNDED : EMPTY;
  const root = c / (2 * b);
  if (q >= 0 || alternative === "two-sided") {
    if (b > 0) {
      // L ≥ root
      if (alternative === "less") return UNBOUNDED;
      return root <= estimate ? { interval: [root, Infinity], kind: "half-line" } : UNBOUNDED;
    }
    if (alternative === "greater") return UNBOUNDED;
    return root >= estimate ? { interval: [-Infinity, root], kind: "half-line" } : UNBOUNDED;
  }
  // {Q ≥ 0} is L ≤ root (B > 0) or L ≥ root (B < 0)
  if (alternative === "greater")
    return b < 0 ? { interval: [Math.max(root, estimate), Infinity], kind: "half-line" } : EMPTY;
  return b > 0 ? { interval: [-Infinity, Math.min(root, estimate)], kind: "half-line" } : EMPTY;
}
