import { BatchStatsError } from "../errors.js";
import { describeValue, readOptions } from "../options.js";
import { readLevel } from "../effect/lift-options.js";
import { checkChoice } from "../summary/input.js";

/** The scale of an effect: relative ((a − b)/|b|) or absolute (a − b). */
export type EffectScale = "relative" | "absolute";

/** A Gaussian prior on the effect, N(mean, variance), on the relative or the absolute scale. */
export interface GaussianEffectPrior {
  mean: number;
  /** > 0. */
  variance: number;
  /** The scale the prior is stated on; default: the analysis's (`relative` option). */
  scale?: EffectScale;
}

/** Options of `bayesTest`. */
export interface BayesTestOptions {
  /** The effect on the relative scale (default `true`, as GrowthBook) or absolute (`false`). */
  relative?: boolean;
  /**
   * `"flat"` (default: an improper flat prior, the posterior is the data's normal likelihood) or a
   * Gaussian prior on the effect, rescaled to the analysis scale when stated on the other one
   * (absolute ↔ relative through |mean(b)|: mean × or ÷ |mean(b)|, variance × or ÷ mean(b)²).
   */
  prior?: "flat" | GaussianEffectPrior;
  /** Level of the central credible interval, strictly between 0 and 1. Default 0.95. */
  credibleLevel?: number;
  /** Lower is better (a cost or a latency): chance to win is P(effect < 0), losses swap sides. */
  inverse?: boolean;
}

/** `bayesTest` options after validation. @internal */
export interface ResolvedBayesOptions {
  readonly relative: boolean;
  readonly prior: { readonly mean: number; readonly variance: number; readonly scale: EffectScale } | null;
  readonly credibleLevel: number;
  readonly inverse: boolean;
}

const KEYS = ["relative", "prior", "credibleLevel", "inverse"] as const;
const PRIOR_KEYS = ["mean", "variance", "scale"] as const;
const SCALES: readonly EffectScale[] = ["relative", "absolute"];

function bad(field: string, message: string): never {
  throw new BatchStatsError("E_BAD_ARGUMENT", `${field} ${message}`, { field });
}

function readBoolean(value: unknown, field: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") bad(field, `must be a boolean, got ${describeValue(value)}`);
  return value;
}

/** Validates `bayesTest` options; unknown keys are refused. @internal */
export function resolveBayesOptions(options: unknown): ResolvedBayesOptions {
  const o = readOptions(options, KEYS);
  const relative = readBoolean(o.relative, "options.relative", true);
  let prior: ResolvedBayesOptions["prior"] = null;
  if (o.prior !== undefined && o.prior !== "flat") {
    if (typeof o.prior !== "object" || o.prior === null) {
      bad("options.prior", `must be "flat" or { mean, variance, scale? }, got ${describeValue(o.prior)}`);
    }
    const p = readOptions(o.prior, PRIOR_KEYS, "options.prior");
    if (typeof p.mean !== "number" || !Number.isFinite(p.mean)) {
      bad("options.prior.mean", `must be a finite number, got ${describeValue(p.mean)}`);
    }
    if (typeof p.variance !== "number" || !(p.variance > 0 && p.variance < Infinity)) {
      bad("options.prior.variance", `must be a finite number > 0, got ${describeValue(p.variance)}`);
    }
    const scale =
      p.scale === undefined
        ? relative
          ? "relative"
          : "absolute"
        : checkChoice(p.scale, SCALES, "options.prior.scale");
    prior = { mean: p.mean, variance: p.variance, scale };
  }
  return {
    relative,
    prior,
    credibleLevel: readLevel(o.credibleLevel, "options.credibleLevel", 0.95),
    inverse: readBoolean(o.inverse, "options.inverse", false),
  };
}
