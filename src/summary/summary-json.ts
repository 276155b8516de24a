import { BatchStatsError } from "../errors.js";
import { errorText } from "../options.js";

/**
 * The `format` tag of a serialised summary.
 *
 * @example
 * ```ts
 * import { summarize, SUMMARY_FORMAT } from "batchstats";
 * summarize([1, 2]).toJSON().format === SUMMARY_FORMAT; // => true
 * ```
 */
export const SUMMARY_FORMAT = "batchstats.summary";
/**
 * The current (and only) version of the summary JSON format. `Summary.fromJSON` rejects others.
 *
 * @example
 * ```ts
 * import { summarize, SUMMARY_VERSION } from "batchstats";
 * summarize([1, 2]).toJSON().version; // => 1
 * SUMMARY_VERSION; // => 1
 * ```
 */
export const SUMMARY_VERSION = 1;

/**
 * The JSON form of a summary, version 1. The exact mean is `mean + meanLo` and M2 is
 * `m2 + m2Lo` (double-doubles: |lo| ≤ ulp(hi)/2). An empty summary has count 0 and zeros.
 *
 * A summary made with `clip` also has `clipLo`, `clipHi` (its bounds) and `clipped` (how many
 * values were clamped): all three or none. They are an optional field set within version 1,
 * not a new version: a summary without them is written byte for byte as before, and a reader
 * that predates them refuses a summary that has them ("not a field of a summary") rather than
 * misreading it, since readers refuse unknown keys.
 */
export interface SummaryJSON {
  format: typeof SUMMARY_FORMAT;
  version: typeof SUMMARY_VERSION;
  count: number;
  mean: number;
  meanLo: number;
  m2: number;
  m2Lo: number;
  omitted: number;
  clipLo?: number;
  clipHi?: number;
  clipped?: number;
}

/** The optional clip fields: all present or all absent. */
const CLIP_KEYS = ["clipLo", "clipHi", "clipped"] as const;

const KEYS: ReadonlyArray<keyof SummaryJSON> = [
  "format",
  "version",
  "count",
  "mean",
  "meanLo",
  "m2",
  "m2Lo",
  "omitted",
];

function bad(field: string, message: string): never {
  throw new BatchStatsError("E_BAD_SUMMARY", `invalid summary: ${field} ${message}`, { field });
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (isArraySafe(value)) return "an array";
  if (typeof value === "string")
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "number") return String(value);
  return `a value of type ${typeof value}`;
}

function finiteNumber(obj: Record<string, unknown>, field: string): number {
  const v = obj[field];
  if (typeof v !== "number" || !Number.isFinite(v)) bad(field, `must be a finite number, got ${describe(v)}`);
  return v;
}

function countField(obj: Record<string, unknown>, field: string): number {
  const v = obj[field];
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) {
    bad(field, `must be a non-negative integer, got ${describe(v)}`);
  }
  return v;
}

/** Checks that lo is the low part of a normalised double-double with high part hi. */
function lowPart(obj: Record<string, unknown>, field: string, hi: number): number {
  const lo = finiteNumber(obj, field);
  if (hi + lo !== hi) bad(field, `must be smaller than half an ulp of its high part (${hi}), got ${lo}`);
  return lo;
}

/** Array.isArray, false for a revoked Proxy (which throws there; its fields then fail to read). */
function isArraySafe(value: unknown): boolean {
  try {
    return Array.isArray(value);
  } catch {
    return false;
  }
}

/**
 * A plain copy of an object's own enumerable fields, read once: a throwing getter or a Proxy
 * trap becomes `E_BAD_SUMMARY`, and the values cannot change while they are validated.
 */
function readOwnFields(value: Record<string, unknown>): Record<string, unknown> {
  const copy = Object.create(null) as Record<string, unknown>;
  let key = "";
  try {
    for (key of Object.keys(value)) copy[key] = value[key];
  } catch (error) {
    throw new BatchStatsError(
      "E_BAD_SUMMARY",
      `invalid summary: ${key === "" ? "its fields" : key} could not be read (${errorText(error)})`,
      key === "" ? {} : { field: key },
    );
  }
  return copy;
}

