import { type DD, dd, ddAdd, ddDiv, ddFromParts, ddMulNumber, ddToNumber } from "../ddouble.js";
import { betaQuantile, betaUpperQuantile } from "../distributions/beta-quantile.js";
import { tCentralQuantile } from "../distributions/t-quantile.js";
import { BatchStatsError } from "../errors.js";
import { describeValue, readOptions } from "../options.js";
import { type Counts, fromCounts, readCounts } from "../summary/from-counts.js";
import { asSummary, type Summary } from "../summary/summary.js";
import { type BetaParameters, betaUpdate } from "./beta-posterior.js";
import { type NigParameters, nigUpdate } from "./normal-inverse-gamma.js";
import { countsOfSummary } from "./summary-counts.js";
import { parsePosteriorJSON, POSTERIOR_FORMAT, POSTERIOR_VERSION, type PosteriorJSON } from "./posterior-json.js";

/**
 * A Normal–Inverse-Gamma prior for a continuous metric: σ² ~ InvGamma(alpha, beta) and
 * μ | σ² ~ N(mu, σ²/kappa). Think of it as `kappa` pseudo-observations with mean `mu` whose
 * sum of squared deviations is 2·beta, on 2·alpha + 1 pseudo-degrees of freedom for σ².
 * Defaults give the reference prior p(μ, σ²) ∝ 1/σ² (kappa 0, mu 0, alpha −½, beta 0): then the
 * marginal posterior of the mean is Student t with n − 1 df, location x̄ and scale s/√n, and its
 * credible interval is the classical t interval. Domains: kappa ≥ 0, alpha ≥ −½, beta ≥ 0, all finite.
 */
export interface NormalInverseGammaPrior {
  family: "normal-inverse-gamma";
  /** Weight of the prior mean, in observations (default 0). */
  kappa?: number;
  /** Prior mean of the metric (default 0; irrelevant when kappa is 0). */
  mu?: number;
  /** Shape of the inverse-gamma prior on σ² (default −½). */
  alpha?: number;
  /** Scale of the inverse-gamma prior on σ² (default 0). */
  beta?: number;
}

/**
 * A Beta(alpha, beta) prior for a conversion rate: alpha − 1 prior successes and beta − 1 prior
 * failures in the usual reading. Default Beta(1, 1), uniform on [0, 1] (GrowthBook's and
 * Evan Miller's default); Beta(½, ½) is Jeffreys' prior. Both must be positive and finite.
 */
export interface BetaPrior {
  family: "beta";
  /** Default 1. */
  alpha?: number;
  /** Default 1. */
  beta?: number;
}

/** The marginal posterior of the mean of a Normal–Inverse-Gamma posterior: a scaled, shifted Student t. */
export interface MeanMarginal {
  /** Degrees of freedom, 2α. */
  df: number;
  /** Location, μ. */
  location: number;
  /** Scale, √(β/(ακ)). */
  scale: number;
}

/** The key only this module holds: the constructor refuses to run without it. */
const CREATE = Symbol("batchstats.createPosterior");
function create(
  family: "beta" | "normal-inverse-gamma",
  nig: NigParameters | undefined,
  b: BetaParameters | undefined,
): Posterior {
  return Posterior.make(CREATE, family, nig, b);
}

function isGenuine(value: unknown): boolean {
  return Posterior.isGenuine(value);
}

function argError(field: string, message: string): never {
  throw new BatchStatsError("E_BAD_ARGUMENT", `${field} ${message}`, { field });
}

function finiteParam(value: unknown, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value))
    argError(field, `must be a finite number, got ${describeValue(value)}`);
  return value;
}

function checkOverflow(p: DD, field: string): DD {
  if (!Number.isFinite(p.hi) || !Number.isFinite(p.lo)) {
    throw new BatchStatsError("E_OVERFLOW", `the posterior parameter ${field} is beyond the double range`, { field });
  }
  return p;
}

