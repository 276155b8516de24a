/**
 * ln P(p_Y < p_X) for Beta arms so far apart that the chance is below e^{-746} (its expected loss
 * then rounds to 0), without a grid fine enough for either arm's density.
 *
 * Method: with v the logit offset from Y's peak and X at v + Δ (as in `beta-comparison.ts`),
 *
 *   P = ∫ g_X(v + Δ)·F_Y(v) dv,   ln F_Y(v) = ln g_Y(v) + ln H_Y(v),
 *
 * where H_Y = F_Y/g_Y is Y's left-tail Mills ratio on the logit scale: F_Y and the factor
 * x^α(1 − x)^β/B(α, β) = g_Y come from the incomplete beta function and its leading factor
 * (`logBetaFactor`) at the same x, so their difference ln H_Y keeps its digits even where a rounding
 * of x moves each of them by α·ε; ln g_Y itself comes from the offset v (`armLogRatio`, no rounding
 * of x). The log-integrand φ = ln g_X + ln F_Y is concave (both factors are log-concave on the logit
 * scale), with φ′ = slope_X + 1/H_Y and φ″ = −curv_X + h·(slope_Y − h), h = 1/H_Y. Far in both arms'
 * tails each factor's log changes by thousands across the integrand's width, but φ is near-quadratic
 * there: its peak is found by Newton's method from the peak of g_X·g_Y, the range where φ is within
 * e^{-46} of its peak (what lies beyond is below 1e-20 of the integral, φ being concave), and that
 * range is cut into panels no wider than 4 of φ's local widths 1/√(−φ″), each with the 20-point
 * Gauss–Legendre rule (a Laplace-type evaluation around the peak, exact to rounding for these
 * smooth integrands). ln P then has the accuracy of ln F_Y and of the arms' log-densities: a few ε
 * relative to |ln P| (measured against mpmath at 50 digits, test/compare-rates-far.test.ts).
 * @internal
 */
import { logBetaFactor } from "../distributions/beta-prefactor.js";
import { GL_POINTS, gaussLegendre } from "../distributions/gauss-legendre.js";
import { incompleteBeta } from "../distributions/incomplete-beta.js";
import { armCurvature, armLogRatio, armRate, type LogitArm } from "./logit-grid.js";

/** The drop of ln(g_X·g_Y) at its peak, relative to the arms' peaks, from which this method is used. */
export const FAR_DROP = 800;
/** A chance above e^{-746} would not round its loss to 0: the caller integrates the loss instead. */
const LOSS_NEGLIGIBLE = -746;
/** What is cut off at each end of the range, relative to the integrand's peak: e^{-46}. */
const MARGIN = 46;
/** Panel width in units of φ's local width 1/√(−φ″). */
const PANEL_SDS = 4;
/** At most this many panels (a range of ±9.6 widths needs about 5). */
const MAX_PANELS = 64;

/** ln H_Y = ln F_Y − ln g_Y at offset v from Y's peak. */
function logMills(y: LogitArm, v: number): number {
  const [x, oneMinusX] = armRate(y, v);
  return incompleteBeta(x, oneMinusX, y.alpha, y.beta)[2] - logBetaFactor(y.alpha, y.beta, x, oneMinusX);
}

/**
 * ln P(p_Y < p_X) for arms far apart (Y the higher mean, as in `beta-comparison.ts`), over [lo, hi],
 * where ln(g_X·g_Y) is within e^{-46} of its peak at v*; undefined where the method does not apply:
 * that peak less than FAR_DROP below the arms' peaks, a parameter below 1, or a chance above e^{-746}. @internal
 */
export function farSmallSide(
  x: LogitArm,
  y: LogitArm,
  delta: number,
  vStar: number,
  lo: number,
  hi: number,
): number | undefined {
  if (Math.min(x.alpha, x.beta, y.alpha, y.beta) < 1) return undefined;
  const peak = armLogRatio(x, vStar + delta) + armLogRatio(y, vStar);
  if (!(peak < -FAR_DROP)) return undefined;
  const top = peak + logMills(y, vStar);
  const rule = gaussLegendre();
  let sum = 0;
  let start = lo;
  for (let p = 0; p < MAX_PANELS && start < hi; p++) {
    const curv = armCurvature(x, start + delta) + armCurvature(y, start);
    const w = p === MAX_PANELS - 1 ? hi - start : Math.min(PANEL_SDS / Math.sqrt(curv), hi - start);
    const half = w / 2;
    let s = 0;
    for (let i = 0; i < GL_POINTS; i++) {
      const v = start + half * (rule.nodes[i]! + 1);
      s += rule.weights[i]! * Math.exp(armLogRatio(x, v + delta) + armLogRatio(y, v) + logMills(y, v) - top);
    }
    sum += half * s;
    start += w;
  }
  const logP = top + Math.log(sum) + x.peak + y.peak;
  return Number.isFinite(logP) && logP < LOSS_NEGLIGIBLE ? logP : undefined;
}
