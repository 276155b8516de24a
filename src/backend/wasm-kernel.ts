import { instantiateSync } from "@assemblyscript/loader";
import { decodeHex } from "./kernel-bytes.js";
import { CHUNK, type InputArea, type Kernel, type RawMoments } from "./moments.js";
import { KERNEL_SCALAR_HEX, KERNEL_SIMD_HEX } from "./wasm-bytes.generated.js";

/**
 * The one place that turns the embedded kernel bytes into a running WebAssembly instance and
 * talks to its memory. Everything else sees only the `Kernel` and `InputArea` interfaces.
 *
 * Loading: the module is compiled once (`new WebAssembly.Module`, synchronous; ~2.5 KB, under
 * the 4 KB browsers allow synchronously on the main thread; decoded from the embedded hex text by
 * src/backend/kernel-bytes.ts) and instantiated with @assemblyscript/loader's `instantiateSync`.
 * The kernel imports nothing and its six exports are called raw. Measured: the loader's first
 * `instantiateSync` costs 0.45–0.55 ms of a cold start where `new WebAssembly.Instance` costs
 * 0.04 ms, and the loader is 2.0 KB of min+gzip in every app that summarizes
 * (docs/bench-notes.md, "Cold start"; docs/browser-notes.md, "Size"); switching to the raw
 * constructor is this one line.
 */

/** The kernel's exports (see the header of assembly/index.ts). */
interface KernelExports {
  readonly memory: WebAssembly.Memory;
  inputBase(): number;
  capacity(): number;
  reserve(values: number): number;
  begin(pivot: number): void;
  feed(ptr: number, count: number): void;
  finish(): number;
}

/**
 * Values copied into wasm memory per kernel call by the copy-in path (`summarize(array)`):
 * 256 KiB, a multiple of CHUNK, so the copy is still in L2 when the kernel reads it. Pieces from
 * 16 KiB to 512 KiB measured within ±5 % of each other at n = 1e5…1e7 (docs/bench-notes.md).
 */
export const PIECE = 16 * CHUNK;

/**
 * Values per kernel call on the zero-copy path: 1 MiB, a multiple of CHUNK. V8 runs a new
 * wasm function in its baseline tier and switches to optimised code on the *next* call, so a
 * long batch fed in pieces reaches full speed after the first megabyte, where one call over a
 * whole large batch would run in the baseline tier to its end.
 */
export const FEED = 64 * CHUNK;

/** Which build of the kernel. */
export type WasmVariant = "simd" | "scalar";

/** The embedded bytes of one build. */
export function kernelBytes(variant: WasmVariant): Uint8Array<ArrayBuffer> {
  return decodeHex(variant === "simd" ? KERNEL_SIMD_HEX : KERNEL_SCALAR_HEX);
}

const compiled: { simd?: WebAssembly.Module; scalar?: WebAssembly.Module } = {};

/**
 * The compiled module of one build, compiled once and cached. Throws a `WebAssembly.CompileError`
 * where the engine lacks a feature the build uses (SIMD) or refuses to compile (CSP).
 */
export function kernelModule(variant: WasmVariant): WebAssembly.Module {
  let module = compiled[variant];
  if (!module) {
    module = new WebAssembly.Module(kernelBytes(variant));
    compiled[variant] = module;
  }
  return module;
}

/**
 * A live kernel instance with its own memory: the copy-in `Kernel` (one shared instance, chosen
 * in select.ts). Memory views are re-created whenever memory has grown. The zero-copy input area
 * of a `BatchBuffer` is the subclass `WasmInputArea`, so that an app that never makes one bundles
 * none of its code.
 */
export class WasmKernel implements Kernel {
  readonly name: "wasm-simd" | "wasm-scalar";
  protected readonly raw: KernelExports;
  private heap: Float64Array;
  protected areaCapacity = 0;

