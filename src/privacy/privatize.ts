import { type DD, dd, ddAdd, ddMul, ddMulNumber, ddSub, ddToNumber } from "../ddouble.js";
import { BatchStatsError } from "../errors.js";
import { describeValue, readOptions } from "../options.js";
import { parseBounds } from "../summary/clip.js";
import { requireSummary, type Summary } from "../summary/summary.js";
import { discreteGaussianDraw, gaussianLaplaceScale, MAX_GAUSSIAN_VARIANCE } from "./discrete-gaussian.js";
import { discreteLaplaceDraw, MAX_LAPLACE_SCALE } from "./discrete-laplace.js";
import { isPrivacyBudget, type PrivacyBudget } from "./privacy-budget.js";
import { type PrivacyLoss, type PrivacyParameter, parsePrivacy } from "./privacy-loss.js";
import { PrivateSummary } from "./private-summary.js";
import { type RandomSource, randomSource, WordStream } from "./random-source.js";
import { checkMinCount, requireReleasable } from "./releasable.js";

/**
 * Counts of a rate (a binary outcome per trial) for `privatize`: `successes` of `trials`, both
 * non-negative safe integers, successes ≤ trials.
 */
export interface RateCounts {
  successes: number;
  trials: number;
}

/** Options of `privatize`. */
export interface PrivatizeOptions {
  /**
   * The bounds [lo, hi] (lo < hi) that contain the summary's clip bounds: required for a summary;
   * for rate counts [0, 1] is implied (and the only value accepted).
   */
  bounds?: readonly [number, number];
  /** Required: `{ rho }` (zCDP, discrete Gaussian noise), `{ epsilon }` (pure ε-DP, discrete Laplace noise) or `{ epsilon, delta }` (through zCDP). */
  privacy: PrivacyParameter;
  /** A budget to charge; the release is refused (`E_BUDGET_EXCEEDED`, nothing drawn or deducted) when it costs more than what is left. */
  budget?: PrivacyBudget;
  /** Random words (default: the platform CSPRNG, `globalThis.crypto`). Seeded sources are for tests only. */
  random?: RandomSource;
  /** Refuse (`E_TOO_FEW_TO_RELEASE`) when the *noisy* count is below this; the budget is spent all the same. */
  minCount?: number;
  /** How many values one person may contribute to the summary (default 1); every sensitivity is multiplied by it. */
  maxContributions?: number;
}

const KEYS = ["bounds", "privacy", "budget", "random", "minCount", "maxContributions"] as const;
const RATE_KEYS = ["successes", "trials"] as const;
/** The share of the privacy loss spent on the count of a rate (the rest on the number of successes). */
const SHARE_RATE_COUNT = 0.5;

/** The shares of the privacy loss spent on the count, the sum and the sum of squares. */
const SHARE_COUNT = 0.25;
const SHARE_SUM = 0.5;
const SHARE_SQUARES = 0.25;
/** The noise scale, in units of the granularity, is at least this (granularity = a power of two). */
const UNITS_PER_SCALE = 1024;
/** Noise parameters (σ² or Laplace scale in steps) beyond this leave the sampler's Number fast path. */
const FAST_PARAMETER = 67108864; // 2^26
/** Random words fetched first for a release (about twice what one needs on average). */
const FIRST_WORDS = 96;
/** Relative margin on computed sensitivities and scales (covers their own rounding). */
const MARGIN = 1.0000000000000009; // 1 + 2^-50
/** A bound on the relative rounding error of the summary's statistics (far above the actual). */
const ROUNDING = 9.094947017729282e-13; // 2^-40

/** One noisy query: its noisy value in data units and the variance of the noise. */
interface NoisyValue {
  readonly value: number;
  readonly noiseVariance: number;
}

function argError(field: string, message: string): never {
  throw new BatchStatsError("E_BAD_ARGUMENT", `${field} ${message}`, { field });
}

/** The largest power of two ≤ x (x > 0 finite), at least 2^-1074. */
function powerOfTwoBelow(x: number): number {
  let e = Math.floor(Math.log2(x));
  if (e < -1074) e = -1074;
  if (2 ** e > x) e--;
  return 2 ** Math.max(e, -1074);
}

