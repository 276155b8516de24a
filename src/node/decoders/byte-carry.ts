/**
 * Longest line (text) or field (CSV) kept between chunks: 1 MiB. A longer one means the input is
 * not what its format says, and memory stays bounded. @internal
 */
export const MAX_LINE = 1 << 20;

/** `bytes` as a Buffer (a view, no copy), for its native `indexOf`. @internal */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Bytes kept between chunks (the unfinished last line or field), in one buffer that grows as
 * needed and is reused: chunks may be reused by their reader, so what is kept is copied.
 * @internal
 */
export class Carry {
  bytes: Buffer = Buffer.alloc(256);
  length = 0;

  /** Appends b[from, to). */
  append(b: Uint8Array, from: number, to: number): void {
    const need = this.length + (to - from);
    if (need > this.bytes.length) {
      const grown = Buffer.alloc(Math.max(need, this.bytes.length * 2));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    if (to - from < 64) {
      for (let i = from, at = this.length; i < to; i++, at++) this.bytes[at] = b[i]!; // no view object for short copies
    } else {
      this.bytes.set(b.subarray(from, to), this.length);
    }
    this.length = need;
  }
}
