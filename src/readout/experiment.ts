import { countsOfSummary } from "../bayes/summary-counts.js";
import { BatchStatsError } from "../errors.js";
import { describeValue, readOptions } from "../options.js";
import { type Counts, fromCounts } from "../summary/from-counts.js";
import { asSummary, Summary } from "../summary/summary.js";

/** One arm of an experiment. Exactly one arm may be the control; without one, the first arm is. */
export interface ExperimentArm {
  /** The arm's name, unique in the experiment (a key of each metric's `summaries`). */
  name: string;
  /** `true` for the control arm (the baseline every other arm is compared with). */
  control?: boolean;
}

/**
 * One metric of an experiment: a summary per arm. `"mean"` metrics take `Summary` objects or their
 * JSON (the object `toJSON` gives or its text); `"rate"` metrics (conversions) take counts
 * `{ successes, trials }` or a `Summary` of 0/1 values (`E_BAD_ARGUMENT` for any other summary).
 */
export interface ExperimentMetric {
  /** The metric's name, unique in the experiment. */
  name: string;
  /** `"mean"` (a continuous metric) or `"rate"` (a proportion of 0/1 outcomes). */
  kind: "mean" | "rate";
  /** The summary of every arm, keyed by arm name. */
  summaries: Record<string, Summary | Counts | unknown>;
  /** `true` when lower is better (e.g. a latency or a churn rate): the chance to win is P(effect < 0). */
  inverse?: boolean;
}

/**
 * An experiment as `readout` takes it: arms, metrics with a summary per arm, and optionally the
 * number of units (users) assigned to each arm and the planned traffic weights for the
 * sample-ratio check.
 */
export interface Experiment {
  arms: ExperimentArm[];
  metrics: ExperimentMetric[];
  /**
   * Units (users) assigned to each arm, keyed by arm name; default: the counts of the first metric
   * with a value in every arm (a metric missing from an arm says nothing of the assignment), else of
   * the first metric with any value, else of the first metric.
   */
  units?: Record<string, number>;
  /** Planned traffic weights, keyed by arm name; default: equal. */
  weights?: Record<string, number>;
}

/** A validated experiment: summaries resolved, the control first. @internal */
export interface ResolvedExperiment {
  readonly arms: readonly string[];
  readonly control: string;
  readonly metrics: readonly {
    readonly name: string;
    readonly kind: "mean" | "rate";
    readonly inverse: boolean;
    readonly summaries: ReadonlyMap<string, Summary>;
  }[];
  readonly units: readonly number[];
  readonly weights: readonly number[];
  readonly unitsFrom: "units" | string;
}

function bad(field: string, message: string): never {
  throw new BatchStatsError("E_BAD_ARGUMENT", `${field} ${message}`, { field });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readArms(value: unknown): { arms: string[]; control: string } {
  if (!Array.isArray(value) || value.length < 2) bad("experiment.arms", "must be an array of at least 2 arms");
  const arms: string[] = [];
  const controls: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const field = `experiment.arms[${i}]`;
    if (!isRecord(value[i])) bad(field, `must be an arm { name, control? }, got ${describeValue(value[i])}`);
    const arm = readOptions(value[i], ["name", "control"], field);
    if (typeof arm.name !== "string" || arm.name === "") bad(`${field}.name`, "must be a non-empty string");
    if (arms.includes(arm.name)) bad(`${field}.name`, `repeats the arm name ${describeValue(arm.name)}`);
    if (arm.control !== undefined && typeof arm.control !== "boolean") bad(`${field}.control`, "must be a boolean");
    arms.push(arm.name);
    if (arm.control === true) controls.push(arm.name);
  }
  if (controls.length > 1) bad("experiment.arms", `has ${controls.length} control arms; at most one is allowed`);
  const control = (controls[0] ?? arms[0]) as string;
  return { arms: [control, ...arms.filter((a) => a !== control)], control };
}

/**
 * A metric's summary for one arm: a Summary, its JSON (object or text), or counts (rate metrics; as
 * objects or text). A rate metric's Summary must be one of 0/1 values.
 */
function readSummary(value: unknown, kind: "mean" | "rate", field: string): Summary {
  if (typeof value === "string") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch (error) {
      throw new BatchStatsError("E_BAD_SUMMARY", `${field} is text but not JSON (${(error as Error).message})`, {
        field,
      });
    }
    if (typeof parsed === "string") bad(field, "is JSON text of a string, not of a summary");
    return readSummary(parsed, kind, field);
  }
  const summary = readSummaryObject(value, kind, field);
  if (kind === "rate" && !isCounts(value)) countsOfSummary(summary, field);
  return summary;
}

function isCounts(value: unknown): boolean {
  return isRecord(value) && "successes" in value && "trials" in value;
}

