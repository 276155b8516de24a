import { BatchStatsError } from "../errors.js";

/**
 * Where the privacy samplers take their random bits: the Web Crypto shape, so
 * `globalThis.crypto` (Node ≥ 20 and every browser) is one. Anything else must fill the array
 * with independent, uniformly random 32-bit words and return it — a seeded generator is for
 * tests only: noise whose seed is known protects nothing.
 *
 * @example
 * ```ts
 * import type { RandomSource } from "batchstats";
 * const platform: RandomSource = globalThis.crypto;
 * platform.getRandomValues(new Uint32Array(2)).length; // => 2
 * ```
 */
export interface RandomSource {
  getRandomValues(array: Uint32Array): Uint32Array;
}

/** Words fetched per call of the source once the stream is in use (Web Crypto allows at most 65 536 bytes per call). */
const BLOCK = 1024;

/**
 * A buffered reader of uniformly random 32-bit words from a `RandomSource`: the first call of
 * the source fetches `first` words (a release needs a few dozen), later ones 1024, so a draw
 * costs an array read. Unused words are discarded when the reader is dropped (never reused for
 * another release). @internal
 */
export class WordStream {
  private readonly source: RandomSource;
  private words: Uint32Array;
  private next: number;
  private used = false;

  constructor(source: RandomSource, first = BLOCK) {
    this.source = source;
    this.words = new Uint32Array(first);
    this.next = first;
  }

  /** One uniformly random integer in [0, 2^32). */
  word(): number {
    if (this.next === this.words.length) this.refill();
    return this.words[this.next++]!;
  }

  private refill(): void {
    if (this.used && this.words.length < BLOCK) this.words = new Uint32Array(BLOCK);
    this.used = true;
    let filled: unknown;
    try {
      filled = this.source.getRandomValues(this.words);
    } catch (error) {
      throw new BatchStatsError(
        "E_BAD_ARGUMENT",
        `the random source failed: ${error instanceof Error ? error.message : String(error)}`,
        { field: "options.random" },
      );
    }
    if (filled !== this.words) {
      throw new BatchStatsError(
        "E_BAD_ARGUMENT",
        "the random source's getRandomValues must fill the array it is given and return it",
        { field: "options.random" },
      );
    }
    this.next = 0;
  }
}

/**
 * The platform's CSPRNG (`globalThis.crypto`), or `E_BAD_ARGUMENT` where there is none.
 * @internal
 */
export function platformRandom(): RandomSource {
  const c = (globalThis as { crypto?: RandomSource }).crypto;
  if (c === undefined || typeof c.getRandomValues !== "function") {
    throw new BatchStatsError(
      "E_BAD_ARGUMENT",
      "no cryptographic random source here (globalThis.crypto.getRandomValues): pass options.random",
      { field: "options.random" },
    );
  }
  return c;
}

/** Validates `options.random` (undefined → the platform CSPRNG). @internal */
export function randomSource(value: unknown, field = "options.random"): RandomSource {
  if (value === undefined) return platformRandom();
  if (
    typeof value !== "object" ||
    value === null ||
    typeof (value as { getRandomValues?: unknown }).getRandomValues !== "function"
  ) {
    throw new BatchStatsError("E_BAD_ARGUMENT", `${field} must have a getRandomValues(Uint32Array) method`, {
      field,
    });
  }
  return value as RandomSource;
}

/**
 * How many times in a row a sampler's loop may draw again before the source is called degenerate.
 * Every loop of the samplers ends at each pass with probability at least 0.47: the uniform
 * rejection ≥ ½, the Bernoulli(γ/k) chain ≥ ½ from k = 2, the geometric count of Bernoulli(e⁻¹)
 * 1 − e⁻¹, the Laplace and Gaussian acceptance ≥ 0.47 (measured over their scales; Canonne et al.
 * 2020 bound them away from 0). So a uniform source runs 2000 passes in a row with probability
 * below 0.53²⁰⁰⁰ < 10⁻⁵⁰⁰, while a constant source (all zeros, all ones) would loop forever. @internal
 */
export const MAX_PASSES = 2000;

/** `E_BAD_ARGUMENT` on `options.random`: a loop drew `MAX_PASSES` times in a row. @internal */
export function degenerateSource(loop: string): never {
  throw new BatchStatsError(
    "E_BAD_ARGUMENT",
    `the random source is degenerate: ${loop} drew ${MAX_PASSES} times in a row (a uniform source does so with probability below 1e-500); options.random must give independent, uniformly random 32-bit words`,
    { field: "options.random" },
  );
}
