import { bayesTest } from "../bayes/effect-test.js";
import { srmTest } from "../design/srm.js";
import { lift } from "../effect/lift.js";
import { BatchStatsError } from "../errors.js";
import { adjustPValues, type PValueAdjustment } from "../multiple/adjust-p-values.js";
import { describeValue, readOptions } from "../options.js";
import { sequentialTest } from "../sequential/sequential-test.js";
import type { Summary } from "../summary/summary.js";
import { ttest } from "../ttest/ttest.js";
import { type Experiment, readExperiment, type ResolvedExperiment } from "./experiment.js";

export type { Experiment, ExperimentArm, ExperimentMetric } from "./experiment.js";

/** Options of `readout`. */
export interface ReadoutOptions {
  /** Confidence level of every interval (and credible level of the Bayesian ones). Default 0.95. */
  confidenceLevel?: number;
  /**
   * How p-values are adjusted over the family of every metric × variant comparison
   * (`adjustPValues` methods), or `"none"`. Default `"holm"`.
   */
  correction?: PValueAdjustment | "none";
  /**
   * Add the Bayesian chance to win and risk (`bayesTest`, flat prior; relative scale, absolute where
   * the control mean is 0). Default false.
   */
  bayesian?: boolean;
  /**
   * Add always-valid intervals and p-values (`sequentialTest` at α = 1 − confidenceLevel; relative,
   * absolute where the control mean is 0); `{ tuning }` sets N*. Default false.
   */
  sequential?: boolean | { tuning?: number };
  /** p-value of the sample-ratio test below which the split is declared a mismatch. Default 0.001. */
  srmThreshold?: number;
}

/** A warning of a readout: a stable `code`, where it applies, and a sentence for people. */
export interface ReadoutWarning {
  /**
   * `"SRM"` (the traffic split differs from the planned weights), `"TOO_FEW"` (an arm with fewer
   * than 2 values: no test), `"ZERO_VARIANCE"` (every value equal in both arms: no test),
   * `"ZERO_MEAN"` (control mean 0: no relative lift), `"OVERFLOW"` (a result beyond the double range).
   */
  code: "SRM" | "TOO_FEW" | "ZERO_VARIANCE" | "ZERO_MEAN" | "OVERFLOW";
  metric?: string;
  variant?: string;
  message: string;
}

/** One metric × variant line of a readout. Fields are `null` where the warnings say why. */
export interface ReadoutRow {
  metric: string;
  kind: "mean" | "rate";
  variant: string;
  control: string;
  inverse: boolean;
  counts: { variant: number; control: number };
  means: { variant: number; control: number };
  /** Welch's t-test of mean(variant) − mean(control). */
  effect: {
    estimate: number;
    stderr: number;
    df: number;
    confidenceInterval: [number, number];
    pValue: number;
    log10PValue: number;
  } | null;
  /** The relative lift (mean(variant) − mean(control)) / |mean(control)|, delta method. */
  lift: { estimate: number; stderr: number; confidenceInterval: [number, number]; pValue: number } | null;
  /** The effect's p-value adjusted over the family (every row with a p-value); equal to it with `"none"`. */
  pValueAdjusted: number | null;
  /**
   * With `bayesian`: P(variant better than control) and the expected loss of shipping each, on the
   * relative scale (`relative: true`) or, where there is no lift (a control mean of 0), on the scale
   * of mean(variant) − mean(control) (`relative: false`).
   */
  bayes?: {
    relative: boolean;
    chanceToWin: number;
    risk: { treatment: number; control: number };
    credibleInterval: [number, number];
  } | null;
  /**
   * With `sequential`: the always-valid interval and p-value, of the lift (`relative: true`) or,
   * where there is no lift (a control mean of 0), of mean(variant) − mean(control) (`relative: false`).
   */
  sequential?: { relative: boolean; confidenceInterval: [number, number]; pValue: number } | null;
  warnings: ReadoutWarning[];
}

/** The readout of an experiment: the sample-ratio check, a row per metric × variant, and every warning. */
export interface Readout {
  control: string;
  variants: string[];
  confidenceLevel: number;
  correction: PValueAdjustment | "none";
  /**
   * The sample-ratio test over the arms' units (`srmTest`), with the verdict at `threshold`;
   * `null` when there is no unit in any arm (a `"TOO_FEW"` warning without a metric says so).
   */
  srm: {
    statistic: number;
    df: number;
    pValue: number;
    log10PValue: number;
    threshold: number;
    mismatch: boolean;
    units: Record<string, number>;
    unitsFrom: string;
  } | null;
  rows: ReadoutRow[];
  warnings: ReadoutWarning[];
}

interface ResolvedReadoutOptions {
  confidenceLevel: number;
  correction: PValueAdjustment | "none";
  bayesian: boolean;
  sequential: { tuning?: number } | null;
  srmThreshold: number;
}

