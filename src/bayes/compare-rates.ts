import { type DD, dd, ddAdd, ddMul, ddSub, ddToNumber } from "../ddouble.js";
import { BatchStatsError } from "../errors.js";
import { describeValue, readOptions } from "../options.js";
import { type Counts, readCounts } from "../summary/from-counts.js";
import { compareBetas } from "./beta-comparison.js";
import { betaInterval, isPosterior, type Posterior } from "./posterior.js";
import { probabilitiesBest } from "./probability-best.js";

/** Options of `compareRates` and `probabilityBest`. */
export interface CompareRatesOptions {
  /** Beta prior for arms given as counts (default { alpha: 1, beta: 1 }, uniform); posteriors keep their own. */
  prior?: { alpha: number; beta: number };
  /** Level of each arm's credible interval (default 0.95). */
  credibleLevel?: number;
}

/** One arm's Beta posterior in a `RatesResult`. */
export interface RatePosterior {
  readonly alpha: number;
  readonly beta: number;
  /** α/(α + β). */
  readonly mean: number;
  /** The equal-tailed credible interval of the rate at `credibleLevel`. */
  readonly credibleInterval: readonly [number, number];
}

/**
 * The Bayesian comparison of two conversion rates (a = treatment, b = control) under
 * independent Beta posteriors.
 */
export interface RatesResult {
  /** P(p_a > p_b), computed by quadrature (no Monte Carlo); the smaller of it and its complement directly. */
  readonly chanceToWin: number;
  /** log10 P(p_a > p_b): finite where the chance itself underflows. */
  readonly log10ChanceToWin: number;
  /** log10 P(p_a < p_b), the complement in log form (finite below 1e-308). */
  readonly log10ChanceToLose: number;
  /** Expected loss of shipping each arm: treatment E[max(p_b − p_a, 0)], control E[max(p_a − p_b, 0)]. */
  readonly expectedLoss: { readonly treatment: number; readonly control: number };
  /** The two posteriors, [a, b]. */
  readonly posteriors: readonly [RatePosterior, RatePosterior];
  /**
   * E[p_a/p_b] − 1 = (α_a β_b − β_a α_b + β_a)/((α_a + β_a)(α_b − 1)): the posterior mean of the
   * relative lift; `Infinity` when α_b ≤ 1 (E[1/p_b] is infinite).
   */
  readonly expectedRelativeLift: number;
}

const KEYS = ["prior", "credibleLevel"] as const;
const PRIOR_KEYS = ["alpha", "beta"] as const;

function argError(field: string, message: string): never {
  throw new BatchStatsError("E_BAD_ARGUMENT", `${field} ${message}`, { field });
}

interface BetaArm {
  alpha: DD;
  beta: DD;
}

/** Reads the options (unknown keys refused): the prior for counts. @internal */
export function readRatesOptions(options: unknown): { prior: BetaArm; credibleLevel: number } {
  const o = readOptions(options, KEYS);
  let prior: BetaArm = { alpha: dd(1), beta: dd(1) };
  if (o.prior !== undefined) {
    if (typeof o.prior !== "object" || o.prior === null)
      argError("options.prior", `must be { alpha, beta }, got ${describeValue(o.prior)}`);
    const p = readOptions(o.prior, PRIOR_KEYS, "options.prior");
    for (const key of PRIOR_KEYS) {
      const v = p[key];
      if (typeof v !== "number" || !Number.isFinite(v) || !(v > 0)) {
        argError(`options.prior.${key}`, `must be a positive finite number, got ${describeValue(v)}`);
      }
    }
    prior = { alpha: dd(p.alpha as number), beta: dd(p.beta as number) };
  }
  let credibleLevel = 0.95;
  if (o.credibleLevel !== undefined) {
    const c = o.credibleLevel;
    if (typeof c !== "number" || !(c > 0 && c < 1)) {
      argError("options.credibleLevel", `must be a number strictly between 0 and 1, got ${describeValue(c)}`);
    }
    credibleLevel = c;
  }
  return { prior, credibleLevel };
}

/**
 * The Beta parameters the comparison is validated for (against mpmath, and by symmetry beyond the
 * fixtures): each in [2^-30, 2^56]. Counts up to 2^53 with any prior in range stay inside; beyond,
 * the logit grid cannot resolve the posterior (a spread below a few ulps of its mean, or a density
 * whose mass sits within 2^-1000 of 0).
 */
const SMALLEST_SHAPE = 9.313225746154785e-10; // 2^-30
const LARGEST_SHAPE = 72057594037927936; // 2^56

function checkShapes(p: BetaArm, field: string): BetaArm {
  for (const [name, v] of [
    ["alpha", p.alpha.hi],
    ["beta", p.beta.hi],
  ] as const) {
    if (!(v >= SMALLEST_SHAPE && v <= LARGEST_SHAPE))
      argError(
        field,
        `has Beta ${name} = ${v}, outside [2^-30, 2^56], the range where compareRates and probabilityBest are validated`,
      );
  }
  return p;
}

