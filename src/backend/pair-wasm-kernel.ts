import { instantiateSync } from "@assemblyscript/loader";
import { decodeHex } from "./kernel-bytes.js";
import { PAIR_KERNEL_SCALAR_HEX, PAIR_KERNEL_SIMD_HEX } from "./pair-wasm-bytes.generated.js";
import { PAIR_CHUNK, type PairInputArea, type PairKernel, type RawPairMoments } from "./pair-moments.js";

/**
 * The one place that turns the embedded pair-kernel bytes (assembly/pairs.ts) into a running
 * WebAssembly instance and talks to its memory: the copy-in `PairKernel` and the zero-copy
 * `PairInputArea` of a `PairBatchBuffer`. A module separate from the univariate kernel's, so
 * that code which only summarizes one variable never loads it.
 */

interface PairKernelExports {
  readonly memory: WebAssembly.Memory;
  inputBase(): number;
  capacity(): number;
  reserve(values: number): number;
  begin(pivotX: number, pivotY: number): void;
  feed(ptrX: number, ptrY: number, count: number): void;
  finish(): number;
}

/** Pairs copied into wasm memory per call on the copy-in path (2 × 128 KiB, a multiple of PAIR_CHUNK). */
export const PAIR_PIECE = 8 * PAIR_CHUNK;

/** Pairs per kernel call on the zero-copy path (V8 tiers a wasm function up on its next call). */
export const PAIR_FEED = 32 * PAIR_CHUNK;

/** Which build of the pair kernel. */
export type PairWasmVariant = "simd" | "scalar";

const compiled: { simd?: WebAssembly.Module; scalar?: WebAssembly.Module } = {};

/** The compiled pair module of one build, compiled once; throws where the engine refuses it. */
export function pairKernelModule(variant: PairWasmVariant): WebAssembly.Module {
  let module = compiled[variant];
  if (!module) {
    module = new WebAssembly.Module(decodeHex(variant === "simd" ? PAIR_KERNEL_SIMD_HEX : PAIR_KERNEL_SCALAR_HEX));
    compiled[variant] = module;
  }
  return module;
}

/** Rounds a column length up to an even number of values, so the y column starts 16-aligned. */
function columnStride(n: number): number {
  return n + (n & 1);
}

/**
 * A live pair-kernel instance with its own memory: the x column at the start of the input area,
 * the y column `stride` values after it.
 */
export class WasmPairKernel implements PairKernel, PairInputArea {
  readonly name: "wasm-simd" | "wasm-scalar";
  private readonly raw: PairKernelExports;
  private heap: Float64Array;
  private stride = 0;
  private areaCapacity = 0;
  private vx: Float64Array | undefined;
  private vy: Float64Array | undefined;

  /** @param capacity pairs the area must hold. Throws a RangeError when memory cannot grow. */
  constructor(variant: PairWasmVariant, capacity = PAIR_PIECE) {
    const { instance } = instantiateSync(pairKernelModule(variant), {});
    this.raw = instance.exports as unknown as PairKernelExports;
    this.name = variant === "simd" ? "wasm-simd" : "wasm-scalar";
    this.heap = new Float64Array(this.raw.memory.buffer);
    if (!this.grow(capacity)) throw new RangeError(`cannot reserve wasm memory for ${capacity} pairs`);
  }

  private view(): Float64Array {
    if (this.heap.length === 0) this.heap = new Float64Array(this.raw.memory.buffer);
    return this.heap;
  }

  /** Copy-in: copies pairs [start, end) piece by piece into the area and runs the kernel. */
  pairMoments(
    x: ArrayLike<number>,
    y: ArrayLike<number>,
    start: number,
    end: number,
    pivotX: number,
    pivotY: number,
  ): RawPairMoments {
    const raw = this.raw;
    if (this.areaCapacity < PAIR_PIECE && !this.grow(PAIR_PIECE))
      throw new RangeError("cannot reserve the copy-in area");
    const base = raw.inputBase();
    const baseY = base + this.stride * 8;
    const heap = this.view();
    const at = base >>> 3;
    const atY = baseY >>> 3;
    raw.begin(pivotX, pivotY);
    const typed = ArrayBuffer.isView(x) && ArrayBuffer.isView(y);
    for (let i = start; i < end; i += PAIR_PIECE) {
      const k = Math.min(PAIR_PIECE, end - i);
      if (typed) {
        heap.set((x as unknown as Float64Array).subarray(i, i + k), at);
        heap.set((y as unknown as Float64Array).subarray(i, i + k), atY);
      } else {
        for (let j = 0; j < k; j++) {
          heap[at + j] = x[i + j]!;
          heap[atY + j] = y[i + j]!;
        }
      }
      raw.feed(base, baseY, k);
    }
    return this.result(end - start, pivotX, pivotY);
  }

  private result(count: number, pivotX: number, pivotY: number): RawPairMoments {
    const heap = this.view();
    const o = this.raw.finish() >>> 3;
    return {
      count,
      pivotX,
      pivotY,
      sxHi: heap[o + 1]!,
      sxLo: heap[o + 2]!,
      syHi: heap[o + 3]!,
      syLo: heap[o + 4]!,
      m2xHi: heap[o + 5]!,
      m2xLo: heap[o + 6]!,
      m2yHi: heap[o + 7]!,
      m2yLo: heap[o + 8]!,
      cHi: heap[o + 9]!,
      cLo: heap[o + 10]!,
    };
  }

  get capacity(): number {
    return this.areaCapacity;
  }

  /** Grows memory to hold `n` pairs, moving the y column to its new place; false when it cannot. */
  grow(n: number): boolean {
    if (!Number.isSafeInteger(n) || n < 0 || n > 0x3ffffffe) return false;
    if (n <= this.areaCapacity) return true;
    const stride = columnStride(n);
    if (this.raw.reserve(2 * stride) !== 1) return false;
    const heap = this.view();
    const at = this.raw.inputBase() >>> 3;
    if (this.areaCapacity > 0) heap.copyWithin(at + stride, at + this.stride, at + this.stride + this.areaCapacity);
    this.stride = stride;
    this.areaCapacity = n;
    this.vx = undefined;
    this.vy = undefined;
    return true;
  }

  viewX(): Float64Array {
    let v = this.vx;
    if (v === undefined || v.length !== this.areaCapacity) {
      v = new Float64Array(this.raw.memory.buffer, this.raw.inputBase(), this.areaCapacity);
      this.vx = v;
    }
    return v;
  }

  viewY(): Float64Array {
    let v = this.vy;
    if (v === undefined || v.length !== this.areaCapacity) {
      v = new Float64Array(this.raw.memory.buffer, this.raw.inputBase() + this.stride * 8, this.areaCapacity);
      this.vy = v;
    }
    return v;
  }

  /** Zero-copy: the raw moments of the first `count` pairs of the area. */
  momentsInPlace(count: number, pivotX: number, pivotY: number): RawPairMoments {
    const raw = this.raw;
    const base = raw.inputBase();
    const baseY = base + this.stride * 8;
    raw.begin(pivotX, pivotY);
    for (let i = 0; i < count; i += PAIR_FEED) raw.feed(base + i * 8, baseY + i * 8, Math.min(PAIR_FEED, count - i));
    return this.result(count, pivotX, pivotY);
  }
}
