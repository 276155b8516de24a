/**
 * The permutation that sorts non-negative doubles ascending, stably, by an LSD radix sort on
 * their bit patterns (for x ≥ 0, +0 included and −0 excluded, the unsigned 64-bit pattern
 * orders as the value does): six passes of 11 bits, skipping a pass whose digit is the same for
 * every value. About 20 times faster than `Float64Array.prototype.sort` at 10 000 values, with
 * no comparator closure; insertion sort below 48 values.
 * @internal
 */
const BITS = 11;
const RADIX = 2048; // 1 << BITS (literals: a bundler drops an unused constant only when it is one)
const MASK = 2047; // RADIX − 1

export function ascendingOrder(p: Float64Array): Int32Array {
  const n = p.length;
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (n < 48) {
    for (let i = 1; i < n; i++) {
      const k = order[i]!;
      const v = p[k]!;
      let j = i - 1;
      while (j >= 0 && p[order[j]!]! > v) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = k;
    }
    return order;
  }
  const words = new Uint32Array(p.buffer, p.byteOffset, 2 * n);
  const lowWord = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1; // little-endian: low word first
  let other = new Int32Array(n);
  const count = new Int32Array(RADIX);
  for (let pass = 0; pass < 6; pass++) {
    const bit = pass * BITS; // 0, 11, 22 | 33, 44, 55 (the middle pass straddles the words)
    count.fill(0);
    for (let i = 0; i < n; i++) count[digit(words, lowWord, i, bit)]! += 1;
    let nonEmpty = 0;
    for (let d = 0; d < RADIX; d++) if (count[d] !== 0) nonEmpty++;
    if (nonEmpty === 1) continue; // every value has this digit: the pass would not move anything
    let sum = 0;
    for (let d = 0; d < RADIX; d++) {
      const c = count[d]!;
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = order[i]!;
      const d = digit(words, lowWord, k, bit);
      other[count[d]!] = k;
      count[d]! += 1;
    }
    const t = order;
    order = other;
    other = t;
  }
  return order;
}

/** Bits bit .. bit + 10 of the 64-bit pattern of value k. */
function digit(words: Uint32Array, lowWord: number, k: number, bit: number): number {
  const lo = words[2 * k + lowWord]!;
  const hi = words[2 * k + 1 - lowWord]!;
  if (bit + BITS <= 32) return (lo >>> bit) & MASK;
  if (bit >= 32) return (hi >>> (bit - 32)) & MASK;
  return ((lo >>> bit) | (hi << (32 - bit))) & MASK;
}
