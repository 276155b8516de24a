/**
 * The Normal–Inverse-Gamma update of a continuous metric from a summary (count, mean, M2), in
 * double-double arithmetic.
 *
 * Model: x_i | μ, σ² ~ N(μ, σ²); prior σ² ~ InvGamma(α0, β0), μ | σ² ~ N(μ0, σ²/κ0). After n values
 * with mean x̄ and M2 = Σ(x − x̄)² (Murphy, "Conjugate Bayesian analysis of the Gaussian
 * distribution", 2007, §6; Gelman et al., *Bayesian Data Analysis*, §3.3):
 *
 *   κ = κ0 + n,  μ = μ0 + (x̄ − μ0)·n/κ,  α = α0 + n/2,  β = β0 + M2/2 + (x̄ − μ0)²·κ0·n/(2κ).
 *
 * (κ, μ, 2β) is exactly Chan's merge of a pseudo-sample of weight κ0, mean μ0 and M2 = 2β0 with the
 * data, so updating batch by batch equals updating once with the merged summary up to roundings
 * of order ε² in the double-doubles. The marginal posterior of μ is Student t with 2α degrees of
 * freedom, location μ and scale √(β/(ακ)). @internal
 */
import { type DD, dd, ddAdd, ddDiv, ddMul, ddMulNumber, ddScale, ddSub } from "../ddouble.js";

/** The parameters of a Normal–Inverse-Gamma distribution, as double-doubles. @internal */
export interface NigParameters {
  readonly kappa: DD;
  readonly mu: DD;
  readonly alpha: DD;
  readonly beta: DD;
}

/** The posterior after a batch of `count` values with mean `mean` and M2 `m2`. @internal */
export function nigUpdate(p: NigParameters, count: number, mean: DD, m2: DD): NigParameters {
  if (count === 0) return p;
  const kappa = ddAdd(p.kappa, dd(count));
  const delta = ddSub(mean, p.mu);
  const weighted = ddDiv(ddMulNumber(delta, count), kappa); // δ·n/κ
  const mu = ddAdd(p.mu, weighted);
  // (x̄ − μ0)²·κ0·n/κ = δ·(δ·n/κ)·κ0, zero for the reference prior (κ0 = 0)
  const between = p.kappa.hi === 0 ? dd(0) : ddMul(ddMul(delta, weighted), p.kappa);
  const beta = ddAdd(p.beta, ddScale(ddAdd(m2, between), -1));
  const alpha = ddAdd(p.alpha, dd(count / 2));
  return { kappa, mu, alpha, beta };
}
