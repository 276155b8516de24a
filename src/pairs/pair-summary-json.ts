import { BatchStatsError } from "../errors.js";
import { describeValue, errorText } from "../options.js";

/**
 * The `format` tag of a serialised pair summary.
 *
 * @example
 * ```ts
 * import { summarizePairs, PAIR_SUMMARY_FORMAT } from "batchstats";
 * summarizePairs([1, 2], [3, 5]).toJSON().format === PAIR_SUMMARY_FORMAT; // => true
 * ```
 */
export const PAIR_SUMMARY_FORMAT = "batchstats.pair-summary";

/**
 * The current (and only) version of the pair summary JSON format. `PairSummary.fromJSON` rejects others.
 *
 * @example
 * ```ts
 * import { PAIR_SUMMARY_VERSION } from "batchstats";
 * PAIR_SUMMARY_VERSION; // => 1
 * ```
 */
export const PAIR_SUMMARY_VERSION = 1;

/**
 * The JSON form of a pair summary, version 1: the count, the means and M2 of x and of y and the
 * co-moment cXY = Σ(x − x̄)(y − ȳ), each a double-double (`meanX + meanXLo`, …, `cXY + cXYLo`).
 */
export interface PairSummaryJSON {
  format: typeof PAIR_SUMMARY_FORMAT;
  version: typeof PAIR_SUMMARY_VERSION;
  count: number;
  meanX: number;
  meanXLo: number;
  meanY: number;
  meanYLo: number;
  m2X: number;
  m2XLo: number;
  m2Y: number;
  m2YLo: number;
  cXY: number;
  cXYLo: number;
  omitted: number;
}

const KEYS: ReadonlyArray<keyof PairSummaryJSON> = [
  "format",
  "version",
  "count",
  "meanX",
  "meanXLo",
  "meanY",
  "meanYLo",
  "m2X",
  "m2XLo",
  "m2Y",
  "m2YLo",
  "cXY",
  "cXYLo",
  "omitted",
];

function bad(field: string, message: string): never {
  throw new BatchStatsError("E_BAD_SUMMARY", `invalid pair summary: ${field} ${message}`, { field });
}

function finiteNumber(obj: Record<string, unknown>, field: string): number {
  const v = obj[field];
  if (typeof v !== "number" || !Number.isFinite(v)) bad(field, `must be a finite number, got ${describeValue(v)}`);
  return v;
}

function countField(obj: Record<string, unknown>, field: string): number {
  const v = obj[field];
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) {
    bad(field, `must be a non-negative integer, got ${describeValue(v)}`);
  }
  return v;
}

function lowPart(obj: Record<string, unknown>, field: string, hi: number): number {
  const lo = finiteNumber(obj, field);
  if (hi + lo !== hi) bad(field, `must be smaller than half an ulp of its high part (${hi}), got ${lo}`);
  return lo;
}

function isArraySafe(value: unknown): boolean {
  try {
    return Array.isArray(value);
  } catch {
    return false;
  }
}

function readOwnFields(value: Record<string, unknown>): Record<string, unknown> {
  const copy = Object.create(null) as Record<string, unknown>;
  let key = "";
  try {
    for (key of Object.keys(value)) copy[key] = value[key];
  } catch (error) {
    throw new BatchStatsError(
      "E_BAD_SUMMARY",
      `invalid pair summary: ${key === "" ? "its fields" : key} could not be read (${errorText(error)})`,
      key === "" ? {} : { field: key },
    );
  }
  return copy;
}

/** Cauchy–Schwarz with room for the roundings of the kernel and merges: |r| ≤ 1 + 2^-40. */
const CORRELATION_SLACK = 1 + 2 ** -40;

/**
 * |c| / √(m2x·m2y), formed in units where nothing over- or underflows (0 when c is 0; Infinity
 * when c ≠ 0 and an M2 is 0). @internal
 */
export function correlationBound(c: number, m2x: number, m2y: number): number {
  if (c === 0) return 0;
  if (m2x === 0 || m2y === 0) return Infinity;
  return Math.abs(c) / Math.sqrt(m2x) / Math.sqrt(m2y);
}

/** Validates untrusted JSON (a string or a parsed value) field by field. @internal */
export function parsePairSummaryJSON(input: unknown): PairSummaryJSON {
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new BatchStatsError("E_BAD_SUMMARY", `invalid pair summary: not JSON (${(error as Error).message})`);
    }
  }
  if (typeof value !== "object" || value === null || isArraySafe(value)) {
    throw new BatchStatsError("E_BAD_SUMMARY", `invalid pair summary: expected an object, got ${describeValue(value)}`);
  }
  const obj = readOwnFields(value as Record<string, unknown>);
  for (const key of Object.keys(obj)) {
    if (!(KEYS as readonly string[]).includes(key)) bad(key, "is not a field of a pair summary");
  }
  for (const key of KEYS) {
    if (!(key in obj)) bad(key, "is missing");
  }
  if (obj.format !== PAIR_SUMMARY_FORMAT) {
    bad("format", `must be "${PAIR_SUMMARY_FORMAT}", got ${describeValue(obj.format)}`);
  }
  if (obj.version !== PAIR_SUMMARY_VERSION) {
    bad(
      "version",
      `${describeValue(obj.version)} is not supported (this version of batchstats reads version ${PAIR_SUMMARY_VERSION})`,
    );
  }
  const count = countField(obj, "count");
  const meanX = finiteNumber(obj, "meanX");
  const meanXLo = lowPart(obj, "meanXLo", meanX);
  const meanY = finiteNumber(obj, "meanY");
  const meanYLo = lowPart(obj, "meanYLo", meanY);
  const m2X = finiteNumber(obj, "m2X");
  const m2XLo = lowPart(obj, "m2XLo", m2X);
  const m2Y = finiteNumber(obj, "m2Y");
  const m2YLo = lowPart(obj, "m2YLo", m2Y);
  const cXY = finiteNumber(obj, "cXY");
  const cXYLo = lowPart(obj, "cXYLo", cXY);
  const omitted = countField(obj, "omitted");
  if (m2X < 0 || (m2X === 0 && m2XLo < 0)) bad("m2X", `must be non-negative, got ${m2X}`);
  if (m2Y < 0 || (m2Y === 0 && m2YLo < 0)) bad("m2Y", `must be non-negative, got ${m2Y}`);
  if (count === 0 && (meanX !== 0 || meanXLo !== 0 || meanY !== 0 || meanYLo !== 0 || m2X !== 0 || m2Y !== 0)) {
    bad("count", "is 0 but a mean or M2 is not 0");
  }
  if (count <= 1 && (m2X !== 0 || m2XLo !== 0)) bad("m2X", `must be 0 for a single pair, got ${m2X}`);
  if (count <= 1 && (m2Y !== 0 || m2YLo !== 0)) bad("m2Y", `must be 0 for a single pair, got ${m2Y}`);
  if (!(correlationBound(cXY, m2X, m2Y) <= CORRELATION_SLACK)) {
    bad("cXY", `must satisfy |cXY| ≤ √(m2X·m2Y) (Cauchy–Schwarz), got ${cXY} with m2X ${m2X}, m2Y ${m2Y}`);
  }
  return {
    format: PAIR_SUMMARY_FORMAT,
    version: PAIR_SUMMARY_VERSION,
    count,
    meanX,
    meanXLo,
    meanY,
    meanYLo,
    m2X,
    m2XLo,
    m2Y,
    m2YLo,
    cXY,
    cXYLo,
    omitted,
  };
}