const CORRECTIONS = ["bonferroni", "sidak", "holm", "holm-sidak", "hochberg", "hommel", "bh", "by", "none"];

function bad(field: string, message: string): never {
  throw new BatchStatsError("E_BAD_ARGUMENT", `${field} ${message}`, { field });
}

function resolveOptions(options: unknown): ResolvedReadoutOptions {
  const o = readOptions(options, ["confidenceLevel", "correction", "bayesian", "sequential", "srmThreshold"]);
  const level = o.confidenceLevel ?? 0.95;
  if (typeof level !== "number" || !(level > 0 && level < 1)) {
    bad("options.confidenceLevel", `must be a number strictly between 0 and 1, got ${describeValue(level)}`);
  }
  const correction = o.correction ?? "holm";
  if (typeof correction !== "string" || !CORRECTIONS.includes(correction)) {
    bad("options.correction", `must be one of ${CORRECTIONS.join(", ")}, got ${describeValue(correction)}`);
  }
  if (o.bayesian !== undefined && typeof o.bayesian !== "boolean") bad("options.bayesian", "must be a boolean");
  let sequential: { tuning?: number } | null = null;
  if (o.sequential === true) sequential = {};
  else if (o.sequential !== undefined && o.sequential !== false) {
    const s = readOptions(o.sequential, ["tuning"], "options.sequential");
    if (s.tuning !== undefined && (typeof s.tuning !== "number" || !(s.tuning > 0 && s.tuning < Infinity))) {
      bad("options.sequential.tuning", `must be a finite number > 0, got ${describeValue(s.tuning)}`);
    }
    sequential = s.tuning === undefined ? {} : { tuning: s.tuning as number };
  }
  // the sequential test runs at α = 1 − confidenceLevel, which must not round to 1
  if (sequential !== null && !(1 - level < 1)) {
    bad(
      "options.confidenceLevel",
      `${level} is so small that the sequential test's α = 1 − confidenceLevel rounds to 1`,
    );
  }
  const srmThreshold = o.srmThreshold ?? 0.001;
  if (typeof srmThreshold !== "number" || !(srmThreshold > 0 && srmThreshold < 1)) {
    bad("options.srmThreshold", `must be a number strictly between 0 and 1, got ${describeValue(srmThreshold)}`);
  }
  return {
    confidenceLevel: level,
    correction: correction as PValueAdjustment | "none",
    bayesian: o.bayesian === true,
    sequential,
    srmThreshold,
  };
}

/** The warning for an error of a comparison that the readout reports instead of throwing. */
function warningOf(error: unknown, metric: string, variant: string): ReadoutWarning {
  if (!(error instanceof BatchStatsError)) throw error;
  const where = `${metric}, ${variant}: `;
  switch (error.code) {
    case "E_TOO_FEW":
      return { code: "TOO_FEW", metric, variant, message: where + error.message };
    case "E_ZERO_VARIANCE":
      return { code: "ZERO_VARIANCE", metric, variant, message: where + error.message };
    case "E_ZERO_MEAN":
      return { code: "ZERO_MEAN", metric, variant, message: where + error.message };
    case "E_OVERFLOW":
    case "E_UNDERFLOW":
      return { code: "OVERFLOW", metric, variant, message: where + error.message };
    default:
      throw error;
  }
}

function compare(
  metric: ResolvedExperiment["metrics"][number],
  variant: string,
  control: string,
  o: ResolvedReadoutOptions,
): ReadoutRow {
  const a = metric.summaries.get(variant) as Summary;
  const b = metric.summaries.get(control) as Summary;
  const warnings: ReadoutWarning[] = [];
  const row: ReadoutRow = {
    metric: metric.name,
    kind: metric.kind,
    variant,
    control,
    inverse: metric.inverse,
    counts: { variant: a.count, control: b.count },
    means: { variant: a.count > 0 ? a.mean : 0, control: b.count > 0 ? b.mean : 0 },
    effect: null,
    lift: null,
    pValueAdjusted: null,
    warnings,
  };
  try {
    const t = ttest(a, b, { confidenceLevel: o.confidenceLevel });
    row.effect = {
      estimate: t.estimate,
      stderr: t.stderr,
      df: t.df,
      confidenceInterval: t.confidenceInterval,
      pValue: t.pValue,
      log10PValue: t.log10PValue,
    };
  } catch (error) {
    warnings.push(warningOf(error, metric.name, variant));
    return row; // no test of the difference: nothing relative or Bayesian either
  }
  try {
    const l = lift(a, b, { confidenceLevel: o.confidenceLevel });
    row.lift = { estimate: l.estimate, stderr: l.stderr, confidenceInterval: l.confidenceInterval, pValue: l.pValue };
  } catch (error) {
    warnings.push(warningOf(error, metric.name, variant));
  }
  if (o.bayesian) {
    try {
      const r = bayesTest(a, b, {
        credibleLevel: o.confidenceLevel,
        inverse: metric.inverse,
        relative: row.lift !== null,
      });
      row.bayes = {
        relative: row.lift !== null,
        chanceToWin: r.chanceToWin,
        risk: r.risk,
        credibleInterval: r.credibleInterval,
      };
    } catch (error) {
      warnings.push(warningOf(error, metric.name, variant));
      row.bayes = null;
    }
  }
  if (o.sequential !== null) {
    try {
      const s = sequentialTest(a, b, { alpha: 1 - o.confidenceLevel, relative: row.lift !== null, ...o.sequential });
      row.sequential = { relative: s.relative, confidenceInterval: s.confidenceInterval, pValue: s.pValue };
    } catch (error) {
      warnings.push(warningOf(error, metric.name, variant));
      row.sequential = null;
    }
  }
  return row;
}

