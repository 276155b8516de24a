import { tDensity, tSf } from "../distributions/t-distribution.js";
import { gaussLegendre } from "../distributions/gauss-legendre.js";
import { tQuantile } from "../distributions/t-quantile.js";
import { BatchStatsError } from "../errors.js";
import { readOptions } from "../options.js";
import type { Summary } from "../summary/summary.js";
import {
  conjugatePosterior,
  isPosterior,
  type MeanMarginal,
  type NormalInverseGammaPrior,
  type Posterior,
} from "./posterior.js";

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

/** Panels of the composite 20-point Gauss–Legendre rule over θ ∈ (−π/2, π/2). */
const PANELS = 16;

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

/** E[(T − c)⁺] for Student t with ν > 1: (ν + c²)/(ν − 1)·f(c) − c·S(c), given S(|c|). */
function excessFromTail(c: number, df: number, tail: number): number {
  // tail = S(|c|); for c < 0, E[(T − c)⁺] = −c + E[(T − |c|)⁺] by symmetry.
  const a = Math.abs(c);
  const density = df === Infinity ? tDensity(a, df) : ((df + a * a) / (df - 1)) * tDensity(a, df);
  const upper = density - a * tail;
  return c < 0 ? a + upper : upper;
}

/**
 * [P(X > Y), P(X < Y), E[(X − Y)⁺]] for independent scaled t variables X (a), Y (b).
 *
 * Method: P(X > Y) = ∫ f_Y(y) S_X(y) dy; with y = l_b + s_b·tan θ the heavy t tails become
 * a smooth bounded integrand on (−π/2, π/2), integrated by a composite Gauss–Legendre rule.
 */
function integrate(a: MeanMarginal, b: MeanMarginal, withLoss: boolean): [number, number, number] {
  const { nodes, weights } = gaussLegendre();
  const width = Math.PI / PANELS;
  let win = 0;
  let lose = 0;
  let loss = 0;
  const shift = (b.location - a.location) / a.scale;
  const ratio = b.scale / a.scale;
  for (let p = 0; p < PANELS; p++) {
    const mid = -Math.PI / 2 + (p + 0.5) * width;
    for (let i = 0; i < nodes.length; i++) {
      const theta = mid + (nodes[i] as number) * (width / 2);
      const t = Math.tan(theta);
      const c = Math.cos(theta);
      const w = ((weights[i] as number) * (width / 2) * tDensity(t, b.df)) / (c * c);
      if (!(w > 0)) continue;
      const z = shift + ratio * t;
      // One tail per node, computed where it is small; the other is its complement.
      const tail = tSf(Math.abs(z), a.df);
      const upper = z > 0 ? tail : 1 - tail;
      win += w * upper;
      lose += w * (z > 0 ? 1 - tail : tail);
      if (withLoss) loss += w * excessFromTail(z, a.df, tail);
    }
  }
  return [win, lose, loss * a.scale];
}

function sameMarginal(a: MeanMarginal, b: MeanMarginal): boolean {
  return a.df === b.df && a.location === b.location && a.scale === b.scale;
}

/** Canonical order, so swapping the arms swaps the answers bit for bit. */
function before(a: MeanMarginal, b: MeanMarginal): boolean {
  if (a.scale !== b.scale) return a.scale < b.scale;
  if (a.df !== b.df) return a.df < b.df;
  return a.location < b.location;
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
 * default the reference prior, so at least 2 values per arm).
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
  let win: number;
  let lose: number;
  let gain: number;
  if (sameMarginal(ma, mb)) {
    win = 0.5;
    lose = 0.5;
    [, , gain] = finiteLoss ? integrate(ma, mb, true) : [0, 0, Infinity];
  } else if (before(mb, ma)) {
    [win, lose, gain] = integrate(ma, mb, finiteLoss);
  } else {
    let back: number;
    [lose, win, back] = integrate(mb, ma, finiteLoss);
    gain = back + (ma.location - mb.location);
  }
  const total = win + lose;
  win /= total;
  lose /= total;
  const chance = win <= lose ? win : 1 - lose;
  const control = finiteLoss ? Math.max(gain, 0) : Infinity;
  const treatment = finiteLoss ? Math.max(gain - (ma.location - mb.location), 0) : Infinity;
  return Object.freeze({
    chanceToWin: chance,
    log10ChanceToWin: Math.log10(win),
    log10ChanceToLose: Math.log10(lose),
    expectedLoss: Object.freeze({ treatment, control }),
    marginals: Object.freeze([withInterval(ma, level), withInterval(mb, level)]) as readonly [
      MeanPosteriorMarginal,
      MeanPosteriorMarginal,
    ],
    credibleLevel: level,
  });
}
