import { ddAdd, ddDiv, ddMulNumber, ddScale, ddSqrt, ddSub, exponentOf, twoProduct } from "../ddouble.js";
import { BatchStatsError } from "../errors.js";
import { inference, nanResult } from "./inference.js";
import type { ResolvedTTestOptions } from "./options.js";
import type { TTestResult } from "./result.js";
import { noisyWelch } from "./noisy-welch.js";
import type { Arm } from "./sample.js";

function tooFew(field: string, message: string): never {
  throw new BatchStatsError("E_TOO_FEW", message, { field });
}

/** Both variances zero: the statistic is ±∞ or 0/0; refused rather than reported as p = 0 or NaN. */
export function zeroVariance(what: string): never {
  throw new BatchStatsError(
    "E_ZERO_VARIANCE",
    `${what} zero variance (all values equal), so the standard error is 0 and the t statistic is undefined`,
    { field: "variance" },
  );
}

/**
 * Welch's or Student's two-sample t-test on two arms.
 *
 * Method:
 * - Welch (1947): se² = s²a/na + s²b/nb; ν = se⁴ / ((s²a/na)²/(na − 1) + (s²b/nb)²/(nb − 1))
 *   (Satterthwaite 1946), evaluated as 1/(ra²/(na − 1) + rb²/(nb − 1)) with r = (s²/n)/se² so
 *   that nothing over- or underflows.
 * - Student: pooled s²p = (M2a + M2b)/(na + nb − 2), se² = s²p·(1/na + 1/nb), ν = na + nb − 2.
 * - The mean difference and se² are formed from the double-double moments, so the statistic is
 *   exact where R and scipy lose digits (means ≈ 1e9 with sd 1e-3).
 * - se² is formed in units of 2^k chosen from the larger M2 (scaling by a power of two is
 *   exact), so t, p and df are the same for data scaled by any 2^k, and nothing over- or
 *   underflows on the way for M2 anywhere in the double range.
 * `names` label errors: ["a", "b"] or ["a.count", "b.count"]-style prefixes.
 * @internal
 */
export function twoSampleTest(
  a: Arm | null,
  b: Arm | null,
  o: ResolvedTTestOptions,
  names: [string, string],
): TTestResult {
  const method = o.equalVar ? "student" : "welch";
  if (a === null || b === null) return nanResult(method, o);
  if (a.noise !== undefined || b.noise !== undefined) return noisyWelch(a, b, o, names);
  const na = a.count;
  const nb = b.count;
  const estimate = ddSub(a.mean, b.mean);
  if (o.equalVar) {
    if (na < 1) tooFew(names[0], `Student's t-test needs at least 1 value in each sample; ${names[0]} is empty`);
    if (nb < 1) tooFew(names[1], `Student's t-test needs at least 1 value in each sample; ${names[1]} is empty`);
    if (na + nb < 3) {
      tooFew(names[1], "Student's t-test needs at least 3 values in all (df = na + nb − 2 ≥ 1); there are 2");
    }
  } else {
    if (na < 2) tooFew(names[0], `Welch's t-test needs at least 2 values in each sample; ${names[0]} has ${na}`);
    if (nb < 2) tooFew(names[1], `Welch's t-test needs at least 2 values in each sample; ${names[1]} has ${nb}`);
  }
  if (a.m2.hi === 0 && b.m2.hi === 0) zeroVariance("both samples have");
  // In units of 2^unit, where the larger M2 is in [1, 4): nothing below over- or underflows.
  const unit = Math.max(halfExponent(a), halfExponent(b));
  const m2a = ddScale(a.m2, 2 * (a.m2Exp - unit));
  const m2b = ddScale(b.m2, 2 * (b.m2Exp - unit));
  if (o.equalVar) {
    const m2 = ddAdd(m2a, m2b);
    const df = na + nb - 2;
    const se2 = ddDiv(ddMulNumber(m2, na + nb), ddMulNumber(twoProduct(na, nb), df));
    return inference(method, estimate, o, { stderr: ddSqrt(se2), unit, df });
  }
  const va = ddDiv(m2a, twoProduct(na, na - 1)); // s²a / na
  const vb = ddDiv(m2b, twoProduct(nb, nb - 1));
  const se2 = ddAdd(va, vb);
  const ra = va.hi / se2.hi;
  const rb = vb.hi / se2.hi;
  const df = 1 / ((ra * ra) / (na - 1) + (rb * rb) / (nb - 1));
  return inference(method, estimate, o, { stderr: ddSqrt(se2), unit, df });
}

/** The binary exponent of √M2 of an arm (−Infinity when M2 is 0). @internal */
export function halfExponent(arm: Arm): number {
  return arm.m2.hi === 0 ? -Infinity : arm.m2Exp + Math.floor(exponentOf(arm.m2.hi) / 2);
}