/** How one statistic is made noisy: its grid step, the noise parameter in steps, the noise variance. */
interface NoisePlan {
  readonly g: number;
  readonly parameter: number;
  readonly loss: PrivacyLoss;
  readonly noiseVariance: number;
}

/**
 * Plans the noise of one statistic whose sensitivity under adding or removing one person is
 * `sensitivity` (data units), spending `loss`: a grid of step g (a power of two, 1/1024 to
 * 1/2048 of the smaller of the sensitivity and the noise scale, coarser than twice
 * `errorBound`, the largest rounding error of the statistic, and coarsened further when the
 * noise would pass 2^26 steps — tiny losses only), and a discrete Gaussian or Laplace integer
 * calibrated to the sensitivity in steps, ⌈sensitivity/g⌉ + 2 (one step for the rounding to the
 * grid, one for the rounding error of the statistic). `integer`: the statistic is an exact
 * integer (the count): g = 1 and no margin. Draws nothing.
 */
function planNoise(sensitivity: number, loss: PrivacyLoss, errorBound: number, integer: boolean): NoisePlan {
  const scale = loss.kind === "zcdp" ? sensitivity / Math.sqrt(2 * loss.rho) : sensitivity / loss.epsilon;
  let g = 1;
  let units = sensitivity;
  if (!integer) {
    g = powerOfTwoBelow(Math.min(scale, sensitivity) / UNITS_PER_SCALE);
    if (errorBound > 0 && g < 2 * errorBound) g = 2 * powerOfTwoBelow(2 * errorBound);
    units = Math.ceil((sensitivity / g) * MARGIN) + 2;
    // Coarser steps while the noise parameter would leave the fast exact range (tiny losses only).
    while (noiseParameter(units, loss) > FAST_PARAMETER && units > UNITS_PER_SCALE / 8) {
      g *= 2;
      units = Math.ceil((sensitivity / g) * MARGIN) + 2;
    }
  }
  const parameter = noiseParameter(units, loss);
  if (loss.kind === "zcdp") {
    if (!(parameter <= MAX_GAUSSIAN_VARIANCE)) {
      argError(
        "options.privacy",
        `is too small for these bounds: the noise variance (${parameter} steps²) passes 2^40`,
      );
    }
    // The discrete Gaussian has variance below σ² (Canonne, Kamath & Steinke 2020).
    return { g, parameter, loss, noiseVariance: g * g * parameter };
  }
  if (!(parameter <= MAX_LAPLACE_SCALE)) {
    argError("options.privacy", `is too small for these bounds: the Laplace scale (${parameter} steps) passes 2^40`);
  }
  const q = Math.exp(-1 / parameter);
  const oneMinusQ = -Math.expm1(-1 / parameter);
  return { g, parameter, loss, noiseVariance: (g * g * 2 * q) / (oneMinusQ * oneMinusQ) };
}

/** Rounds the statistic `exact` (a double-double) to the plan's grid and adds the planned noise. */
function drawNoisy(words: WordStream, exact: DD, plan: NoisePlan, integer: boolean): NoisyValue {
  const { g, parameter } = plan;
  const base = integer ? exact.hi : Math.round(ddToNumber(exact) / g);
  const noise =
    plan.loss.kind === "zcdp"
      ? discreteGaussianDraw(words, parameter, gaussianLaplaceScale(parameter))
      : discreteLaplaceDraw(words, parameter);
  const total = base + noise;
  if (!Number.isSafeInteger(base) || !Number.isSafeInteger(total)) {
    throw new BatchStatsError("E_OVERFLOW", "a noisy statistic is beyond 2^53 steps of its grid", { field: "summary" });
  }
  return { value: total * g, noiseVariance: plan.noiseVariance };
}

/**
 * `E_BAD_ARGUMENT` on the bounds unless every recorded noise variance is a finite normal double:
 * the variance of the sum of squares scales as r⁴ (r the half-width), so bounds whose width is
 * far from 1 in either direction (about 1e±70) would record a variance of 0 or ∞ and the
 * inference on the release would ignore or drown in the noise.
 */
