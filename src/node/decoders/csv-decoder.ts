import { IngestError } from "../ingest-error.js";
import type { ResolvedIngestOptions } from "../ingest-options.js";
import { Carry } from "./byte-carry.js";
import { MAX_HEADER, MAX_HEADER_FIELDS, MAX_LINE, MAX_RECORD } from "./caps.js";
import { NOT_A_NUMBER, parseNumberBytes } from "./number-text.js";
import { shownString, utf8 } from "./shown-text.js";

const QUOTE = 34;
const LF = 10;
const CR = 13;
const BOM = [0xef, 0xbb, 0xbf];
const encoder = new TextEncoder();

/** Column names shown in a message, at most this many. */
const LISTED_COLUMNS = 20;

/** A wanted column of a CSV: its 0-based index and, when the CSV has a header, its name. @internal */
export interface CsvColumn {
  column: number;
  columnName?: string;
}

/** Where a `CsvDecoder` hands the wanted fields of each data record. @internal */
export interface CsvSink {
  /** The wanted columns, in the order asked for: told once, after the first record is read and before any data record. */
  columnsFound(columns: readonly CsvColumn[]): void;
  /**
   * One data record, starting on `line`, of `fieldCount` fields: `fields[k]` holds the bytes of
   * wanted column k (`bytes[0, length)`, quotes removed), or is undefined when the record is too
   * short to have that column. The carries are reused for the next record.
   */
  record(line: number, fields: readonly (Carry | undefined)[], fieldCount: number): void;
}

