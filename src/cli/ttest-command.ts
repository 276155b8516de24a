import { BatchStatsError } from "../errors.js";
import type { Alternative } from "../ttest/result.js";
import { ttest } from "../ttest/ttest.js";
import { BadInput } from "./exit-codes.js";
import { requireFiniteTTest } from "./finite-checks.js";
import { type CliIo, writeLine } from "./io.js";
import { inputName, readOneSummary } from "./summary-reader.js";
import { ttestReport } from "./ttest-report.js";

/** The options of `batchstats ttest`, as commander parses them. */
export interface TTestFlags {
  equalVar?: boolean;
  alternative: Alternative;
  confidence: number;
  mu: number;
  json?: boolean;
}

/**
 * `batchstats ttest <a.json> <b.json>`: the t-test of mean(a) − mean(b) from two summary files
 * (each holding exactly one summary), as a readable report, or with `--json` the library's
 * `TTestResult` as JSON (a one-sided interval's infinite bound is written `null`, as
 * `JSON.stringify` does). A result with a NaN, or ±∞ where a number is expected, is refused
 * with `E_OVERFLOW` before anything is printed.
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
  const text = flags.json === true ? JSON.stringify(result) : ttestReport(result, [fileA, fileB], a, b, flags.mu);
  writeLine(io.stdout, text);
}
