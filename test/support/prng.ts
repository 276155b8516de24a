/**
 * Deterministic, cross-language test data, bit-identical to scripts/fixtures/prng.py
 * (see the method described there): murmur3 fmix32 over a counter, 53-bit uniforms,
 * Irwin-Hall(12) - 6 normals, value = loc + scale * z.
 */
const GOLDEN = 0x9e3779b9;

function fmix32(input: number): number {
  let h = input >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** The j-th uniform of stream `seed`, an exact double in [0, 1). */
export function uniform(seed: number, j: number): number {
  const base = Math.imul(seed >>> 0, GOLDEN) >>> 0;
  const c0 = (base + 2 * j) >>> 0;
  const c1 = (base + 2 * j + 1) >>> 0;
  const a = fmix32(c0) >>> 5;
  const b = fmix32(c1) >>> 6;
  return (a * 67108864 + b) / 9007199254740992;
}

/** n values loc + scale * (sum of 12 uniforms - 6). */
export function normals(seed: number, n: number, loc = 0, scale = 1): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let k = 0; k < 12; k++) z += uniform(seed, 12 * i + k);
    out[i] = loc + scale * (z - 6);
  }
  return out;
}

/** XOR of the 64-bit patterns as 16 hex digits (matches prng.py `checksum`). */
export function checksum(values: Float64Array): string {
  const bits = new BigUint64Array(values.buffer, values.byteOffset, values.length);
  let x = 0n;
  for (const b of bits) x ^= b;
  return x.toString(16).padStart(16, "0");
}
