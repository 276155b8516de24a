import type { Summary } from "../summary/summary.js";
import type { TTestResult } from "../ttest/result.js";
import { finiteStd } from "./finite-checks.js";
import { percent, probability, sig6 } from "./number-format.js";

function arm(label: string, file: string, s: Summary): string {
  const sd = s.count > 1 ? sig6(finiteStd(s, file)) : "—";
  return `  ${label} (${file}): n = ${s.count}, mean = ${sig6(s.mean)}, sd = ${sd}`;
}

const METHODS = {
  welch: "Welch two-sample t-test",
  student: "Student two-sample t-test (equal variances)",
  "one-sample": "One-sample t-test",
} as const;

/**
 * The human-readable report of `batchstats ttest`, from a result that passed
 * `requireFiniteTTest` (so no number in it is NaN):
 *
 *   Welch two-sample t-test
 *     a (a.json): n = 50000, mean = 10.0012, sd = 1.99873
 *     b (b.json): n = 30000, mean = 10.0503, sd = 2.49911
 *     t = -2.87161, df = 52113.2, p-value = 0.00408628
 *     alternative hypothesis: mean(a) − mean(b) ≠ 0
 *     mean(a) − mean(b) = -0.0491, standard error 0.0171
 *     95% confidence interval: [-0.0826, -0.0156]
 *
 * Numbers have 6 significant digits, but the p-value and the level have the digits they need
 * (see number-format.ts), and `mu` is printed as given.
 *
 * @example
 * ```ts
 * console.log(ttestReport(requireFiniteTTest(ttest(a, b), "a and b"), ["a.json", "b.json"], a, b, 0));
 * ```
 */
export function ttestReport(r: TTestResult, files: [string, string], a: Summary, b: Summary, mu: number): string {
  const relation = { "two-sided": "≠", less: "<", greater: ">" }[r.alternative];
  return [
    METHODS[r.method],
    arm("a", files[0], a),
    arm("b", files[1], b),
    `  t = ${sig6(r.statistic)}, df = ${sig6(r.df)}, p-value = ${probability(r.pValue, r.log10PValue)}`,
    `  alternative hypothesis: mean(a) − mean(b) ${relation} ${String(mu)}`,
    `  mean(a) − mean(b) = ${sig6(r.estimate)}, standard error ${sig6(r.stderr)}`,
    `  ${percent(r.confidenceLevel)} confidence interval: [${sig6(r.confidenceInterval[0])}, ${sig6(r.confidenceInterval[1])}]`,
  ].join("\n");
}
