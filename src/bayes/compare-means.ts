import { tQuantile } from "../distributions/t-quantile.js";
import { BatchStatsError } from "../errors.js";
import { scaleByPow2 } from "../ddouble.js";
import { readOptions } from "../options.js";
import type { Summary } from "../summary/summary.js";
import {
  conjugatePosterior,
  isPosterior,
  type MeanMarginal,
  type NormalInverseGammaPrior,
  type Posterior,
} from "./posterior.js";
import { type SumTail, tSumTail } from "./t-sum-tail.js";

/** Options of `compareMeans`. */
export interface CompareMeansOptions {
  /** Normal–Inverse-Gamma prior for arms given as summaries (default: the reference prior); posteriors keep their own. */
  prior?: Omit<NormalInverseGammaPrior, "family">;
  /** Level of each marginal's credible interval (default 0.95). */
  credibleLevel?: number;
}

/** One arm's marginal posterior of the mean in a `MeansResult`. */
export interface MeanPosteriorMarginal extends MeanMarginal {
  /** The equal-tailed credible interval of the mean at `credibleLevel`. */
  readonly credibleInterval: readonly [number, number];
}

/** The Bayesian comparison of two means (a = treatment, b = control) under independent NIG posteriors. */
export interface MeansResult {
  /** P(μ_a > μ_b), by deterministic quadrature. */
  readonly chanceToWin: number;
  /** log10 P(μ_a > μ_b). */
  readonly log10ChanceToWin: number;
  /** log10 P(μ_a < μ_b). */
  readonly log10ChanceToLose: number;
  /** treatment E[max(μ_b − μ_a, 0)], control E[max(μ_a − μ_b, 0)]; `Infinity` unless both df > 1. */
  readonly expectedLoss: { readonly treatment: number; readonly control: number };
  /** The two marginals, [a, b]. */
  readonly marginals: readonly [MeanPosteriorMarginal, MeanPosteriorMarginal];
  readonly credibleLevel: number;
}

function argError(field: string, message: string): never {
  throw new BatchStatsError("E_BAD_ARGUMENT", `${field} ${message}`, { field });
}

function marginalOf(arm: unknown, prior: Omit<NormalInverseGammaPrior, "family">, field: string): MeanMarginal {
  if (isPosterior(arm)) {
    if (arm.family !== "normal-inverse-gamma")
      argError(field, "is a Beta posterior: compareMeans needs Normal–Inverse-Gamma posteriors (use compareRates)");
    return arm.meanMarginal();
  }
  if (typeof arm !== "object" || arm === null) argError(field, "must be a Summary or a Normal–Inverse-Gamma posterior");
  return conjugatePosterior({ ...prior, family: "normal-inverse-gamma" })
    .update(arm as Summary)
    .meanMarginal();
}

/**
 * The largest relative error bound of the quadrature returned, rather than refused, when a marginal
 * has df below 1 (where the bound counts what its tails leave out).
 */
const UNCERTIFIED = 1e-8;

/**
 * P(μ_a < μ_b) when μ_a leads (or P(μ_a > μ_b) when it trails), its logarithm, and the leader's
 * expected loss E[max(μ_trailing − μ_leading, 0)], from the sum of the two centred marginals:
 * μ_a − μ_b − Δ is distributed as s_a·T_a + s_b·T_b (each t is symmetric), so the trailer wins with
 * probability Q = P(s_a·T_a + s_b·T_b > |Δ|) and the leader's loss is E[(s_a·T_a + s_b·T_b − |Δ|)⁺].
 */