/**
 * Reads one column of CSV (RFC 4180), or two (`covariate`), arriving in chunks cut anywhere —
 * inside a quoted field, between the CR and LF of a line break, inside the byte order mark — and
 * hands the bytes of the wanted fields of each record to a `CsvSink`, with the line the record
 * starts on.
 *
 * - Records end with LF, CRLF or a lone CR, mixed as they come (CRLF is one line break, also
 *   cut by a chunk boundary); fields are separated by `delimiter`.
 * - A field that starts with `"` is quoted: it may hold delimiters, line breaks and `""` (one
 *   quote). Text after its closing quote makes the field invalid (its raw text is reported).
 *   A quote inside an unquoted field is an ordinary character.
 * - Blank lines (nothing, or only spaces and tabs) are not records. A record without the wanted
 *   column is an invalid record.
 * - The first record is read whole (at most 1 MiB and 65 536 fields): it is the header when
 *   `header` is true, or when it is `"auto"` and its field in the wanted column is not a number;
 *   a column given by name is looked up there. Without a column, a record of one field needs
 *   none; several are `E_BAD_ARGUMENT` listing them (`columns` on the error). With two wanted
 *   columns, it is the header when either field is not a number; they must be two columns.
 * - Afterwards only the wanted fields' bytes are kept (at most 1 MiB each); other fields are skipped
 *   over; a record may not exceed 16 MiB (an unclosed quote is found fast).
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
  /** Where the current record starts in the chunk being scanned, and its bytes in earlier chunks. */
  private recordStart = 0;
  private recordBefore = 0;
  /** Each wanted field's bytes: from earlier chunks while it is being read, then all of it. */
  private readonly kept: readonly Carry[];
  private readonly keptDone: boolean[];
  /** What `sink.record` is given (reused). */
  private readonly out: (Carry | undefined)[];
  /** Which wanted column the field being read is (an index into `kept`), or -1; 0 in the first record (all kept). */
  private slot = 0;
  private inQuotes = false;
  private afterQuote = false;
  private quoted = false;
  private escaped = false;
  private broken = false;
  private atFieldStart = true;
  private recordEmpty = true;
  /** The last chunk ended with a CR: an LF first in the next one belongs to it. */
  private skipLF = false;
  /** The wanted columns' indexes (`second` -1 when one column is wanted). */
  private target = -1;
  private second = -1;
  /** The fields of the first record, while it is being read (it may be the header). */
  private firstFields: string[] | undefined = [];
  private bomState: Uint8Array | undefined = new Uint8Array(0);

  constructor(
    private readonly sink: CsvSink,
    private readonly options: ResolvedIngestOptions,
  ) {
    this.delimiter = options.delimiter;
    const wanted = options.covariate === undefined ? 1 : 2;
    this.kept = Array.from({ length: wanted }, () => new Carry());
    this.keptDone = this.kept.map(() => false);
    this.out = this.kept.map(() => undefined);
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
      this.endField(undefined, 0);
      this.endRecord();
    }
  }

  /** The slot of field `field` of a record (see `slot`). */
  private slotOf(field: number): number {
    if (this.firstFields !== undefined) return 0;
    return field === this.target ? 0 : field === this.second ? 1 : -1;
  }

  private scan(buf: Uint8Array): void {
    const n = buf.length;
    const delimiter = this.delimiter;
    let i = 0;
    if (this.skipLF && n > 0) {
      this.skipLF = false;
      if (buf[0] === LF) i = 1; // the line was counted at its CR
    }
    // Inside quotes that LF is part of the field's text; outside, it ends the line break.
    const from = this.inQuotes ? 0 : i;
    this.fieldStart = from;
    this.recordStart = from;
    for (; i < n; i++) {
      const b = buf[i]!;
      if (this.inQuotes) {
        if (b === QUOTE) {
          this.inQuotes = false;
          this.afterQuote = true;
        } else if (b === LF) {
          this.line++;
        } else if (b === CR) {
          this.line++;
          if (i + 1 < n) {
            if (buf[i + 1] === LF) i++;
          } else {
            this.skipLF = true;
          }
        }
      } else if (b === delimiter) {
        this.recordEmpty = false;
        this.endField(buf, i);
        this.resetField(i + 1);
      } else if (b === LF || b === CR) {
        if (!this.recordEmpty) {
          this.endField(buf, i);
          this.checkRecord(i);
          this.endRecord();
        } else {
          for (const kept of this.kept) kept.length = 0; // a blank line: nothing kept
        }
        this.line++;
        if (b === CR) {
          if (i + 1 < n) {
            if (buf[i + 1] === LF) i++;
          } else {
            this.skipLF = true;
          }
        }
        this.recordLine = this.line;
        this.resetField(i + 1);
        this.recordStart = i + 1;
        this.recordBefore = 0;
      } else if (this.afterQuote) {
        if (b === QUOTE) {
          this.inQuotes = true; // "" inside a quoted field
          this.escaped = true;
        } else {
          this.broken = true;
        }
        this.afterQuote = false;
      } else if (b === QUOTE && this.atFieldStart) {
        this.inQuotes = true;
        this.quoted = true;
        this.atFieldStart = false;
        this.recordEmpty = false;
      } else {
        this.atFieldStart = false;
        if (b !== 32 && b !== 9) this.recordEmpty = false; // a line of blanks is not a record
      }
    }
    const slot = this.slot;
    if (slot >= 0 && !this.keptDone[slot]) {
      const from = Math.min(this.fieldStart, n);
      this.checkField(n - from); // before copying: a huge chunk is not kept
      this.kept[slot]!.append(buf, from, n); // the wanted field goes on in the next chunk
    }
    this.checkRecord(n);
    this.recordBefore += n - Math.min(this.recordStart, n);
    this.recordStart = 0;
  }

  /** Throws E_FORMAT when the record being read, up to buf[end] of this chunk, is too long. */
  private checkRecord(end: number): void {
    const length = this.recordBefore + end - Math.min(this.recordStart, end);
    const first = this.firstFields !== undefined;
    const limit = first ? MAX_HEADER : MAX_RECORD;
    if (length <= limit) return;
    const what = this.inQuotes
      ? `a quoted field opened in this record runs on for more than ${limit} bytes`
      : `the ${first ? "first record (the header, if any)" : "record"} is longer than ${limit} bytes`;
    throw new IngestError(
      "E_FORMAT",
      { input: this.options.name, line: this.recordLine },
      `${what}: this does not look like CSV of numbers`,
    );
  }

  /** Throws E_FORMAT when the wanted field being read, with `more` bytes added, is too long. */
  private checkField(more: number): void {
    if (this.kept[this.slot]!.length + more <= MAX_LINE) return;
    throw new IngestError(
      "E_FORMAT",
      { input: this.options.name, line: this.recordLine, column: this.field },
      `the field is longer than ${MAX_LINE} bytes: this does not look like CSV of numbers`,
    );
  }

  /** Ends the field that runs up to buf[end] (exclusive; `buf` undefined: the input's end). */
  private endField(buf: Uint8Array | undefined, end: number): void {
    const slot = this.slot;
    if (slot >= 0) {
      const kept = this.kept[slot]!;
      if (buf !== undefined) {
        const from = Math.min(this.fieldStart, end);
        this.checkField(end - from);
        kept.append(buf, from, end);
      }
      this.keptDone[slot] = true;
      this.finishKept(kept);
      const first = this.firstFields;
      if (first !== undefined) {
        first.push(utf8(kept.bytes, 0, kept.length));
        kept.length = 0;
        this.keptDone[slot] = false;
        if (first.length > MAX_HEADER_FIELDS) {
          throw new IngestError(
            "E_FORMAT",
            { input: this.options.name, line: this.recordLine },
            `the first record (the header, if any) has more than ${MAX_HEADER_FIELDS} fields: this does not look like CSV of numbers`,
          );
        }
        if (buf !== undefined) this.checkRecord(end);
      }
    }
    this.field++;
    this.slot = this.slotOf(this.field);
  }

  /** Turns a kept raw field into its value in place: no quotes, `""` → `"`. */
  private finishKept(k: Carry): void {
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
    this.field = 0;
    this.recordEmpty = true;
    try {
      const first = this.firstFields;
      if (first !== undefined) {
        this.firstFields = undefined;
        this.firstRecord(first);
        return;
      }
      this.sinkRecord(fields);
    } finally {
      for (let k = 0; k < this.kept.length; k++) {
        this.kept[k]!.length = 0;
        this.keptDone[k] = false;
      }
      this.slot = this.slotOf(0);
    }
  }

  /** Hands the kept fields of the record just read to the sink. */
  private sinkRecord(fields: number): void {
    for (let k = 0; k < this.kept.length; k++) this.out[k] = this.keptDone[k] ? this.kept[k] : undefined;
    this.sink.record(this.recordLine, this.out, fields);
  }

  /** The first record: finds the columns, and reads the record as the header or as data. */
  private firstRecord(all: string[]): void {
    const { column, covariate, header } = this.options;
    const wanted = covariate === undefined ? [column] : [column, covariate];
    const where = { input: this.options.name, line: this.recordLine };
    const isNumber = (text: string) => {
      const bytes = encoder.encode(text);
      return parseNumberBytes(bytes, 0, bytes.length) !== NOT_A_NUMBER;
    };
    if (column === undefined) {
      if (all.length > 1) {
        const named = header === true || (header === "auto" && !all.every(isNumber));
        const columns = named ? all : all.map((_, k) => String(k));
        throw new IngestError(
          "E_BAD_ARGUMENT",
          where,
          `the CSV has ${all.length} columns, ${listColumns(columns, named)}: say which one to read (option column, a ${named ? "header name or a " : ""}0-based index)`,
          { field: "options.column", columns, header: named },
        );
      }
      wanted[0] = 0;
    }
    const targets = wanted.map((c) => {
      if (typeof c !== "string") return c as number;
      const index = all.indexOf(c);
      if (index < 0) {
        throw new IngestError(
          "E_FORMAT",
          where,
          `there is no column ${shownString(JSON.stringify(c))}; the header has ${listColumns(all, true)}`,
        );
      }
      return index;
    });
    if (targets.length === 2 && targets[0] === targets[1]) {
      throw new IngestError(
        "E_BAD_ARGUMENT",
        where,
        `the two columns of a pair are one column (${targets[0]}): choose two different columns`,
        { field: "options.x" },
      );
    }
    this.target = targets[0]!;
    this.second = targets[1] ?? -1;
    const byName = wanted.some((c) => typeof c === "string");
    const fields = targets.map((t) => all[t]);
    const isHeader =
      byName ||
      header === true ||
      (header === "auto" && fields.some((field) => field !== undefined && !isNumber(field)));
    this.sink.columnsFound(
      targets.map((t) => (isHeader && all[t] !== undefined ? { column: t, columnName: all[t] } : { column: t })),
    );
    if (isHeader) return;
    fields.forEach((field, k) => {
      const kept = this.kept[k]!;
      kept.length = 0;
      this.keptDone[k] = field !== undefined;
      if (field !== undefined) {
        const bytes = encoder.encode(field);
        kept.append(bytes, 0, bytes.length);
      }
    });
    this.sinkRecord(all.length);
  }
}

/** `"id", "latency"` (names) or `0, 1, 2` (indices), cut after LISTED_COLUMNS. */
function listColumns(columns: readonly string[], named: boolean): string {
  const shown = columns.slice(0, LISTED_COLUMNS).map((c) => (named ? shownString(JSON.stringify(c)) : c));
  const more = columns.length > LISTED_COLUMNS ? `, … (${columns.length} in all)` : "";
  return shown.join(", ") + more;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
