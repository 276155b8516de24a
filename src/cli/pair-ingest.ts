import { BatchStatsError } from "../errors.js";
import { type PairIngestOptions, parsePairIngestOptions } from "../node/pair-ingest-options.js";
import { summarizePairDescriptor, summarizePairPath } from "../node/summarize-pair-file.js";
import { summarizePairStream } from "../node/summarize-pair-stream.js";
import { mergePairTwo } from "../pairs/merge-pairs.js";
import { PairSummary } from "../pairs/pair-summary.js";
import type { CliIo } from "./io.js";
import { pairSummaryLine } from "./pair-summary-line.js";
import type { SummarizeFlags, SummaryKind } from "./summarize-command.js";

/**
 * How `batchstats summarize --covariate` reads, merges and prints pair summaries of two CSV
 * columns: y from `--column`, x from `--covariate`, through the library's `summarizePairFile` /
 * `summarizePairStream` (a module of its own: summarize without --covariate never loads the
 * pair kernel).
 *
 * @example
 * ```ts
 * const kind = pairKind({ workers: 1, nan: "raise" }, io, "revenue", "revenue_pre");
 * const { summary } = await kind.read("a.csv", "a.csv", "csv", () => undefined);
 * kind.line(summary); // => '{"format":"batchstats.pair-summary","version":1,…}'

 * ```
 */
export function pairKind(
  flags: SummarizeFlags,
  io: CliIo,
  column: string | number,
  covariate: string | number,
): SummaryKind<PairSummary> {
  return {
    empty: PairSummary.empty(),
    read: (source, name, _format, onProgress) => {
      const options: PairIngestOptions = {
        y: column,
        x: covariate,
        nan: flags.nan,
        skipInvalid: flags.skipInvalid === true,
        name,
      };
      if (flags.header !== undefined) options.header = flags.header;
      if (flags.delimiter !== undefined) options.delimiter = flags.delimiter;
      if (source === undefined) return summarizePairStream(io.stdin, options);
      const resolved = parsePairIngestOptions(options, name, []).resolved;
      return typeof source === "number"
        ? summarizePairDescriptor(source, resolved)
        : summarizePairPath(source, resolved, onProgress);
    },
    merge: (total, next, name) => {
      try {
        return mergePairTwo(total, next);
      } catch (error) {
        if (!(error instanceof BatchStatsError)) throw error;
        throw new BatchStatsError(error.code, `${name}: ${error.message}`, error);
      }
    },
    line: pairSummaryLine,
  };
}
