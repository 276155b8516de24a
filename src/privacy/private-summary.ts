import { BatchStatsError } from "../errors.js";
import { describeValue } from "../options.js";
import { type NoisyArm, noisyArm } from "./noisy-arm.js";
import { NOISY_ARM } from "./noisy-sample.js";

/**
 * The `format` tag of a serialised private summary.
 *
 * @example
 * ```ts
 * import { PRIVATE_SUMMARY_FORMAT } from "batchstats";
 * PRIVATE_SUMMARY_FORMAT; // => "batchstats.privateSummary"
 * ```
 */
export const PRIVATE_SUMMARY_FORMAT = "batchstats.privateSummary";
const PRIVATE_SUMMARY_VERSION = 1;

/** How the noise of a private summary was drawn. */
export type NoiseMechanism = "gaussian" | "laplace";

/** The JSON form of a `PrivateSummary` (all of its fields; the estimates are derived on reading). */
export interface PrivateSummaryJSON {
  format: typeof PRIVATE_SUMMARY_FORMAT;
  version: typeof PRIVATE_SUMMARY_VERSION;
  bounds: [number, number];
  maxContributions: number;
  mechanism: NoiseMechanism;
  privacy: { rho: number } | { epsilon: number };
  count: number;
  sum: number;
  sumSquares: number;
  countNoiseVariance: number;
  sumNoiseVariance: number;
  sumSquaresNoiseVariance: number;
}

const KEYS: ReadonlyArray<keyof PrivateSummaryJSON> = [
  "format",
  "version",
  "bounds",
  "maxContributions",
  "mechanism",
  "privacy",
  "count",
  "sum",
  "sumSquares",
  "countNoiseVariance",
  "sumNoiseVariance",
  "sumSquaresNoiseVariance",
];

/** The arm of a private summary for inference (see `noisyArm`), installed on each instance. */
function privateArm(this: PrivateSummary, name: string, laplaceFactor: number): NoisyArm {
  return noisyArm(this, name, laplaceFactor);
}

/**
 * A differentially private release of a summary (made by `privatize`): a noisy count, a noisy
 * sum Σ(x − c) and a noisy sum of squares Σ(x − c)² about the centre c = (lo + hi)/2 of the
 * bounds, with the variance of the noise each carries, and the estimates derived from them
 * (`mean`, `variance()`). Everything here is a release: it may be published, and anything
 * computed from it (`ttest`) is post-processing that costs no further privacy. JSON-safe, with
 * its own format tag (`batchstats.privateSummary`).
 *
 * @example
 * ```ts
 * import { PrivateSummary } from "batchstats";
 * const p = PrivateSummary.fromJSON({
 *   format: "batchstats.privateSummary", version: 1, bounds: [0, 10], maxContributions: 1,
 *   mechanism: "gaussian", privacy: { rho: 0.5 }, count: 1000, sum: 500, sumSquares: 9000,
 *   countNoiseVariance: 4, sumNoiseVariance: 100, sumSquaresNoiseVariance: 2500,
 * });
 * p.mean; // => 5.5
 * p.center; // => 5
 * ```
 */
export class PrivateSummary {
  /** The clipping bounds [lo, hi] the release was made with. */
  readonly bounds: readonly [number, number];
  /** How many values one person may contribute (the sensitivities scale with it). */
  readonly maxContributions: number;
  /** Discrete Gaussian (zCDP) or discrete Laplace (pure ε) noise. */
  readonly mechanism: NoiseMechanism;
  /** What the release cost: `{ rho }` (zCDP) or `{ epsilon }` (pure ε-DP). */
  readonly privacy: Readonly<{ rho: number } | { epsilon: number }>;
  /** The noisy count (an integer; may be ≤ 0 for a tiny group). */
  readonly count: number;
  /** The noisy Σ(x − center). */
  readonly sum: number;
  /** The noisy Σ(x − center)². */
  readonly sumSquares: number;
  /** The variance of the noise added to the count. */
  readonly countNoiseVariance: number;
  /** The variance of the noise added to the sum. */
  readonly sumNoiseVariance: number;
  /** The variance of the noise in `sumSquares` (its own noise and that of the count, r²/2 times). */
  readonly sumSquaresNoiseVariance: number;
  /** The centre (lo + hi)/2 of the bounds, about which the sums are taken. */
  readonly center: number;
  /** The half-width r = (hi − lo)/2 of the bounds. */
  readonly halfWidth: number;
  /**
   * The mean estimate center + sum/count, clamped to the bounds; `center` when the noisy count
   * is ≤ 0.
   */
  readonly mean: number;

