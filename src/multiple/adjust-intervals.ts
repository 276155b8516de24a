import { normalUpperQuantile } from "../distributions/normal-quantile.js";
import { normalLogSf, normalSf } from "../distributions/normal.js";
import { BatchStatsError } from "../errors.js";
import { describeValue, readOptions } from "../options.js";
import { checkChoice } from "../summary/input.js";
import { adjustPValues } from "./adjust-p-values.js";

/** Options of `adjustIntervals`. */
export interface AdjustIntervalsOptions {
  /** The correction: `"bh"` and `"holm"` (GrowthBook's back-out intervals), `"bonferroni"`, `"sidak"`. */
  method: "bh" | "holm" | "bonferroni" | "sidak";
  /** The family's error rate, strictly between 0 and 1. Default 0.05. */
  alpha?: number;
}

/** One hypothesis: an (approximately normal) estimate and its standard error. */
export interface IntervalHypothesis {
  estimate: number;
  stderr: number;
}

/** A hypothesis after the correction. */
export interface AdjustedInterval {
  /** The adjusted two-sided (1 − alpha) interval (`[-Infinity, Infinity]` when the adjusted p is 1). */
  confidenceInterval: [number, number];
  /** The two-sided z-test p-value 2·Q(|estimate| / stderr). */
  pValue: number;
  /** `pValue` adjusted over the family with `method` (as `adjustPValues`). */
  pValueAdjusted: number;
}

const KEYS = ["method", "alpha"] as const;
const HYPOTHESIS_KEYS = ["estimate", "stderr"] as const;
const METHODS = ["bh", "holm", "bonferroni", "sidak"] as const;

/**
 * Confidence intervals that go with multiple-testing corrections, for a family of estimates
 * (metrics × variants), in input order.
 *
 * Method:
 * - p = 2·Q(|z|), z = estimate/stderr (normal), adjusted over the family by `method`.
 * - `"bonferroni"`: simultaneous intervals at level α/m: estimate ± z₍α/(2m)₎·stderr.
 *   `"sidak"`: at level 1 − (1 − α)^(1/m) (= −expm1(log1p(−α)/m)). Both cover all m effects
 *   at once with probability ≥ 1 − α (Šidák: for independent or positively dependent estimates).
 * - `"bh"`, `"holm"`: there is no exact interval; GrowthBook's ad-hoc one backs out the standard
 *   error that would give the adjusted p-value, se* = |estimate| / z₍p̃/2₎, and reports
 *   estimate ± z₍α/2₎·se*, never narrower than the unadjusted interval (GrowthBook's
 *   `adjustedCI` / `getAdjustedCI`). It excludes 0 exactly when p̃ < α. An adjusted p-value of 1
 *   (GrowthBook: > 0.999999) gives (−∞, ∞).
 * Quantiles are computed in the tail (z from Q, never from 1 − Φ), so tiny p and large m keep
 * their digits.
 *
 * Errors (`E_BAD_ARGUMENT`, with `index`): a hypothesis that is not an object with a finite
 * `estimate` and a finite `stderr` > 0, or that has any other key (`hypotheses[i].df`: the
 * intervals are z intervals); an unknown method or an alpha outside (0, 1). `E_OVERFLOW` (field
 * `confidenceInterval`, with `index`) when a bound is beyond the double range while the adjusted
 * p is below 1.
 *
 * @example
 * ```ts
 * import { adjustIntervals } from "batchstats";
 * const h = [{ estimate: 0.1, stderr: 0.04 }, { estimate: 0.02, stderr: 0.05 }];
 * const [first] = adjustIntervals(h, { method: "holm" });
 * first.pValue;             // => 0.01241933065155227
 * first.pValueAdjusted;     // => 0.02483866130310454
 * first.confidenceInterval; // => [0.012653789771657126, 0.18734621022834289]
 * ```
 */
