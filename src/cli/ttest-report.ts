import type { Summary } from "../summary/summary.js";
import type { TTestResult } from "../ttest/result.js";

/** A number with 6 significant digits, as people read them (`0.0041`, `1.2e-9`, `51234.6`). */
function num(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? "∞" : x < 0 ? "−∞" : "NaN";
  return String(Number(x.toPrecision(6)));
}

/** The p-value, also below the double range, where it is read from log10 p. */
function pValue(r: TTestResult): string {
  if (r.pValue > 0) return num(r.pValue);
  const exponent = Math.floor(r.log10PValue);
  return `${num(10 ** (r.log10PValue - exponent))}e${exponent} (below the double range; log10 p = ${num(r.log10PValue)})`;
}

function arm(label: string, file: string, s: Summary): string {
  const sd = s.count > 1 ? num(s.std()) : "—";
  return `  ${label} (${file}): n = ${s.count}, mean = ${num(s.mean)}, sd = ${sd}`;
}

const METHODS = {
  welch: "Welch two-sample t-test",
  student: "Student two-sample t-test (equal variances)",
  "one-sample": "One-sample t-test",
} as const;

/**
 * The human-readable report of `batchstats ttest`:
 *
 *   Welch two-sample t-test
 *     a (a.json): n = 50000, mean = 10.0012, sd = 1.99873
 *     b (b.json): n = 30000, mean = 10.0503, sd = 2.49911
 *     t = -2.87161, df = 52113.2, p-value = 0.00408628
 *     alternative hypothesis: mean(a) − mean(b) ≠ 0
 *     mean(a) − mean(b) = -0.0491, standard error 0.0171
 *     95% confidence interval: [-0.0826, -0.0156]
 */
export function ttestReport(r: TTestResult, files: [string, string], a: Summary, b: Summary, mu: number): string {
  const relation = { "two-sided": "≠", less: "<", greater: ">" }[r.alternative];
  const level = `${num(r.confidenceLevel * 100)}%`;
  return [
    METHODS[r.method],
    arm("a", files[0], a),
    arm("b", files[1], b),
    `  t = ${num(r.statistic)}, df = ${num(r.df)}, p-value = ${pValue(r)}`,
    `  alternative hypothesis: mean(a) − mean(b) ${relation} ${num(mu)}`,
    `  mean(a) − mean(b) = ${num(r.estimate)}, standard error ${num(r.stderr)}`,
    `  ${level} confidence interval: [${num(r.confidenceInterval[0])}, ${num(r.confidenceInterval[1])}]`,
  ].join("\n");
}