function requireRepresentableNoise(lo: number, hi: number, ...variances: number[]): void {
  for (const v of variances) {
    if (!(v >= 2 ** -1022 && v < Number.POSITIVE_INFINITY)) {
      argError(
        "options.bounds",
        `[${lo}, ${hi}] is too ${v === 0 || v < 1 ? "narrow" : "wide"} to release in double precision: a noise variance (${v}) would ${v < 1 ? "underflow" : "overflow"}; express the values in other units`,
      );
    }
  }
}

/**
 * The integer noise parameter for a sensitivity of `units` grid steps: the discrete Gaussian's
 * σ² = ⌈units²/(2ρ)⌉ (so that units²/(2σ²) ≤ ρ) or the discrete Laplace scale ⌈units/ε⌉, each
 * with a relative margin that covers the rounding of the division.
 */
function noiseParameter(units: number, loss: PrivacyLoss): number {
  return loss.kind === "zcdp"
    ? Math.ceil(((units * units) / (2 * loss.rho)) * MARGIN)
    : Math.ceil((units / loss.epsilon) * MARGIN);
}

function share(loss: PrivacyLoss, fraction: number): PrivacyLoss {
  return loss.kind === "zcdp"
    ? { kind: "zcdp", rho: loss.rho * fraction }
    : { kind: "pure", epsilon: loss.epsilon * fraction };
}

/**
 * Releases a clipped summary with differential privacy: a noisy count, a noisy sum and a noisy
 * sum of squares (about the centre c of the bounds), from which the returned `PrivateSummary`
 * derives its mean and variance and on which `ttest` runs with the noise accounted for.
 *
 * Privacy unit: one person, who contributes at most `maxContributions` values (default 1) to
 * the summary, each clipped to the bounds; neighbouring datasets differ by adding or removing
 * one person. The summary must have been made with `summarize(values, { clip })` (or merged
 * from such summaries) with clip bounds inside `bounds`: unclipped summaries are refused
 * (`E_BAD_ARGUMENT`), since nothing bounds what one value changes. Sensitivities, with
 * m = maxContributions and r = (hi − lo)/2: count m, Σ(x − c) m·r, Σ((x − c)² − r²/2) m·r²/2.
 * The loss is split ¼ count, ½ sum, ¼ sum of squares; zCDP ρ and pure ε add up over the three
 * (so the release is ρ-zCDP or ε-DP as asked; `{ epsilon, delta }` is met through zCDP).
 *
 * Noise: exact discrete Gaussian (zCDP) or discrete Laplace (pure ε) integers (Canonne, Kamath
 * & Steinke 2020) on each statistic rounded to a power-of-two grid, from a CSPRNG — no
 * floating-point noise (Mironov 2012). Details, edge cases and the choice of bounds:
 * docs/privacy.md.
 *
 * Rates: `privatize({ successes, trials }, { privacy })` releases a conversion rate — one 0/1
 * outcome per trial, bounds [0, 1] implied. Only the count (sensitivity m) and Σ(x − ½) =
 * successes − trials/2 (sensitivity m/2) are noisy, half of the loss each; the sum of squares
 * Σ(x − ½)² = trials/4 is the noisy count/4 (post-processing). The result is a `PrivateSummary`
 * like any other (mean = the rate, `ttest`, `lift`, `bayesTest` take it).
 *
 * Errors: `E_BAD_ARGUMENT` (missing or bad options, bad rate counts, an unclipped summary or clip bounds
 * outside `bounds`, a pure-ε budget for a zCDP release), `E_BUDGET_EXCEEDED` (nothing drawn or
 * spent), `E_TOO_FEW_TO_RELEASE` (noisy count below `minCount`; the budget is spent),
 * `E_NAN` (a NaN summary).
 *
 * @example
 * ```ts
 * import { PrivacyBudget, privatize, summarize } from "batchstats";
 * const minutes = summarize([12, 7, 30, 5, 61, 18, 9, 25], { clip: [0, 60] });
 * const budget = new PrivacyBudget({ rho: 1 });
 * const p = privatize(minutes, { bounds: [0, 60], privacy: { rho: 0.5 }, budget });
 * p.mechanism; // => "gaussian"
 * budget.remaining; // => { rho: 0.5 }
 * Number.isInteger(p.count); // => true
 * const rate = privatize({ successes: 120, trials: 1000 }, { privacy: { rho: 0.5 } });
 * rate.bounds; // => [0, 1]
 * rate.sumSquares === rate.count / 4; // => true
 * ```
 */