/**
 * The readout of an experiment from its stored summaries: for every metric and every variant
 * against the control, Welch's test of the difference, the relative lift (delta method), the
 * p-value adjusted over the whole family of comparisons, and, when asked, the Bayesian chance to
 * win and the always-valid (sequential) interval; plus the sample-ratio check of the traffic split.
 *
 * Comparisons that cannot be made (an arm with fewer than 2 values, every value equal, a control
 * mean of 0 for the lift) are not thrown: the row's fields are `null` and a warning says why, so
 * one bad metric never hides the others — and never reads as a result. Invalid experiments and
 * options throw `E_BAD_ARGUMENT` naming the field.
 *
 * Method: the family for the adjustment is every row with a p-value (metrics × variants), adjusted
 * with `adjustPValues`; the sample-ratio test is `srmTest` over `experiment.units` (or the counts
 * of the first metric with a value in every arm) with `experiment.weights`; with no unit in any
 * arm it is `null` and a `"TOO_FEW"` warning says so.
 *
 * @example
 * ```ts
 * import { fromCounts, readout, summarize } from "batchstats";
 * const r = readout({
 *   arms: [{ name: "control", control: true }, { name: "new" }],
 *   metrics: [
 *     { name: "revenue", kind: "mean", summaries: { control: summarize([3, 5, 4, 6]), new: summarize([5, 7, 6, 8]) } },
 *     { name: "converted", kind: "rate", summaries: { control: { successes: 40, trials: 400 }, new: { successes: 62, trials: 410 } } },
 *   ],
 * });
 * r.rows.length;            // => 2
 * r.rows[0].effect?.estimate; // => 2
 * r.srm.mismatch;           // => false
 * ```
 */
export function readout(experiment: Experiment, options?: ReadoutOptions): Readout {
  const o = resolveOptions(options);
  const e = readExperiment(experiment);
  const variants = e.arms.filter((arm) => arm !== e.control);
  const rows: ReadoutRow[] = [];
  for (const metric of e.metrics) {
    for (const variant of variants) rows.push(compare(metric, variant, e.control, o));
  }
  const tested = rows.filter((row) => row.effect !== null);
  if (tested.length > 0) {
    const raw = tested.map((row) => (row.effect as NonNullable<ReadoutRow["effect"]>).pValue);
    const adjusted = o.correction === "none" ? raw : adjustPValues(raw, o.correction);
    tested.forEach((row, i) => {
      row.pValueAdjusted = adjusted[i] as number;
    });
  }
  const warnings: ReadoutWarning[] = [];
  const srm = srmCheck(e, o.srmThreshold, warnings);
  if (srm?.mismatch) {
    warnings.push({
      code: "SRM",
      message:
        `sample-ratio mismatch: the units per arm (${e.arms.map((arm, i) => `${arm} ${e.units[i]}`).join(", ")}) ` +
        `differ from the planned weights (p = ${srm.pValue.toPrecision(3)} < ${o.srmThreshold}); the results may be biased`,
    });
  }
  for (const row of rows) warnings.push(...row.warnings);
  return {
    control: e.control,
    variants,
    confidenceLevel: o.confidenceLevel,
    correction: o.correction,
    srm,
    rows,
    warnings,
  };
}

/** The sample-ratio check, or null (with a warning) when the units give no test. */
function srmCheck(e: ResolvedExperiment, threshold: number, warnings: ReadoutWarning[]): Readout["srm"] {
  const units: Record<string, number> = Object.fromEntries(e.arms.map((arm, i) => [arm, e.units[i] as number]));
  let test: ReturnType<typeof srmTest>;
  try {
    test = srmTest([...e.units], [...e.weights]);
  } catch (error) {
    if (!(error instanceof BatchStatsError && error.code === "E_TOO_FEW")) throw error;
    const from = e.unitsFrom === "units" ? "experiment.units" : `metric ${e.unitsFrom}`;
    warnings.push({ code: "TOO_FEW", message: `sample-ratio check not computed: no units in any arm (from ${from})` });
    return null;
  }
  return { ...test, threshold, mismatch: test.pValue < threshold, units, unitsFrom: e.unitsFrom };
}
