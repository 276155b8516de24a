import type { Summary } from "../../summary/summary.js";
import { IngestError, type InputLocation, shorten } from "../ingest-error.js";
import type { ResolvedIngestOptions } from "../ingest-options.js";
import { SkipLog } from "../ingest-report.js";
import { BATCH } from "./batch-pool.js";
import { NOT_A_NUMBER, parseNumberBytes } from "./number-text.js";
import { shownBytes } from "./shown-text.js";
import { ValueBatcher } from "./value-batcher.js";

/** Where a record was found: its line and, for CSV, its column. @internal */
export interface RecordPlace {
  line: number;
  column?: number;
  columnName?: string;
}

/**
 * Receives the bytes of each record of a text or CSV input, parses them where they lie, and
 * applies the policies: a record that is not a number is skipped (`skipInvalid`) or stops the
 * job with `E_PARSE`; a NaN token is kept for the accumulator to omit or stops with `E_NAN`;
 * ±Infinity stops with `E_INFINITE`. Every record is counted: records = count + omitted + skipped.
 * Every error names the record's line (and CSV column) in the input.
 * @internal
 */
export class RecordSink {
  /** Records received (blank lines and CSV headers are not records). */
  records = 0;
  readonly skips = new SkipLog();
  private readonly batcher: ValueBatcher;
  /** The line of each value of the current batch, so that any error about a value names its line. */
  private readonly lineOf = new Float64Array(BATCH);
  private column: RecordPlace | undefined;

  constructor(private readonly options: ResolvedIngestOptions) {
    this.batcher = new ValueBatcher(
      options.nan,
      options.backend,
      (error, index) => {
        if (index === undefined) return new IngestError(error.code, { input: options.name }, error.message);
        const place: RecordPlace = { ...this.column, line: this.lineOf[index % BATCH]! };
        const detail =
          error.code === "E_OVERFLOW"
            ? `${error.message}: this is the largest value of its batch`
            : error.code === "E_NAN"
              ? 'the value is NaN (use nan: "omit", or --nan omit, to skip NaNs)'
              : error.code === "E_INFINITE"
                ? "the value is ±Infinity, which a summary cannot hold"
                : error.message;
        return new IngestError(error.code, this.where(place, undefined), detail);
      },
      options.clip,
    );
  }

  /**
   * A record whose text is b[start, end), found on `line` (and, for CSV, in `csv`'s column).
   * Nothing is allocated for a good record.
   */
  add(b: Uint8Array, start: number, end: number, line: number, csv?: RecordPlace): void {
    this.records++;
    const value = parseNumberBytes(b, start, end);
    if (Number.isFinite(value)) {
      this.push(value as number, line, csv);
      return;
    }
    const place = csv ?? { line };
    const found = shownBytes(b, start, end);
    if (value === NOT_A_NUMBER) {
      this.invalid(
        place,
        found,
        `${found.trim() === "" ? "an empty field" : `"${shorten(shownBytes(b, start, end, true))}"`} is not a number`,
      );
    } else if (value !== value) {
      if (this.options.nan === "raise") {
        throw new IngestError(
          "E_NAN",
          this.where(place, found),
          'the value is NaN (use nan: "omit", or --nan omit, to skip NaNs)',
        );
      }
      this.push(value, line, csv);
    } else {
      throw new IngestError(
        "E_INFINITE",
        this.where(place, found),
        `the value is ${String(value)}, which a summary cannot hold`,
      );
    }
  }

  /** A record that has no field in the wanted column (CSV). */
  missing(place: RecordPlace, fields: number): void {
    this.records++;
    this.invalid(place, undefined, `the record has ${fields} field(s), so no column ${place.column}`);
  }

  finish(): Summary {
    return this.batcher.finish();
  }

  private push(value: number, line: number, csv: RecordPlace | undefined): void {
    if (csv !== undefined && this.column === undefined) {
      this.column = { line: 0, column: csv.column! };
      if (csv.columnName !== undefined) this.column.columnName = csv.columnName;
    }
    this.lineOf[this.batcher.count & (BATCH - 1)] = line; // BATCH is a power of two
    this.batcher.push(value);
  }

  private invalid(place: RecordPlace, found: string | undefined, reason: string): void {
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

  private where(place: RecordPlace, found: string | undefined): InputLocation {
    const where: InputLocation = { input: this.options.name, line: place.line };
    if (place.column !== undefined) where.column = place.column;
    if (place.columnName !== undefined) where.columnName = place.columnName;
    if (found !== undefined) where.text = shorten(found);
    return where;
  }
}
