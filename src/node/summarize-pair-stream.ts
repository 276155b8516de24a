import type { PairSummary } from "../pairs/pair-summary.js";
import { createPairDecoder } from "./decoders/pair-decoder.js";
import { type IngestReport, reportOf } from "./ingest-report.js";
import { type PairIngestOptions, parsePairIngestOptions } from "./pair-ingest-options.js";
import type { ChunkSource } from "./stream/chunks.js";
import { decodeStreamWith } from "./stream/decode-stream.js";

/**
 * Summarizes pairs (x, y) read from two columns of a CSV stream — y the metric (`options.y`),
 * x its covariate or a ratio's denominator (`options.x`) — into a `PairSummary`, in one pass
 * with bounded memory: the pairs go 65 536 at a time straight into the wasm memory of a
 * `PairBatchBuffer`, each batch is summarized where it lies and folded in (what
 * `PairAccumulator` does with the same batches), so the result is bit for bit
 * `summarizePairs(x, y)` of the same values for an input of up to 65 536 pairs, and the same
 * however the input is chunked. Sources, CSV grammar, header detection, gzip and errors are
 * those of `summarizeStream` (errors name the line, the column and the text); a record whose x
 * or y is not a number (or is missing) is one invalid record (`skipInvalid`), and a pair with a
 * NaN in either value is one NaN (`nan: "omit"` counts it in `omitted`, as `summarizePairs`
 * does). Runs in browsers too (`batchstats/ingest`).
 *
 * @example
 * ```ts
 * import { summarizePairStream } from "batchstats/node";
 *
 * const csv = "user,revenue,revenue_pre\n1,12,10\n2,15,11\n3,9,8\n4,20,16\n";
 * const { summary } = await summarizePairStream([csv], { y: "revenue", x: "revenue_pre" });
 * summary.meanY; // => 14
 * summary.covariance(); // => 15.666666666666666
 * ```
 */
export async function summarizePairStream(
  source: ChunkSource,
  options: PairIngestOptions,
): Promise<IngestReport<PairSummary>> {
  const { resolved, signal } = parsePairIngestOptions(options, "<stream>", []);
  const decoded = await decodeStreamWith(source, resolved, () => createPairDecoder(resolved), { signal });
  return reportOf(decoded);
}
