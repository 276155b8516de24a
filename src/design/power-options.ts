import { BatchStatsError } from "../errors.js";
import { describeValue } from "../options.js";
import { checkChoice } from "../summary/input.js";
import type { Alternative } from "../ttest/result.js";

/** Which test the power analysis is for: the two-sample t-test (non-central t) or the z-test (normal). */
export type PowerTest = "t" | "z";

/**
 * Power analysis of a sequential test: GrowthBook's asymptotic confidence sequence (Waudby-Smith et al.
 * 2023) tuned for `tuning` = N* total users (the sample size where the sequence is narrowest).
 */
export interface SequentialPowerOptions {
  /** The tuning N* (> 0) of the asymptotic confidence sequence, in total users of the two arms. */
  tuning: number;
}

/** Options shared by `power`, `sampleSize` and `minimumDetectableEffect` (statsmodels' names and defaults). */
export interface PowerDesignOptions {
  /** nobs2 = ratio · nobs1 (> 0). Default 1. */
  ratio?: number;
  /** The significance level, strictly between 0 and 1. Default 0.05. */
  alpha?: number;
  /**
   * `"two-sided"` (default; both rejection regions count, as statsmodels' `TTestIndPower`), `"greater"`
   * (statsmodels' "larger": effect > 0) or `"less"` (statsmodels' "smaller").
   */
  alternative?: Alternative;
  /** `"t"` (default): the two-sample t-test, df = nobs1 + nobs2 − 2; `"z"`: the normal test. */
  test?: PowerTest;
  /** Power for GrowthBook's sequential test (asymptotic confidence sequence); implies the z-test. */
  sequential?: SequentialPowerOptions;
}

/** Options of `power`. */
export interface PowerOptions extends PowerDesignOptions {
  /** The standardized effect (Cohen's d): (mean(a) − mean(b)) / σ. */
  effectSize: number;
  /** Observations in the first arm (> 0, not necessarily an integer). */
  nobs1: number;
}

/** Options of `sampleSize`. */
export interface SampleSizeOptions extends PowerDesignOptions {
  /** The standardized effect (Cohen's d), not 0. */
  effectSize: number;
  /** The power wanted, strictly between alpha and 1. */
  power: number;
}

/** Options of `minimumDetectableEffect`. */
export interface MinimumDetectableEffectOptions extends PowerDesignOptions {
  /** Observations in the first arm (> 0). */
  nobs1: number;
  /** The power wanted, strictly between alpha and 1. */
  power: number;
}

/** Validated design options. @internal */
export interface ResolvedDesign {
  readonly ratio: number;
  readonly alpha: number;
  readonly alternative: Alternative;
  readonly test: PowerTest;
  /** N* of the confidence sequence, or 0 for the fixed-horizon test. */
  readonly tuning: number;
}

/** The keys of the shared options. @internal */
export const DESIGN_KEYS = ["ratio", "alpha", "alternative", "test", "sequential"] as const;

const ALTERNATIVES: readonly Alternative[] = ["two-sided", "less", "greater"];
const TESTS: readonly PowerTest[] = ["t", "z"];

function fail(field: string, message: string, value: unknown): never {
  throw new BatchStatsError("E_BAD_ARGUMENT", `${field} ${message}, got ${describeValue(value)}`, { field });
}

/** A finite number, > 0 when `positive`. @internal */
export function finiteNumber(value: unknown, field: string, positive: boolean): number {
  if (typeof value !== "number" || !Number.isFinite(value) || (positive && !(value > 0))) {
    fail(field, positive ? "must be a finite number > 0" : "must be a finite number", value);
  }
  return value;
}

/** A number strictly between 0 and 1. @internal */
export function openUnit(value: unknown, field: string): number {
  if (typeof value !== "number" || !(value > 0 && value < 1))
    fail(field, "must be a number strictly between 0 and 1", value);
  return value;
}

/** Reads the shared options from an already key-checked options copy. @internal */
export function resolveDesign(o: Partial<Record<(typeof DESIGN_KEYS)[number], unknown>>): ResolvedDesign {
  const ratio = o.ratio === undefined ? 1 : finiteNumber(o.ratio, "options.ratio", true);
  const alpha = o.alpha === undefined ? 0.05 : openUnit(o.alpha, "options.alpha");
  const alternative =
    o.alternative === undefined ? "two-sided" : checkChoice(o.alternative, ALTERNATIVES, "options.alternative");
  if (alternative === "two-sided" && alpha / 2 === 0)
    fail("options.alpha", "is the smallest double: half of it, each side's level in a two-sided test, is 0", alpha);
  let tuning = 0;
  if (o.sequential !== undefined) {
    const s = o.sequential;
    if (typeof s !== "object" || s === null || Array.isArray(s)) fail("options.sequential", "must be { tuning }", s);
    const keys = Object.keys(s);
    const extra = keys.find((k) => k !== "tuning");
    if (extra !== undefined) fail(`options.sequential.${extra}`, "is not an option here (expected tuning)", extra);
    tuning = finiteNumber((s as { tuning?: unknown }).tuning, "options.sequential.tuning", true);
  }
  let test: PowerTest = tuning > 0 ? "z" : "t";
  if (o.test !== undefined) {
    test = checkChoice(o.test, TESTS, "options.test");
    if (tuning > 0 && test === "t") {
      fail(
        "options.test",
        'must be "z" with options.sequential (the confidence sequence is asymptotic-normal)',
        o.test,
      );
    }
  }
  return { ratio, alpha, alternative, test, tuning };
}
