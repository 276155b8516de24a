import type { LiftResult } from "../effect/lift.js";
import { percent, probability, sig6 } from "./number-format.js";

/** A lift as a signed percentage with 6 significant digits (0.0841584 → "+8.41584%"). */
export function liftPercent(x: number): string {
  if (x === Infinity) return "∞";
  if (x === -Infinity) return "−∞";
  return `${x > 0 ? "+" : ""}${sig6(x * 100)}%`;
}

/** The confidence set of a lift in words, as `intervalKind` reads it. */
function liftSet(r: LiftResult): string {
  const [lo, hi] = r.confidenceInterval;
  switch (r.intervalKind) {
    case "bounded":
    case "half-line":
      return `[${liftPercent(lo)}, ${liftPercent(hi)}]`;
    case "exclusive":
      return `(−∞, ${liftPercent(lo)}] ∪ [${liftPercent(hi)}, ∞) (the control mean is not significantly non-zero)`;
    case "unbounded":
      return "the whole line (the control mean is not significantly non-zero)";
    case "empty":
      return "empty (no lift at this level)";
  }
}

/**
 * The lift lines of `batchstats ttest --lift`:
 *
 *     lift (mean(a) − mean(b)) / |mean(b)| = +8.41584%, standard error 2.42612% (delta method)
 *     95% confidence interval for the lift: [+1.33545%, +15.4962%]
 *     p-value of lift = 0: 0.0308968
 *
 * @example
 * ```ts
 * console.log(liftReport(lift(a, b)));
 * ```
 */
export function liftReport(r: LiftResult): string {
  const method = r.method === "delta" ? "delta method" : "Fieller";
  return [
    `  lift (mean(a) − mean(b)) / |mean(b)| = ${liftPercent(r.estimate)}, standard error ${sig6(r.stderr * 100)}% (${method})`,
    `  ${percent(r.confidenceLevel)} confidence interval for the lift: ${liftSet(r)}`,
    `  p-value of lift = 0: ${probability(r.pValue, r.log10PValue)}`,
  ].join("\n");
}
