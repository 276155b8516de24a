import { BatchStatsError } from "../errors.js";
import { JsPairInputArea, jsPairKernel } from "./pair-js-kernel.js";
import type { PairInputArea, PairKernel } from "./pair-moments.js";
import { type PairWasmVariant, WasmPairKernel } from "./pair-wasm-kernel.js";
import type { BackendRequest } from "./select.js";

/**
 * Chooses the pair kernel once, on first use (never at import time), as select.ts does for the
 * univariate kernel: the SIMD build, else the scalar build, else the JS fallback.
 */

interface Detected {
  wasm?: WasmPairKernel;
  variant?: PairWasmVariant;
  reason?: string;
}

let detected: Detected | undefined;

function detect(): Detected {
  if (detected) return detected;
  if (typeof WebAssembly !== "object" || WebAssembly === null) {
    detected = { reason: "WebAssembly is not available in this environment" };
    return detected;
  }
  let firstError: unknown;
  for (const variant of ["simd", "scalar"] as const) {
    try {
      detected = { wasm: new WasmPairKernel(variant), variant };
      return detected;
    } catch (error) {
      firstError ??= error;
    }
  }
  detected = { reason: `WebAssembly could not be instantiated: ${(firstError as Error).message}` };
  return detected;
}

function noWasm(reason: string | undefined): never {
  throw new BatchStatsError("E_NO_WASM", `the wasm backend was requested but ${reason}`, { field: "options.backend" });
}

/**
 * Below this many pairs, `backend: "auto"` runs the JS pair kernel (bit-identical): the fixed cost
 * of the wasm call and the copy exceed the work. Set like the univariate threshold.
 */
export const PAIR_AUTO_JS_BELOW = 48;

/** The pair kernel for a request; `"wasm"` throws `E_NO_WASM` when WebAssembly cannot run here. */
export function resolvePairKernel(request: BackendRequest): PairKernel {
  if (request === "js") return jsPairKernel;
  const found = detect();
  if (request === "wasm") return found.wasm ?? noWasm(found.reason);
  return found.wasm ?? jsPairKernel;
}

/** A new zero-copy pair area of `capacity` pairs (a private wasm instance, or plain arrays). */
export function createPairInputArea(request: BackendRequest, capacity: number): PairInputArea {
  const found = request === "js" ? {} : detect();
  if (request === "wasm" && !found.variant) noWasm(found.reason);
  try {
    return found.variant ? new WasmPairKernel(found.variant, capacity) : new JsPairInputArea(capacity);
  } catch (error) {
    throw new BatchStatsError(
      "E_BAD_ARGUMENT",
      `cannot allocate a buffer of ${capacity} pairs (${(capacity * 16) / 2 ** 20} MiB): ${(error as Error).message}`,
      { field: "options.capacity" },
    );
  }
}

/** A pair kernel of one build, for tests that hold the backends to one spec. @internal */
export function pairKernelOf(name: "wasm-simd" | "wasm-scalar" | "js"): PairKernel {
  return name === "js" ? jsPairKernel : new WasmPairKernel(name === "wasm-simd" ? "simd" : "scalar");
}
