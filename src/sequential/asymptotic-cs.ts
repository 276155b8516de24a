/**
 * GrowthBook's asymptotic confidence sequence (Waudby-Smith, Park, Ramdas et al. 2023,
 * "Time-uniform central limit theory and asymptotic confidence sequences", arXiv:2103.06476).
 *
 * Method: at a look with n units in all and an estimate with standard error se (s² = n·se²),
 * - ρ² = (−2·ln a + ln(1 − 2·ln a)) / N*, the ρ that makes the interval narrowest at n = N*
 *   (their eq. 161), with a = α two-sided and a = 2α one-sided (GrowthBook); for a one-sided
 *   test at α ≥ ½, where that expression is 0 or undefined, a = α (any ρ > 0 keeps the sequence
 *   valid; ρ only sets where it is narrowest). r = n·ρ².
 * - Two-sided: the normal-mixture boundary with that r (eq. 9 and 155; see `normal-mixture.ts`).
 * - One-sided (eq. 134): half-width se·√(2(1 + 1/r)·ln(1 + √(1 + r)/(2α))). The p-value is the
 *   least α at which the bound (ρ held fixed, as GrowthBook holds it) excludes 0, solved in
 *   closed form instead of GrowthBook's bisection:
 *     p = min(1, √(1 + r) / (2·(e^L − 1))),  L = r/(1 + r)·z²/2,  z on the side of the alternative
 *   (p = 1 when the estimate is on the other side), in logs: ln p = ½·ln(1 + r) − ln 2 −
 *   ln(expm1(L)), with ln(expm1(L)) = L + log1p(−e^(−L)) for large L.
 * @internal
 */

/** r = n·ρ² for GrowthBook's ρ at N*, α and the sidedness. @internal */
export function csRatio(n: number, nStar: number, alpha: number, oneSided: boolean): number {
  const a = oneSided && alpha < 0.5 ? 2 * alpha : alpha;
  const l = -2 * Math.log(a);
  return (n * (l + Math.log1p(l))) / nStar;
}

/** The one-sided half-width in units of the standard error. @internal */
export function csOneSidedHalfWidth(r: number, alpha: number): number {
  return Math.sqrt(2 * (1 + 1 / r) * Math.log1p(Math.sqrt(1 + r) / (2 * alpha)));
}

/** ln p of the one-sided sequence, z > 0 meaning evidence for the alternative. @internal */
export function csOneSidedLogP(z: number, r: number): number {
  if (!(z > 0)) return 0;
  const l = (0.5 * z * z) / (1 + 1 / r);
  const lnExpm1 = l > 1 ? l + Math.log1p(-Math.exp(-l)) : Math.log(Math.expm1(l));
  const lnP = 0.5 * Math.log1p(r) - Math.LN2 - lnExpm1;
  return Math.min(lnP, 0);
}