export function adjustIntervals(
  hypotheses: readonly IntervalHypothesis[],
  options: AdjustIntervalsOptions,
): AdjustedInterval[] {
  if (options === undefined) {
    throw new BatchStatsError("E_BAD_ARGUMENT", "options.method is required", { field: "options.method" });
  }
  const o = readOptions(options, KEYS);
  const method = checkChoice(o.method, METHODS, "options.method");
  let alpha = 0.05;
  if (o.alpha !== undefined) {
    if (typeof o.alpha !== "number" || !(o.alpha > 0 && o.alpha < 1)) {
      throw new BatchStatsError(
        "E_BAD_ARGUMENT",
        `options.alpha must be a number strictly between 0 and 1, got ${describeValue(o.alpha)}`,
        { field: "options.alpha" },
      );
    }
    alpha = o.alpha;
  }
  if (!Array.isArray(hypotheses)) {
    throw new BatchStatsError("E_BAD_ARGUMENT", `hypotheses must be an array, got ${describeValue(hypotheses)}`, {
      field: "hypotheses",
    });
  }
  const m = hypotheses.length;
  const estimates = new Float64Array(m);
  const stderrs = new Float64Array(m);
  const pValues: number[] = new Array(m);
  for (let i = 0; i < m; i++) {
    const raw: unknown = hypotheses[i];
    // a hypothesis is { estimate, stderr } and nothing else (an unknown key such as df is refused, not ignored)
    const h = typeof raw === "object" && raw !== null ? readOptions(raw, HYPOTHESIS_KEYS, `hypotheses[${i}]`) : {};
    const e = h.estimate;
    const s = h.stderr;
    if (typeof e !== "number" || !Number.isFinite(e) || typeof s !== "number" || !(s > 0 && s < Infinity)) {
      throw new BatchStatsError(
        "E_BAD_ARGUMENT",
        `hypotheses[${i}] must be { estimate, stderr } with a finite estimate and a finite stderr > 0`,
        { field: "hypotheses", index: i },
      );
    }
    estimates[i] = e;
    stderrs[i] = s;
    pValues[i] = Math.min(1, 2 * normalSf(Math.abs(e / s)));
  }
  const adjusted = adjustPValues(pValues, method);
  const out: AdjustedInterval[] = new Array(m);
  let q = 0;
  // α near the smallest double: the levels α/2, α/(2m) underflow, so they are taken in logarithms
  const logHalfAlpha = Math.log(alpha) - Math.LN2;
  if (method === "bonferroni")
    q = upperQuantileOfLog((alpha > 1e-300 ? Math.log(alpha / 2) : logHalfAlpha) - Math.log(m));
  else if (method === "sidak") {
    // 1 − (1 − α)^(1/m), which is α/m to rounding where it is tiny
    const level = -Math.expm1(Math.log1p(-alpha) / m);
    q = level > 1e-300 ? normalUpperQuantile(level / 2) : upperQuantileOfLog(logHalfAlpha - Math.log(m));
  } else q = alpha > 1e-300 ? normalUpperQuantile(alpha / 2) : upperQuantileOfLog(logHalfAlpha);
  for (let i = 0; i < m; i++) {
    const e = estimates[i]!;
    const s = stderrs[i]!;
    const pAdj = adjusted[i]!;
    let confidenceInterval: [number, number];
    if (method === "bonferroni" || method === "sidak") {
      confidenceInterval = [e - q * s, e + q * s];
    } else {
      confidenceInterval = backedOutInterval(e, s, pAdj, q);
    }
    // ±Infinity means "adjusted p is 1"; a bound past the double range from finite input is an overflow
    if (pAdj < 1 && !(Number.isFinite(confidenceInterval[0]) && Number.isFinite(confidenceInterval[1]))) {
      throw new BatchStatsError(
        "E_OVERFLOW",
        `hypotheses[${i}]: a bound of the adjusted confidence interval is beyond the double range (about 1.8e308)`,
        { field: "confidenceInterval", index: i },
      );
    }
    out[i] = { confidenceInterval, pValue: pValues[i]!, pValueAdjusted: pAdj };
  }
  return out;
}

/**
 * GrowthBook's interval for an adjusted p-value: estimate ± q·|estimate|/z₍p̃/2₎, at least
 * estimate ± q·stderr; (−∞, ∞) when p̃ = 1. q = z₍α/2₎. @internal
 */
export function backedOutInterval(estimate: number, stderr: number, pAdjusted: number, q: number): [number, number] {
  if (pAdjusted >= 1) return [-Infinity, Infinity];
  let width = q * stderr;
  if (pAdjusted > 0) {
    const backed = (q * Math.abs(estimate)) / normalUpperQuantile(pAdjusted / 2);
    if (backed > width) width = backed;
  }
  return [estimate - width, estimate + width];
}

/** The z with ln Q(z) = logR (for Bonferroni levels α/(2m) that may be tiny). */
function upperQuantileOfLog(logR: number): number {
  const r = Math.exp(logR);
  if (r >= 2 ** -1000) return normalUpperQuantile(r);
  // below the normal range: Newton on ln Q from the asymptotic start
  let z = Math.sqrt(-2 * logR);
  for (let i = 0; i < 50; i++) {
    const lq = normalLogSf(z);
    const hazard = Math.exp(-0.5 * z * z - lq) / Math.sqrt(2 * Math.PI);
    const step = (lq - logR) / hazard;
    z += step;
    if (Math.abs(step) <= 1e-15 * z) break;
  }
  return z;
}
