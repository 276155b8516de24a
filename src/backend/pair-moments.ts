/**
 * What a pair kernel returns for one batch of pairs: the count, the pivots (Px, Py) it worked
 * around, the compensated sums Σ(x − Px) = sxHi + sxLo and Σ(y − Py) = syHi + syLo, M2 of each
 * column and the co-moment C = Σ(x − x̄)(y − ȳ) = cHi + cLo.
 */
export interface RawPairMoments {
  readonly count: number;
  readonly pivotX: number;
  readonly pivotY: number;
  readonly sxHi: number;
  readonly sxLo: number;
  readonly syHi: number;
  readonly syLo: number;
  readonly m2xHi: number;
  readonly m2xLo: number;
  readonly m2yHi: number;
  readonly m2yLo: number;
  readonly cHi: number;
  readonly cLo: number;
}

/** A pair backend: the raw moments of pairs (x[i], y[i]) for i in [start, end) around the pivots. */
export interface PairKernel {
  readonly name: "wasm-simd" | "wasm-scalar" | "js";
  pairMoments(
    x: ArrayLike<number>,
    y: ArrayLike<number>,
    start: number,
    end: number,
    pivotX: number,
    pivotY: number,
  ): RawPairMoments;
}

/** Pairs per chunk of the pair kernel's two-pass; the same in every backend (bit-identical results). */
export const PAIR_CHUNK = 2048;

/** Pairs per block of the pair kernel's sums inside a chunk (block sums are added exactly). */
export const PAIR_BLOCK = 128;

/**
 * The zero-copy area of a pair backend: two columns of `capacity` values each, written by the
 * caller, summarized in place (wasm memory of a private pair-kernel instance, or plain arrays).
 */
export interface PairInputArea {
  readonly name: "wasm-simd" | "wasm-scalar" | "js";
  readonly capacity: number;
  /** Makes room for `n` pairs, keeping the contents; false when memory cannot grow. */
  grow(n: number): boolean;
  /** The x column as a Float64Array of exactly `capacity` values (a new view after growth). */
  viewX(): Float64Array;
  /** The y column, likewise. */
  viewY(): Float64Array;
  /** The raw moments of the first `count` pairs around the pivots. */
  momentsInPlace(count: number, pivotX: number, pivotY: number): RawPairMoments;
}
