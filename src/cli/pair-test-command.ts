import { BatchStatsError } from "../errors.js";
import { cupedTest } from "../pairs/cuped-test.js";
import { PairSummary } from "../pairs/pair-summary.js";
import { ratioTest } from "../pairs/ratio-test.js";
import type { Alternative } from "../ttest/result.js";
import { BadInput } from "./exit-codes.js";
import { requireFiniteTTest } from "./finite-checks.js";
import { type CliIo, writeLine } from "./io.js";
import { inputName, textOf } from "./summary-reader.js";

/** The options of `batchstats ttest --cuped` and `batchstats ratio`, as commander parses them. */
export interface PairTestFlags {
  alternative: Alternative;
  confidence: number;
  relative?: boolean;
  normal?: boolean;
  theta?: number | "pooled";
}

/** A pair summary file holds at most this much text (one JSON value). */
const MAX_TEXT = 16 << 20;

/** The one pair summary of an input (a file or - for stdin), validated by `PairSummary.fromJSON`. */
async function readPairSummary(input: string, io: CliIo): Promise<PairSummary> {
  let text = "";
  for await (const chunk of textOf(input, io)) {
    text += chunk;
    if (text.length > MAX_TEXT) {
      throw new BadInput(
        "E_BAD_SUMMARY",
        `${inputName(input)}: a pair summary file holds one JSON value of at most 16 MiB`,
      );
    }
  }
  try {
    return PairSummary.fromJSON(text.trim());
  } catch (error) {
    if (!(error instanceof BatchStatsError)) throw error;
    const where: { field?: string } = {};
    if (error.field !== undefined) where.field = error.field;
    throw new BadInput(error.code, `${inputName(input)}: ${error.message}`, where);
  }
}

/**
 * `batchstats ttest --cuped <a.json> <b.json>` and `batchstats ratio <a.json> <b.json>`: the
 * library's `cupedTest` or `ratioTest` on two pair summary files (each holding one pair summary,
 * as `summarizePairs(…).toJSON()` writes it), printed as JSON. A result with a number that is not
 * finite where one is expected is refused with `E_OVERFLOW`.
 *
 * @example
 * ```ts
 * await pairTestCommand("cuped", "variant.json", "control.json", { alternative: "two-sided", confidence: 0.95 }, io);
 * ```
 */
export async function pairTestCommand(
  kind: "cuped" | "ratio",
  fileA: string,
  fileB: string,
  flags: PairTestFlags,
  io: CliIo,
): Promise<void> {
  if (fileA === "-" && fileB === "-") {
    throw new BatchStatsError("E_BAD_ARGUMENT", "stdin (-) can be read only once", { field: "summaries" });
  }
  const a = await readPairSummary(fileA, io);
  const b = await readPairSummary(fileB, io);
  const options = {
    alternative: flags.alternative,
    confidenceLevel: flags.confidence,
    relative: flags.relative === true,
    distribution: flags.normal === true ? ("normal" as const) : ("t" as const),
  };
  let result: ReturnType<typeof cupedTest> | ReturnType<typeof ratioTest>;
  try {
    result =
      kind === "cuped" ? cupedTest(a, b, { ...options, theta: flags.theta ?? "pooled" }) : ratioTest(a, b, options);
  } catch (error) {
    throw BadInput.from(error);
  }
  // A z-test's df is ∞ by definition; every other number must be finite.
  const df = options.distribution === "normal" ? 1 : result.df;
  requireFiniteTTest({ ...result, method: "welch", df }, `${inputName(fileA)} and ${inputName(fileB)}`);
  writeLine(io.stdout, JSON.stringify(result));
}
