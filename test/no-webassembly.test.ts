/**
 * Without WebAssembly (deleted before the library is first used, as in an engine without it)
 * the same calls work, report the `js` backend and give the same results as the WASM kernel
 * (which the accuracy suite shows to be bit-identical).
 */
import { describe, expect, it, vi } from "vitest";

describe("with globalThis.WebAssembly deleted", () => {
  it("summarize works, backend() reports js with a reason, and results equal the wasm kernel's", async () => {
    const saved = globalThis.WebAssembly;
    // The wasm kernel's result first; then a fresh module registry, so detection runs again.
    const withWasm = await import("../src/index.js");
    const x = Float64Array.from({ length: 10_000 }, (_, i) => 1e9 + Math.sin(i));
    const want = withWasm.summarize(x, { backend: "wasm" });
    expect(withWasm.backend().name).toBe("wasm-simd");
    vi.resetModules();

    delete (globalThis as { WebAssembly?: unknown }).WebAssembly;
    try {
      const lib = await import("../src/index.js");
      expect(lib.backend().name).toBe("js");
      expect(lib.backend().reason).toMatch(/WebAssembly is not available/);
      const s = lib.summarize(x);
      expect([s.mean, s.meanLo, s.m2, s.m2Lo]).toEqual([want.mean, want.meanLo, want.m2, want.m2Lo]);
      expect(() => lib.summarize(x, { backend: "wasm" })).toThrow(expect.objectContaining({ code: "E_NO_WASM" }));
      const acc = new lib.Accumulator().push(x);
      expect(acc.summary().count).toBe(10_000);
    } finally {
      globalThis.WebAssembly = saved;
    }
  });
});