export function privatize(summary: Summary | RateCounts, options: PrivatizeOptions): PrivateSummary {
  const o = readOptions(options, KEYS);
  const rate = rateCounts(summary);
  const s = rate === undefined ? requireSummary(summary, "summary") : undefined;
  let lo = 0;
  let hi = 1;
  if (s !== undefined) {
    if (o.bounds === undefined) argError("options.bounds", "is required: the clipping bounds [lo, hi]");
    const bounds = parseBounds(o.bounds, "options.bounds") as { lo: number; hi: number };
    lo = bounds.lo;
    hi = bounds.hi;
    if (!(lo < hi)) argError("options.bounds", `must have lo < hi, got [${lo}, ${hi}]`);
  } else if (o.bounds !== undefined) {
    const bounds = parseBounds(o.bounds, "options.bounds") as { lo: number; hi: number };
    if (bounds.lo !== 0 || bounds.hi !== 1) {
      argError("options.bounds", `must be [0, 1] (or left out) for rate counts, got [${bounds.lo}, ${bounds.hi}]`);
    }
  }
  if (o.privacy === undefined) argError("options.privacy", "is required: { rho } or { epsilon, delta? }");
  const loss = parsePrivacy(o.privacy, "options.privacy");
  let m = 1;
  if (o.maxContributions !== undefined) {
    const v = o.maxContributions;
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1 || v > 2 ** 20) {
      argError("options.maxContributions", `must be an integer from 1 to 2^20, got ${describeValue(v)}`);
    }
    m = v;
  }
  const minCount = o.minCount === undefined ? undefined : checkMinCount(o.minCount, "options.minCount");
  let budget: PrivacyBudget | undefined;
  if (o.budget !== undefined) {
    if (!isPrivacyBudget(o.budget)) argError("options.budget", "must be a PrivacyBudget");
    budget = o.budget;
  }
  const random = randomSource(o.random);
  if (s !== undefined) checkSummary(s, lo, hi);
  const cost = budget?.costOf(loss);
  if (budget !== undefined) budget.check(cost as number);
  const words = new WordStream(random, FIRST_WORDS);
  const released =
    rate === undefined ? releaseSummary(words, s as Summary, lo, hi, m, loss) : releaseRate(words, rate, m, loss);
  if (budget !== undefined) budget.deduct(cost as number);
  if (minCount !== undefined) requireReleasable(released.count, minCount, "the noisy count");
  return released;
}

/** The rate counts `value` holds, validated; undefined when it is not a plain object with `successes`. */
function rateCounts(value: unknown): RateCounts | undefined {
  if (typeof value !== "object" || value === null || !("successes" in value)) return undefined;
  const v = readOptions(value as RateCounts, RATE_KEYS, "summary");
  for (const key of RATE_KEYS) {
    const x = v[key];
    if (typeof x !== "number" || !Number.isSafeInteger(x) || x < 0) {
      argError(`summary.${key}`, `must be a non-negative integer, got ${describeValue(x)}`);
    }
  }
  const successes = v.successes as number;
  const trials = v.trials as number;
  if (successes > trials) argError("summary.successes", `must be at most trials (${trials}), got ${successes}`);
  return { successes, trials };
}

/** The checks a summary must pass before release: clipped inside the bounds, not NaN. */
function checkSummary(s: Summary, lo: number, hi: number): void {
  const clip = s.clip;
  if (clip === undefined && s.count > 0) {
    argError(
      "summary",
      "has no clip bounds: make it with summarize(values, { clip: [lo, hi] }) so that one value's influence is bounded",
    );
  }
  if (clip !== undefined && s.count > 0 && (clip.lo < lo || clip.hi > hi)) {
    argError("options.bounds", `[${lo}, ${hi}] must contain the summary's clip bounds [${clip.lo}, ${clip.hi}]`);
  }
  if (s.count > 0 && (s.mean !== s.mean || s.m2 !== s.m2)) {
    throw new BatchStatsError("E_NAN", "the summary has NaN statistics (nan: 'propagate')", { field: "summary" });
  }
}

