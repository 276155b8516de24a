import { BatchStatsError } from "../../errors.js";
import { mergeTwo } from "../../summary/merge.js";
import { Summary } from "../../summary/summary.js";
import type { Decoded } from "../decoders/decoder.js";
import { fieldOf, IngestError, type InputLocation } from "../ingest-error.js";
import { type ResolvedIngestOptions, VALUE_SIZE } from "../ingest-options.js";
import { type IngestReport, SKIPPED_LISTED, type SkippedRecord } from "../ingest-report.js";

/**
 * The error to throw when merging the summary of `part`, the range of the input `options.name`
 * that starts `bytes` bytes and `lines` lines into it, with the ranges before it fails: it names
 * the range's first line (text, CSV) or value (binary) and says what was being merged.
 */
function mergeError(
  error: BatchStatsError,
  part: Decoded,
  bytes: number,
  lines: number,
  options: ResolvedIngestOptions,
): IngestError {
  const where: InputLocation = { input: options.name, offset: bytes };
  let what: string;
  if (options.format === "f64le" || options.format === "f32le") {
    where.index = bytes / VALUE_SIZE[options.format];
    what = `the ${part.records} values from here on (one range of the file)`;
  } else {
    where.line = lines + 1;
    what = `lines ${lines + 1} to ${lines + Math.max(part.lines, 1)} (one range of the file)`;
  }
  return new IngestError(
    error.code,
    where,
    `${error.message}, when ${what} are merged with those before`,
    fieldOf(error),
  );
}

/**
 * One report from the results of consecutive ranges of one input (`options.name`): summaries
 * merged in order, counts added, skipped records renumbered from the start of the file (each
 * range numbers its lines from 1) and the first 10 kept. A merge that fails (a count, mean or
 * M2 beyond the double range) is an `IngestError` naming the range.
 * @internal
 */
export function combineRanges(parts: Decoded[], options: ResolvedIngestOptions): IngestReport {
  const skippedRecords: SkippedRecord[] = [];
  let summary: Summary | undefined;
  let lines = 0;
  let records = 0;
  let skipped = 0;
  let bytes = 0;
  for (const part of parts) {
    for (const record of part.skippedRecords) {
      if (skippedRecords.length < SKIPPED_LISTED) skippedRecords.push({ ...record, line: record.line + lines });
    }
    try {
      summary = summary === undefined ? part.summary : mergeTwo(summary, part.summary);
    } catch (error) {
      if (!(error instanceof BatchStatsError)) throw error;
      throw mergeError(error, part, bytes, lines, options);
    }
    lines += part.lines;
    records += part.records;
    skipped += part.skipped;
    bytes += part.bytes;
  }
  return { summary: summary ?? Summary.empty(), records, skipped, skippedRecords, bytes };
}
