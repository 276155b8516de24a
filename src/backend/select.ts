import { BatchStatsError } from "../errors.js";
import { JsInputArea, jsKernel } from "./js-kernel.js";
import type { BackendName, InputArea, Kernel } from "./moments.js";
import { WasmInputArea, WasmKernel, type WasmVariant } from "./wasm-kernel.js";

/**
 * Chooses a kernel once, on first use (never at import time), and caches the choice: the
 * SIMD build when the engine compiles it, else the scalar build, else the JS fallback with
 * the reason recorded (no WebAssembly, or compilation refused, e.g. by a CSP).
 */

/** Which backend a call asks for. `"auto"` picks the fastest that works here. */
export type BackendRequest = "auto" | "wasm" | "js";

/** The backend in use and, when it is not the fastest, why. */
export interface BackendInfo {
  name: BackendName;
  reason?: string;
}

/**
 * Below this many values, `backend: "auto"` runs the JS kernel even when WebAssembly is
 * available: for small batches the fixed cost of a wasm call plus the copy into wasm memory
 * exceeds the work. The results are bit-identical either way, so the switch is invisible.
 * Measured by `npm run bench` (suite "auto threshold"; docs/bench-notes.md).
 */
export const AUTO_JS_BELOW = 48;

/**
 * The threshold for plain arrays (`number[]`), whose copy into wasm memory costs more than a
 * typed array's (an element conversion instead of a memory copy). Measured equal to
 * AUTO_JS_BELOW (wasm 264 vs JS 268 ns at 48 values, 303 vs 330 at 64); set one step higher
 * where the two were within noise.
 */
export const AUTO_JS_BELOW_ARRAY = 64;

/**
 * The same threshold for the zero-copy path (`BatchBuffer`), where no copy is paid: only the
 * fixed cost of the kernel call remains.
 */
export const AUTO_JS_BELOW_IN_PLACE = 8;

interface Detected {
  wasm?: WasmKernel;
  variant?: WasmVariant;
  reason?: string;
}

let detected: Detected | undefined;

function detect(): Detected {
  if (detected) return detected;
  if (typeof WebAssembly !== "object" || WebAssembly === null) {
    detected = { reason: "WebAssembly is not available in this environment" };
    return detected;
  }
  // Compiling the SIMD build is the SIMD test: an engine without SIMD rejects it, and then the
  // scalar build (same results) is tried. Cheaper than WebAssembly.validate + compile.
  let firstError: unknown;
  for (const variant of ["simd", "scalar"] as const) {
    try {
      const wasm = new WasmKernel(variant);
      detected = { wasm, variant };
      if (variant === "scalar") detected.reason = "this engine does not support WebAssembly SIMD";
      return detected;
    } catch (error) {
      firstError ??= error;
    }
  }
  detected = { reason: `WebAssembly could not be instantiated: ${(firstError as Error).message}` };
  return detected;
}

function noWasm(reason: string | undefined, field: string): never {
  throw new BatchStatsError("E_NO_WASM", `the wasm backend was requested but ${reason}`, { field });
}

/**
 * The kernel for a request; `"wasm"` throws `E_NO_WASM` when WebAssembly cannot run here.
 * `"auto"` gives the wasm kernel where it runs: the caller sends batches under the AUTO_JS_BELOW
 * thresholds to `jsKernel` itself (`autoJsBelow`), so that choice costs one comparison.
 */
export function resolveKernel(request: BackendRequest): Kernel {
  if (request === "js") return jsKernel;
  const found = detect();
  if (request === "wasm") return found.wasm ?? noWasm(found.reason, "options.backend");
  return found.wasm ?? jsKernel;
}

/**
 * Batch sizes below which `kernel`, resolved for `request`, is bypassed for the JS kernel:
 * `[typed arrays, plain arrays]`; `[0, 0]` unless the request is `"auto"` and `kernel` is wasm.
 */
export function autoJsBelow(request: BackendRequest, kernel: Kernel): readonly [number, number] {
  return request === "auto" && kernel !== jsKernel ? [AUTO_JS_BELOW, AUTO_JS_BELOW_ARRAY] : [0, 0];
}

/**
 * A new zero-copy input area of `capacity` values for a request: a private wasm kernel instance
 * (its own memory, so nothing else ever writes there) or, for `"js"` and where WebAssembly
 * cannot run, a plain Float64Array. Throws `E_NO_WASM` for `"wasm"` without WebAssembly and
 * `E_BAD_ARGUMENT` when the memory cannot be had.
 */
export function createInputArea(request: BackendRequest, capacity: number): InputArea {
  const found = request === "js" ? {} : detect();
  if (request === "wasm" && !found.variant) noWasm(found.reason, "options.backend");
  try {
    return found.variant ? new WasmInputArea(found.variant, capacity) : new JsInputArea(capacity);
  } catch (error) {
    throw new BatchStatsError(
      "E_BAD_ARGUMENT",
      `cannot allocate a buffer of ${capacity} values (${(capacity * 8) / 2 ** 20} MiB): ${(error as Error).message}`,
      { field: "options.capacity" },
    );
  }
}

/**
 * Which backend `summarize` uses by default here, and why when it is not `wasm-simd`.
 * The first call instantiates the kernel (about a millisecond); later calls are free.
 * With `"auto"`, batches of fewer than 48 values (64 in a plain array) run the JS kernel (faster there, and
 * bit-identical); `backend()` still names the wasm build used for everything larger.
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