/**
 * A conjugate posterior (immutable): Beta for a conversion rate, Normal–Inverse-Gamma for a
 * continuous metric. `update` with each batch's data returns a new posterior equal to the
 * posterior of all the data so far, so raw values can be deleted. JSON-safe (`toJSON`,
 * `Posterior.fromJSON`). Made by `conjugatePosterior`.
 *
 * @example
 * ```ts
 * import { conjugatePosterior, summarize } from "batchstats";
 * const p = conjugatePosterior({ family: "normal-inverse-gamma" })
 *   .update(summarize([1, 2, 3]))
 *   .update(summarize([4, 5]));
 * p.mean;                             // => 3
 * p.credibleInterval(0.95).map((x) => +x.toFixed(4)); // => [1.0368, 4.9632]
 * ```
 */
export class Posterior {
  /** "beta" (a rate) or "normal-inverse-gamma" (a continuous metric). */
  readonly family: "beta" | "normal-inverse-gamma";
  /** α: the Beta's first shape, or the inverse-gamma shape (rounded to a double). */
  readonly alpha: number;
  /** β: the Beta's second shape, or the inverse-gamma scale (rounded to a double). */
  readonly beta: number;
  /** κ, the weight of the mean in observations (Normal–Inverse-Gamma only). */
  readonly kappa: number | undefined;
  /** μ, the location of the mean (Normal–Inverse-Gamma only). */
  readonly mu: number | undefined;
  readonly #nig: NigParameters | undefined;
  readonly #beta: BetaParameters | undefined;

  private constructor(
    key: symbol,
    family: "beta" | "normal-inverse-gamma",
    nig: NigParameters | undefined,
    b: BetaParameters | undefined,
  ) {
    if (key !== CREATE)
      argError("Posterior", "cannot be constructed directly: use conjugatePosterior or Posterior.fromJSON");
    this.family = family;
    this.#nig = nig;
    this.#beta = b;
    const p = (nig ?? b) as BetaParameters;
    this.alpha = p.alpha.hi;
    this.beta = p.beta.hi;
    this.kappa = nig?.kappa.hi;
    this.mu = nig?.mu.hi;
    Object.freeze(this);
  }

  // Static methods, not a static block: a bundler counts a static block as a side effect and would
  // keep the class in every app.
  /** @internal Made by this module only (the key is its own). */
  static make(
    key: symbol,
    family: "beta" | "normal-inverse-gamma",
    nig: NigParameters | undefined,
    b: BetaParameters | undefined,
  ): Posterior {
    return new Posterior(key, family, nig, b);
  }

  /** @internal A posterior this class made (not a look-alike object). */
  static isGenuine(value: unknown): boolean {
    return typeof value === "object" && value !== null && #nig in value;
  }

  /** @internal The Beta parameters as double-doubles (undefined for a Normal–Inverse-Gamma posterior). */
  betaParameters(): BetaParameters | undefined {
    return this.#beta;
  }

  /** @internal The Normal–Inverse-Gamma parameters as double-doubles. */
  nigParameters(): NigParameters | undefined {
    return this.#nig;
  }

