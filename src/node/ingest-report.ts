import type { Summary } from "../summary/summary.js";

/** One record skipped with `skipInvalid`. */
export interface SkippedRecord {
  /** 1-based line the record starts on. */
  line: number;
  /** 0-based CSV column index (CSV only). */
  column?: number;
  /** The text found (at most 80 characters; `""` for an empty field, missing for a short CSV row). */
  text?: string;
  /** Why it was skipped. */
  reason: string;
}

/** How many skipped records `IngestReport.skippedRecords` lists. */
export const SKIPPED_LISTED = 10;

/**
 * What `summarizeStream` and `summarizeFile` return (and, with a `PairSummary`,
 * `summarizePairStream` and `summarizePairFile`): the summary, and an account of every record
 * read, so that nothing is lost silently: `records === summary.count + summary.omitted + skipped`.
 */
export interface IngestReport<S = Summary> {
  /** The summary of every value read (NaNs skipped with `nan: "omit"` are counted in `summary.omitted`); a `PairSummary` for pairs. */
  summary: S;
  /** Records read: values of a binary input; non-blank lines (text) or data records (CSV, header excluded). */
  records: number;
  /** Records that were not numbers and were skipped (`skipInvalid`). */
  skipped: number;
  /** The first 10 skipped records, in input order. */
  skippedRecords: SkippedRecord[];
  /** Bytes read. */
  bytes: number;
}

/** Counts skipped records and keeps the first few. @internal */
export class SkipLog {
  count = 0;
  readonly first: SkippedRecord[] = [];

  add(record: SkippedRecord): void {
    this.count++;
    if (this.first.length < SKIPPED_LISTED) this.first.push(record);
  }
}

/** The report alone of what a decoder found in a whole input (which holds more, e.g. its line count). @internal */
export function reportOf<S>(decoded: IngestReport<S>): IngestReport<S> {
  const { summary, records, skipped, skippedRecords, bytes } = decoded;
  return { summary, records, skipped, skippedRecords, bytes };
}
