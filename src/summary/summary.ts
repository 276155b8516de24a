import { type DD, ddDiv, ddDivNumber, ddSqrt, ddToNumber, twoProduct } from "../ddouble.js";
import { BatchStatsError } from "../errors.js";
import { describeValue, errorText } from "../options.js";
import { parseSummaryJSON, type SummaryJSON, SUMMARY_FORMAT, SUMMARY_VERSION } from "./summary-json.js";

/**
 * The contribution bounds of a summary made with `summarize(values, { clip: [lo, hi] })`:
 * every value it holds lies in [lo, hi] (values outside were clamped to the nearer bound), and
 * `clipped` says how many were clamped. Merging takes the hull of the bounds (the merged
 * values all lie in [min lo, max hi]) and adds the clipped counts; a merge with a non-empty
 * summary that has no bounds has none.
 */
export interface SummaryClip {
  readonly lo: number;
  readonly hi: number;
  readonly clipped: number;
}

/** The key only this module holds: the constructor refuses to run without it. */
const CREATE = Symbol("batchstats.createSummary");
/** The constructor, for this module's factories (set once, when the class is defined). */
let create: (count: number, mean: DD, m2: DD, omitted: number, clip: SummaryClip | undefined) => Summary;
/** Marks summaries of every copy of batchstats in a process (a registered symbol, shared across builds). */
const BRAND = Symbol.for("batchstats.Summary");
/** True for the summaries this copy made (each validated when it was made); set once, with the class. */
let isGenuine: (value: unknown) => boolean;

/**
 * The summary of a batch of values: count, mean and M2 (the sum of squared deviations from
 * the mean), enough to merge batches exactly and to run t-tests. Immutable and JSON-safe.
 *
 * The mean and M2 are each carried as a double-double (`mean + meanLo`, `m2 + m2Lo`), so
 * merging any number of batches in any order adds only roundings of order ε² (ε = 2^-52): a
 * merged summary is as accurate as the one-shot summary of all the raw values. What holds, as
 * measured by `scripts/studies/merge-vs-oneshot.mjs` (docs/accuracy.md): on integer and 0/1
 * data both are exact and agree bit for bit; otherwise their means differ by at most
 * ulp(mean) + 1.6·ε·sd (at most 2 ulps when |mean| ≥ sd) and `variance()` by at most 3 ulps.
 * A batch's M2 is one double per 2048-value chunk of the kernel, so `m2Lo` is 0 for batches of
 * up to 2048 values.
 *
 * @example
 * ```ts
 * import { summarize, merge } from "batchstats";
 * const a = summarize([1, 2, 3]);
 * const b = summarize([4, 5]);
 * const all = merge(a, b);
 * all.count;      // => 5
 * all.mean;       // => 3
 * all.variance(); // => 2.5
 * ```
 */
export class Summary {
  /** Number of values summarized (NaNs skipped with `nan: "omit"` are not counted). */
  readonly count: number;
  /** The mean, rounded to a double (NaN for an empty summary). */
  readonly mean: number;
  /** Low-order part of the mean: the exact mean is `mean + meanLo` (|meanLo| ≤ ulp(mean)/2). */
  readonly meanLo: number;
  /** M2 = Σ(x − mean)², rounded to a double. */
  readonly m2: number;
  /** Low-order part of M2: M2 is `m2 + m2Lo`. */
  readonly m2Lo: number;
  /** How many NaNs were skipped (`nan: "omit"`), summed over merged summaries. */
  readonly omitted: number;
  /**
   * The clipping bounds and the number of values clamped, for a summary made with `clip`
   * (see `SummaryClip`); undefined otherwise.
   *
   * @example
   * ```ts
   * summarize([1, 5, 12], { clip: [0, 10] }).clip; // => { lo: 0, hi: 10, clipped: 1 }
   * summarize([1, 5, 12]).clip; // => undefined
   * ```
   */
  readonly clip: SummaryClip | undefined;

  /** Only this module creates summaries (`makeSummary`), so every Summary has been validated. */
  private constructor(key: symbol, count: number, mean: DD, m2: DD, omitted: number, clip: SummaryClip | undefined) {
    if (key !== CREATE) {
      throw new BatchStatsError(
        "E_BAD_ARGUMENT",
        "a Summary cannot be constructed directly: use summarize, merge, fromMoments, fromSums or Summary.fromJSON",
        { field: "Summary" },
      );
    }
    this.count = count;
    if (count === 0) {
      this.mean = Number.NaN;
      this.meanLo = 0;
      this.m2 = 0;
      this.m2Lo = 0;
    } else {
      this.mean = mean.hi === 0 ? 0 : mean.hi; // no -0: JSON would not round-trip it
      this.meanLo = mean.lo === 0 ? 0 : mean.lo;
      this.m2 = m2.hi === 0 ? 0 : m2.hi;
      this.m2Lo = m2.lo === 0 ? 0 : m2.lo;
    }
    this.omitted = omitted;
    this.clip = clip;
    Object.freeze(this);
  }

