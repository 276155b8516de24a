import { dd, ddAdd, ddToNumber, twoProduct } from "../ddouble.js";
import { normalLogSf, normalSf } from "../distributions/normal.js";
import { normalCentralQuantile, normalUpperQuantile } from "../distributions/normal-quantile.js";
import { absoluteEffect, armStats, relativeEffect } from "../effect/effect-moments.js";
import { BatchStatsError } from "../errors.js";
import { laplaceInflation } from "../ttest/noisy-welch.js";
import { type BayesTestOptions, resolveBayesOptions } from "./effect-options.js";
import { expectedShortfall } from "./gaussian-loss.js";

/**
 * The result of `bayesTest`: plain, JSON-safe data (−Infinity logarithms of exact zeros, which
 * only a posterior with sd 0 has, are written by `JSON.stringify` as `null`).
 *
 * @example
 * ```ts
 * import { bayesTest } from "batchstats";
 * const r = bayesTest([10.4, 11.1, 10.8, 11.5], [10.0, 10.3, 9.9, 10.2, 10.1]);
 * r.chanceToWin;      // => 0.999738652941135
 * r.risk.treatment;   // => 0.0000016052876216569649
 * ```
 */
export interface BayesResult {
  /** The effect is relative ((mean(a) − mean(b))/|mean(b)|) or absolute (mean(a) − mean(b)). */
  relative: boolean;
  /** Lower is better: chance to win is P(effect < 0). */
  inverse: boolean;
  credibleLevel: number;
  /** The effect estimate and its variance (delta method on the relative scale): the likelihood N(mean, variance). */
  data: { mean: number; variance: number };
  /** The prior used, on the analysis scale (rescaled when given on the other one), or `"flat"`. */
  prior: "flat" | { mean: number; variance: number };
  /** The normal posterior of the effect. */
  posterior: { mean: number; sd: number };
  /** P(treatment is better): P(effect > 0), or P(effect < 0) when `inverse`. Never 1 − (a small number). */
  chanceToWin: number;
  /** log10 of `chanceToWin`, finite where it underflows. */
  log10ChanceToWin: number;
  /** log10 of 1 − `chanceToWin`, computed in its own tail. */
  log10ChanceToLose: number;
  /**
   * Expected loss of shipping each arm, in effect units: `treatment` = E[max(0, −X)], `control` =
   * E[max(0, X)], X the posterior improvement (the effect, or −effect when `inverse`).
   * control − treatment = posterior mean improvement, exactly in exact arithmetic.
   */
  risk: { treatment: number; control: number };
  /** log10 of each risk, finite where the risk underflows. */
  log10Risk: { treatment: number; control: number };
  /** Central credible interval of the effect at `credibleLevel`. */
  credibleInterval: [number, number];
}

function zeroMean(): never {
  throw new BatchStatsError(
    "E_ZERO_MEAN",
    "the control mean (b) is 0, so a relative prior cannot be rescaled to the absolute effect",
    { field: "b" },
  );
}

function overflow(field: string, what: string): never {
  throw new BatchStatsError("E_OVERFLOW", `${what} is beyond the double range (about 1.8e308)`, { field });
}

/** The central normal quantile z with P(|Z| < z) = level. */
function centralZ(level: number): number {
  return level >= 0.5 ? normalUpperQuantile((1 - level) / 2) : normalCentralQuantile(level);
}

function credibleBound(mean: number, q: number, sd: number): number {
  const b = ddToNumber(ddAdd(dd(mean), twoProduct(q, sd)));
  if (!Number.isFinite(b)) overflow("credibleInterval", "a credible bound");
  return b;
}

