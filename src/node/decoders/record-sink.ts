import type { Summary } from "../../summary/summary.js";
import { fieldOf, IngestError, type InputLocation, shorten } from "../ingest-error.js";
import type { ResolvedIngestOptions } from "../ingest-options.js";
import { SkipLog } from "../ingest-report.js";
import { BATCH } from "./batch-pool.js";
import type { Carry } from "./byte-carry.js";
import type { CsvColumn, CsvSink } from "./csv-decoder.js";
import { NOT_A_NUMBER, parseNumberBytes } from "./number-text.js";
import { shownBytes } from "./shown-text.js";
import { ValueBatcher } from "./value-batcher.js";

/** Where a record was found: its line and, for CSV, its column. @internal */
export interface RecordPlace {
  line: number;
  column?: number;
  columnName?: string;
}

/** The place of a CSV column's field on line 0 (the line is set per record). @internal */
export function columnPlace(c: CsvColumn): RecordPlace {
  const place: RecordPlace = { line: 0, column: c.column };
  if (c.columnName !== undefined) place.columnName = c.columnName;
  return place;
}

/**
 * What the record sinks share: the count of records, the policy for records that are not
 * numbers (skipped with `skipInvalid`, or `E_PARSE`), and the place every error names (input,
 * line, CSV column and its name, the text found).
 * @internal
 */
export abstract class RecordRules {
  /** Records received (blank lines and CSV headers are not records). */
  records = 0;
  readonly skips = new SkipLog();

  constructor(protected readonly options: ResolvedIngestOptions) {}

  /** A record that has no field in a wanted column (CSV). */
  missing(place: RecordPlace, fields: number): void {
    this.records++;
    this.invalid(place, undefined, `the record has ${fields} field(s), so no column ${place.column}`);
  }

  /** A field b[start, end) found at `place` that is not a number: skipped or `E_PARSE`. */
  protected notANumber(b: Uint8Array, start: number, end: number, place: RecordPlace): void {
    const found = shownBytes(b, start, end);
    this.invalid(
      place,
      found,
      `${found.trim() === "" ? "an empty field" : `"${shorten(shownBytes(b, start, end, true))}"`} is not a number`,
    );
  }

  /** `E_NAN` for the NaN field b[start, end) at `place`. */
  protected nanError(b: Uint8Array, start: number, end: number, place: RecordPlace): IngestError {
    return new IngestError(
      "E_NAN",
      this.where(place, shownBytes(b, start, end)),
      'the value is NaN (use nan: "omit", or --nan omit, to skip NaNs)',
    );
  }

  /** `E_INFINITE` for the field b[start, end) at `place`, whose value is ±Infinity. */
  protected infiniteError(b: Uint8Array, start: number, end: number, place: RecordPlace, value: number): IngestError {
    return new IngestError(
      "E_INFINITE",
      this.where(place, shownBytes(b, start, end)),
      `the value is ${String(value)}, which a summary cannot hold`,
    );
  }

  protected invalid(place: RecordPlace, found: string | undefined, reason: string): void {
    if (!this.options.skipInvalid) {
      throw new IngestError(
        "E_PARSE",
        this.where(place, found),
        `${reason} (use skipInvalid, or --skip-invalid, to skip such records)`,
      );
    }
    const record: { line: number; column?: number; text?: string; reason: string } = { line: place.line, reason };
    if (place.column !== undefined) record.column = place.column;
    if (found !== undefined) record.text = shorten(found);
    this.skips.add(record);
  }

  protected where(place: RecordPlace, found: string | undefined): InputLocation {
    const where: InputLocation = { input: this.options.name, line: place.line };
    if (place.column !== undefined) where.column = place.column;
    if (place.columnName !== undefined) where.columnName = place.columnName;
    if (found !== undefined) where.text = shorten(found);
    return where;
  }
}

/**
 * Receives the bytes of each record of a text or CSV input, parses them where they lie, and
 * applies the policies: a record that is not a number is skipped (`skipInvalid`) or stops the
 * job with `E_PARSE`; a NaN token is kept for the accumulator to omit or stops with `E_NAN`;
 * ±Infinity stops with `E_INFINITE`. Every record is counted: records = count + omitted + skipped.
 * Every error names the record's line (and CSV column) in the input.
 * @internal
 */
export class RecordSink extends RecordRules implements CsvSink {
  private readonly batcher: ValueBatcher;
  /** The line of each value of the current batch, so that any error about a value names its line. */
  private readonly lineOf = new Float64Array(BATCH);
  /** CSV: the column read (its place, reused for each record). */
  private column: RecordPlace | undefined;

  constructor(options: ResolvedIngestOptions) {
    super(options);
    this.batcher = new ValueBatcher(
      options.nan,
      options.backend,
      (error, { index, detail }) => {
        if (index === undefined) return new IngestError(error.code, { input: options.name }, detail, fieldOf(error));
        const place: RecordPlace = { ...this.column, line: this.lineOf[index % BATCH]! };
        return new IngestError(error.code, this.where(place, undefined), detail, fieldOf(error));
      },
      options.clip,
    );
  }

  /**
   * A record whose text is b[start, end), found on `line` (and, for CSV, at `csv`).
   * Nothing is allocated for a good record.
   */
  add(b: Uint8Array, start: number, end: number, line: number, csv?: RecordPlace): void {
    this.records++;
    const value = parseNumberBytes(b, start, end);
    if (Number.isFinite(value)) {
      this.push(value as number, line);
      return;
    }
    const place = csv ?? { line };
    if (value === NOT_A_NUMBER) {
      this.notANumber(b, start, end, place);
    } else if (value !== value) {
      if (this.options.nan === "raise") throw this.nanError(b, start, end, place);
      this.push(value, line);
    } else {
      throw this.infiniteError(b, start, end, place, value);
    }
  }

  columnsFound(columns: readonly CsvColumn[]): void {
    this.column = columnPlace(columns[0]!);
  }

  record(line: number, fields: readonly (Carry | undefined)[], fieldCount: number): void {
    const place = this.column!;
    place.line = line;
    const field = fields[0];
    if (field === undefined) this.missing(place, fieldCount);
    else this.add(field.bytes, 0, field.length, line, place);
  }

  finish(): Summary {
    return this.batcher.finish();
  }

  private push(value: number, line: number): void {
    this.lineOf[this.batcher.count & (BATCH - 1)] = line; // BATCH is a power of two
    this.batcher.push(value);
  }
}
