import type { EffectScale } from "../bayes/effect-options.js";
import { type BayesResult, bayesTest } from "../bayes/effect-test.js";
import { BatchStatsError } from "../errors.js";
import type { Summary } from "../summary/summary.js";
import { BadInput } from "./exit-codes.js";
import { finiteStd } from "./finite-checks.js";
import { type CliIo, writeLine } from "./io.js";
import { liftPercent } from "./lift-report.js";
import { percent, probability, sig6 } from "./number-format.js";
import { readOneSummary } from "./summary-reader.js";

/** The options of `batchstats bayes`, as commander parses them. */
export interface BayesFlags {
  absolute?: boolean;
  prior?: [number, number];
  priorScale?: EffectScale;
  inverse?: boolean;
  credible: number;
  json?: boolean;
}

function arm(label: string, file: string, s: Summary): string {
  return `  ${label} (${file}): n = ${s.count}, mean = ${sig6(s.mean)}, sd = ${sig6(finiteStd(s, file))}`;
}

/**
 * The readable report of `batchstats bayes`:
 *
 *     Bayesian test, Gaussian effect model (flat prior)
 *       a (a.json): n = 4, mean = 10.95, sd = 0.479583
 *       b (b.json): n = 5, mean = 10.1, sd = 0.158114
 *       relative effect (mean(a) − mean(b)) / |mean(b)|: posterior mean +8.41584%, sd 2.42612%
 *       chance that a beats b: 0.999739 (that b is better: 0.000261347)
 *       expected loss of shipping a: 0.000160529%, of keeping b: 8.416%
 *       95% credible interval: [+3.66073%, +13.1709%]
 *
 * @example
 * ```ts
 * console.log(bayesReport(bayesTest(a, b), ["a.json", "b.json"], a, b));
 * ```
 */
export function bayesReport(r: BayesResult, files: [string, string], a: Summary, b: Summary): string {
  const fmt = r.relative ? liftPercent : sig6;
  const size = r.relative ? (x: number) => `${sig6(x * 100)}%` : sig6; // sd and losses: no sign
  const prior =
    r.prior === "flat" ? "flat prior" : `prior N(${fmt(r.prior.mean)}, sd ${size(Math.sqrt(r.prior.variance))})`;
  const effect = r.relative ? "relative effect (mean(a) − mean(b)) / |mean(b)|" : "effect mean(a) − mean(b)";
  const better = r.inverse ? " (lower is better)" : "";
  return [
    `Bayesian test, Gaussian effect model (${prior})`,
    arm("a", files[0], a),
    arm("b", files[1], b),
    `  ${effect}: posterior mean ${fmt(r.posterior.mean)}, sd ${size(r.posterior.sd)}`,
    `  chance that a beats b${better}: ${probability(r.chanceToWin, r.log10ChanceToWin)} (that b is better: ${probability(10 ** r.log10ChanceToLose, r.log10ChanceToLose)})`,
    `  expected loss of shipping a: ${size(r.risk.treatment)}, of keeping b: ${size(r.risk.control)}`,
    `  ${percent(r.credibleLevel)} credible interval: [${fmt(r.credibleInterval[0])}, ${fmt(r.credibleInterval[1])}]`,
  ].join("\n");
}

/**
 * `batchstats bayes <a.json> <b.json>`: the library's `bayesTest` of treatment a against control
 * b from two summary files (each holding one summary), as a readable report or `--json`.
 * `--prior m,v` is a Gaussian prior on the effect (on the analysis scale unless `--prior-scale`),
 * `--absolute` the absolute effect, `--inverse` a lower-is-better metric.
 *
 * @example
 * ```ts
 * await bayesCommand("variant.json", "control.json", { credible: 0.95 }, io);
 * ```
 */
export async function bayesCommand(fileA: string, fileB: string, flags: BayesFlags, io: CliIo): Promise<void> {
  if (fileA === "-" && fileB === "-") {
    throw new BatchStatsError("E_BAD_ARGUMENT", "stdin (-) can be read only once", { field: "summaries" });
  }
  const a = await readOneSummary(fileA, io);
  const b = await readOneSummary(fileB, io);
  const relative = flags.absolute !== true;
  let result: BayesResult;
  try {
    result = bayesTest(a, b, {
      relative,
      prior:
        flags.prior === undefined
          ? "flat"
          : {
              mean: flags.prior[0],
              variance: flags.prior[1],
              scale: flags.priorScale ?? (relative ? "relative" : "absolute"),
            },
      credibleLevel: flags.credible,
      inverse: flags.inverse === true,
    });
  } catch (error) {
    throw BadInput.from(error); // too few values, a control mean of 0: a problem of the data
  }
  writeLine(io.stdout, flags.json === true ? JSON.stringify(result) : bayesReport(result, [fileA, fileB], a, b));
}