  /**
   * True for every summary made by batchstats — by this copy of the package or by another one
   * in the same process (its CommonJS and ESM builds, or two installed versions) — so
   * `x instanceof Summary` holds across builds. Functions that take a summary revalidate one
   * from another copy field by field before use.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    return isGenuine(value) || hasSummaryBrand(value);
  }

  /** Only the constructor adds this field, so `#made in x` cannot be forged (a cheap, exact brand check). */
  readonly #made = true;

  static {
    create = (count, mean, m2, omitted, clip) => new Summary(CREATE, count, mean, m2, omitted, clip);
    isGenuine = (value) => typeof value === "object" && value !== null && #made in value;
    Object.defineProperty(Summary.prototype, BRAND, { value: true });
  }

  /** The empty summary: the identity of `merge`. */
  static empty(): Summary {
    return EMPTY;
  }

  /** @internal The mean as a double-double. */
  meanDD(): DD {
    return { hi: this.mean, lo: this.meanLo };
  }

  /** @internal M2 as a double-double. */
  m2DD(): DD {
    return { hi: this.m2, lo: this.m2Lo };
  }

  private requireMoreThan(ddof: number, what: string): void {
    if (!Number.isInteger(ddof) || ddof < 0) {
      throw new BatchStatsError("E_BAD_ARGUMENT", `ddof must be a non-negative integer, got ${describeValue(ddof)}`, {
        field: "ddof",
      });
    }
    if (this.count <= ddof) {
      throw new BatchStatsError(
        "E_TOO_FEW",
        `${what} with ddof = ${ddof} needs more than ${ddof} value(s); this summary has ${this.count}`,
        { field: "count" },
      );
    }
  }

  /**
   * The variance M2 / (count − ddof), correctly rounded from the double-double M2.
   * Throws `E_TOO_FEW` when count ≤ ddof.
   *
   * @example
   * ```ts
   * summarize([2, 4, 4, 4, 5, 5, 7, 9]).variance(0); // => 4
   * ```
   */
  variance(ddof = 1): number {
    this.requireMoreThan(ddof, "variance");
    return ddToNumber(ddDivNumber(this.m2DD(), this.count - ddof));
  }

  /**
   * The standard deviation sqrt(M2 / (count − ddof)).
   *
   * @example
   * ```ts
   * summarize([2, 4, 4, 4, 5, 5, 7, 9]).std(0); // => 2
   * ```
   */
  std(ddof = 1): number {
    this.requireMoreThan(ddof, "std");
    return ddToNumber(ddSqrt(ddDivNumber(this.m2DD(), this.count - ddof)));
  }

  /**
   * The standard error of the mean, std(1) / sqrt(count).
   *
   * @example
   * ```ts
   * summarize([1, 2, 3, 4]).sem(); // => 0.6454972243679028
   * ```
   */
  sem(): number {
    this.requireMoreThan(1, "sem");
    const n = this.count;
    return ddToNumber(ddSqrt(ddDiv(this.m2DD(), twoProduct(n, n - 1))));
  }

  /**
   * The versioned JSON form (bit-exact round trip through `JSON.stringify` and `fromJSON`).
   * Throws `E_NOT_FINITE` for a NaN summary made with `nan: "propagate"`.
   *
   * @example
   * ```ts
   * JSON.stringify(summarize([1, 2, 3]));
   * // => '{"format":"batchstats.summary","version":1,"count":3,"mean":2,"meanLo":0,"m2":2,"m2Lo":0,"omitted":0}'
   * ```
   */
  toJSON(): SummaryJSON {
    if (this.count > 0 && (!Number.isFinite(this.mean) || !Number.isFinite(this.m2))) {
      throw new BatchStatsError(
        "E_NOT_FINITE",
        "a summary with NaN statistics (made with nan: 'propagate') cannot be serialised",
        { field: Number.isFinite(this.mean) ? "m2" : "mean" },
      );
    }
    return jsonFields(this);
  }

  /**
   * Rebuilds a summary from its JSON form (a string or a parsed object), treating the input as
   * untrusted: every field is checked, unknown or missing keys, wrong types, negative or
   * fractional counts, negative or NaN M2 and unknown versions throw `E_BAD_SUMMARY` naming
   * the field. Never returns a half-built summary.
   *
   * @example
   * ```ts
   * const s = Summary.fromJSON('{"format":"batchstats.summary","version":1,"count":3,"mean":2,"meanLo":0,"m2":2,"m2Lo":0,"omitted":0}');
   * s.variance(); // => 1
   * ```
   */
  static fromJSON(value: unknown): Summary {
    if (hasSummaryBrand(value)) return asSummary(value) as Summary;
    const v = parseSummaryJSON(value);
    const clip = v.clipLo === undefined ? undefined : clipRecord(v.clipLo, v.clipHi as number, v.clipped as number);
    return create(v.count, { hi: v.mean, lo: v.meanLo }, { hi: v.m2, lo: v.m2Lo }, v.omitted, clip);
  }
}

const EMPTY = create(0, { hi: 0, lo: 0 }, { hi: 0, lo: 0 }, 0, undefined);

