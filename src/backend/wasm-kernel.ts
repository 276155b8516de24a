import { instantiateSync } from "@assemblyscript/loader";
import { CHUNK, type Kernel, type RawMoments } from "./moments.js";
import { KERNEL_SCALAR_BASE64, KERNEL_SIMD_BASE64 } from "./wasm-bytes.generated.js";

/**
 * The one place that turns the embedded kernel bytes into a running WebAssembly instance
 * (via @assemblyscript/loader's `instantiateSync`) and talks to its memory. Everything else
 * sees only the `Kernel` interface, so a switch to another loader touches this file alone.
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

/** Values copied into wasm memory per kernel call: 256 KiB, a multiple of CHUNK. */
export const PIECE = 16 * CHUNK;

/** Which build of the kernel. */
export type WasmVariant = "simd" | "scalar";

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The embedded bytes of one build. */
export function kernelBytes(variant: WasmVariant): Uint8Array<ArrayBuffer> {
  return decodeBase64(variant === "simd" ? KERNEL_SIMD_BASE64 : KERNEL_SCALAR_BASE64);
}

/** A live kernel instance. Memory views are re-created whenever memory has grown. */
export class WasmKernel implements Kernel {
  readonly name: "wasm-simd" | "wasm-scalar";
  private readonly raw: KernelExports;
  private heap: Float64Array;

  constructor(variant: WasmVariant) {
    const { instance } = instantiateSync(kernelBytes(variant), {});
    this.raw = instance.exports as unknown as KernelExports;
    this.name = variant === "simd" ? "wasm-simd" : "wasm-scalar";
    if (this.raw.reserve(PIECE) !== 1) throw new Error("cannot reserve the kernel's input area");
    this.heap = new Float64Array(this.raw.memory.buffer);
  }

  /** A Float64Array over all of wasm memory, valid until the next memory growth. */
  private view(): Float64Array {
    if (this.heap.buffer !== this.raw.memory.buffer) this.heap = new Float64Array(this.raw.memory.buffer);
    return this.heap;
  }

  moments(values: ArrayLike<number>, start: number, end: number, pivot: number): RawMoments {
    const raw = this.raw;
    const base = raw.inputBase();
    const heap = this.view();
    const at = base >>> 3;
    raw.begin(pivot);
    const typed = ArrayBuffer.isView(values) ? (values as unknown as Float64Array) : undefined;
    for (let i = start; i < end; i += PIECE) {
      const k = Math.min(PIECE, end - i);
      if (typed) {
        heap.set(typed.subarray(i, i + k), at);
      } else {
        for (let j = 0; j < k; j++) heap[at + j] = values[i + j]!;
      }
      raw.feed(base, k);
    }
    const out = raw.finish() >>> 3;
    return {
      count: heap[out]!,
      pivot,
      sumHi: heap[out + 1]!,
      sumLo: heap[out + 2]!,
      m2Hi: heap[out + 3]!,
      m2Lo: heap[out + 4]!,
    };
  }
}
