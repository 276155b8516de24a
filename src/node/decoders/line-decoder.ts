import { IngestError } from "../ingest-error.js";
import { Carry } from "./byte-carry.js";
import { MAX_LINE } from "./caps.js";
import type { RecordSink } from "./record-sink.js";

const LF = 10;
const CR = 13;

/**
 * Splits text input, arriving in chunks cut anywhere, into lines and hands each non-blank line
 * to a `RecordSink` as bytes, where they lie (no string is made). A line ends with LF, CRLF or a
 * lone CR (old spreadsheet exports), mixed as they come; CRLF is one line break, also when a
 * chunk ends between its CR and LF. The last line needs no line break; a UTF-8 byte order mark
 * at the start is ignored; blank lines (nothing but spaces and tabs) are not records. Only the
 * unfinished last line of a chunk is kept between chunks, and a line over 1 MiB is `E_FORMAT`.
 * @internal
 */
export class LineDecoder {
  /** Bytes received. */
  bytes = 0;
  /** Lines seen, blank ones included (the last line counts even without a line break). */
  lines = 0;
  private readonly carry = new Carry();
  /** The last chunk ended with a CR: an LF first in the next one belongs to it. */
  private afterCR = false;

  constructor(
    private readonly sink: RecordSink,
    private readonly input: string,
    /** Whether this is the start of the input (a BOM is only looked for there). */
    private readonly atInputStart = true,
  ) {}

  write(b: Uint8Array): void {
    this.bytes += b.length;
    const n = b.length;
    let pos = 0;
    if (this.afterCR && n > 0) {
      this.afterCR = false;
      if (b[0] === LF) pos = 1;
    }
    while (pos < n) {
      let i = pos;
      for (; i < n; i++) {
        const c = b[i]!;
        if (c === LF || c === CR) break;
      }
      if (i === n) {
        this.checkLength(this.carry.length + (n - pos)); // before copying: a huge chunk is not kept
        this.carry.append(b, pos, n);
        return;
      }
      if (this.carry.length > 0) {
        this.carry.append(b, pos, i);
        this.line(this.carry.bytes, 0, this.carry.length);
        this.carry.length = 0;
      } else {
        this.line(b, pos, i);
      }
      if (b[i] === CR) {
        if (i + 1 < n) {
          if (b[i + 1] === LF) i++;
        } else {
          this.afterCR = true;
        }
      }
      pos = i + 1;
    }
  }

  /** Ends the input: the last line is read even without a line break. */
  end(): void {
    if (this.carry.length > 0) {
      this.line(this.carry.bytes, 0, this.carry.length);
      this.carry.length = 0;
    }
  }

  /** One line b[start, end), without its line break. */
  private line(b: Uint8Array, start: number, end: number): void {
    this.checkLength(end - start);
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
    let i = start;
    while (i < end && (b[i] === 32 || b[i] === 9)) i++;
    if (i === end) return; // blank line: not a record
    this.sink.add(b, start, end, this.lines);
  }

  private checkLength(length: number): void {
    if (length > MAX_LINE) {
      throw new IngestError(
        "E_FORMAT",
        { input: this.input, line: this.lines + 1 },
        `the line is longer than ${MAX_LINE} bytes: this does not look like text (binary values need format "f64le" or "f32le")`,
      );
    }
  }
}
