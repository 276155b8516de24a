import { BatchStatsError } from "../errors.js";
import { describeValue, readOptions } from "../options.js";
import { checkChoice } from "../summary/input.js";
import type { Alternative } from "../ttest/result.js";

/** How `lift` forms its interval: the delta method (a symmetric interval) or Fieller's exact set. */
export type LiftMethod = "delta" | "fieller";

/** The reference distribution of `lift`: Student t with the Welch df, or the standard normal. */
export type LiftDistribution = "t" | "normal";

/** Options of `lift`. */
export interface LiftOptions {
  /** `"delta"` (default, as GrowthBook) or `"fieller"`. */
  method?: LiftMethod;
  /** `"t"` (default: Student t with the Welch–Satterthwaite df, as GrowthBook) or `"normal"`. */
  distribution?: LiftDistribution;
  /** Confidence level, strictly between 0 and 1. Default 0.95. */
  confidenceLevel?: number;
  /** The alternative about the lift: `"two-sided"` (default), `"less"` or `"greater"` than 0. */
  alternative?: Alternative;
}

/** `lift` options after validation and defaults. @internal */
export interface ResolvedLiftOptions {
  readonly method: LiftMethod;
  readonly distribution: LiftDistribution;
  readonly confidenceLevel: number;
  readonly alternative: Alternative;
}

const KEYS = ["method", "distribution", "confidenceLevel", "alternative"] as const;
const METHODS: readonly LiftMethod[] = ["delta", "fieller"];
const DISTRIBUTIONS: readonly LiftDistribution[] = ["t", "normal"];
const ALTERNATIVES: readonly Alternative[] = ["two-sided", "less", "greater"];
const DEFAULTS: ResolvedLiftOptions = {
  method: "delta",
  distribution: "t",
  confidenceLevel: 0.95,
  alternative: "two-sided",
};

/** A confidence or credible level strictly between 0 and 1 (default `fallback`). @internal */
export function readLevel(value: unknown, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !(value > 0 && value < 1)) {
    throw new BatchStatsError(
      "E_BAD_ARGUMENT",
      `${field} must be a number strictly between 0 and 1, got ${describeValue(value)}`,
      { field },
    );
  }
  return value;
}

/** Validates `lift` options; unknown keys are refused. @internal */
export function resolveLiftOptions(options: unknown): ResolvedLiftOptions {
  if (options === undefined) return DEFAULTS;
  const o = readOptions(options, KEYS);
  return {
    method: o.method === undefined ? "delta" : checkChoice(o.method, METHODS, "options.method"),
    distribution:
      o.distribution === undefined ? "t" : checkChoice(o.distribution, DISTRIBUTIONS, "options.distribution"),
    confidenceLevel: readLevel(o.confidenceLevel, "options.confidenceLevel", 0.95),
    alternative:
      o.alternative === undefined ? "two-sided" : checkChoice(o.alternative, ALTERNATIVES, "options.alternative"),
  };
}