  /**
   * @param capacity values the input area must hold: PIECE (the default) for the copy-in path,
   *   the buffer's capacity for a zero-copy area. Throws a RangeError when memory cannot grow.
   */
  constructor(variant: WasmVariant, capacity = PIECE) {
    const { instance } = instantiateSync(kernelModule(variant), {});
    this.raw = instance.exports as unknown as KernelExports;
    this.name = variant === "simd" ? "wasm-simd" : "wasm-scalar";
    if (!this.grow(capacity)) throw new RangeError(`cannot reserve wasm memory for ${capacity} values`);
    this.heap = new Float64Array(this.raw.memory.buffer);
  }

  /**
   * A Float64Array over all of wasm memory, re-created after memory growth. Growth detaches the
   * old buffer, which leaves views on it with length 0: checking the length is a field read,
   * where the `memory.buffer` getter costs ~20 ns (a tenth of a small batch's summarize).
   */
  private view(): Float64Array {
    if (this.heap.length === 0) this.heap = new Float64Array(this.raw.memory.buffer);
    return this.heap;
  }

  /**
   * Copy-in: copies values[start, end) into the input area piece by piece and runs the kernel.
   * A typed array is copied by `subarray`, an array by TypedArray#set on it or a slice (which
   * converts natively, ~3× faster than an element loop), another array-like by a slice of it.
   */
  moments(values: ArrayLike<number>, start: number, end: number, pivot: number): RawMoments {
    const raw = this.raw;
    if (this.areaCapacity < PIECE && !this.grow(PIECE)) throw new RangeError("cannot reserve the copy-in area");
    const base = raw.inputBase();
    const heap = this.view();
    const at = base >>> 3;
    raw.begin(pivot);
    const typed = ArrayBuffer.isView(values) ? (values as unknown as Float64Array) : undefined;
    for (let i = start; i < end; i += PIECE) {
      const k = Math.min(PIECE, end - i);
      heap.set(
        typed
          ? typed.subarray(i, i + k)
          : i === 0 && k === values.length && Array.isArray(values)
            ? values
            : Array.prototype.slice.call(values, i, i + k),
        at,
      );
      raw.feed(base, k);
    }
    return this.result(end - start, pivot);
  }

  /**
   * The state the kernel wrote. `count` is the caller's own integer count (the kernel's copy is
   * the same value as a double): JS engines then see the same small-integer representation from
   * every backend, so the summary code downstream stays monomorphic.
   */
  protected result(count: number, pivot: number): RawMoments {
    const heap = this.view();
    const out = this.raw.finish() >>> 3;
    return {
      count,
      pivot,
      sumHi: heap[out + 1]!,
      sumLo: heap[out + 2]!,
      m2Hi: heap[out + 3]!,
      m2Lo: heap[out + 4]!,
    };
  }

  /** Grows wasm memory so the input area holds `n` values; false when memory cannot grow. */
  grow(n: number): boolean {
    if (!Number.isSafeInteger(n) || n < 0 || n > 0x7fffffff) return false;
    if (this.raw.reserve(n) !== 1) return false;
    if (n > this.areaCapacity) this.areaCapacity = n;
    return true;
  }
}

/**
 * A kernel instance of its own behind one `BatchBuffer`: its input area is the zero-copy
 * `InputArea` (no two users ever share one).
 */
export class WasmInputArea extends WasmKernel implements InputArea {
  private area: Float64Array | undefined;

  /** How many values `inputView()` holds. */
  get capacity(): number {
    return this.areaCapacity;
  }

  /** The input area as a Float64Array of `capacity` values, re-created after memory growth. */
  inputView(): Float64Array {
    let area = this.area;
    // A view whose buffer was detached by growth has length 0 (see view()); capacity 0 is rare.
    if (area === undefined || area.length !== this.areaCapacity || this.areaCapacity === 0) {
      area = new Float64Array(this.raw.memory.buffer, this.raw.inputBase(), this.areaCapacity);
      this.area = area;
    }
    return area;
  }

  /** Zero-copy: the raw moments of the first `count` values of the input area. */
  momentsInPlace(count: number, pivot: number): RawMoments {
    const raw = this.raw;
    const base = raw.inputBase();
    raw.begin(pivot);
    for (let i = 0; i < count; i += FEED) raw.feed(base + i * 8, Math.min(FEED, count - i));
    return this.result(count, pivot);
  }
}
