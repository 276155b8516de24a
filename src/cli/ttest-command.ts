import { lift } from "../effect/lift.js";
import type { LiftMethod } from "../effect/lift-options.js";
import { BatchStatsError } from "../errors.js";
import type { Alternative } from "../ttest/result.js";
import { ttest } from "../ttest/ttest.js";
import { BadInput } from "./exit-codes.js";
import { requireFiniteTTest } from "./finite-checks.js";
import { type CliIo, writeLine } from "./io.js";
import { inputName, readOneSummary } from "./summary-reader.js";
import { liftReport } from "./lift-report.js";
import { ttestReport } from "./ttest-report.js";

/** The options of `batchstats ttest`, as commander parses them. */
export interface TTestFlags {
  equalVar?: boolean;
  alternative: Alternative;
  confidence: number;
  mu: number;
  json?: boolean;
  /** `--lift [delta|fieller]`: add the relative effect (commander gives the method). */
  lift?: LiftMethod;
}

/**
 * `batchstats ttest <a.json> <b.json>`: the t-test of mean(a) − mean(b) from two summary files
 * (each holding exactly one summary), as a readable report, or with `--json` the library's
 * `TTestResult` as JSON (a one-sided interval's infinite bound is written `null`, as
 * `JSON.stringify` does). A result with a NaN, or ±∞ where a number is expected, is refused
 * with `E_OVERFLOW` before anything is printed. `--lift [delta|fieller]` adds the lift
 * (mean(a) − mean(b)) / |mean(b)| with the same alternative and confidence level (the library's
 * `LiftResult`, under `"lift"` in the JSON; `--mu` does not apply to it).
 *
 * @example
 * ```ts
 * await ttestCommand("variant.json", "control.json", { alternative: "two-sided", confidence: 0.95, mu: 0 }, io);
 * ```
 */
export async function ttestCommand(fileA: string, fileB: string, flags: TTestFlags, io: CliIo): Promise<void> {
  if (fileA === "-" && fileB === "-") {
    throw new BatchStatsError("E_BAD_ARGUMENT", "stdin (-) can be read only once", { field: "summaries" });
  }
  const a = await readOneSummary(fileA, io);
  const b = await readOneSummary(fileB, io);
  let result: ReturnType<typeof ttest>;
  try {
    result = ttest(a, b, {
      equalVar: flags.equalVar === true,
      alternative: flags.alternative,
      confidenceLevel: flags.confidence,
      mu: flags.mu,
    });
  } catch (error) {
    throw BadInput.from(error); // too few values, zero variances: a problem of the data, not of the command
  }
  const names: [string, string] = [inputName(fileA), inputName(fileB)];
  requireFiniteTTest(result, `${names[0]} and ${names[1]}`);
  let liftResult: ReturnType<typeof lift> | undefined;
  if (flags.lift !== undefined) {
    try {
      liftResult = lift(a, b, {
        method: flags.lift,
        alternative: flags.alternative,
        confidenceLevel: flags.confidence,
      });
    } catch (error) {
      throw BadInput.from(error); // a control mean of 0: a problem of the data
    }
  }
  let text: string;
  if (flags.json === true) text = JSON.stringify(liftResult === undefined ? result : { ...result, lift: liftResult });
  else {
    text = ttestReport(result, [fileA, fileB], a, b, flags.mu);
    if (liftResult !== undefined) text += `\n${liftReport(liftResult)}`;
  }
  writeLine(io.stdout, text);
}
