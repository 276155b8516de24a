/**
 * The Beta update of a conversion rate from counts: prior Beta(α0, β0), k successes in n trials →
 * Beta(α0 + k, β0 + n − k) (Gelman et al., *Bayesian Data Analysis*, §2.4), the parameters as
 * double-doubles so that a fractional prior plus a count past 2^53·ε stays exact. @internal
 */
import { type DD, dd, ddAdd } from "../ddouble.js";

/** The parameters of a Beta distribution, as double-doubles. @internal */
export interface BetaParameters {
  readonly alpha: DD;
  readonly beta: DD;
}

/** The posterior after `successes` of `trials`. @internal */
export function betaUpdate(p: BetaParameters, successes: number, trials: number): BetaParameters {
  if (trials === 0) return p;
  return { alpha: ddAdd(p.alpha, dd(successes)), beta: ddAdd(p.beta, dd(trials - successes)) };
}