  private constructor(v: PrivateSummaryJSON) {
    this.bounds = Object.freeze([v.bounds[0], v.bounds[1]] as const);
    this.maxContributions = v.maxContributions;
    this.mechanism = v.mechanism;
    this.privacy = Object.freeze({ ...v.privacy });
    this.count = v.count;
    this.sum = v.sum;
    this.sumSquares = v.sumSquares;
    this.countNoiseVariance = v.countNoiseVariance;
    this.sumNoiseVariance = v.sumNoiseVariance;
    this.sumSquaresNoiseVariance = v.sumSquaresNoiseVariance;
    const [lo, hi] = v.bounds;
    this.center = lo / 2 + hi / 2;
    this.halfWidth = hi / 2 - lo / 2;
    this.mean = this.count <= 0 ? this.center : Math.min(hi, Math.max(lo, this.center + this.sum / this.count));
    // The arm inference uses: how `ttest`, `lift` and `bayesTest` recognise a private summary. An own,
    // non-enumerable property rather than a method with a computed key, which a bundler counts as a side
    // effect (it would keep this class in every app).
    Object.defineProperty(this, NOISY_ARM, { value: privateArm });
    Object.freeze(this);
  }

  /** @internal Made by privatize and fromJSON only (fields validated). */
  static make(v: PrivateSummaryJSON): PrivateSummary {
    return new PrivateSummary(v);
  }

  /**
   * The variance estimate (sumSquares − sum²/count)/(count − ddof) of the clipped values,
   * clamped to [0, r²·count/(count − 1)] (r = halfWidth: no values in the bounds have a larger
   * sample variance); a noisy M2 below 0 gives 0, and a noisy count of at most ddof + 1 gives
   * r², the largest value possible. Inference (`ttest`) does not use this plug-in as it is: see
   * docs/privacy.md.
   *
   * @example
   * ```ts
   * import { PrivateSummary } from "batchstats";
   * const p = PrivateSummary.fromJSON({
   *   format: "batchstats.privateSummary", version: 1, bounds: [0, 10], maxContributions: 1,
   *   mechanism: "gaussian", privacy: { rho: 0.5 }, count: 101, sum: 0, sumSquares: 900,
   *   countNoiseVariance: 4, sumNoiseVariance: 100, sumSquaresNoiseVariance: 2500,
   * });
   * p.variance(); // => 9
   * ```
   */
  variance(ddof = 1): number {
    const n = this.count;
    const r2 = this.halfWidth * this.halfWidth;
    if (n <= ddof + 1) return r2;
    const m2 = this.sumSquares - (this.sum * this.sum) / n;
    return Math.min((r2 * n) / (n - 1), Math.max(0, m2 / (n - ddof)));
  }

  /** The JSON form (round trip through `PrivateSummary.fromJSON`). */
  toJSON(): PrivateSummaryJSON {
    return {
      format: PRIVATE_SUMMARY_FORMAT,
      version: PRIVATE_SUMMARY_VERSION,
      bounds: [this.bounds[0], this.bounds[1]],
      maxContributions: this.maxContributions,
      mechanism: this.mechanism,
      privacy: { ...this.privacy } as { rho: number } | { epsilon: number },
      count: this.count,
      sum: this.sum,
      sumSquares: this.sumSquares,
      countNoiseVariance: this.countNoiseVariance,
      sumNoiseVariance: this.sumNoiseVariance,
      sumSquaresNoiseVariance: this.sumSquaresNoiseVariance,
    };
  }

