import { IngestError } from "../ingest-error.js";
import type { ResolvedIngestOptions } from "../ingest-options.js";
import { Carry, MAX_LINE } from "./byte-carry.js";
import { NOT_A_NUMBER, parseNumberBytes } from "./number-text.js";
import type { RecordPlace, RecordSink } from "./record-sink.js";

const QUOTE = 34;
const LF = 10;
const CR = 13;
const BOM = [0xef, 0xbb, 0xbf];

/**
 * Reads one column of CSV (RFC 4180) arriving in chunks cut anywhere — inside a quoted field,
 * between the CR and LF of a line break, inside the byte order mark — and hands the bytes of
 * that column in each record to a `RecordSink`, with the line the record starts on.
 *
 * - Records end with LF or CRLF; fields are separated by `delimiter`.
 * - A field that starts with `"` is quoted: it may hold delimiters, line breaks and `""` (one
 *   quote). Text after its closing quote makes the field invalid (its raw text is reported).
 *   A quote inside an unquoted field is an ordinary character.
 * - Blank lines (nothing, or only spaces and tabs) are not records. A record without the wanted
 *   column is an invalid record.
 * - Header: the first record, when `header` is true, or when it is `"auto"` and the wanted
 *   field of the first record is not a number. A column given by name is looked up there.
 * - Only the wanted field's bytes are kept (at most 1 MiB); other fields are skipped over.
 *
 * Written here rather than with csv-parse: csv-parse 6 reports line numbers one too high after
 * a quoted field holding CRLF, and fixes the record delimiter to the first one it meets; and a
 * byte scanner that keeps one field is several times faster than a parser that builds records.
 * @internal
 */
export class CsvDecoder {
  /** Bytes received. */
  bytes = 0;
  private readonly delimiter: number;
  private line = 1;
  private recordLine = 1;
  private field = 0;
  private fieldStart = 0;
  /** The wanted field's bytes: from earlier chunks while it is being read, then all of it. */
  private readonly kept = new Carry();
  private keptDone = false;
  private inQuotes = false;
  private afterQuote = false;
  private quoted = false;
  private escaped = false;
  private broken = false;
  private atFieldStart = true;
  private recordEmpty = true;
  private target: number;
  private columnName: string | undefined;
  private headerPending: boolean | "auto";
  /** All fields of the record being read, while it may be the header of a named column. */
  private headerFields: string[] | undefined;
  private bomState: Uint8Array | undefined = new Uint8Array(0);
  private readonly place: RecordPlace = { line: 0 };

  constructor(
    private readonly sink: RecordSink,
    private readonly options: ResolvedIngestOptions,
  ) {
    this.delimiter = options.delimiter;
    this.target = typeof options.column === "number" ? options.column : -1;
    this.headerPending = options.header;
    if (typeof options.column === "string") this.headerFields = [];
  }

  write(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    if (this.bomState !== undefined) {
      const head = concat(this.bomState, chunk);
      const prefix = Math.min(head.length, BOM.length);
      const isBomPrefix = BOM.slice(0, prefix).every((b, i) => head[i] === b);
      if (isBomPrefix && head.length < BOM.length) {
        this.bomState = head;
        return;
      }
      this.bomState = undefined;
      chunk = isBomPrefix ? head.subarray(BOM.length) : head;
    }
    this.scan(chunk);
  }

  /** Ends the input: reads a last record without a line break; an open quote is an error. */
  end(): void {
    if (this.bomState !== undefined && this.bomState.length > 0) this.scan(this.bomState);
    this.bomState = undefined;
    if (this.inQuotes) {
      throw new IngestError(
        "E_PARSE",
        { input: this.options.name, line: this.recordLine },
        "a quoted field opened in this record is not closed before the end of the input",
      );
    }
    if (!this.recordEmpty) {
      this.endField(undefined, 0, true);
      this.endRecord();
    }
  }

  private wanted(): boolean {
    return this.headerFields !== undefined || this.field === this.target;
  }

