/**
 * `backend: "auto"` runs the JS kernel for small batches and wasm above a measured threshold
 * (AUTO_JS_BELOW; AUTO_JS_BELOW_ARRAY for plain arrays; AUTO_JS_BELOW_IN_PLACE for BatchBuffer). The switch must be invisible: the
 * same bits either side of it, for typed arrays and plain arrays, and `backend()` keeps naming
 * the wasm build.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { jsKernel } from "../src/backend/js-kernel.js";
import {
  AUTO_JS_BELOW,
  AUTO_JS_BELOW_ARRAY,
  AUTO_JS_BELOW_IN_PLACE,
  backend,
  resolveKernel,
} from "../src/backend/select.js";
import { BatchBuffer } from "../src/summary/batch-buffer.js";
import { summarize } from "../src/summary/summarize.js";
import type { Summary } from "../src/summary/summary.js";
import { normals } from "./support/prng.js";

function bits(s: Summary): string[] {
  const view = new DataView(new ArrayBuffer(8));
  return [s.mean, s.meanLo, s.m2, s.m2Lo].map((v) => {
    view.setFloat64(0, v);
    return view.getBigUint64(0).toString(16);
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('backend: "auto"', () => {
  it("is named for the wasm build, whichever kernel runs a given batch", () => {
    expect(backend().name).toBe("wasm-simd");
    expect(resolveKernel("auto").name).toBe("wasm-simd");
    expect(resolveKernel("wasm").name).toBe("wasm-simd");
    expect(resolveKernel("js")).toBe(jsKernel);
  });

  it("has thresholds in a sane range", () => {
    expect(AUTO_JS_BELOW).toBeGreaterThanOrEqual(8);
    expect(AUTO_JS_BELOW).toBeLessThanOrEqual(2048);
    expect(AUTO_JS_BELOW_IN_PLACE).toBeGreaterThanOrEqual(0);
    expect(AUTO_JS_BELOW_IN_PLACE).toBeLessThanOrEqual(AUTO_JS_BELOW);
    expect(AUTO_JS_BELOW_ARRAY).toBeGreaterThanOrEqual(AUTO_JS_BELOW);
  });

  it("runs JS below AUTO_JS_BELOW values and wasm from there on", () => {
    const wasm = resolveKernel("wasm");
    const wasmCalls = vi.spyOn(wasm, "moments");
    const jsCalls = vi.spyOn(jsKernel, "moments");
    summarize(normals(1, AUTO_JS_BELOW - 1, 5, 1));
    expect([jsCalls.mock.calls.length, wasmCalls.mock.calls.length]).toEqual([1, 0]);
    summarize(normals(2, AUTO_JS_BELOW, 5, 1));
    expect([jsCalls.mock.calls.length, wasmCalls.mock.calls.length]).toEqual([1, 1]);
    summarize(normals(3, 10, 5, 1), { backend: "wasm" }); // an explicit request is obeyed at any size
    expect(wasmCalls.mock.calls.length).toBe(2);
    summarize(Array.from(normals(4, AUTO_JS_BELOW_ARRAY - 1, 5, 1))); // plain arrays: their own threshold
    expect([jsCalls.mock.calls.length, wasmCalls.mock.calls.length]).toEqual([2, 2]);
    summarize(Array.from(normals(5, AUTO_JS_BELOW_ARRAY, 5, 1)));
    expect([jsCalls.mock.calls.length, wasmCalls.mock.calls.length]).toEqual([2, 3]);
  });

  it("gives the same bits on both sides of the threshold, for Float64Array and number[]", () => {
    const sizes = [1, 2, 7, 8, AUTO_JS_BELOW - 1, AUTO_JS_BELOW, AUTO_JS_BELOW_ARRAY - 1, AUTO_JS_BELOW_ARRAY, 5000];
    for (const n of sizes) {
      const x = normals(100 + n, n, 1e8, 0.25);
      const want = bits(summarize(x, { backend: "js" }));
      expect(bits(summarize(x)), `auto n = ${n}`).toEqual(want);
      expect(bits(summarize(x, { backend: "wasm" })), `wasm n = ${n}`).toEqual(want);
      expect(bits(summarize(Array.from(x))), `auto number[] n = ${n}`).toEqual(want);
      expect(bits(summarize(Array.from(x), { backend: "wasm" })), `wasm number[] n = ${n}`).toEqual(want);
      expect(bits(summarize(new Float32Array(x), { backend: "wasm" })), `Float32Array n = ${n}`).toEqual(
        bits(summarize(new Float32Array(x), { backend: "js" })),
      );
    }
  });

  it("applies AUTO_JS_BELOW_IN_PLACE to BatchBuffer, with the same bits", () => {
    const buf = new BatchBuffer({ capacity: 4096 });
    const pinned = new BatchBuffer({ capacity: 4096, backend: "wasm" });
    const jsCalls = vi.spyOn(jsKernel, "moments");
    for (const n of [1, AUTO_JS_BELOW_IN_PLACE - 1, AUTO_JS_BELOW_IN_PLACE, AUTO_JS_BELOW_IN_PLACE + 1, 4096]) {
      if (n < 1) continue;
      const x = normals(200 + n, n, -3e5, 7);
      buf.view.set(x);
      pinned.view.set(x);
      const before = jsCalls.mock.calls.length;
      const got = bits(buf.summarize(n));
      expect(jsCalls.mock.calls.length - before).toBe(n < AUTO_JS_BELOW_IN_PLACE ? 1 : 0);
      expect(got, `n = ${n}`).toEqual(bits(summarize(x, { backend: "js" })));
      expect(bits(pinned.summarize(n)), `wasm n = ${n}`).toEqual(got);
    }
  });
});
