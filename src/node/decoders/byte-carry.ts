/**
 * Bytes kept between chunks (the unfinished last line or field), in one buffer that grows as
 * needed and is reused: chunks may be reused by their reader, so what is kept is copied.
 * @internal
 */
export class Carry {
  bytes: Uint8Array = new Uint8Array(256);
  length = 0;

  /** Appends b[from, to). */
  append(b: Uint8Array, from: number, to: number): void {
    const need = this.length + (to - from);
    if (need > this.bytes.length) {
      const grown = new Uint8Array(Math.max(need, this.bytes.length * 2));
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
