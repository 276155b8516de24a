/**
 * The backends every core test runs against: the SIMD and scalar WebAssembly builds and the
 * JS fallback, each as a `summarize`-like function using exactly that kernel.
 */
import { jsKernel } from "../../src/backend/js-kernel.js";
import type { Kernel } from "../../src/backend/moments.js";
import { WasmKernel } from "../../src/backend/wasm-kernel.js";
import type { NanPolicy } from "../../src/summary/input.js";
import { summarizeWith } from "../../src/summary/summarize.js";
import type { Summary } from "../../src/summary/summary.js";

export interface TestBackend {
  name: string;
  kernel: Kernel;
  summarize(values: ArrayLike<number>, nan?: NanPolicy): Summary;
}

function make(name: string, kernel: Kernel): TestBackend {
  return {
    name,
    kernel,
    summarize: (values, nan = "raise") => summarizeWith(values, { kernel, nan, jsBelow: 0, jsBelowArray: 0 }),
  };
}

/** wasm-simd, wasm-scalar and js, each pinned to its kernel. */
export const BACKENDS: TestBackend[] = [
  make("wasm-simd", new WasmKernel("simd")),
  make("wasm-scalar", new WasmKernel("scalar")),
  make("js", jsKernel),
];

/** Bit pattern of a double, for bit-identity assertions with readable failures. */
export function bits(x: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return view.getBigUint64(0).toString(16).padStart(16, "0");
}

/** The four doubles that define a summary's statistics, as bit patterns. */
export function summaryBits(s: Summary): string[] {
  return [s.mean, s.meanLo, s.m2, s.m2Lo].map(bits);
}

/** Deterministic Fisher–Yates shuffle (xorshift32), returns a new array. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = items.slice();
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Splits values into `batches` nearly equal contiguous batches (subarray views). */
export function split(values: Float64Array, batches: number): Float64Array[] {
  const out: Float64Array[] = [];
  const size = values.length / batches;
  for (let k = 0; k < batches; k++) out.push(values.subarray(Math.round(k * size), Math.round((k + 1) * size)));
  return out;
}
