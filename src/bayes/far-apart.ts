/**
 * ln P(p_Y < p_X) and ln E[(p_X − p_Y)⁺] for Beta arms far apart (each in the other's far tail), without
 * a grid fine enough for either arm's density.
 *
 * Method: with v the logit offset from Y's peak and X at v + Δ (as in `beta-comparison.ts`),
 *
 *   P = ∫ g_X g_Y·H_Y dv,   E[(p_X − p_Y)⁺] = ∫ F_Y S_X·x(1 − x) dv = ∫ g_X g_Y·H_Y H⁺_X·x(1 − x) dv,
 *
 * where H_Y = F_Y/g_Y and H⁺_X = S_X/g_X are the arms' Mills ratios on the logit scale: each tail and
 * the factor x^α(1 − x)^β/B(α, β) = g come from the incomplete beta function and its leading factor
 * (`logBetaFactor`) at the same x, so that their difference ln H keeps its digits where a rounding of
 * x moves each of them by α·ε; ln g_X + ln g_Y comes from the offsets (`armLogRatio`, no rounding of
 * x). Where both arms are far in their tails at the peak v* of g_X·g_Y (each density ≥ e^{-100} below
 * its own peak there, ≥ 14 sds), H_Y and H⁺_X change by a factor e^{O(1/14)} across one sd of the
 * product, so the integrands live where g_X·g_Y does: over the range [lo, hi] where it is within
 * e^{-36} of its peak (what lies beyond is below 1e-15 of the integrals), on panels of 4 of the
 * product's local sds 1/√(curv_X + curv_Y), each with the 20-point Gauss–Legendre rule (a
 * Laplace-type evaluation around the peak; a few ε for these smooth, near-Gaussian integrands).
 * ln P and ln E then have the accuracy of ln H and of the arms' log-densities: 1e-12 absolute for
 * |ln P| up to 1.4e4, 17 ε·|ln P| beyond (against mpmath at 50 digits: test/compare-rates-far.test.ts,
 * test/compare-rates.test.ts).
 * @internal
 */
import { logBetaFactor } from "../distributions/beta-prefactor.js";
import { GL_POINTS, gaussLegendre } from "../distributions/gauss-legendre.js";
import { incompleteBeta } from "../distributions/incomplete-beta.js";
import { armCurvature, armLogRatio, armRate, type LogitArm } from "./logit-grid.js";

/** Each arm's density at the product's peak at least e^{-FAR_DROP} below its own peak (≥ 14 sds). */
export const FAR_DROP = 100;
/** A chance below e^{-746} rounds its loss (smaller than the chance) to 0: not integrated. */
const LOSS_NEGLIGIBLE = -746;
/** At most this many panels (a range of ±9.6 sds needs about 5). */
const MAX_PANELS = 64;
/** Panel width in the product's local sds. */
const PANEL_SDS = 4;

/** ln H = ln(tail/g) at offset d from the arm's peak: the lower tail (`lower`) or the upper. */
function logMills(arm: LogitArm, d: number, lower: boolean): number {
  const [x, oneMinusX] = armRate(arm, d);
  const tails = incompleteBeta(x, oneMinusX, arm.alpha, arm.beta);
  return (lower ? tails[2] : tails[3]) - logBetaFactor(arm.alpha, arm.beta, x, oneMinusX);
}

/** ln x(1 − x) at offset v from Y's peak: ln(x_m y_m e^v/(y_m + x_m e^v)²), without cancellation. */
function logRateVariance(y: LogitArm, v: number): number {
  const e = Math.exp(-Math.abs(v));
  const d = v < 0 ? y.ym + y.xm * e : y.xm + y.ym * e;
  return Math.log((y.xm * y.ym * e) / (d * d));
}

/**
 * [ln P(p_Y < p_X), ln E[(p_X − p_Y)⁺]] for arms far apart (Y the higher mean, as in
 * `beta-comparison.ts`), over [lo, hi], the range where ln(g_X·g_Y) is within e^{-36} of its peak at
 * v*; undefined where the method does not apply (an arm within e^{-FAR_DROP} of its peak at v*, or a
 * parameter below 1). The loss is −Infinity (0) when the chance is below e^{-746}. @internal
 */
export function farSmallSide(
  x: LogitArm,
  y: LogitArm,
  delta: number,
  vStar: number,
  lo: number,
  hi: number,
): [number, number] | undefined {
  if (Math.min(x.alpha, x.beta, y.alpha, y.beta) < 1) return undefined;
  const dropX = armLogRatio(x, vStar + delta);
  const dropY = armLogRatio(y, vStar);
  if (!(dropX < -FAR_DROP && dropY < -FAR_DROP)) return undefined;
  // both integrands relative to their values at v* (no overflow: they peak within O(1) of there)
  const millsY = logMills(y, vStar, true);
  const top = dropX + dropY + millsY;
  const withLoss = top + x.peak + y.peak > LOSS_NEGLIGIBLE - 50;
  const topLoss = withLoss ? top + logMills(x, vStar + delta, false) + logRateVariance(y, vStar) : 0;
  const rule = gaussLegendre();
  let sum = 0;
  let sumLoss = 0;
  let start = lo;
  for (let p = 0; p < MAX_PANELS && start < hi; p++) {
    const curv = armCurvature(x, start + delta) + armCurvature(y, start);
    const w = p === MAX_PANELS - 1 ? hi - start : Math.min(PANEL_SDS / Math.sqrt(curv), hi - start);
    const half = w / 2;
    let s = 0;
    let sl = 0;
    for (let i = 0; i < GL_POINTS; i++) {
      const v = start + half * (rule.nodes[i]! + 1);
      const chance = armLogRatio(x, v + delta) + armLogRatio(y, v) + logMills(y, v, true);
      s += rule.weights[i]! * Math.exp(chance - top);
      if (withLoss) {
        const loss = chance + logMills(x, v + delta, false) + logRateVariance(y, v);
        sl += rule.weights[i]! * Math.exp(loss - topLoss);
      }
    }
    sum += half * s;
    sumLoss += half * sl;
    start += w;
  }
  const logP = top + Math.log(sum) + x.peak + y.peak;
  if (!Number.isFinite(logP)) return undefined;
  const logLoss = withLoss && logP > LOSS_NEGLIGIBLE ? topLoss + Math.log(sumLoss) + x.peak + y.peak : -Infinity;
  return [logP, logLoss];
}
