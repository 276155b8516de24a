/**
 * The normal-mixture boundary that both sequential methods share.
 *
 * Method: with an estimate θ̂ of the effect θ, approximately N(θ, V) at every look (V = se²),
 * the likelihood ratio of θ against 0 mixed over θ ~ N(0, τ²) is
 *   Λ = (1 + r)^(−1/2) · exp(r/(1 + r) · z²/2),   r = τ²/V, z = θ̂/√V,
 * a nonnegative martingale under θ = 0, so by Ville's inequality P(Λ ever ≥ 1/α) ≤ α
 * (Robbins 1970; Johari, Pekelis & Walsh 2017, "Always valid inference", §3). Hence
 *   p = min(1, 1/Λ):  ln p = min(0, ½·ln(1 + r) − r/(1 + r)·z²/2),
 *   CI = θ̂ ± √V·√((1 + 1/r)·(2·ln(1/α) + ln(1 + r)))   (the θ₀ with Λ(θ₀) < 1/α).
 * GrowthBook's asymptotic confidence sequence (Waudby-Smith et al. 2023, eq. 9 and 155) is this
 * boundary with r = n·ρ² (τ² = ρ²·n·V). Everything is formed from r/(1 + r) = 1/(1 + 1/r) and
 * log1p(r), so nothing cancels, and p is kept as ln p (exp gives the subnormals).
 * @internal
 */

/** ln of the two-sided mixture p-value, ≤ 0 (−Infinity when z² overflows). @internal */
export function twoSidedLogP(z: number, r: number): number {
  const lnP = 0.5 * Math.log1p(r) - (0.5 * z * z) / (1 + 1 / r);
  return Math.min(lnP, 0);
}

/** The half-width of the two-sided (1 − α) interval, in units of the standard error. @internal */
export function twoSidedHalfWidth(r: number, alpha: number): number {
  return Math.sqrt((1 + 1 / r) * (-2 * Math.log(alpha) + Math.log1p(r)));
}