/** The Beta parameters of an arm: a Beta posterior as it is, counts with the prior. @internal */
export function betaArm(arm: unknown, prior: BetaArm, field: string): BetaArm {
  if (isPosterior(arm)) {
    const p = (arm as Posterior).betaParameters();
    if (p === undefined) argError(field, "is a Normal–Inverse-Gamma posterior: compare means with compareMeans");
    return checkShapes(p, field);
  }
  const c: Counts = readCounts(arm, field);
  const alpha = ddAdd(prior.alpha, dd(c.successes));
  const beta = ddAdd(prior.beta, dd(c.trials - c.successes));
  return checkShapes({ alpha, beta }, field);
}

function ratePosterior(p: BetaArm, level: number): RatePosterior {
  const alpha = ddToNumber(p.alpha);
  const beta = ddToNumber(p.beta);
  const n = ddAdd(p.alpha, p.beta);
  const credibleInterval = Object.freeze(betaInterval(p, level)) as readonly [number, number];
  return Object.freeze({ alpha, beta, mean: ddToNumber(p.alpha) / ddToNumber(n), credibleInterval });
}

function relativeLift(a: BetaArm, b: BetaArm): number {
  const denom = ddSub(b.alpha, dd(1));
  if (!(denom.hi > 0)) return Infinity;
  const num = ddAdd(ddSub(ddMul(a.alpha, b.beta), ddMul(a.beta, b.alpha)), a.beta);
  return ddToNumber(num) / ddToNumber(ddAdd(a.alpha, a.beta)) / ddToNumber(denom);
}

/**
 * Compares two conversion rates, a = treatment and b = control, each given as counts
 * `{ successes, trials }` (with `options.prior`, default Beta(1, 1)) or as a Beta `Posterior`:
 * the chance that a's rate is higher, P(p_a > p_b), computed deterministically by quadrature
 * on the logit scale (no Monte Carlo; the smaller of it and its complement directly, and both
 * in log10 form, finite far below 1e-308), the expected loss of shipping each arm, both
 * posteriors and the posterior mean of the relative lift. Accuracy against mpmath at 50 digits
 * is in docs/bayes-conjugate-notes.md. Errors: `E_BAD_ARGUMENT` naming the argument or option, also for an arm whose Beta parameters lie outside [2^-30, 2^56] (the validated range).
 *
 * @example
 * ```ts
 * import { compareRates } from "batchstats";
 * const r = compareRates({ successes: 120, trials: 1000 }, { successes: 100, trials: 1000 });
 * +r.chanceToWin.toFixed(4);                 // => 0.9232
 * +r.expectedLoss.treatment.toExponential(3); // => 0.0004846
 * [r.posteriors[1].alpha, r.posteriors[1].beta];  // => [101, 901]
 * r.posteriors[1].credibleInterval.map((x) => +x.toFixed(4)); // => [0.0829, 0.1202]
 * ```
 */
export function compareRates(a: Counts | Posterior, b: Counts | Posterior, options?: CompareRatesOptions): RatesResult {
  const { prior, credibleLevel } = readRatesOptions(options);
  const pa = betaArm(a, prior, "a");
  const pb = betaArm(b, prior, "b");
  const c = compareBetas(pa.alpha, pa.beta, pb.alpha, pb.beta);
  return Object.freeze({
    chanceToWin: c.chanceToWin,
    log10ChanceToWin: c.logChanceToWin / Math.LN10,
    log10ChanceToLose: c.logChanceToLose / Math.LN10,
    expectedLoss: Object.freeze({ treatment: c.lossA, control: c.lossB }),
    posteriors: Object.freeze([ratePosterior(pa, credibleLevel), ratePosterior(pb, credibleLevel)]) as readonly [
      RatePosterior,
      RatePosterior,
    ],
    expectedRelativeLift: relativeLift(pa, pb),
  });
}

/**
 * The probability that each arm has the highest rate, for arms given as counts (with
 * `options.prior`) or Beta posteriors: P(p_i > p_j for every j ≠ i), by quadrature. Two arms
 * give [P(p_0 > p_1), P(p_1 > p_0)] exactly as `compareRates`; with more, each probability is
 * ∫ g_i·Π_{j≠i} F_j on one grid over all the arms (absolute error below 1e-12; a probability far
 * below that is not resolved relative to itself). `E_BAD_ARGUMENT` for fewer than two arms.
 *
 * @example
 * ```ts
 * import { probabilityBest } from "batchstats";
 * probabilityBest([
 *   { successes: 120, trials: 1000 },
 *   { successes: 100, trials: 1000 },
 *   { successes: 110, trials: 1000 },
 * ]).map((p) => +p.toFixed(3)); // => [0.727, 0.046, 0.227]
 * ```
 */
export function probabilityBest(arms: readonly (Counts | Posterior)[], options?: CompareRatesOptions): number[] {
  if (!Array.isArray(arms)) argError("arms", `must be an array of counts or posteriors, got ${describeValue(arms)}`);
  if (arms.length < 2) argError("arms", `needs at least two arms, got ${arms.length}`);
  const { prior } = readRatesOptions(options);
  // Array.from visits the holes of a sparse array (betaArm refuses them); map would skip them
  const params = Array.from(arms, (arm, i) => betaArm(arm, prior, `arms[${i}]`));
  if (params.length === 2) {
    const [p0, p1] = params as [BetaArm, BetaArm];
    const c = compareBetas(p0.alpha, p0.beta, p1.alpha, p1.beta);
    return [c.chanceToWin, Math.exp(c.logChanceToLose)];
  }
  return probabilitiesBest(params);
}