/** A frozen clip record (no -0: JSON would not round-trip it). @internal */
export function clipRecord(lo: number, hi: number, clipped: number): SummaryClip {
  return Object.freeze({ lo: lo === 0 ? 0 : lo, hi: hi === 0 ? 0 : hi, clipped });
}

/**
 * Creates a summary after checking what merging and scaling can break: a count or omitted count
 * past 2^53 and an M2 or mean beyond the double range are `E_OVERFLOW`, naming the field; a
 * negative M2 is a bug of the caller. @internal
 */
export function makeSummary(
  count: number,
  mean: DD,
  m2: DD,
  omitted = 0,
  clip: SummaryClip | undefined = undefined,
): Summary {
  if (!Number.isSafeInteger(count)) {
    throw new BatchStatsError("E_OVERFLOW", `the count (${count}) is past 2^53, where integers stop being exact`, {
      field: "count",
    });
  }
  if (!Number.isSafeInteger(omitted)) {
    throw new BatchStatsError("E_OVERFLOW", `the omitted count (${omitted}) is past 2^53`, { field: "omitted" });
  }
  if (count > 0) {
    if (!Number.isFinite(mean.hi) || !Number.isFinite(mean.lo)) {
      throw new BatchStatsError("E_OVERFLOW", "the mean is beyond the double range", { field: "mean" });
    }
    if (!Number.isFinite(m2.hi) || !Number.isFinite(m2.lo)) {
      throw new BatchStatsError(
        "E_OVERFLOW",
        "M2, the sum of squared deviations, is beyond the double range (about 1.8e308)",
        { field: "m2" },
      );
    }
  }
  if (clip !== undefined && clip.clipped > count) {
    throw new BatchStatsError("E_OVERFLOW", `the clipped count (${clip.clipped}) exceeds the count`, {
      field: "clipped",
    });
  }
  return create(count, mean, m2, omitted, clip);
}

/** @internal A summary of `count` values all NaN-propagated (nan: "propagate"). */
export function nanSummary(count: number, omitted = 0): Summary {
  return create(count, { hi: Number.NaN, lo: 0 }, { hi: Number.NaN, lo: 0 }, omitted, undefined);
}

/**
 * The JSON fields of a summary's statistics, read once each from `v` (a Summary of this copy or
 * of another one), in the order `toJSON` writes them; the clip fields only when it has bounds.
 */
function jsonFields(v: Summary): SummaryJSON {
  const fields: SummaryJSON = {
    format: SUMMARY_FORMAT,
    version: SUMMARY_VERSION,
    count: v.count,
    mean: v.count === 0 ? 0 : v.mean,
    meanLo: v.meanLo,
    m2: v.m2,
    m2Lo: v.m2Lo,
    omitted: v.omitted,
  };
  const clip = v.clip;
  if (clip !== undefined) {
    fields.clipLo = clip.lo;
    fields.clipHi = clip.hi;
    fields.clipped = clip.clipped;
  }
  return fields;
}

function hasSummaryBrand(value: unknown): boolean {
  try {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  } catch {
    return false; // a Proxy whose trap throws is not a summary
  }
}

/**
 * The summary `value` is, or undefined when it is not one: a Summary of this copy of batchstats
 * as it is; one made by another copy (the other of the CommonJS and ESM builds, or another
 * version) is read field by field, validated as `fromJSON` does, and rebuilt here — an object
 * that only looks like a summary (a forged prototype) throws `E_BAD_SUMMARY`. @internal
 */
export function asSummary(value: unknown, field = "summary"): Summary | undefined {
  if (isGenuine(value)) return value as Summary;
  if (!hasSummaryBrand(value)) return undefined;
  let fields: SummaryJSON;
  try {
    fields = jsonFields(value as Summary); // another copy's summary: its fields are read, then validated
  } catch (error) {
    throw new BatchStatsError("E_BAD_SUMMARY", `${field}: its fields could not be read (${errorText(error)})`, {
      field,
    });
  }
  const count = fields.count;
  if (typeof count === "number" && Number.isSafeInteger(count) && count > 0) {
    if (Number.isNaN(fields.mean) || Number.isNaN(fields.m2)) return nanSummary(count);
  }
  try {
    return Summary.fromJSON(fields);
  } catch (error) {
    if (!(error instanceof BatchStatsError)) throw error;
    throw new BatchStatsError(error.code, `${field}: ${error.message}`, { field: `${field}.${error.field ?? ""}` });
  }
}

/** True for a summary made by this copy of batchstats (validated when it was made). @internal */
export function isOwnSummary(value: unknown): value is Summary {
  return isGenuine(value);
}

/**
 * `asSummary`, or `E_BAD_ARGUMENT` naming `field` when `value` is not a summary at all. @internal
 */
export function requireSummary(value: unknown, field: string, hint = ""): Summary {
  const summary = asSummary(value, field);
  if (summary === undefined) {
    throw new BatchStatsError("E_BAD_ARGUMENT", `${field} is not a Summary${hint}`, { field });
  }
  return summary;
}
