import { BatchStatsError } from "../errors.js";
import { describeValue, optionKeys, readOptions } from "../options.js";
import { checkChoice, type NanPolicy, nanPolicy } from "../summary/input.js";
import type { Alternative } from "./result.js";

/** Options of `ttest1samp`. */
export interface TTest1SampOptions {
  /** The hypothesised mean (one sample) or mean difference (two samples). Default 0. */
  mu?: number;
  /** The alternative hypothesis about mean − mu. Default `"two-sided"`. */
  alternative?: Alternative;
  /** Confidence level of the interval, strictly between 0 and 1. Default 0.95. */
  confidenceLevel?: number;
  /**
   * NaN handling for raw arrays (see `summarize`): `"raise"` (default) throws `E_NAN`, `"omit"`
   * skips NaNs, `"propagate"` gives a NaN result. Also applies to NaN summaries and statistics.
   */
  nan?: NanPolicy;
}

/** Options of `ttest` and `ttestFromStats`. */
export interface TTestOptions extends TTest1SampOptions {
  /** `false` (default): Welch's test (unequal variances); `true`: Student's test (pooled variance). */
  equalVar?: boolean;
}

/** Options after validation and defaults. @internal */
export interface ResolvedTTestOptions {
  readonly equalVar: boolean;
  readonly alternative: Alternative;
  readonly confidenceLevel: number;
  readonly mu: number;
  readonly nan: NanPolicy;
}

const ALTERNATIVES: readonly Alternative[] = ["two-sided", "less", "greater"];
const ONE_SAMPLE_KEYS = ["mu", "alternative", "confidenceLevel", "nan"] as const;
const TWO_SAMPLE_KEYS = /* @__PURE__ */ optionKeys(ONE_SAMPLE_KEYS, ["equalVar"]);

function argError(field: string, message: string): never {
  throw new BatchStatsError("E_BAD_ARGUMENT", `${field} ${message}`, { field });
}

/**
 * Validates t-test options. Unknown keys are refused (a scipy-style `equal_var` would otherwise
 * be ignored silently). @internal
 */
export function resolveTTestOptions(options: unknown, twoSample: boolean): ResolvedTTestOptions {
  if (options === undefined) {
    return { equalVar: false, alternative: "two-sided", confidenceLevel: 0.95, mu: 0, nan: "raise" };
  }
  const o = readOptions(options, twoSample ? TWO_SAMPLE_KEYS : ONE_SAMPLE_KEYS);
  let equalVar = false;
  if (o.equalVar !== undefined) {
    if (typeof o.equalVar !== "boolean")
      argError("options.equalVar", `must be a boolean, got ${describeValue(o.equalVar)}`);
    equalVar = o.equalVar;
  }
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
  let mu = 0;
  if (o.mu !== undefined) {
    if (typeof o.mu !== "number" || !Number.isFinite(o.mu))
      argError("options.mu", `must be a finite number, got ${describeValue(o.mu)}`);
    mu = o.mu;
  }
  return { equalVar, alternative, confidenceLevel, mu, nan: nanPolicy(o.nan) };
}
