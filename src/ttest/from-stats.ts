import { dd, ddMulNumber, exponentOf, scaleByPow2, twoProduct } from "../ddouble.js";
import { BatchStatsError } from "../errors.js";
import { describeValue } from "../options.js";
import type { NanPolicy } from "../summary/input.js";
import { resolveTTestOptions, type TTestOptions } from "./options.js";
import type { TTestResult } from "./result.js";
import type { Arm } from "./sample.js";
import { twoSampleTest } from "./two-sample.js";

/** One sample described by its mean, standard deviation (denominator count − 1) and count. */
export interface SampleStats {
  /** The sample mean. */
  mean: number;
  /** The sample standard deviation with ddof = 1 (non-negative; ignored when count is 1). */
  std: number;
  /** The number of values (a positive safe integer). */
  count: number;
}

function bad(field: string, message: string): never {
  throw new BatchStatsError("E_BAD_SUMMARY", `${field} ${message}`, { field });
}

/** A non-finite mean or std: null (NaN result) with nan: "propagate", else E_NAN / E_INFINITE. */
function nonFinite(value: number, field: string, nan: NanPolicy): null {
  if (nan === "propagate") return null;
  const code = Number.isNaN(value) ? "E_NAN" : "E_INFINITE";
  throw new BatchStatsError(code, `${field} is ${value} (pass nan: "propagate" to get a NaN result)`, { field });
}

/** Validates {mean, std, count} and forms M2 = std²·(count − 1) exactly. */
function armFromStats(stats: unknown, name: string, nan: NanPolicy): Arm | null {
  if (typeof stats !== "object" || stats === null) bad(name, "must be an object { mean, std, count }");
  const s = stats as Record<string, unknown>;
  const { mean, std, count } = s;
  if (typeof count !== "number" || !Number.isSafeInteger(count) || count < 0) {
    bad(`${name}.count`, `must be a non-negative safe integer, got ${describeValue(count)}`);
  }
  if (typeof mean !== "number") bad(`${name}.mean`, `must be a number, got ${typeof mean}`);
  if (typeof std !== "number") bad(`${name}.std`, `must be a number, got ${typeof std}`);
  if (std < 0) bad(`${name}.std`, `must be non-negative, got ${std} (scipy would silently use |std|)`);
  if (!Number.isFinite(mean)) return nonFinite(mean, `${name}.mean`, nan);
  // The sd of a single value is undefined (R: NA, numpy: nan) and has weight count − 1 = 0.
  if (count <= 1) return { count, mean: dd(mean), m2: dd(0), m2Exp: 0 };
  if (!Number.isFinite(std)) return nonFinite(std, `${name}.std`, nan);
  if (std === 0) return { count, mean: dd(mean), m2: dd(0), m2Exp: 0 };
  // M2 = std²·(count − 1) in units of 4^e, with std·2^-e in [1, 2): never over- or underflows.
  const e = exponentOf(std);
  const unit = scaleByPow2(std, -e);
  return { count, mean: dd(mean), m2: ddMulNumber(twoProduct(unit, unit), count - 1), m2Exp: e };
}

/**
 * Two-sample t-test from (mean, std, count) of each sample, like scipy's `ttest_ind_from_stats`
 * (std with ddof = 1). The inputs are taken as exact: std² and the mean difference are formed in
 * double-double arithmetic. Same options, result and errors as `ttest`; in addition
 * `E_BAD_SUMMARY` (field e.g. `"a.std"`) for a negative std, a non-integer count or a
 * non-number, where scipy silently uses |std| or returns NaN.
 *
 * Method: as `ttest`.
 *
 * @example
 * ```ts
 * import { ttestFromStats } from "batchstats";
 * const r = ttestFromStats(
 *   { mean: 5.5, std: 3.0276503540974917, count: 10 },
 *   { mean: 13.5, std: 4.183300132670378, count: 14 },
 * );
 * r.statistic; // => -5.4349297638940595
 * r.df;        // => 21.982212340188998
 * r.pValue;    // => 0.0000185528183251181
 * ```
 */
export function ttestFromStats(a: SampleStats, b: SampleStats, options?: TTestOptions): TTestResult {
  const o = resolveTTestOptions(options, true);
  const armA = armFromStats(a, "a", o.nan);
  const armB = armFromStats(b, "b", o.nan);
  return twoSampleTest(armA, armB, o, ["a.count", "b.count"]);
}
