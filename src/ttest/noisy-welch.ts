import { dd, ddDivNumber, ddSqrt, ddSub, ddToNumber, exponentOf, scaleByPow2 } from "../ddouble.js";
import { BatchStatsError } from "../errors.js";
import { normalQuantile } from "../distributions/normal-quantile.js";
import { inference } from "./inference.js";
import type { ResolvedTTestOptions } from "./options.js";
import type { TTestResult } from "./result.js";
import type { Arm } from "./sample.js";

/** Degrees of freedom are capped here (all-noise standard errors would give ∞). */
const MAX_DF = 1e12;

/**
 * The factor by which a Laplace noise variance is multiplied so that a normal quantile covers
 * it at two-sided tail probability α: the Laplace law of variance 1 has P(|X| > x) =
 * exp(−√2·x), so k² = (ln(1/α) / (√2·z_{1−α/2}))², at least 1 (1.17 at α = 0.05). Applied to
 * the noise part only, this is conservative for the sum of a normal and a Laplace term. @internal
 */
export function laplaceInflation(alpha: number): number {
  if (!(alpha > 0 && alpha < 1)) return 1;
  const z = normalQuantile(1 - alpha / 2);
  const k = Math.log(1 / alpha) / (Math.SQRT2 * z);
  return k > 1 ? k * k : 1;
}

/**
 * Welch's test when an arm carries release noise (a `PrivateSummary`): se² = s²a/na + s²b/nb +
 * noise variances of both means; ν by Satterthwaite over the two sampling parts with their own
 * degrees of freedom (the noise parts are known variances: infinite degrees of freedom), capped
 * at 1e12. @internal
 */
export function noisyWelch(a: Arm, b: Arm, o: ResolvedTTestOptions, names: [string, string]): TTestResult {
  if (o.equalVar) {
    throw new BatchStatsError(
      "E_BAD_ARGUMENT",
      "Student's pooled t-test is not offered on private summaries (their noise differs): use Welch's (the default)",
      { field: "options.equalVar" },
    );
  }
  for (const [arm, name] of [
    [a, names[0]],
    [b, names[1]],
  ] as const) {
    if (arm.count < 2) {
      throw new BatchStatsError(
        "E_TOO_FEW",
        `Welch's t-test needs at least 2 values in each sample; ${name} has ${arm.count}`,
        {
          field: name,
        },
      );
    }
  }
  const va = ddToNumber(ddDivNumber(ddDivNumber(a.m2, a.count), a.count - 1)) * 4 ** a.m2Exp;
  const vb = ddToNumber(ddDivNumber(ddDivNumber(b.m2, b.count), b.count - 1)) * 4 ** b.m2Exp;
  const dfa = a.noise?.df ?? a.count - 1;
  const dfb = b.noise?.df ?? b.count - 1;
  const se2 = va + vb + (a.noise?.variance ?? 0) + (b.noise?.variance ?? 0);
  if (!(se2 > 0)) {
    throw new BatchStatsError("E_ZERO_VARIANCE", "the standard error is 0", { field: "variance" });
  }
  if (!Number.isFinite(se2)) {
    throw new BatchStatsError("E_OVERFLOW", "the standard error is beyond the double range", { field: "stderr" });
  }
  const sampling = (va / se2) ** 2 / dfa + (vb / se2) ** 2 / dfb;
  const df = sampling > 1 / MAX_DF ? 1 / sampling : MAX_DF;
  const unit = Math.floor(exponentOf(se2) / 2);
  const stderr = ddSqrt(dd(scaleByPow2(se2, -2 * unit)));
  return inference("welch", ddSub(a.mean, b.mean), o, { stderr, unit, df });
}
