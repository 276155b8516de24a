import { asBuffer, Carry, MAX_LINE } from "./byte-carry.js";
import { IngestError } from "../ingest-error.js";
import type { RecordSink } from "./record-sink.js";

/**
 * Splits text input, arriving in chunks cut anywhere, into lines and hands each non-blank line
 * to a `RecordSink` as bytes, where they lie (no string is made). Lines end with LF or CRLF (a
 * CR cut from its LF by a chunk boundary is still removed); the last line needs no line break;
 * a UTF-8 byte order mark at the start is ignored; blank lines (nothing but spaces and tabs)
 * are not records. Only the unfinished last line of a chunk is kept between chunks.
 * @internal
 */
export class LineDecoder {
  /** Bytes received. */
  bytes = 0;
  /** Lines seen, blank ones included (the last line counts even without a line break). */
  lines = 0;
  private readonly carry = new Carry();

  constructor(
    private readonly sink: RecordSink,
    private readonly input: string,
    /** Whether this is the start of the input (a BOM is only looked for there). */
    private readonly atInputStart = true,
  ) {}

  write(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    const b = asBuffer(chunk);
    let pos = 0;
    if (this.carry.length > 0) {
      const nl = b.indexOf(10);
      this.carry.append(b, 0, nl < 0 ? b.length : nl);
      this.checkCarry();
      if (nl < 0) return;
      this.line(this.carry.bytes, 0, this.carry.length);
      this.carry.length = 0;
      pos = nl + 1;
    }
    for (let nl = b.indexOf(10, pos); nl >= 0; nl = b.indexOf(10, pos)) {
      this.line(b, pos, nl);
      pos = nl + 1;
    }
    if (pos < b.length) {
      this.carry.append(b, pos, b.length);
      this.checkCarry();
    }
  }

  /** Ends the input: the last line is read even without a line break. */
  end(): void {
    if (this.carry.length > 0) {
      this.line(this.carry.bytes, 0, this.carry.length);
      this.carry.length = 0;
    }
  }

  /** One line b[start, end), without its LF. */
  private line(b: Uint8Array, start: number, end: number): void {
    this.lines++;
    if (
      this.lines === 1 &&
      this.atInputStart &&
      end - start >= 3 &&
      b[start] === 0xef &&
      b[start + 1] === 0xbb &&
      b[start + 2] === 0xbf
    ) {
      start += 3; // UTF-8 byte order mark
    }
    if (end > start && b[end - 1] === 13) end--; // CR of CRLF
    let i = start;
    while (i < end && (b[i] === 32 || b[i] === 9)) i++;
    if (i === end) return; // blank line: not a record
    this.sink.add(b, start, end, this.lines);
  }

  private checkCarry(): void {
    if (this.carry.length > MAX_LINE) {
      throw new IngestError(
        "E_FORMAT",
        { input: this.input, line: this.lines + 1 },
        `the line is longer than ${MAX_LINE} bytes: this does not look like text (binary values need format "f64le" or "f32le")`,
      );
    }
  }
}