function readSummaryObject(value: unknown, kind: "mean" | "rate", field: string): Summary {
  const summary = asSummary(value, field);
  if (summary !== undefined) return summary;
  if (isCounts(value)) {
    if (kind !== "rate") bad(field, 'is counts { successes, trials }, which only a metric of kind "rate" takes');
    try {
      return fromCounts(value as unknown as Counts);
    } catch (error) {
      if (error instanceof BatchStatsError) {
        throw new BatchStatsError(error.code, `${field}: ${error.message}`, { field });
      }
      throw error;
    }
  }
  if (isRecord(value) && value.format === "batchstats.summary") {
    try {
      return Summary.fromJSON(value);
    } catch (error) {
      if (error instanceof BatchStatsError) {
        throw new BatchStatsError(error.code, `${field}: ${error.message}`, { field });
      }
      throw error;
    }
  }
  return bad(
    field,
    `must be a Summary${kind === "rate" ? " or counts { successes, trials }" : ""}, got ${describeValue(value)}`,
  );
}

function readMetrics(value: unknown, arms: readonly string[]): ResolvedExperiment["metrics"] {
  if (!Array.isArray(value) || value.length === 0) bad("experiment.metrics", "must be a non-empty array");
  const names = new Set<string>();
  // Array.from visits holes of a sparse array (as undefined, refused below); map would skip them
  return Array.from(value, (raw: unknown, i) => {
    const field = `experiment.metrics[${i}]`;
    if (!isRecord(raw)) bad(field, `must be a metric { name, kind?, summaries, inverse? }, got ${describeValue(raw)}`);
    const m = readOptions(raw, ["name", "kind", "summaries", "inverse"], field);
    if (typeof m.name !== "string" || m.name === "") bad(`${field}.name`, "must be a non-empty string");
    if (names.has(m.name)) bad(`${field}.name`, `repeats the metric name ${describeValue(m.name)}`);
    names.add(m.name);
    const kind = m.kind === undefined ? "mean" : m.kind;
    if (kind !== "mean" && kind !== "rate")
      bad(`${field}.kind`, `must be "mean" or "rate", got ${describeValue(kind)}`);
    if (m.inverse !== undefined && typeof m.inverse !== "boolean") bad(`${field}.inverse`, "must be a boolean");
    if (!isRecord(m.summaries)) bad(`${field}.summaries`, "must be an object keyed by arm name");
    const given = m.summaries as Record<string, unknown>;
    for (const key of Object.keys(given)) {
      if (!arms.includes(key)) bad(`${field}.summaries.${key}`, "is not an arm of the experiment");
    }
    const summaries = new Map<string, Summary>();
    for (const arm of arms) {
      if (!(arm in given)) bad(`${field}.summaries.${arm}`, "is missing: every arm needs a summary");
      summaries.set(arm, readSummary(given[arm], kind, `${field}.summaries.${arm}`));
    }
    return { name: m.name, kind, inverse: m.inverse === true, summaries };
  });
}

function readPerArm(value: unknown, arms: readonly string[], field: string, integer: boolean): number[] {
  if (!isRecord(value)) bad(field, "must be an object keyed by arm name");
  for (const key of Object.keys(value))
    if (!arms.includes(key)) bad(`${field}.${key}`, "is not an arm of the experiment");
  return arms.map((arm) => {
    const x = value[arm];
    if (x === undefined) bad(`${field}.${arm}`, "is missing");
    const ok = integer
      ? Number.isSafeInteger(x) && (x as number) >= 0
      : typeof x === "number" && Number.isFinite(x) && x >= 0;
    if (!ok)
      bad(
        `${field}.${arm}`,
        `must be a ${integer ? "non-negative integer" : "finite non-negative number"}, got ${describeValue(x)}`,
      );
    return x as number;
  });
}

/**
 * Validates an experiment (typed `E_BAD_ARGUMENT` errors naming the field, e.g.
 * `experiment.metrics[2].summaries.treatment`). @internal
 */
export function readExperiment(value: unknown): ResolvedExperiment {
  const e = readOptions(value, ["arms", "metrics", "units", "weights"], "experiment");
  const { arms, control } = readArms(e.arms);
  const metrics = readMetrics(e.metrics, arms);
  const weights =
    e.weights === undefined ? arms.map(() => 1) : readPerArm(e.weights, arms, "experiment.weights", false);
  if (e.units !== undefined) {
    return {
      arms,
      control,
      metrics,
      units: readPerArm(e.units, arms, "experiment.units", true),
      weights,
      unitsFrom: "units",
    };
  }
  const countsOf = (m: ResolvedExperiment["metrics"][number]) =>
    arms.map((arm) => (m.summaries.get(arm) as Summary).count);
  const source =
    metrics.find((m) => countsOf(m).every((n) => n > 0)) ??
    metrics.find((m) => countsOf(m).some((n) => n > 0)) ??
    (metrics[0] as ResolvedExperiment["metrics"][number]);
  return { arms, control, metrics, units: countsOf(source), weights, unitsFrom: source.name };
}