function makeRelease(
  lo: number,
  hi: number,
  m: number,
  loss: PrivacyLoss,
  count: NoisyValue,
  sum: NoisyValue,
  sumSquares: number,
  sumSquaresNoiseVariance: number,
): PrivateSummary {
  return PrivateSummary.make({
    format: "batchstats.privateSummary",
    version: 1,
    bounds: [lo, hi],
    maxContributions: m,
    mechanism: loss.kind === "zcdp" ? "gaussian" : "laplace",
    privacy: loss.kind === "zcdp" ? { rho: loss.rho } : { epsilon: loss.epsilon },
    count: count.value,
    sum: sum.value,
    sumSquares,
    countNoiseVariance: count.noiseVariance,
    sumNoiseVariance: sum.noiseVariance,
    sumSquaresNoiseVariance,
  });
}

/** The noisy count, sum and sum of squares of a checked summary. */
function releaseSummary(words: WordStream, s: Summary, lo: number, hi: number, m: number, loss: PrivacyLoss) {
  const n = s.count;
  const c = lo / 2 + hi / 2;
  const r = hi / 2 - lo / 2;
  // F1 = Σ(x − c) = n(x̄ − c); F2 = Σ((x − c)² − r²/2) = M2 + n(x̄ − c)² − n·r²/2, in double-double.
  const d = n === 0 ? dd(0) : ddSub(s.meanDD(), dd(c));
  const f1 = ddMulNumber(d, n);
  const f2 = ddSub(ddAdd(s.m2DD(), ddMulNumber(ddMul(d, d), n)), ddMulNumber(ddMul(dd(r), dd(r / 2)), n));
  const magnitude = Math.abs(c) + r;
  const sensitivitySum = m * r;
  const sensitivitySquares = (m * r * r) / 2;
  if (!Number.isFinite(sensitivitySquares)) requireRepresentableNoise(lo, hi, Number.POSITIVE_INFINITY);
  const countPlan = planNoise(m, share(loss, SHARE_COUNT), 0, true);
  const sumPlan = planNoise(sensitivitySum, share(loss, SHARE_SUM), n * magnitude * ROUNDING, false);
  const squaresPlan = planNoise(
    sensitivitySquares,
    share(loss, SHARE_SQUARES),
    4 * n * magnitude * r * ROUNDING,
    false,
  );
  const half = (r * r) / 2;
  const squaresNoiseVariance = squaresPlan.noiseVariance + countPlan.noiseVariance * half * half;
  requireRepresentableNoise(lo, hi, sumPlan.noiseVariance, squaresPlan.noiseVariance, squaresNoiseVariance);
  const count = drawNoisy(words, dd(n), countPlan, true);
  const sum = drawNoisy(words, f1, sumPlan, false);
  const squares = drawNoisy(words, f2, squaresPlan, false);
  return makeRelease(lo, hi, m, loss, count, sum, squares.value + count.value * half, squaresNoiseVariance);
}

/**
 * The noisy count and sum Σ(x − ½) = successes − trials/2 of rate counts, half of the loss each
 * (sensitivities m and m/2). Every outcome x ∈ {0, 1} has (x − ½)² = ¼, so Σ(x − ½)² = trials/4
 * is released as noisy count/4 — post-processing, no loss spent on it.
 */
function releaseRate(words: WordStream, rate: RateCounts, m: number, loss: PrivacyLoss) {
  const n = rate.trials;
  const count = drawNoisy(words, dd(n), planNoise(m, share(loss, SHARE_RATE_COUNT), 0, true), true);
  const sumPlan = planNoise(m / 2, share(loss, 1 - SHARE_RATE_COUNT), 0, false);
  const sum = drawNoisy(words, dd(rate.successes - n / 2), sumPlan, false);
  return makeRelease(0, 1, m, loss, count, sum, count.value / 4, count.noiseVariance / 16);
}
