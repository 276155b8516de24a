import { BatchStatsError } from "../errors.js";
import type { Alternative } from "../ttest/result.js";
import { ttest } from "../ttest/ttest.js";
import { BadInput } from "./exit-codes.js";
import { type CliIo, writeLine } from "./io.js";
import { readSummary } from "./read-summary.js";
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
 * `batchstats ttest <a.json> <b.json>`: the t-test of mean(a) − mean(b) from two summary files,
 * as a readable report, or with `--json` the library's `TTestResult` as JSON (a one-sided
 * interval's infinite bound is written `null`, as `JSON.stringify` does).
 */
export async function ttestCommand(fileA: string, fileB: string, flags: TTestFlags, io: CliIo): Promise<void> {
  if (fileA === "-" && fileB === "-") {
    throw new BatchStatsError("E_BAD_ARGUMENT", "stdin (-) can be read only once", { field: "summaries" });
  }
  const a = await readSummary(fileA, io);
  const b = await readSummary(fileB, io);
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
  writeLine(
    io.stdout,
    flags.json === true ? JSON.stringify(result) : ttestReport(result, [fileA, fileB], a, b, flags.mu),
  );
}