  /**
   * Rebuilds a private summary from its JSON form (string or object), validating every field
   * (`E_BAD_SUMMARY` naming it).
   */
  static fromJSON(value: unknown): PrivateSummary {
    if (value instanceof PrivateSummary) return value;
    return new PrivateSummary(parsePrivateSummaryJSON(value));
  }
}

function bad(field: string, message: string): never {
  throw new BatchStatsError("E_BAD_SUMMARY", `invalid private summary: ${field} ${message}`, { field });
}

function finite(o: Record<string, unknown>, field: string): number {
  const v = o[field];
  if (typeof v !== "number" || !Number.isFinite(v)) bad(field, `must be a finite number, got ${describeValue(v)}`);
  return v;
}

function nonNegative(o: Record<string, unknown>, field: string): number {
  const v = finite(o, field);
  if (v < 0) bad(field, `must be ≥ 0, got ${v}`);
  return v;
}

/** Validates untrusted private-summary JSON field by field. @internal */
export function parsePrivateSummaryJSON(input: unknown): PrivateSummaryJSON {
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new BatchStatsError("E_BAD_SUMMARY", `invalid private summary: not JSON (${(error as Error).message})`);
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new BatchStatsError(
      "E_BAD_SUMMARY",
      `invalid private summary: expected an object, got ${describeValue(value)}`,
    );
  }
  const o: Record<string, unknown> = {};
  try {
    for (const key of Object.keys(value)) o[key] = (value as Record<string, unknown>)[key];
  } catch (error) {
    throw new BatchStatsError(
      "E_BAD_SUMMARY",
      `invalid private summary: its fields could not be read (${String(error)})`,
    );
  }
  for (const key of Object.keys(o)) if (!(KEYS as readonly string[]).includes(key)) bad(key, "is not a field");
  for (const key of KEYS) if (!(key in o)) bad(key, "is missing");
  if (o.format !== PRIVATE_SUMMARY_FORMAT)
    bad("format", `must be "${PRIVATE_SUMMARY_FORMAT}", got ${describeValue(o.format)}`);
  if (o.version !== PRIVATE_SUMMARY_VERSION) bad("version", `${describeValue(o.version)} is not supported`);
  const b = o.bounds;
  if (
    !Array.isArray(b) ||
    b.length !== 2 ||
    typeof b[0] !== "number" ||
    typeof b[1] !== "number" ||
    !Number.isFinite(b[0]) ||
    !Number.isFinite(b[1]) ||
    !(b[0] < b[1])
  ) {
    bad("bounds", "must be [lo, hi], finite numbers with lo < hi");
  }
  const m = o.maxContributions;
  if (typeof m !== "number" || !Number.isSafeInteger(m) || m < 1) bad("maxContributions", "must be an integer ≥ 1");
  if (o.mechanism !== "gaussian" && o.mechanism !== "laplace") bad("mechanism", 'must be "gaussian" or "laplace"');
  const p = o.privacy as Record<string, unknown> | null;
  const keys = typeof p === "object" && p !== null ? Object.keys(p) : [];
  const want = o.mechanism === "gaussian" ? "rho" : "epsilon";
  if (
    keys.length !== 1 ||
    keys[0] !== want ||
    typeof p?.[want] !== "number" ||
    !((p[want] as number) > 0) ||
    !Number.isFinite(p[want])
  ) {
    bad("privacy", `must be { ${want}: a number > 0 } for ${String(o.mechanism)} noise`);
  }
  const count = finite(o, "count");
  if (!Number.isSafeInteger(count)) bad("count", `must be an integer, got ${count}`);
  return {
    format: PRIVATE_SUMMARY_FORMAT,
    version: PRIVATE_SUMMARY_VERSION,
    bounds: [b[0], b[1]],
    maxContributions: m,
    mechanism: o.mechanism,
    privacy: { [want]: p?.[want] } as { rho: number } | { epsilon: number },
    count,
    sum: finite(o, "sum"),
    sumSquares: finite(o, "sumSquares"),
    countNoiseVariance: nonNegative(o, "countNoiseVariance"),
    sumNoiseVariance: nonNegative(o, "sumNoiseVariance"),
    sumSquaresNoiseVariance: nonNegative(o, "sumSquaresNoiseVariance"),
  };
}