  /**
   * The posterior after one more batch: a `Summary` (Normal–Inverse-Gamma; counts are taken as
   * the summary of 0/1 values), or `{ successes, trials }` (Beta; a summary of 0/1 values is
   * accepted too). Updating with each batch in turn equals updating once with their merge.
   * Errors: `E_BAD_ARGUMENT` for anything else, `E_NAN` for a NaN summary, `E_OVERFLOW` when a
   * parameter leaves the double range.
   *
   * @example
   * ```ts
   * import { conjugatePosterior } from "batchstats";
   * const p = conjugatePosterior({ family: "beta" }).update({ successes: 3, trials: 10 });
   * [p.alpha, p.beta]; // => [4, 8]
   * ```
   */
  update(data: Summary | Counts): Posterior {
    const summary = asSummary(data, "data");
    if (this.#beta !== undefined) {
      const c = summary === undefined ? readCounts(data, "data") : countsOfSummary(summary, "data");
      const next = betaUpdate(this.#beta, c.successes, c.trials);
      if (next === this.#beta) return this;
      return create("beta", undefined, {
        alpha: checkOverflow(next.alpha, "alpha"),
        beta: checkOverflow(next.beta, "beta"),
      });
    }
    const s = summary ?? fromCounts(readCounts(data, "data"));
    if (s.count > 0 && !(Number.isFinite(s.mean) && Number.isFinite(s.m2))) {
      throw new BatchStatsError("E_NAN", "data is a summary with NaN statistics (made with nan: 'propagate')", {
        field: "data",
      });
    }
    const nig = this.#nig as NigParameters;
    const next = nigUpdate(nig, s.count, s.meanDD(), s.m2DD());
    if (next === nig) return this;
    return create(
      "normal-inverse-gamma",
      {
        kappa: checkOverflow(next.kappa, "kappa"),
        mu: checkOverflow(next.mu, "mu"),
        alpha: checkOverflow(next.alpha, "alpha"),
        beta: checkOverflow(next.beta, "beta"),
      },
      undefined,
    );
  }

  /**
   * The posterior mean: of the rate, α/(α + β) (Beta), or of the metric's mean, μ
   * (Normal–Inverse-Gamma; `E_TOO_FEW` while κ = 0, the reference prior before any data).
   *
   * @example
   * ```ts
   * import { conjugatePosterior } from "batchstats";
   * conjugatePosterior({ family: "beta" }).update({ successes: 1, trials: 2 }).mean; // => 0.5
   * ```
   */
  get mean(): number {
    if (this.#beta !== undefined) {
      const { alpha, beta } = this.#beta;
      // α/(α + β) with both scaled by ¼ (exact) when α + β overflows (α, β near 1.8e308)
      const total = ddAdd(alpha, beta);
      if (Number.isFinite(total.hi)) return ddToNumber(ddDiv(alpha, total));
      const a = ddMulNumber(alpha, 0.25);
      return ddToNumber(ddDiv(a, ddAdd(a, ddMulNumber(beta, 0.25))));
    }
    const nig = this.#nig as NigParameters;
    if (nig.kappa.hi === 0) {
      throw new BatchStatsError("E_TOO_FEW", "the reference prior has no mean before any data", { field: "kappa" });
    }
    return nig.mu.hi;
  }

  /**
   * The marginal posterior of the mean (Normal–Inverse-Gamma only): Student t with df 2α,
   * location μ, scale √(β/(ακ)). `E_TOO_FEW` while it is improper (κ = 0 or α ≤ 0: with the
   * reference prior, fewer than 2 values), `E_ZERO_VARIANCE` when β = 0 (every value equal).
   *
   * @example
   * ```ts
   * import { conjugatePosterior, summarize } from "batchstats";
   * const m = conjugatePosterior({ family: "normal-inverse-gamma" }).update(summarize([1, 2, 3, 4])).meanMarginal();
   * [m.df, m.location, +m.scale.toFixed(6)]; // => [3, 2.5, 0.645497]
   * ```
   */
  meanMarginal(): MeanMarginal {
    const nig = this.#nig;
    if (nig === undefined)
      argError("posterior", "is a Beta posterior: meanMarginal is for Normal–Inverse-Gamma posteriors");
    if (!(nig.kappa.hi > 0) || !(nig.alpha.hi > 0)) {
      throw new BatchStatsError(
        "E_TOO_FEW",
        `the posterior of the mean is improper (kappa = ${nig.kappa.hi}, alpha = ${nig.alpha.hi}): the reference prior needs at least 2 values`,
        { field: "alpha" },
      );
    }
    if (!(nig.beta.hi > 0)) {
      throw new BatchStatsError("E_ZERO_VARIANCE", "the posterior scale is 0 (every value equal and beta0 = 0)", {
        field: "beta",
      });
    }
    const scale = Math.sqrt(nig.beta.hi / nig.alpha.hi / nig.kappa.hi);
    if (!(scale > 0) || !Number.isFinite(scale)) {
      throw new BatchStatsError(
        scale > 0 ? "E_OVERFLOW" : "E_UNDERFLOW",
        `the posterior scale of the mean (${scale}) is outside the double range`,
        {
          field: "beta",
        },
      );
    }
    return { df: 2 * nig.alpha.hi, location: nig.mu.hi, scale };
  }

  /**
   * The equal-tailed credible interval [lo, hi] holding `level` (default 0.95) of the posterior:
   * of the mean (Normal–Inverse-Gamma: μ ± t_{2α}·√(β/(ακ)), errors as `meanMarginal`), or of the
   * rate (Beta: its (1 − level)/2 quantiles from below and from above, `betaQuantile`).
   * `E_BAD_ARGUMENT` for a level outside (0, 1); `E_OVERFLOW` (field `credibleInterval`) when a
   * bound is beyond the double range (a tiny alpha, so df = 2α ≪ 1, makes the t quantile huge).
   *
   * @example
   * ```ts
   * import { conjugatePosterior, summarize } from "batchstats";
   * const p = conjugatePosterior({ family: "normal-inverse-gamma" }).update(summarize([1, 2, 3, 4]));
   * p.credibleInterval(0.95).map((x) => +x.toFixed(6)); // => [0.44574, 4.55426]
   * ```
   */
  credibleInterval(level = 0.95): [number, number] {
    if (typeof level !== "number" || !(level > 0 && level < 1)) {
      argError("level", `must be a number strictly between 0 and 1, got ${describeValue(level)}`);
    }
    if (this.#beta !== undefined) return betaInterval(this.#beta, level);
    const m = this.meanMarginal();
    const half = tCentralQuantile(level, m.df) * m.scale;
    const bounds: [number, number] = [m.location - half, m.location + half];
    // at tiny df (alpha ≪ 1) the t quantile grows like 40^(1/df): a bound past the double range is an overflow
    if (!(Number.isFinite(bounds[0]) && Number.isFinite(bounds[1]))) {
      throw new BatchStatsError(
        "E_OVERFLOW",
        `the ${level} credible interval of the mean (df ${m.df}) has a bound beyond the double range (about 1.8e308)`,
        { field: "credibleInterval" },
      );
    }
    return bounds;
  }

  /**
   * The versioned JSON form (`format: "batchstats.posterior"`), each parameter as a
   * double-double (`x`, `xLo`): a bit-exact round trip through `JSON.stringify` and `fromJSON`.
   *
   * @example
   * ```ts
   * import { conjugatePosterior } from "batchstats";
   * JSON.stringify(conjugatePosterior({ family: "beta" }).update({ successes: 2, trials: 5 }));
   * // => '{"format":"batchstats.posterior","version":1,"family":"beta","alpha":3,"alphaLo":0,"beta":4,"betaLo":0}'
   * ```
   */
  toJSON(): PosteriorJSON {
    if (this.#beta !== undefined) {
      const { alpha, beta } = this.#beta;
      return {
        format: POSTERIOR_FORMAT,
        version: POSTERIOR_VERSION,
        family: "beta",
        alpha: alpha.hi,
        alphaLo: alpha.lo,
        beta: beta.hi,
        betaLo: beta.lo,
      };
    }
    const { kappa, mu, alpha, beta } = this.#nig as NigParameters;
    return {
      format: POSTERIOR_FORMAT,
      version: POSTERIOR_VERSION,
      family: "normal-inverse-gamma",
      kappa: kappa.hi,
      kappaLo: kappa.lo,
      mu: mu.hi,
      muLo: mu.lo,
      alpha: alpha.hi,
      alphaLo: alpha.lo,
      beta: beta.hi,
      betaLo: beta.lo,
    };
  }

  /**
   * Rebuilds a posterior from its JSON form (a string or a parsed object), treating it as
   * untrusted: unknown or missing keys, wrong types, an unknown family or version and
   * parameters outside their domain are `E_BAD_SUMMARY` naming the field.
   *
   * @example
   * ```ts
   * import { Posterior } from "batchstats";
   * Posterior.fromJSON('{"format":"batchstats.posterior","version":1,"family":"beta","alpha":3,"alphaLo":0,"beta":4,"betaLo":0}').mean;
   * // => 0.42857142857142855
   * ```
   */
  static fromJSON(value: unknown): Posterior {
    if (isGenuine(value)) return value as Posterior;
    const v = parsePosteriorJSON(value);
    if (v.family === "beta") {
      return create("beta", undefined, { alpha: { hi: v.alpha, lo: v.alphaLo }, beta: { hi: v.beta, lo: v.betaLo } });
    }
    return create(
      "normal-inverse-gamma",
      {
        kappa: { hi: v.kappa, lo: v.kappaLo },
        mu: { hi: v.mu, lo: v.muLo },
        alpha: { hi: v.alpha, lo: v.alphaLo },
        beta: { hi: v.beta, lo: v.betaLo },
      },
      undefined,
    );
  }
}

/** True for a posterior made by this copy of batchstats. @internal */
export function isPosterior(value: unknown): value is Posterior {
  return isGenuine(value);
}

/** The equal-tailed interval of Beta(α, β): its (1 − level)/2 quantiles from below and above. @internal */
export function betaInterval(p: BetaParameters, level: number): [number, number] {
  const tail = (1 - level) / 2;
  const a = ddToNumber(p.alpha);
  const b = ddToNumber(p.beta);
  return [betaQuantile(tail, a, b), betaUpperQuantile(tail, a, b)];
}

const NIG_KEYS = ["family", "kappa", "mu", "alpha", "beta"] as const;
const BETA_KEYS = ["family", "alpha", "beta"] as const;

/**
 * The posterior before any data, from a prior: `{ family: "beta", alpha?, beta? }` (default
 * Beta(1, 1)) for a conversion rate, `{ family: "normal-inverse-gamma", kappa?, mu?, alpha?,
 * beta? }` (default: the reference prior, see `NormalInverseGammaPrior`) for a continuous
 * metric. `E_BAD_ARGUMENT` naming the field for an unknown family or key, or a parameter
 * outside its domain.
 *
 * @example
 * ```ts
 * import { conjugatePosterior } from "batchstats";
 * const p = conjugatePosterior({ family: "beta", alpha: 0.5, beta: 0.5 }).update({ successes: 10, trials: 100 });
 * p.mean; // => 0.10396039603960396
 * ```
 */
export function conjugatePosterior(prior: NormalInverseGammaPrior | BetaPrior): Posterior {
  if (typeof prior !== "object" || prior === null || Array.isArray(prior)) {
    argError("prior", `must be an object with a family, got ${describeValue(prior)}`);
  }
  const family = readOptions(prior, ["family", "kappa", "mu", "alpha", "beta"] as const, "prior").family;
  if (family === "beta") {
    const o = readOptions(prior, BETA_KEYS, "prior");
    const alpha = finiteParam(o.alpha, "prior.alpha", 1);
    const beta = finiteParam(o.beta, "prior.beta", 1);
    if (!(alpha > 0)) argError("prior.alpha", `must be positive, got ${alpha}`);
    if (!(beta > 0)) argError("prior.beta", `must be positive, got ${beta}`);
    return create("beta", undefined, { alpha: dd(alpha), beta: dd(beta) });
  }
  if (family !== "normal-inverse-gamma") {
    argError("prior.family", `must be "beta" or "normal-inverse-gamma", got ${describeValue(family)}`);
  }
  const o = readOptions(prior, NIG_KEYS, "prior");
  const kappa = finiteParam(o.kappa, "prior.kappa", 0);
  const mu = finiteParam(o.mu, "prior.mu", 0);
  const alpha = finiteParam(o.alpha, "prior.alpha", -0.5);
  const beta = finiteParam(o.beta, "prior.beta", 0);
  if (kappa < 0) argError("prior.kappa", `must be non-negative, got ${kappa}`);
  if (alpha < -0.5) argError("prior.alpha", `must be at least -0.5, got ${alpha}`);
  if (beta < 0) argError("prior.beta", `must be non-negative, got ${beta}`);
  return create(
    "normal-inverse-gamma",
    { kappa: dd(kappa), mu: ddFromParts(mu, 0), alpha: dd(alpha), beta: dd(beta) },
    undefined,
  );
}
