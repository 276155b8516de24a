import type { PairSummary } from "../../pairs/pair-summary.js";
import type { ResolvedIngestOptions } from "../ingest-options.js";
import { CsvDecoder } from "./csv-decoder.js";
import type { Decoder } from "./decoder.js";
import { PairRecordSink } from "./pair-record-sink.js";

/**
 * A decoder of CSV pairs: y from `options.column`, x from `options.covariate` (in a module of
 * its own, so that reading one column never loads the pair kernel). @internal
 */
export function createPairDecoder(options: ResolvedIngestOptions): Decoder<PairSummary> {
  const sink = new PairRecordSink(options);
  const csv = new CsvDecoder(sink, options);
  return {
    write: (chunk) => csv.write(chunk),
    finish: () => {
      csv.end();
      const summary = sink.finish();
      return {
        summary,
        records: sink.records,
        skipped: sink.skips.count,
        skippedRecords: sink.skips.first,
        bytes: csv.bytes,
        lines: 0,
      };
    },
  };
}
