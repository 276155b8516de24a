/**
 * Power analysis in the units analysts plan in: a baseline mean and standard deviation and a relative
 * lift, instead of a standardized effect. The effect is d = lift·|baselineMean|/baselineSd (the
 * difference of means lift·|μ| over the common standard deviation σ), so these are `power`,
 * `sampleSize` and `minimumDetectableEffect` of the test of the absolute difference (what `ttest`
 * performs), with the same options. For a conversion rate p, baselineSd = √(p(1 − p)).
 * (GrowthBook's relative-scale test adds the delta-method term of the ratio, (1 + lift)², to the
 * variance; the test of the difference does not.)
 */
import { BatchStatsError } from "../errors.js";
import { readOptions } from "../options.js";
import { power } from "./power.js";
import { DESIGN_KEYS, finiteNumber, type PowerDesignOptions } from "./power-options.js";
import { minimumDetectableEffect, type SampleSizeResult, sampleSize } from "./sample-size.js";

/** A baseline: the control arm's mean and standard deviation. */
export interface Baseline {
  /** The control mean μ (not 0). */
  baselineMean: number;
  /** The standard deviation σ (> 0) of one observation, taken as equal in both arms. */
  baselineSd: number;
}

/** Options of `powerForLift`. */
export interface PowerForLiftOptions extends Baseline, PowerDesignOptions {
  /** The relative lift (mean(a) − mean(b))/|mean(b)|, e.g. 0.02 for +2 %. */
  lift: number;
  /** Observations in the first arm. */
  nobs1: number;
}

/** Options of `sampleSizeForLift`. */
export interface SampleSizeForLiftOptions extends Baseline, PowerDesignOptions {
  /** The relative lift to detect (not 0). */
  lift: number;
  /** The power wanted, strictly between alpha and 1. */
  power: number;
}

/** Options of `minimumDetectableLift`. */
export interface MinimumDetectableLiftOptions extends Baseline, PowerDesignOptions {
  /** Observations in the first arm. */
  nobs1: number;
  /** The power wanted, strictly between alpha and 1. */
  power: number;
}

/** |μ|/σ, validated. */
function scale(mean: unknown, sd: unknown): number {
  const m = finiteNumber(mean, "options.baselineMean", false);
  const s = finiteNumber(sd, "options.baselineSd", true);
  if (m === 0) {
    throw new BatchStatsError("E_ZERO_MEAN", "options.baselineMean is 0: a relative lift of it is undefined", {
      field: "options.baselineMean",
    });
  }
  return Math.abs(m) / s;
}

function designOf(o: Partial<Record<(typeof DESIGN_KEYS)[number], unknown>>): PowerDesignOptions {
  const out: Record<string, unknown> = {};
  for (const k of DESIGN_KEYS) if (o[k] !== undefined) out[k] = o[k];
  return out as PowerDesignOptions;
}

/**
 * Power to detect a relative `lift` over a baseline mean and standard deviation (see `power`).
 *
 * @example
 * ```ts
 * import { powerForLift } from "batchstats";
 * // conversion 10 % (σ = 0.3), +5 % relative, 20 000 users per arm
 * powerForLift({ baselineMean: 0.1, baselineSd: 0.3, lift: 0.05, nobs1: 20_000 });  // => 0.38477575345683057
 * ```
 */
export function powerForLift(options: PowerForLiftOptions): number {
  const o = readOptions(options, ["baselineMean", "baselineSd", "lift", "nobs1", ...DESIGN_KEYS]);
  const d = finiteNumber(o.lift, "options.lift", false) * scale(o.baselineMean, o.baselineSd);
  return power({ ...designOf(o), effectSize: d, nobs1: o.nobs1 as number });
}

/**
 * Users per arm needed to detect a relative `lift` with probability `power` (see `sampleSize`).
 *
 * @example
 * ```ts
 * import { sampleSizeForLift } from "batchstats";
 * sampleSizeForLift({ baselineMean: 0.1, baselineSd: 0.3, lift: 0.05, power: 0.8 }).nobs1Ceil;  // => 56513
 * ```
 */
export function sampleSizeForLift(options: SampleSizeForLiftOptions): SampleSizeResult {
  const o = readOptions(options, ["baselineMean", "baselineSd", "lift", "power", ...DESIGN_KEYS]);
  const lift = finiteNumber(o.lift, "options.lift", false);
  const d = lift * scale(o.baselineMean, o.baselineSd);
  if (d === 0 && lift !== 0) {
    // the standardized effect underflows: the sample size is far beyond the double range
    throw new BatchStatsError("E_OVERFLOW", `the sample size for options.lift ${lift} is beyond the double range`, {
      field: "nobs1",
    });
  }
  return sampleSize({
    ...designOf(o),
    effectSize: Number.isFinite(d) ? d : Math.sign(d) * Number.MAX_VALUE,
    power: o.power as number,
  });
}

/**
 * The smallest relative lift detected with probability `power` at `nobs1` users per arm (see
 * `minimumDetectableEffect`).
 *
 * @example
 * ```ts
 * import { minimumDetectableLift } from "batchstats";
 * minimumDetectableLift({ baselineMean: 0.1, baselineSd: 0.3, nobs1: 20_000, power: 0.8 });  // => 0.08404947168337232
 * ```
 */
export function minimumDetectableLift(options: MinimumDetectableLiftOptions): number {
  const o = readOptions(options, ["baselineMean", "baselineSd", "nobs1", "power", ...DESIGN_KEYS]);
  const k = scale(o.baselineMean, o.baselineSd);
  return minimumDetectableEffect({ ...designOf(o), nobs1: o.nobs1 as number, power: o.power as number }) / k;
}