/**
 * Bayesian A/B test of treatment `a` against control `b` on a Gaussian model of the effect
 * (GrowthBook's `EffectBayesianABTest`), from two summaries alone (or raw values): the effect
 * estimate (relative by default, with the delta-method variance; or absolute) is a normal
 * likelihood, updated with a flat or a Gaussian prior into a normal posterior N(μ, σ²).
 *
 * - `chanceToWin` = P(X > 0) = Φ(μ/σ) (X the improvement: the effect, or −effect when `inverse`),
 *   from the upper tail of −μ/σ, never as 1 − a tail; `log10ChanceToLose` from its own tail.
 * - `risk`: the expected loss of shipping each arm, E[max(0, −X)] (treatment) and E[max(0, X)]
 *   (control), truncated-normal expectations formed without cancellation at every z (relative
 *   accuracy ≤ 1e-15 measured against mpmath down to 1e-300; `log10Risk` beyond).
 * - A prior on the other scale is rescaled through |mean(b)| (GrowthBook compares a string with
 *   its config object and never rescales an absolute prior for a relative analysis).
 *
 * Private arms (`PrivateSummary`, either or both): the likelihood's variance includes the
 * release noise of each mean (s²/n + noise variance, as `ttest` on private summaries), so the
 * posterior is wider than on the exact summaries (docs/privacy.md).
 *
 * Edges: both arms constant gives a posterior sd of 0 and a defined answer (chance to win 1, 0
 * or ½ as μ > 0, < 0 or = 0; risks max(0, ∓μ); a zero credible interval) — with a proper prior
 * too, since the data are then exact. A control mean of 0 is `E_ZERO_MEAN` on the relative scale
 * (and for a relative prior on the absolute scale), and fine otherwise. `E_TOO_FEW` (< 2 values in
 * an arm), `E_BAD_ARGUMENT`, `E_NAN`/`E_INFINITE`, `E_OVERFLOW`. See docs/lift-bayes-notes.md.
 *
 * @example
 * ```ts
 * import { bayesTest, summarize } from "batchstats";
 * const control = summarize([10.0, 10.3, 9.9, 10.2, 10.1]);
 * const variant = summarize([10.4, 11.1, 10.8, 11.5]);
 * const r = bayesTest(variant, control);
 * r.posterior.mean;     // => 0.08415841584158418
 * r.chanceToWin;        // => 0.999738652941135
 * r.log10ChanceToLose;  // => -3.582782382981118
 * r.credibleInterval;   // => [0.03660734404775987, 0.1317094876354085]
 * bayesTest(variant, control, { relative: false, prior: { mean: 0, variance: 0.25 } }).posterior.mean; // => 0.6873315363881405
 * ```
 */
export function bayesTest(a: unknown, b: unknown, options?: BayesTestOptions): BayesResult {
  const o = resolveBayesOptions(options);
  const factor = laplaceInflation(1 - o.credibleLevel);
  const armA = armStats(a, "a", 2, factor);
  const armB = armStats(b, "b", 2, factor);
  const effect = o.relative ? relativeEffect(armA, armB) : absoluteEffect(armA, armB);
  const dataMean = effect.estimate;
  const dataVariance = effect.variance;
  let prior: BayesResult["prior"] = "flat";
  let mean = dataMean;
  let variance = dataVariance;
  if (o.prior !== null) {
    let pm = o.prior.mean;
    let pv = o.prior.variance;
    const mb = Math.abs(armB.mean.hi);
    if (o.relative && o.prior.scale === "absolute") {
      pm /= mb; // mb ≠ 0: relativeEffect refused a zero control mean
      pv = pv / mb / mb;
    } else if (!o.relative && o.prior.scale === "relative") {
      if (mb === 0) zeroMean();
      pm *= mb;
      pv = pv * mb * mb;
    }
    if (!Number.isFinite(pm) || !Number.isFinite(pv)) overflow("prior", "the rescaled prior");
    if (pv === 0) pv = Number.MIN_VALUE; // an underflowed variance: a prior as sharp as a double can be
    prior = { mean: pm, variance: pv };
    if (dataVariance > 0) {
      // precision-weighted, as weights that cannot overflow
      const total = dataVariance + pv;
      const wData = pv / total;
      const wPrior = dataVariance / total;
      mean = dataMean * wData + pm * wPrior;
      variance = dataVariance * wData;
    }
  }
  const sd = Math.sqrt(variance);
  const improvement = o.inverse ? -mean : mean;
  let chanceToWin: number;
  let lnWin: number;
  let lnLose: number;
  let riskTreatment: [number, number];
  let riskControl: [number, number];
  if (sd > 0) {
    const z = improvement / sd;
    chanceToWin = normalSf(-z);
    lnWin = normalLogSf(-z);
    lnLose = normalLogSf(z);
    riskTreatment = expectedShortfall(improvement, sd);
    riskControl = expectedShortfall(-improvement, sd);
  } else {
    // a point mass at the improvement: ties (0) split evenly
    chanceToWin = improvement > 0 ? 1 : improvement < 0 ? 0 : 0.5;
    lnWin = Math.log(chanceToWin);
    lnLose = Math.log(improvement > 0 ? 0 : improvement < 0 ? 1 : 0.5);
    const lossT = Math.max(0, -improvement);
    const lossC = Math.max(0, improvement);
    riskTreatment = [lossT, Math.log10(lossT)];
    riskControl = [lossC, Math.log10(lossC)];
  }
  const q = centralZ(o.credibleLevel);
  return {
    relative: o.relative,
    inverse: o.inverse,
    credibleLevel: o.credibleLevel,
    data: { mean: dataMean, variance: dataVariance },
    prior,
    posterior: { mean, sd },
    chanceToWin,
    log10ChanceToWin: lnWin === 0 ? 0 : lnWin / Math.LN10,
    log10ChanceToLose: lnLose === 0 ? 0 : lnLose / Math.LN10,
    risk: { treatment: riskTreatment[0], control: riskControl[0] },
    log10Risk: { treatment: riskTreatment[1], control: riskControl[1] },
    credibleInterval: [credibleBound(mean, -q, sd), credibleBound(mean, q, sd)],
  };
}
