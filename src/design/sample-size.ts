/**
 * Sample size and minimum detectable effect: the inverses of `power` in nobs1 and in the effect.
 *
 * Method: the z-test's closed form (one side) n = ((z_α + z_β)/d)²·(1 + 1/ratio) starts a bracket that
 * is widened by factors of 2 until power changes sign about the target; then Brent's method (inverse
 * quadratic interpolation safeguarded by bisection, so it always converges) on ln nobs1 or ln d, to
 * 2⁻⁵⁰ relative in the argument — far below the 10⁻¹⁰ relative in power asked of it (power's slope in
 * ln n is O(1)). statsmodels' `solve_power` stops at 6·10⁻⁵ in the MDE.
 */
import { normalQuantile } from "../distributions/normal-quantile.js";
import { BatchStatsError } from "../errors.js";
import { optionKeys, readOptions } from "../options.js";
import { checkNobs1, effectiveSize, powerAt, upperNormalQuantile } from "./power.js";
import {
  DESIGN_KEYS,
  finiteNumber,
  type MinimumDetectableEffectOptions,
  openUnit,
  type ResolvedDesign,
  resolveDesign,
  type SampleSizeOptions,
} from "./power-options.js";
import { brentRoot } from "./root-finder.js";

/** The result of `sampleSize`: the real-valued solution and the whole numbers of users to plan. */
export interface SampleSizeResult {
  /** Observations in the first arm at which power equals the target (a real number). */
  nobs1: number;
  /** ratio · nobs1. */
  nobs2: number;
  /** ⌈nobs1⌉. */
  nobs1Ceil: number;
  /** ⌈nobs2⌉ (with ⌈nobs1⌉ it gives at least the target power). */
  nobs2Ceil: number;
}

const SAMPLE_KEYS = /* @__PURE__ */ optionKeys(["effectSize", "power"], DESIGN_KEYS);
const MDE_KEYS = /* @__PURE__ */ optionKeys(["nobs1", "power"], DESIGN_KEYS);
const RELATIVE_TOLERANCE = 8.881784197001252e-16; // 2^-50
const LN_MAX_VALUE = 709.782712893384; // ln(1.7976931348623157e308)

/** ln of the largest nobs1 whose total nobs1·(1 + ratio) is a finite double (with a margin of 2⁻⁴⁰). */
function largestLogNobs1(design: ResolvedDesign): number {
  return LN_MAX_VALUE - Math.log1p(design.ratio) - 9.094947017729282e-13; // 2^-40
}

function sizeOverflow(d: number): never {
  throw new BatchStatsError(
    "E_OVERFLOW",
    `the sample size for options.effectSize ${d} is beyond the double range (about 1.8e308 in all)`,
    { field: "nobs1" },
  );
}

/** The smallest nobs1 allowed: the t-test needs df > 0 (here df ≥ 10⁻⁶); the z-test any n > 0. */
function smallestNobs1(design: ResolvedDesign): number {
  if (design.test === "z") return 1e-300;
  return (2 + 1e-6) / (1 + design.ratio);
}

function checkTarget(target: number, design: ResolvedDesign): void {
  if (!(target > design.alpha)) {
    throw new BatchStatsError(
      "E_BAD_ARGUMENT",
      `options.power (${target}) must exceed alpha (${design.alpha}): a test has power alpha at effect 0 and any size`,
      { field: "options.power" },
    );
  }
}

function unreachable(what: string): never {
  throw new BatchStatsError("E_BAD_ARGUMENT", what, { field: "options.power" });
}

/** Power in ln n minus the target, as a plain function for the root finder. */
class PowerInLogN {
  constructor(
    readonly d: number,
    readonly target: number,
    readonly design: ResolvedDesign,
  ) {}
  at(u: number): number {
    return powerAt(this.d, Math.exp(u), this.design) - this.target;
  }
}

/** Power in ln d minus the target. */
class PowerInLogD {
  constructor(
    readonly nobs1: number,
    readonly sign: number,
    readonly target: number,
    readonly design: ResolvedDesign,
  ) {}
  at(u: number): number {
    return powerAt(this.sign * Math.exp(u), this.nobs1, this.design) - this.target;
  }
}

/** The one-sided normal quantiles' sum z_α' + z_β, the z-test's closed form. */
function zSum(target: number, design: ResolvedDesign): number {
  const a = design.alternative === "two-sided" ? design.alpha / 2 : design.alpha;
  return upperNormalQuantile(a) + normalQuantile(target);
}

/**
 * The sample size per arm at which a two-sample test reaches `power` for the standardized effect
 * `effectSize`: statsmodels' `TTestIndPower().solve_power(nobs1=None, …)` (or `NormalIndPower` with
 * test "z"; with `sequential`, GrowthBook's sequential test). nobs2 = ratio·nobs1.
 *
 * Errors: `E_BAD_ARGUMENT` when power ≤ alpha, when the effect is 0 or on the wrong side of a one-sided
 * test (power can then never reach the target), or for a bad option; `E_OVERFLOW` when the sample
 * size is beyond the double range (|effectSize| below about 1e-154).
 *
 * @example
 * ```ts
 * import { sampleSize } from "batchstats";
 * const s = sampleSize({ effectSize: 0.2, power: 0.8 });
 * s.nobs1;      // => 393.40569501974204
 * s.nobs1Ceil;  // => 394
 * sampleSize({ effectSize: 0.2, power: 0.8, ratio: 2 }).nobs2Ceil;  // => 590
 * ```
 */
