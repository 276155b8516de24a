import type { PairSummary } from "../../pairs/pair-summary.js";
import { fieldOf, IngestError } from "../ingest-error.js";
import type { ResolvedIngestOptions } from "../ingest-options.js";
import { BATCH } from "./batch-pool.js";
import type { Carry } from "./byte-carry.js";
import type { CsvColumn, CsvSink } from "./csv-decoder.js";
import { NOT_A_NUMBER, parseNumberBytes } from "./number-text.js";
import { PairBatcher, type PairColumn } from "./pair-batcher.js";
import { columnPlace, type RecordPlace, RecordRules } from "./record-sink.js";

/**
 * Receives the two wanted fields of each CSV record — y (the metric, `options.column`) and x
 * (`options.covariate`) — parses them where they lie and applies the policies of
 * `summarizePairs` to the pair: a record whose y or x is not a number (or is missing) is
 * skipped (`skipInvalid`) or stops the job with `E_PARSE` naming that field (the leftmost when
 * both are); a pair with a NaN in either value is kept for the pair kernel to omit (`nan:
 * "omit"`, counted in `omitted`) or stops with `E_NAN`; ±Infinity in either (in a pair without
 * NaN) stops with `E_INFINITE`. Every record is counted: records = count + omitted + skipped.
 * @internal
 */
export class PairRecordSink extends RecordRules implements CsvSink {
  private readonly batcher: PairBatcher;
  /** The line of each pair of the current batch, so that any error about a pair names its line. */
  private readonly lineOf = new Float64Array(BATCH);
  private placeY: RecordPlace = { line: 0 };
  private placeX: RecordPlace = { line: 0 };

  constructor(options: ResolvedIngestOptions) {
    super(options);
    this.batcher = new PairBatcher(options.nan, options.backend, (error, { index, detail }, column) => {
      if (index === undefined) return new IngestError(error.code, { input: options.name }, detail, fieldOf(error));
      const place = { ...this.placeFor(column ?? "y"), line: this.lineOf[index % BATCH]! };
      return new IngestError(error.code, this.where(place, undefined), detail, fieldOf(error));
    });
  }

  columnsFound(columns: readonly CsvColumn[]): void {
    this.placeY = columnPlace(columns[0]!);
    this.placeX = columnPlace(columns[1]!);
  }

  record(line: number, fields: readonly (Carry | undefined)[], fieldCount: number): void {
    const fy = fields[0];
    const fx = fields[1];
    this.placeY.line = line;
    this.placeX.line = line;
    // The leftmost field at fault is the one reported.
    const yFirst = this.placeY.column! < this.placeX.column!;
    if (fy === undefined || fx === undefined) {
      this.missing(fy === undefined && (fx !== undefined || yFirst) ? this.placeY : this.placeX, fieldCount);
      return;
    }
    this.records++;
    const y = parseNumberBytes(fy.bytes, 0, fy.length);
    const x = parseNumberBytes(fx.bytes, 0, fx.length);
    if (Number.isFinite(x) && Number.isFinite(y)) {
      this.push(x as number, y as number, line);
      return;
    }
    const [a, fa, pa, b, fb, pb] = yFirst
      ? ([y, fy, this.placeY, x, fx, this.placeX] as const)
      : ([x, fx, this.placeX, y, fy, this.placeY] as const);
    if (a === NOT_A_NUMBER || b === NOT_A_NUMBER) {
      const [f, p] = a === NOT_A_NUMBER ? [fa, pa] : [fb, pb];
      this.notANumber(f.bytes, 0, f.length, p);
    } else if (a !== a || b !== b) {
      if (this.options.nan === "raise") {
        const [f, p] = a !== a ? [fa, pa] : [fb, pb];
        throw this.nanError(f.bytes, 0, f.length, p);
      }
      this.push(x as number, y as number, line);
    } else {
      const [f, p, v] = Number.isFinite(a) ? [fb, pb, b] : [fa, pa, a];
      throw this.infiniteError(f.bytes, 0, f.length, p, v as number);
    }
  }

  finish(): PairSummary {
    return this.batcher.finish();
  }

  private placeFor(column: PairColumn): RecordPlace {
    return column === "x" ? this.placeX : this.placeY;
  }

  private push(x: number, y: number, line: number): void {
    this.lineOf[this.batcher.count & (BATCH - 1)] = line; // BATCH is a power of two
    this.batcher.push(x, y);
  }
}
