import { BatchStatsError } from "../errors.js";
import { describeValue, optionKeys, readOptions } from "../options.js";
import { checkChoice } from "../summary/input.js";
import type { Alternative } from "../ttest/result.js";

/** Options of `ratioTest` (and of `cupedTest`, which adds `theta`). */
export interface PairTestOptions {
  /** The alternative hypothesis about the effect of a over b. Default `"two-sided"`. */
  alternative?: Alternative;
  /** Confidence level of the interval, strictly between 0 and 1. Default 0.95. */
  confidenceLevel?: number;
  /** `false` (default): the absolute effect a − b; `true`: the lift (a − b) / |b| (delta method). */
  relative?: boolean;
  /** `"t"` (default): Student's t with Welch–Satterthwaite df, as GrowthBook's frequentist engine; `"normal"`: the z-test (df = ∞). */
  distribution?: "t" | "normal";
}

/** Options after validation. @internal */
export interface ResolvedPairTestOptions {
  readonly alternative: Alternative;
  readonly confidenceLevel: number;
  readonly relative: boolean;
  readonly distribution: "t" | "normal";
  readonly theta: number | "pooled";
}

const ALTERNATIVES: readonly Alternative[] = ["two-sided", "less", "greater"];
const RATIO_KEYS = ["alternative", "confidenceLevel", "relative", "distribution"] as const;
const CUPED_KEYS = /* @__PURE__ */ optionKeys(RATIO_KEYS, ["theta"]);

function argError(field: string, message: string): never {
  throw new BatchStatsError("E_BAD_ARGUMENT", `${field} ${message}`, { field });
}

/** Validates the options of `cupedTest` (withTheta) or `ratioTest`; unknown keys are refused. @internal */
export function resolvePairTestOptions(options: unknown, withTheta: boolean): ResolvedPairTestOptions {
  const o = readOptions(options, withTheta ? CUPED_KEYS : RATIO_KEYS) as Partial<Record<string, unknown>>;
  const alternative =
    o.alternative === undefined ? "two-sided" : checkChoice(o.alternative, ALTERNATIVES, "options.alternative");
  let confidenceLevel = 0.95;
  if (o.confidenceLevel !== undefined) {
    const c = o.confidenceLevel;
    if (typeof c !== "number" || !(c > 0 && c < 1)) {
      argError("options.confidenceLevel", `must be a number strictly between 0 and 1, got ${describeValue(c)}`);
    }
    confidenceLevel = c;
  }
  let relative = false;
  if (o.relative !== undefined) {
    if (typeof o.relative !== "boolean")
      argError("options.relative", `must be a boolean, got ${describeValue(o.relative)}`);
    relative = o.relative;
  }
  const distribution =
    o.distribution === undefined ? "t" : checkChoice(o.distribution, ["t", "normal"] as const, "options.distribution");
  let theta: number | "pooled" = "pooled";
  if (o.theta !== undefined && o.theta !== "pooled") {
    if (typeof o.theta !== "number" || !Number.isFinite(o.theta)) {
      argError("options.theta", `must be a finite number or "pooled", got ${describeValue(o.theta)}`);
    }
    theta = o.theta;
  }
  return { alternative, confidenceLevel, relative, distribution, theta };
}
