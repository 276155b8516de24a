import { type DD, ddAdd, ddMulNumber, ddSub, ddToNumber, twoProduct } from "../ddouble.js";
import type { Alternative } from "../ttest/result.js";

/**
 * The shape of a confidence set for the lift:
 * - `"bounded"`: the interval [lo, hi];
 * - `"half-line"`: [lo, ∞) or (−∞, hi] (the other bound is ±Infinity);
 * - `"exclusive"`: the two rays (−∞, lo] ∪ [hi, ∞) with lo < hi (every lift except those strictly
 *   between lo and hi);
 * - `"unbounded"`: the whole line, encoded [−Infinity, Infinity].
 *
 * Infinite bounds are written by `JSON.stringify` as `null`; `intervalKind` says what a pair means.
 */
export type IntervalKind = "bounded" | "exclusive" | "unbounded" | "half-line";

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

/** q²·x as a double-double (q² exact by TwoProduct). */
function q2Times(q2: DD, x: number): DD {
  return ddMulNumber(q2, x);
}

/**
 * Fieller's confidence set for the lift L = (μa − μb)/|μb| at the critical value q (two-sided:
 * the central quantile; one-sided: the one-sided quantile).
 *
 * Method (Fieller 1954, J. R. Stat. Soc. B 16:175–185, for independent arms): with s = sign μb,
 * μa − μb(1 + sL) = d − L·|μb| is normal with variance va + (1 + sL)²·vb, so the set of L with
 * (d − Lm)² ≤ q²(va + (1 + sL)²vb) is the roots' region of the quadratic
 *   A·L² − 2B·L + C ≤ 0,  A = m² − q²vb,  B = dm + s·q²vb,  C = d² − q²(va + vb),
 * whose discriminant is B² − AC = q²(va·A + vb·μa²) (formed so, not by cancellation). A > 0 (the
 * control mean significantly non-zero at this level) gives a bounded interval; A < 0 gives two
 * rays when the discriminant is positive and the whole line otherwise. A, B and C are formed in
 * double-double (q² and m², d² exact by TwoProduct); the roots are (B + sgn(B)√Δ)/A and
 * C/(B + sgn(B)√Δ), so neither cancels. One-sided sets keep the estimate's side: a bound below
 * the estimate for "greater", above it for "less", and are half-lines when A > 0.
 * The sign s is that of the sample control mean. When A ≤ 0 that sign is not established at
 * this level, and a set for one sign alone undercovers (the true lift uses the true |μb|); the
 * set returned is then the union over both signs (see `unknownSign`): |L| ≥ c or the whole line.
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
  if (a === 0) return linearSet(b, c, x.estimate, alternative);
  if (!(disc > 0)) {
    // A > 0 with Δ ≤ 0 only when both variances vanish (refused upstream); A < 0: the whole line.
    return a > 0 ? { interval: [x.estimate, x.estimate], kind: "bounded" } : UNBOUNDED;
  }
  const t = b >= 0 ? b + Math.sqrt(disc) : b - Math.sqrt(disc);
  const r1 = t / a;
  const r2 = c / t;
  const lo = Math.min(r1, r2);
  const hi = Math.max(r1, r2);
  if (a > 0) {
    if (alternative === "two-sided") return { interval: [lo, hi], kind: "bounded" };
    return alternative === "greater"
      ? { interval: [lo, Infinity], kind: "half-line" }
      : { interval: [-Infinity, hi], kind: "half-line" };
  }
  // A < 0: the quadratic is ≤ 0 outside (lo, hi); the estimate lies outside too.
  if (alternative === "two-sided") return unknownSign(lo, hi);
  if (alternative === "greater") return hi < x.estimate ? unknownSign(lo, hi) : UNBOUNDED;
  return lo > x.estimate ? unknownSign(lo, hi) : UNBOUNDED;
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

/** A = 0 exactly (|μb| = q·√vb): the condition is linear, −2B·L + C ≤ 0. */
function linearSet(b: number, c: number, estimate: number, alternative: Alternative): ConfidenceSet {
  if (b === 0) return UNBOUNDED;
  const root = c / (2 * b);
  if (b > 0) {
    // L ≥ root
    if (alternative === "less") return UNBOUNDED;
    return root <= estimate ? { interval: [root, Infinity], kind: "half-line" } : UNBOUNDED;
  }
  if (alternative === "greater") return UNBOUNDED;
  return root >= estimate ? { interval: [-Infinity, root], kind: "half-line" } : UNBOUNDED;
}
