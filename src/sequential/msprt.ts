import { type DD, ddSub } from "../ddouble.js";
import { LN2_DD } from "../ddouble-log.js";
import { erfcx } from "../distributions/error-function.js";
import { normalDensity, normalSf } from "../distributions/normal.js";
import { clipLogP, type MixtureTerms } from "./normal-mixture.js";

/**
 * The one-sided normal-mixture SPRT (the two-sided one is `normal-mixture.ts` with r = τ²/V).
 *
 * Method: for H₀ θ ≤ 0 against θ > 0 the mixing distribution is the half-normal on θ > 0
 * (density 2·N(0, τ²)), which keeps the mixture a nonnegative supermartingale under every θ ≤ 0:
 *   Λ⁺ = 2·(1 + r)^(−1/2)·exp(w²/2)·Φ(w),   w = z·√(r/(1 + r)),
 * so ln Λ⁺ = ln 2 − ½·ln(1 + r) + G(w) with G(w) = w²/2 + ln Φ(w), formed without overflow as
 * −ln 2 + ln erfcx(−w/√2) for w < 0. p = min(1, 1/Λ⁺). G is increasing and convex
 * (G' = w + φ/Φ > 0, G'' = 1 − (φ/Φ)(w + φ/Φ) > 0, the variance of a truncated normal), so the
 * confidence bound — the z at which ln Λ⁺ = ln(1/α) — is found by Newton's method: after the
 * first step the iterates lie right of the root and decrease monotonically to it, so it always
 * converges. In ln p = ln(1/2) + ½·ln(1 + r) − w²/2 − ln Φ(w) the first three terms are
 * double-double (w²/2 is the exponent of the two-sided mixture, see `normal-mixture.ts`) and
 * |ln Φ(w)| ≤ ln 2 for w > 0, so ln p is accurate to a few units of 1e-17 absolute. For w ≤ 0,
 * G(w) ≤ G(0) = −ln 2, so ln p ≥ ½·ln(1 + r) ≥ 0: p = 1.
 * @internal
 */

const ZERO: DD = { hi: 0, lo: 0 };

const SQRT_HALF = Math.SQRT1_2;
const SQRT_2_OVER_PI = 0.7978845608028654;

/** G(w) = w²/2 + ln Φ(w). @internal */
export function mixtureG(w: number): number {
  if (w < 0) return -Math.LN2 + Math.log(erfcx(-w * SQRT_HALF));
  return 0.5 * w * w + Math.log1p(-normalSf(w));
}

/** G'(w) = w + φ(w)/Φ(w). */
function mixtureGPrime(w: number): number {
  if (w < 0) return w + SQRT_2_OVER_PI / erfcx(-w * SQRT_HALF);
  return w + normalDensity(w) / (1 - normalSf(w));
}

/** ln p of the one-sided mixture; toward > 0: the estimate is on the side of the alternative. @internal */
export function msprtOneSidedLogP(toward: number, t: MixtureTerms): DD {
  if (!(toward > 0)) return ZERO;
  const w = Math.sqrt(2 * t.exponent.hi);
  const lnPhi = Math.log1p(-normalSf(w));
  return clipLogP(ddSub(ddSub(ddSub(t.halfLog, LN2_DD), t.exponent), { hi: lnPhi, lo: 0 }));
}

/** The z (in standard errors) at which the one-sided mixture reaches 1/α. @internal */
export function msprtOneSidedBound(r: number, alpha: number): number {
  const k = -Math.log(alpha) - Math.LN2 + 0.5 * Math.log1p(r);
  // G(w) < w²/2, so √(2k) is at or left of the root, and close to it once Φ(w) ≈ 1. A Newton
  // step from any point lands right of the root (G lies above its tangents); from there the
  // iterates decrease monotonically to it.
  let w = k > 0 ? Math.sqrt(2 * k) : 0;
  for (let i = 0; i < 200; i++) {
    const step = (mixtureG(w) - k) / mixtureGPrime(w);
    w -= step;
    if (!(Math.abs(step) > 4e-16 * Math.max(1, Math.abs(w)))) break;
  }
  return w * Math.sqrt(1 + 1 / r);
}
