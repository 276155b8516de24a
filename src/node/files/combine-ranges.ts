import { merge } from "../../summary/merge.js";
import type { Decoded } from "../decoders/decoder.js";
import { type IngestReport, SKIPPED_LISTED, type SkippedRecord } from "../ingest-report.js";

/**
 * One report from the results of consecutive ranges of one input (or of several inputs):
 * summaries merged in order, counts added, skipped records renumbered from the start of the
 * file (each range numbers its lines from 1) and the first 10 kept.
 * @internal
 */
export function combineRanges(parts: Decoded[]): IngestReport {
  const skippedRecords: SkippedRecord[] = [];
  let lines = 0;
  let records = 0;
  let skipped = 0;
  let bytes = 0;
  for (const part of parts) {
    for (const record of part.skippedRecords) {
      if (skippedRecords.length < SKIPPED_LISTED) skippedRecords.push({ ...record, line: record.line + lines });
    }
    lines += part.lines;
    records += part.records;
    skipped += part.skipped;
    bytes += part.bytes;
  }
  return { summary: merge(...parts.map((p) => p.summary)), records, skipped, skippedRecords, bytes };
}
