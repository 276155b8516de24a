import { degenerateSource, MAX_PASSES, type WordStream } from "./random-source.js";

/**
 * Exact uniform integers below a bound, by masked rejection: take the fewest 32-bit words that
 * hold n − 1, mask the top word to its bit length, and draw again while the result is ≥ n
 * (fewer than 2 tries on average). The Number and BigInt versions read the same words in the
 * same order, so on one stream they return the same integers.
 */

const TWO32 = 4294967296; // 2^32

/** The number of bits of a positive integer below 2^53 (bit length of n). */
function bitLength(n: number): number {
  return n < TWO32 ? 32 - Math.clz32(n) : 64 - Math.clz32(Math.floor(n / TWO32));
}

/** Uniform in [0, n) for an integer 1 ≤ n ≤ 2^53 (every step exact: integers below 2^53). @internal */
export function uniformBelow(words: WordStream, n: number): number {
  if (n === 1) return 0;
  const bits = bitLength(n - 1);
  if (bits <= 32) {
    const mask = bits === 32 ? 0xffffffff : (1 << bits) - 1;
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const x = (words.word() & mask) >>> 0;
      if (x < n) return x;
    }
    degenerateSource("the uniform integer sampler");
  }
  const highMask = (1 << (bits - 32)) - 1; // bits ≤ 53: at most 21 bits in the high word
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const high = words.word() & highMask;
    const x = high * TWO32 + words.word(); // < 2^53: exact
    if (x < n) return x;
  }
  degenerateSource("the uniform integer sampler");
}

/** Uniform in [0, n) for any BigInt n ≥ 1 (the same words as `uniformBelow` for n ≤ 2^53). @internal */
export function uniformBelowBig(words: WordStream, n: bigint): bigint {
  if (n === 1n) return 0n;
  const bits = (n - 1n).toString(2).length;
  const count = Math.ceil(bits / 32);
  const topBits = bits - 32 * (count - 1);
  const topMask = topBits === 32 ? 0xffffffff : (1 << topBits) - 1;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let x = BigInt((words.word() & topMask) >>> 0);
    for (let i = 1; i < count; i++) x = (x << 32n) | BigInt(words.word());
    if (x < n) return x;
  }
  degenerateSource("the uniform integer sampler");
}
