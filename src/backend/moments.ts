/**
 * What a kernel returns for one batch: the count, the pivot P it worked around, and the
 * compensated sums Σ(x − P) = sumHi + sumLo and M2 = m2Hi + m2Lo. Summaries turn this into a
 * double-double mean P + Σ(x − P)/count and M2.
 */
export interface RawMoments {
  readonly count: number;
  readonly pivot: number;
  readonly sumHi: number;
  readonly sumLo: number;
  readonly m2Hi: number;
  readonly m2Lo: number;
}

/** Names of the backends, fastest first. */
export type BackendName = "wasm-simd" | "wasm-scalar" | "js";

/** A backend: computes the raw moments of `values[start, end)` around `pivot`. */
export interface Kernel {
  readonly name: BackendName;
  moments(values: ArrayLike<number>, start: number, end: number, pivot: number): RawMoments;
}

/** Values per chunk of the pivot two-pass; the same in every backend (bit-identical results). */
export const CHUNK = 2048;

/** Values per block of the Σ e² sum inside a chunk (block sums are added exactly). */
export const BLOCK = 64;

/**
 * A fixed place in memory where a caller writes values and has them summarized without a copy
 * (the zero-copy path behind `BatchBuffer`): wasm memory of a private kernel instance, or a
 * plain Float64Array for the JS backend.
 */
export interface InputArea {
  readonly name: BackendName;
  /** How many values `inputView()` holds. */
  readonly capacity: number;
  /** Makes room for at least `n` values, keeping the contents; false when memory cannot grow. Views taken before may be detached. */
  grow(n: number): boolean;
  /** The area as a Float64Array of exactly `capacity` values (a new view after growth). */
  inputView(): Float64Array;
  /** The raw moments of the first `count` values of the area around `pivot`. */
  momentsInPlace(count: number, pivot: number): RawMoments;
}
