/**
 * GrowthBook's asymptotic confidence sequence (Waudby-Smith, Park, Ramdas et al. 2023,
 * "Time-uniform central limit theory and asymptotic confidence sequences", arXiv:2103.06476).
 *
 * Method: at a look with n units in all and an estimate with standard error se (s² = n·se²),
 * - ρ² = (−2·ln a + ln(1 − 2·ln a)) / N*, the ρ that makes the interval narrowest at n = N*
 *   (their eq. 161), with a = α two-sided and a = 2α one-sided (GrowthBook); for a one-sided
 *   test at α ≥ ½, where that expression is 0 or undefined, a = α (any ρ > 0 keeps the sequence
 *   valid; ρ only sets where it is narrowest). r = n·ρ². Since ρ depends on α, one-sided
 *   intervals are not nested in α near ½ (a larger α may give a wider interval, across the switch
 *   from 2α to α); each is valid at its own α.
 * - Two-sided: the normal-mixture boundary with that r (eq. 9 and 155; see `normal-mixture.ts`).
 * - One-sided (eq. 134): half-width se·√(2(1 + 1/r)·ln(1 + √(1 + r)/(2α))). The p-value is the
 *   least α at which the bound (ρ held fixed, as GrowthBook holds it) excludes 0, solved in
 *   closed form instead of GrowthBook's bisection:
 *     p = min(1, √(1 + r) / (2·(e^L − 1))),  L = r/(1 + r)·z²/2,  z on the side of the alternative
 *   (p = 1 when the estimate is on the other side), in logs: ln p = ½·ln(1 + r) − ln 2 −
 *   ln(expm1(L)), with ln(expm1(L)) = L + log1p(−e^(−L)) for L > 1. ln α, ln(1 + l), r,
 *   ½·ln(1 + r) and L are double-double (see `normal-mixture.ts`), so ln p is accurate to a few
 *   units of 1e-17 absolute however large L is.
 * @internal
 */
import { type DD, ddAdd, ddDivNumber, ddMulNumber, ddSub } from "../ddouble.js";
import { ddLog, ddLog1p, LN2_DD } from "../ddouble-log.js";
import { clipLogP, type MixtureTerms } from "./normal-mixture.js";

const ZERO: DD = { hi: 0, lo: 0 };

// l + ln(1 + l), l = −2·ln a, depends on a alone: the last value is kept (two double-double
// logarithms are most of the cost of a call, and a is usually the same from call to call)
let lastA = NaN;
let lastRhoSum: DD = ZERO;

/** r = n·ρ² for GrowthBook's ρ at N*, α and the sidedness, in double-double. @internal */
export function csRatio(n: number, nStar: number, alpha: number, oneSided: boolean): DD {
  const a = oneSided && alpha < 0.5 ? 2 * alpha : alpha;
  if (a !== lastA) {
    const l = ddMulNumber(ddLog({ hi: a, lo: 0 }), -2);
    lastRhoSum = ddAdd(l, ddLog1p(l));
    lastA = a;
  }
  return ddDivNumber(ddMulNumber(lastRhoSum, n), nStar);
}

/** The one-sided half-width in units of the standard error. @internal */
export function csOneSidedHalfWidth(r: number, alpha: number): number {
  return Math.sqrt(2 * (1 + 1 / r) * Math.log1p(Math.sqrt(1 + r) / (2 * alpha)));
}

/** ln p of the one-sided sequence; toward > 0: the estimate is on the side of the alternative. @internal */
export function csOneSidedLogP(toward: number, t: MixtureTerms): DD {
  const l = t.exponent.hi;
  if (!(toward > 0 && l > 0)) return ZERO;
  // ln(expm1(L)) at L = hi + lo: its derivative is 1/(1 − e^(−L)), so lo enters as lo/(−expm1(−hi))
  const lnExpm1: DD =
    l > 1
      ? ddAdd(t.exponent, { hi: Math.log1p(-Math.exp(-l)), lo: 0 })
      : { hi: Math.log(Math.expm1(l)) + t.exponent.lo / -Math.expm1(-l), lo: 0 };
  return clipLogP(ddSub(ddSub(t.halfLog, LN2_DD), lnExpm1));
}
