import { type DD, ddAdd, ddDiv, ddDivNumber, ddMul, ddSub, exponentOf, scaleByPow2, twoProduct } from "../ddouble.js";
import { ddLog1p } from "../ddouble-log.js";

/**
 * The normal-mixture boundary that both sequential methods share.
 *
 * Method: with an estimate θ̂ of the effect θ, approximately N(θ, V) at every look (V = se²),
 * the likelihood ratio of θ against 0 mixed over θ ~ N(0, τ²) is
 *   Λ = (1 + r)^(−1/2) · exp(r/(1 + r) · z²/2),   r = τ²/V, z = θ̂/√V,
 * a nonnegative martingale under θ = 0, so by Ville's inequality P(Λ ever ≥ 1/α) ≤ α
 * (Robbins 1970; Johari, Pekelis & Walsh 2017, "Always valid inference", §3). Hence
 *   p = min(1, 1/Λ):  ln p = min(0, ½·ln(1 + r) − r/(1 + r) · z²/2),
 *   CI = θ̂ ± √V·√((1 + 1/r)·(2·ln(1/α) + ln(1 + r)))   (the θ₀ with Λ(θ₀) < 1/α).
 * GrowthBook's asymptotic confidence sequence (Waudby-Smith et al. 2023, eq. 9 and 155) is this
 * boundary with r = n·ρ² (τ² = ρ²·n·V).
 *
 * ln p is a difference of terms that can be far larger than it is accurate to in double (the
 * exponent reaches 745 where p is still a subnormal), so the terms are formed in double-double:
 * z² = θ̂²/V from the exact square (not from a rounded √V), r/(1 + r), ½·ln(1 + r) (see
 * `ddouble-log.ts`) and their product. ln p then has an absolute error of a few units of 1e-17,
 * p = exp(ln p) is within about an ulp, and log10 p keeps its relative accuracy at any size.
 * @internal
 */

/** ½·ln(1 + r) and the exponent r/(1 + r)·z²/2 of the mixture at one look. @internal */
export interface MixtureTerms {
  readonly halfLog: DD;
  readonly exponent: DD;
}

const ZERO: DD = { hi: 0, lo: 0 };
const ONE: DD = { hi: 1, lo: 0 };

/**
 * z² = estimate²/variance in double-double (a double when z² is beyond 2^±900, where p is 1
 * or far below the subnormals, or not finite). @internal
 */
export function zSquared(estimate: number, variance: number): DD {
  const z = estimate / Math.sqrt(variance);
  const z2 = z * z;
  if (!(z2 > 2 ** -900 && z2 < 2 ** 1000)) return { hi: z2, lo: 0 };
  let e = estimate;
  let v = variance;
  const ae = Math.abs(e);
  if (!(ae > 2 ** -400 && ae < 2 ** 400 && v > 2 ** -800 && v < 2 ** 800)) {
    // scale by 2^-k and 2^-2k (exact) so that e² and its rounding error are normal doubles
    const k = exponentOf(e);
    e = scaleByPow2(e, -k);
    v = scaleByPow2(scaleByPow2(v, -k), -k);
  }
  return ddDivNumber(twoProduct(e, e), v);
}

/** The mixture terms from r = τ²/V, r/(1 + r) and z², all double-double. @internal */
export function mixtureTerms(r: DD, ratio: DD, z2: DD): MixtureTerms {
  const l = ddLog1p(r);
  const x = ddMul(ratio, z2);
  return { halfLog: { hi: 0.5 * l.hi, lo: 0.5 * l.lo }, exponent: { hi: 0.5 * x.hi, lo: 0.5 * x.lo } };
}

/** r/(1 + r) in double-double. @internal */
export function mixtureRatio(r: DD): DD {
  return ddDiv(r, ddAdd(ONE, r));
}

/** ln p clipped to ≤ 0 (a p-value is at most 1). @internal */
export function clipLogP(lnP: DD): DD {
  return lnP.hi < 0 ? lnP : ZERO;
}

/** ln of the two-sided mixture p-value, ≤ 0 (−Infinity when z² overflows). @internal */
export function twoSidedLogP(t: MixtureTerms): DD {
  return clipLogP(ddSub(t.halfLog, t.exponent));
}

/** The half-width of the two-sided (1 − α) interval, in units of the standard error. @internal */
export function twoSidedHalfWidth(r: number, alpha: number): number {
  return Math.sqrt((1 + 1 / r) * (-2 * Math.log(alpha) + Math.log1p(r)));
}
