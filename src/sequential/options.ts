import { BatchStatsError } from "../errors.js";
import { describeValue, readOptions } from "../options.js";
import { checkChoice } from "../summary/input.js";
import type { Alternative } from "../ttest/result.js";
import type { SequentialMethod } from "./result.js";

/** Options of `sequentialTest`. */
export interface SequentialOptions {
  /**
   * `"asymptotic-cs"` (default): the asymptotic confidence sequence of Waudby-Smith et al.
   * (2023) as GrowthBook computes it; `"msprt"`: the normal-mixture sequential probability ratio
   * test (Johari, Pekelis & Walsh 2017), as in Optimizely.
   */
  method?: SequentialMethod;
  /**
   * `"asymptotic-cs"`: GrowthBook's N*, the total sample size at which the interval is
   * narrowest (default 5000). `"msprt"`: the mixing variance τ² of the effect, in the units of
   * the estimate squared (default 0.01, a mixing sd of 10 % lift, on the relative scale; required
   * on the absolute scale). A finite number > 0.
   */
  tuning?: number;
  /**
   * The error rate, strictly between 0 and 1. Default 0.05. With `"asymptotic-cs"` one-sided, the
   * tuning ρ is chosen at 2α below ½ and at α from ½ on, so intervals at different α are not
   * nested near ½ (a larger α can give a wider interval); each is valid at its own α.
   */
  alpha?: number;
  /** The alternative hypothesis about the effect. Default `"two-sided"`. */
  alternative?: Alternative;
  /** `true` (default): the relative effect (lift); `false`: the absolute difference. */
  relative?: boolean;
}

/** Options after validation and defaults. @internal */
export interface ResolvedSequentialOptions {
  readonly method: SequentialMethod;
  readonly tuning: number;
  readonly alpha: number;
  readonly alternative: Alternative;
  readonly relative: boolean;
}

const KEYS = ["method", "tuning", "alpha", "alternative", "relative"] as const;
const METHODS: readonly SequentialMethod[] = ["asymptotic-cs", "msprt"];
const ALTERNATIVES: readonly Alternative[] = ["two-sided", "less", "greater"];
/** GrowthBook's default N*. */
export const DEFAULT_N_STAR = 5000;
/** The default mixing variance of the mSPRT on the relative scale (sd 0.1). */
export const DEFAULT_TAU2_RELATIVE = 0.01;

function argError(field: string, message: string): never {
  throw new BatchStatsError("E_BAD_ARGUMENT", `${field} ${message}`, { field });
}

/** Validates the options of `sequentialTest` (unknown keys refused). @internal */
export function resolveSequentialOptions(options: unknown): ResolvedSequentialOptions {
  const o = readOptions(options, KEYS);
  const method = o.method === undefined ? "asymptotic-cs" : checkChoice(o.method, METHODS, "options.method");
  const alternative =
    o.alternative === undefined ? "two-sided" : checkChoice(o.alternative, ALTERNATIVES, "options.alternative");
  let relative = true;
  if (o.relative !== undefined) {
    if (typeof o.relative !== "boolean")
      argError("options.relative", `must be a boolean, got ${describeValue(o.relative)}`);
    relative = o.relative;
  }
  let alpha = 0.05;
  if (o.alpha !== undefined) {
    if (typeof o.alpha !== "number" || !(o.alpha > 0 && o.alpha < 1)) {
      argError("options.alpha", `must be a number strictly between 0 and 1, got ${describeValue(o.alpha)}`);
    }
    alpha = o.alpha;
  }
  let tuning: number;
  if (o.tuning !== undefined) {
    if (typeof o.tuning !== "number" || !(o.tuning > 0 && o.tuning < Infinity)) {
      argError("options.tuning", `must be a finite number > 0, got ${describeValue(o.tuning)}`);
    }
    tuning = o.tuning;
  } else if (method === "asymptotic-cs") {
    tuning = DEFAULT_N_STAR;
  } else if (relative) {
    tuning = DEFAULT_TAU2_RELATIVE;
  } else {
    argError(
      "options.tuning",
      'is required for method "msprt" on the absolute scale (the mixing variance τ² is in the units of the effect squared)',
    );
  }
  return { method, tuning, alpha, alternative, relative };
}
