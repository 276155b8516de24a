/**
 * Inputs for the Node ingest tests: encoders for each format and helpers that cut one byte
 * sequence into chunks anywhere (and at any alignment), as pipes, sockets and file reads do.
 */

/** The bytes of f64le values. */
export function f64Bytes(values: ArrayLike<number>): Uint8Array {
  return new Uint8Array(Float64Array.from(values).buffer);
}

/** The bytes of f32le values. */
export function f32Bytes(values: ArrayLike<number>): Uint8Array {
  return new Uint8Array(Float32Array.from(values).buffer);
}

/** Cuts `bytes` at the given positions (any order, duplicates and out-of-range ones ignored). */
export function cutAt(bytes: Uint8Array, positions: number[]): Uint8Array[] {
  const cuts = [...new Set(positions.filter((p) => p > 0 && p < bytes.length))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const p of [...cuts, bytes.length]) {
    chunks.push(bytes.subarray(from, p));
    from = p;
  }
  return chunks;
}

/** A copy of `chunk` that starts `shift` bytes into a fresh buffer (so typed-array views of it are misaligned). */
export function shifted(chunk: Uint8Array, shift: number): Uint8Array {
  const buffer = new Uint8Array(chunk.length + shift);
  buffer.set(chunk, shift);
  return buffer.subarray(shift);
}

/** `bytes` cut at `fractions` of its length, each chunk copied `shifts[i]` bytes into a fresh buffer (misaligned). */
export function cutShifted(bytes: Uint8Array, fractions: number[], shifts: number[]): Uint8Array[] {
  const positions = fractions.map((f) => Math.floor(f * bytes.length));
  return cutAt(bytes, positions).map((chunk, i) => shifted(chunk, shifts[i % shifts.length]!));
}

/** Chunks of `bytes` cut every `size` bytes. */
export function everyN(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return chunks;
}

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** A CSV field, quoted the RFC 4180 way. */
export function quote(field: string): string {
  return `"${field.replaceAll('"', '""')}"`;
}