function trailingChance(a: MeanMarginal, b: MeanMarginal, lead: number, withLoss: boolean): SumTail {
  // Q is scale-free and the loss scales with the data: the quadrature runs in units of 2^k, the
  // power of two at the larger scale (exact), so it never meets scales near under- or overflow.
  const k = Math.floor(Math.log2(Math.max(a.scale, b.scale)));
  const unit = (m: MeanMarginal) => ({ df: m.df, scale: scaleByPow2(m.scale, -k) });
  const gap = Number.isFinite(lead)
    ? scaleByPow2(Math.abs(lead), -k)
    : Math.abs(scaleByPow2(a.location, -k) - scaleByPow2(b.location, -k));
  if (!Number.isFinite(gap)) {
    throw new BatchStatsError(
      "E_OVERFLOW",
      "the gap between the posterior means is beyond 1.8e308 times their scale: the chance's logarithm is not computed there",
      { field: "chanceToWin" },
    );
  }
  const r = tSumTail(unit(a), unit(b), gap, withLoss, k * Math.LN2);
  if (Math.min(a.df, b.df) < 1 && !(r.relativeError <= UNCERTIFIED)) {
    throw new BatchStatsError(
      "E_NO_CONVERGENCE",
      `the quadrature stopped with an error bound of ${r.relativeError.toExponential(1)} relative (marginals with df ${a.df} and ${b.df}, scales ${a.scale} and ${b.scale}, means ${Math.abs(lead)} apart)`,
      { field: "chanceToWin" },
    );
  }
  // 2^k·excess exactly while that is a normal double; from its logarithm where the excess in units
  // of 2^k under- or overflows but the loss itself does not
  const excess = scaleByPow2(r.excess, k);
  const exact = excess >= 2.2250738585072014e-308 && excess < Infinity;
  return { ...r, excess: exact || !withLoss ? excess : Math.exp(r.logExcess + k * Math.LN2) };
}

function withInterval(m: MeanMarginal, level: number): MeanPosteriorMarginal {
  const q = m.df > 2e15 ? tQuantile((1 + level) / 2, Infinity) : tQuantile((1 + level) / 2, m.df);
  return {
    df: m.df,
    location: m.location,
    scale: m.scale,
    credibleInterval: Object.freeze([m.location - q * m.scale, m.location + q * m.scale]) as readonly [number, number],
  };
}

/**
 * The chance that the treatment's mean beats the control's, with expected losses, under
 * independent Normal–Inverse-Gamma posteriors (arms given as summaries get `options.prior`,
 * default the reference prior, so at least 2 values per arm). Any df > 0 is answered, also
 * marginals with df ≪ 1 whose tails hold mass beyond 1e300 scales (their far tails are summed in
 * closed form); `E_NO_CONVERGENCE` if the quadrature cannot bound its error by 1e-8 relative
 * there (never silently a partial sum).
 *
 * @example
 * ```ts
 * import { compareMeans, summarize } from "batchstats";
 * const r = compareMeans(summarize([1, 2, 3, 4]), summarize([1, 2, 3, 4]));
 * r.chanceToWin; // => 0.5
 * ```
 */
export function compareMeans(
  a: Summary | Posterior,
  b: Summary | Posterior,
  options?: CompareMeansOptions,
): MeansResult {
  const o = readOptions(options ?? {}, ["prior", "credibleLevel"] as const, "options");
  const level = o.credibleLevel ?? 0.95;
  if (typeof level !== "number" || !(level > 0 && level < 1)) argError("credibleLevel", "must be a number in (0, 1)");
  const prior = (o.prior ?? {}) as Omit<NormalInverseGammaPrior, "family">;
  const ma = marginalOf(a, prior, "a");
  const mb = marginalOf(b, prior, "b");
  const finiteLoss = ma.df > 1 && mb.df > 1;
  const lead = ma.location - mb.location;
  const trail = lead === 0 && !finiteLoss ? undefined : trailingChance(ma, mb, lead, finiteLoss);
  // Δ = 0: the difference is symmetric about 0, so each arm wins with probability ½ exactly.
  const q = lead === 0 || trail === undefined ? 0.5 : Math.min(trail.tail, 0.5);
  const logQ = lead === 0 || trail === undefined ? -Math.LN2 : Math.min(trail.logTail, -Math.LN2);
  const logRest = Math.log1p(-q) + 0; // + 0: no −0 when q = 0
  const loss = finiteLoss && trail !== undefined ? trail.excess : Infinity;
  const gap = Math.abs(lead);
  const ahead = lead > 0;
  const treatment = ahead ? loss : loss + gap;
  const control = ahead ? loss + gap : loss;
  return Object.freeze({
    chanceToWin: ahead ? 1 - q : q,
    log10ChanceToWin: (ahead ? logRest : logQ) / Math.LN10,
    log10ChanceToLose: (ahead ? logQ : logRest) / Math.LN10,
    expectedLoss: Object.freeze({ treatment, control }),
    marginals: Object.freeze([withInterval(ma, level), withInterval(mb, level)]) as readonly [
      MeanPosteriorMarginal,
      MeanPosteriorMarginal,
    ],
    credibleLevel: level,
  });
}