  private scan(buf: Uint8Array): void {
    const n = buf.length;
    const delimiter = this.delimiter;
    this.fieldStart = 0;
    for (let i = 0; i < n; i++) {
      const b = buf[i]!;
      if (this.inQuotes) {
        if (b === QUOTE) {
          this.inQuotes = false;
          this.afterQuote = true;
        } else if (b === LF) {
          this.line++;
        }
      } else if (b === delimiter) {
        this.recordEmpty = false;
        this.endField(buf, i, false);
      } else if (b === LF) {
        if (!this.recordEmpty) {
          this.endField(buf, i, true);
          this.endRecord();
        } else {
          this.resetField(i + 1);
          this.kept.length = 0;
        }
        this.line++;
        this.recordLine = this.line;
      } else if (this.afterQuote) {
        if (b === QUOTE) {
          this.inQuotes = true; // "" inside a quoted field
          this.escaped = true;
          this.afterQuote = false;
        } else if (b !== CR) {
          this.broken = true;
          this.afterQuote = false;
        }
      } else if (b === QUOTE && this.atFieldStart) {
        this.inQuotes = true;
        this.quoted = true;
        this.atFieldStart = false;
        this.recordEmpty = false;
      } else {
        this.atFieldStart = false;
        if (b !== CR && b !== 32 && b !== 9) this.recordEmpty = false; // a line of blanks is not a record
      }
    }
    if (this.wanted() && !this.keptDone) {
      this.kept.append(buf, this.fieldStart, n); // the wanted field goes on in the next chunk
      if (this.kept.length > MAX_LINE) {
        throw new IngestError(
          "E_FORMAT",
          { input: this.options.name, line: this.recordLine, column: this.field },
          `the field is longer than ${MAX_LINE} bytes: this does not look like CSV of numbers`,
        );
      }
    }
  }

  /** Ends the field that runs up to buf[end] (exclusive; `buf` undefined: the input's end), and starts the next. */
  private endField(buf: Uint8Array | undefined, end: number, atLineEnd: boolean): void {
    if (this.wanted()) {
      if (buf !== undefined) this.kept.append(buf, this.fieldStart, end);
      this.keptDone = true;
      this.finishKept(atLineEnd);
      if (this.headerFields !== undefined) {
        this.headerFields.push(Buffer.from(this.kept.bytes.buffer, 0, this.kept.length).toString("utf8"));
        this.kept.length = 0;
        this.keptDone = false;
      }
    }
    this.field++;
    this.resetField(end + 1);
  }

  /** Turns the kept raw field into its value in place: no CR of a CRLF, no quotes, `""` → `"`. */
  private finishKept(atLineEnd: boolean): void {
    const k = this.kept;
    if (atLineEnd && k.length > 0 && k.bytes[k.length - 1] === CR) k.length--;
    if (!this.quoted || this.broken || k.length < 2 || k.bytes[k.length - 1] !== QUOTE) return;
    // Drop the opening quote (shift left by one) and the closing one, collapsing "" on the way.
    let to = 0;
    for (let from = 1; from < k.length - 1; from++, to++) {
      k.bytes[to] = k.bytes[from]!;
      if (this.escaped && k.bytes[from] === QUOTE) from++;
    }
    k.length = to;
  }

  private resetField(nextStart: number): void {
    this.fieldStart = nextStart;
    this.quoted = false;
    this.escaped = false;
    this.broken = false;
    this.afterQuote = false;
    this.atFieldStart = true;
  }

  private endRecord(): void {
    const fields = this.field;
    const found = this.keptDone;
    this.field = 0;
    this.recordEmpty = true;
    try {
      if (this.headerPending !== false) {
        const wasHeader = this.takeHeader(found);
        this.headerPending = false;
        if (wasHeader) return;
      }
      const place = this.place; // reused: the sink copies what it keeps
      place.line = this.recordLine;
      place.column = this.target;
      if (this.columnName !== undefined) place.columnName = this.columnName;
      if (!found) this.sink.missing(place, fields);
      else this.sink.add(this.kept.bytes, 0, this.kept.length, this.recordLine, place);
    } finally {
      this.kept.length = 0;
      this.keptDone = false;
    }
  }

  /** Called with the first record: true when it is the header (and was taken as such). */
  private takeHeader(found: boolean): boolean {
    const all = this.headerFields;
    if (all !== undefined) {
      this.headerFields = undefined;
      const name = this.options.column as string;
      const index = all.indexOf(name);
      if (index < 0) {
        const shown = all.map((f) => JSON.stringify(f)).join(", ");
        throw new IngestError(
          "E_FORMAT",
          { input: this.options.name, line: this.recordLine },
          `there is no column ${JSON.stringify(name)}; the header has ${shown.length > 200 ? `${shown.slice(0, 200)}…` : shown}`,
        );
      }
      this.target = index;
      this.columnName = name;
      return true;
    }
    const k = this.kept;
    const isHeader = this.headerPending === true || (found && parseNumberBytes(k.bytes, 0, k.length) === NOT_A_NUMBER);
    if (isHeader && found) this.columnName = Buffer.from(k.bytes.buffer, 0, k.length).toString("utf8");
    return isHeader;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