/**
 * Validates untrusted JSON (a string or a parsed value) field by field and returns the fields.
 * @internal
 */
export function parseSummaryJSON(input: unknown): SummaryJSON {
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new BatchStatsError("E_BAD_SUMMARY", `invalid summary: not JSON (${(error as Error).message})`);
    }
  }
  if (typeof value !== "object" || value === null || isArraySafe(value)) {
    throw new BatchStatsError("E_BAD_SUMMARY", `invalid summary: expected an object, got ${describe(value)}`);
  }
  const obj = readOwnFields(value as Record<string, unknown>);
  for (const key of Object.keys(obj)) {
    if (!(KEYS as readonly string[]).includes(key) && !(CLIP_KEYS as readonly string[]).includes(key)) {
      bad(key, "is not a field of a summary");
    }
  }
  for (const key of KEYS) {
    if (!(key in obj)) bad(key, "is missing");
  }
  if (obj.format !== SUMMARY_FORMAT) bad("format", `must be "${SUMMARY_FORMAT}", got ${describe(obj.format)}`);
  if (obj.version !== SUMMARY_VERSION) {
    bad(
      "version",
      `${describe(obj.version)} is not supported (this version of batchstats reads version ${SUMMARY_VERSION})`,
    );
  }
  const count = countField(obj, "count");
  const mean = finiteNumber(obj, "mean");
  const meanLo = lowPart(obj, "meanLo", mean);
  const m2 = finiteNumber(obj, "m2");
  const m2Lo = lowPart(obj, "m2Lo", m2);
  const omitted = countField(obj, "omitted");
  if (m2 < 0 || (m2 === 0 && m2Lo < 0)) bad("m2", `must be non-negative, got ${m2}`);
  if (count === 0 && (mean !== 0 || meanLo !== 0 || m2 !== 0 || m2Lo !== 0)) {
    bad("count", "is 0 but mean or m2 is not 0");
  }
  if (count === 1 && (m2 !== 0 || m2Lo !== 0)) bad("m2", `must be 0 for a single value, got ${m2}`);
  const json: SummaryJSON = {
    format: SUMMARY_FORMAT,
    version: SUMMARY_VERSION,
    count,
    mean,
    meanLo,
    m2,
    m2Lo,
    omitted,
  };
  const present = CLIP_KEYS.filter((key) => key in obj);
  if (present.length > 0) {
    const missing = CLIP_KEYS.find((key) => !(key in obj));
    if (missing !== undefined) bad(missing, `is missing (${present.join(", ")} given: the clip fields go together)`);
    const clipLo = finiteNumber(obj, "clipLo");
    const clipHi = finiteNumber(obj, "clipHi");
    if (!(clipLo <= clipHi)) bad("clipHi", `must be at least clipLo (${clipLo}), got ${clipHi}`);
    const clipped = countField(obj, "clipped");
    if (clipped > count) bad("clipped", `must be at most count (${count}), got ${clipped}`);
    if (count > 0) {
      // values in [lo, hi]: lo ≤ mean ≤ hi and M2 ≤ n·(mean − lo)(hi − mean) (Bhatia & Davis 2000), each
      // widened by the rounding of a double-double mean of such values (4ε·max(|lo|, |hi|)) and 8ε relative
      const slack = 4 * Number.EPSILON * Math.max(Math.abs(clipLo), Math.abs(clipHi));
      if (!(mean >= clipLo - slack && mean <= clipHi + slack)) {
        bad("mean", `must lie in the clip bounds [${clipLo}, ${clipHi}], got ${mean}`);
      }
      const most = count * (mean - clipLo + slack) * (clipHi - mean + slack) * (1 + 8 * Number.EPSILON);
      if (m2 > most)
        bad("m2", `is ${m2}, more than values in [${clipLo}, ${clipHi}] with mean ${mean} allow (${most})`);
    }
    json.clipLo = clipLo;
    json.clipHi = clipHi;
    json.clipped = clipped;
  }
  return json;
}