export function sampleSize(options: SampleSizeOptions): SampleSizeResult {
  const o = readOptions(options, SAMPLE_KEYS);
  const design = resolveDesign(o);
  const d = finiteNumber(o.effectSize, "options.effectSize", false);
  const target = openUnit(o.power, "options.power");
  checkTarget(target, design);
  if (d === 0) unreachable("options.effectSize is 0: power stays at alpha for every sample size");
  if ((design.alternative === "greater" && d < 0) || (design.alternative === "less" && d > 0)) {
    unreachable(`options.effectSize ${d} is on the wrong side of the one-sided alternative "${design.alternative}"`);
  }
  const f = new PowerInLogN(d, target, design);
  const z = zSum(target, design);
  const lowest = Math.log(smallestNobs1(design));
  const highest = largestLogNobs1(design);
  // the z-test's closed form in logs: (z/d)² overflows for |d| below about 1e-154
  const logGuess = 2 * (Math.log(z) - Math.log(Math.abs(d))) + Math.log1p(1 / design.ratio);
  // the t-test and the sequential test need more than the z-test: past the range, so are they
  if (logGuess > highest) sizeOverflow(d);
  let lo = Math.max(lowest, logGuess);
  let hi = lo;
  let fLo = f.at(lo);
  let fHi = fLo;
  // widen the bracket by factors of 2 in n until power is below the target at lo and above it at hi
  while (fLo > 0 && lo > lowest) {
    hi = lo;
    fHi = fLo;
    lo = Math.max(lowest, lo - Math.LN2);
    fLo = f.at(lo);
  }
  if (fLo >= 0) return result(Math.exp(lo), design); // the target is reached at the smallest size
  while (fHi < 0) {
    if (hi >= highest) sizeOverflow(d);
    lo = hi;
    fLo = fHi;
    hi = Math.min(highest, hi + Math.LN2);
    fHi = f.at(hi);
  }
  const u = brentRoot((v) => f.at(v), lo, hi, fLo, fHi, RELATIVE_TOLERANCE * Math.max(1, Math.abs(hi)));
  return result(Math.exp(u), design);
}

function result(nobs1: number, design: ResolvedDesign): SampleSizeResult {
  const nobs2 = design.ratio * nobs1;
  return Object.freeze({ nobs1, nobs2, nobs1Ceil: Math.ceil(nobs1), nobs2Ceil: Math.ceil(nobs2) });
}

/**
 * The smallest standardized effect (Cohen's d) that a two-sample test with `nobs1` and
 * nobs2 = ratio·nobs1 observations detects with probability `power`: statsmodels'
 * `TTestIndPower().solve_power(effect_size=None, …)`, solved to 2⁻⁵⁰ relative. Positive, except
 * for `alternative: "less"` (negative).
 *
 * @example
 * ```ts
 * import { minimumDetectableEffect } from "batchstats";
 * minimumDetectableEffect({ nobs1: 1000, power: 0.8 });             // => 0.12535080890201708
 * minimumDetectableEffect({ nobs1: 1000, power: 0.8, test: "z" });  // => 0.12529054640575402
 * ```
 */
export function minimumDetectableEffect(options: MinimumDetectableEffectOptions): number {
  const o = readOptions(options, MDE_KEYS);
  const design = resolveDesign(o);
  const n = checkNobs1(o.nobs1, design);
  const target = openUnit(o.power, "options.power");
  checkTarget(target, design);
  const sign = design.alternative === "less" ? -1 : 1;
  const f = new PowerInLogD(n, sign, target, design);
  const z = zSum(target, design);
  const guess = z / Math.sqrt(effectiveSize(n, design.ratio));
  // (the guess is infinite where the effective size underflows to 0: no finite effect is detected there)
  let lo = Math.log(guess > 0 ? Math.min(guess, 1e300) : 1e-3);
  let hi = lo;
  let fLo = f.at(lo);
  let fHi = fLo;
  while (fLo > 0) {
    hi = lo;
    fHi = fLo;
    lo -= Math.LN2;
    if (lo < -745) return sign * Math.exp(lo);
    fLo = f.at(lo);
  }
  while (fHi < 0) {
    lo = hi;
    fLo = fHi;
    hi += Math.LN2;
    if (hi > 709) unreachable(`options.power ${target} is not reached by any finite effect at nobs1 = ${n}`);
    fHi = f.at(hi);
  }
  const u = brentRoot((v) => f.at(v), lo, hi, fLo, fHi, RELATIVE_TOLERANCE * Math.max(1, Math.abs(hi)));
  return sign * Math.exp(u);
}
