import { BatchStatsError } from "../errors.js";
import { jsKernel } from "./js-kernel.js";
import type { BackendName, Kernel } from "./moments.js";
import { kernelBytes, WasmKernel } from "./wasm-kernel.js";

/**
 * Chooses a kernel once, on first use (never at import time), and caches the choice: the
 * SIMD build when the engine validates it, else the scalar build, else the JS fallback with
 * the reason recorded (no WebAssembly, or instantiation refused, e.g. by a CSP).
 */

/** Which backend a call asks for. `"auto"` picks the fastest that works here. */
export type BackendRequest = "auto" | "wasm" | "js";

/** The backend in use and, when it is not the fastest, why. */
export interface BackendInfo {
  name: BackendName;
  reason?: string;
}

interface Detected {
  wasm?: Kernel;
  reason?: string;
}

let detected: Detected | undefined;

function detect(): Detected {
  if (detected) return detected;
  if (typeof WebAssembly !== "object" || WebAssembly === null) {
    detected = { reason: "WebAssembly is not available in this environment" };
    return detected;
  }
  let simd = false;
  try {
    simd = WebAssembly.validate(kernelBytes("simd"));
  } catch {
    simd = false;
  }
  try {
    detected = simd
      ? { wasm: new WasmKernel("simd") }
      : { wasm: new WasmKernel("scalar"), reason: "this engine does not support WebAssembly SIMD" };
  } catch (error) {
    detected = { reason: `WebAssembly could not be instantiated: ${(error as Error).message}` };
  }
  return detected;
}

/** The kernel for a request; `"wasm"` throws `E_NO_WASM` when WebAssembly cannot run here. */
export function resolveKernel(request: BackendRequest): Kernel {
  if (request === "js") return jsKernel;
  const found = detect();
  if (found.wasm) return found.wasm;
  if (request === "wasm") {
    throw new BatchStatsError("E_NO_WASM", `the wasm backend was requested but ${found.reason}`, {
      field: "options.backend",
    });
  }
  return jsKernel;
}

/**
 * Which backend `summarize` uses by default here, and why when it is not `wasm-simd`.
 * The first call instantiates the kernel (about a millisecond); later calls are free.
 *
 * @example
 * ```ts
 * import { backend } from "batchstats";
 * backend(); // => { name: "wasm-simd" } in Node 20+ and current browsers
 * ```
 */
export function backend(): BackendInfo {
  const found = detect();
  if (found.wasm) {
    return found.reason ? { name: found.wasm.name, reason: found.reason } : { name: found.wasm.name };
  }
  return found.reason ? { name: "js", reason: found.reason } : { name: "js" };
}
