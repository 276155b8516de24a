/**
 * The zero-copy path (`BatchBuffer`): values written straight into the buffer's view are
 * summarized in place, bit-identical to `summarize` on the same values with every backend; the
 * buffer is reusable across batches without growing; growth between batches keeps the contents
 * and never leaves a live view pointing at stale memory; errors leave the buffer usable.
 */
import { describe, expect, it, vi } from "vitest";
import { createInputArea } from "../src/backend/select.js";
import { FEED, PIECE } from "../src/backend/wasm-kernel.js";
import { BatchStatsError } from "../src/errors.js";
import { BatchBuffer } from "../src/summary/batch-buffer.js";
import { summarize } from "../src/summary/summarize.js";
import type { Summary } from "../src/summary/summary.js";
import { normals } from "./support/prng.js";

function bits(s: Summary): string[] {
  const view = new DataView(new ArrayBuffer(8));
  return [s.count, s.mean, s.meanLo, s.m2, s.m2Lo, s.omitted].map((v) => {
    view.setFloat64(0, v);
    return view.getBigUint64(0).toString(16);
  });
}

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (error) {
    if (error instanceof BatchStatsError) return error.code;
    throw error;
  }
  return undefined;
}

/** Sizes around every boundary of the kernel: lanes (8), blocks (64), chunks (2048), copy pieces, feed pieces. */
const SIZES = [0, 1, 2, 7, 8, 9, 63, 64, 65, 2047, 2048, 2049, 4096, 4097, 3 * 2048 + 3, PIECE + 1, FEED + 2048 + 7];
const REQUESTS = ["auto", "wasm", "js"] as const;

describe.each(REQUESTS)('BatchBuffer with backend "%s"', (request) => {
  const capacity = Math.max(...SIZES);
  const x = normals(77, capacity, 1e6, 3);

  it("summarizes in place, bit-identical to summarize() with the JS and wasm backends", () => {
    const buf = new BatchBuffer({ capacity, backend: request });
    expect(buf.backend).toBe(request === "js" ? "js" : "wasm-simd");
    buf.view.set(x);
    for (const n of SIZES) {
      const part = x.subarray(0, n);
      const got = bits(buf.summarize(n));
      expect(got, `n = ${n}`).toEqual(bits(summarize(part, { backend: "js" })));
      expect(got, `n = ${n}`).toEqual(bits(summarize(part, { backend: "wasm" })));
    }
  });

  it("is reusable: many batches, same memory, values left in place, no growth", () => {
    const buf = new BatchBuffer({ capacity: 5000, backend: request });
    const view = buf.view;
    const byteLength = view.buffer.byteLength;
    for (let k = 0; k < 200; k++) {
      const n = 1 + ((k * 997) % 5000);
      const batch = normals(1000 + k, n, k, 1 + k);
      const s = buf.fill((v) => {
        v.set(batch);
        return n;
      });
      expect(bits(s)).toEqual(bits(summarize(batch, { backend: "js" })));
      expect(bits(buf.summarize(n))).toEqual(bits(s)); // the values are still there
    }
    expect(buf.view).toBe(view); // the same view object: nothing moved
    expect(buf.view.buffer.byteLength).toBe(byteLength);
  });

  it("grows between batches: contents kept, stale views detached, new view live", () => {
    const buf = new BatchBuffer({ capacity: 1000, backend: request });
    const small = normals(5, 1000, -4, 2);
    buf.view.set(small);
    const before = bits(buf.summarize(buf.capacity));
    const stale = buf.view;
    const big = normals(6, 300_000, 12, 0.5);
    expect(buf.reserve(300_000)).toBe(buf);
    expect(buf.capacity).toBe(300_000);
    expect(stale.length).toBe(0); // detached: never a live window on moved memory
    expect(() => stale.set([1])).toThrow(); // and writing through it fails loudly
    const view = buf.view;
    expect(view.length).toBe(300_000);
    expect(bits(buf.summarize(1000))).toEqual(before); // contents survived the growth
    view.set(big);
    expect(bits(buf.summarize(buf.capacity))).toEqual(bits(summarize(big, { backend: "js" })));
    buf.reserve(10); // never shrinks
    expect(buf.capacity).toBe(300_000);
  });

  it("fill hands the callback the current view and validates its answer", () => {
    const buf = new BatchBuffer({ capacity: 16, backend: request });
    let seen: Float64Array | undefined;
    const s = buf.fill((v) => {
      seen = v;
      v.set([1, 2, 3, 4]);
      return 4;
    });
    expect(seen).toBe(buf.view);
    expect(s.mean).toBe(2.5);
    expect(buf.fill(() => 0).count).toBe(0);
    for (const bad of [-1, 17, 1.5, Number.NaN, "3", undefined]) {
      expect(code(() => buf.fill(() => bad as unknown as number))).toBe("E_BAD_ARGUMENT");
    }
    expect(code(() => buf.fill(() => buf.reserve(100).capacity))).toBe("E_BAD_ARGUMENT");
    expect(code(() => buf.fill(() => buf.fill(() => 1).count))).toBe("E_BAD_ARGUMENT");
    expect(() =>
      buf.fill(() => {
        throw new Error("reader failed");
      }),
    ).toThrow("reader failed");
    expect(
      buf.fill((v) => {
        v.set([5, 7]);
        return 2;
      }).mean,
    ).toBe(6); // still usable
    expect(buf.reserve(100).capacity).toBe(100); // and growable again after a failed fill
    expect(code(() => buf.fill("x" as unknown as () => number))).toBe("E_BAD_ARGUMENT");
  });

  it("NaN and infinities follow the nan policy, as summarize does, and leave the values alone", () => {
    const values = [1, 2, Number.NaN, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    for (const n of [values.length, 3000]) {
      const data = new Float64Array(n).map((_, i) => values[i % values.length]!);
      for (const nan of ["raise", "omit", "propagate"] as const) {
        const buf = new BatchBuffer({ capacity: n, backend: request, nan });
        buf.view.set(data);
        if (nan === "raise") {
          let error: unknown;
          try {
            buf.summarize(buf.capacity);
          } catch (e) {
            error = e;
          }
          expect(error).toMatchObject({ code: "E_NAN", index: 2 });
        } else {
          expect(bits(buf.summarize(buf.capacity))).toEqual(bits(summarize(data, { nan })));
        }
        expect(Array.from(buf.view)).toEqual(Array.from(data));
      }
    }
    const buf = new BatchBuffer({ capacity: 4, backend: request, nan: "omit" });
    buf.view.set([1, Number.POSITIVE_INFINITY, 2, 3]);
    expect(code(() => buf.summarize(buf.capacity))).toBe("E_INFINITE");
    buf.view.set([1e200, -1e200, 1, 2]);
    expect(code(() => buf.summarize(buf.capacity))).toBe("E_OVERFLOW");
  });

  it("rejects bad options and counts", () => {
    for (const capacity of [0, -1, 1.5, 2 ** 31, "10", null]) {
      expect(code(() => new BatchBuffer({ capacity: capacity as number, backend: request }))).toBe("E_BAD_ARGUMENT");
    }
    const buf = new BatchBuffer({ capacity: 8, backend: request });
    for (const count of [-1, 9, 0.5, Number.NaN, "2"]) {
      expect(code(() => buf.summarize(count as number))).toBe("E_BAD_ARGUMENT");
    }
    for (const capacity of [0, -5, 2.5, "x"])
      expect(code(() => buf.reserve(capacity as number))).toBe("E_BAD_ARGUMENT");
    expect(buf.summarize(0).count).toBe(0);
  });

  it("needs a count: without one it is E_BAD_ARGUMENT, never the whole capacity", () => {
    const buf = new BatchBuffer({ capacity: 8, backend: request });
    buf.view.set([1, 2, 3]);
    const error = (() => {
      try {
        (buf.summarize as () => Summary)();
      } catch (e) {
        return e as BatchStatsError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(BatchStatsError);
    expect([error?.code, error?.field]).toEqual(["E_BAD_ARGUMENT", "count"]);
  });

  it("refuses unknown options and options of the wrong type, naming them", () => {
    const field = (options: unknown) => {
      try {
        new BatchBuffer(options as ConstructorParameters<typeof BatchBuffer>[0]);
      } catch (e) {
        return [(e as BatchStatsError).code, (e as BatchStatsError).field];
      }
      return undefined;
    };
    expect(field({ capacty: 10 })).toEqual(["E_BAD_ARGUMENT", "options.capacty"]);
    expect(field({ nan_policy: "omit" })).toEqual(["E_BAD_ARGUMENT", "options.nan_policy"]);
    expect(field({ nan: 1 })).toEqual(["E_BAD_ARGUMENT", "options.nan"]);
    expect(field({ backend: "gpu" })).toEqual(["E_BAD_ARGUMENT", "options.backend"]);
    expect(field([4])).toEqual(["E_BAD_ARGUMENT", "options"]);
  });
});

describe("BatchBuffer memory", () => {
  it("buffers never share memory with each other or with summarize()", () => {
    const a = new BatchBuffer({ capacity: 4096, backend: "wasm" });
    const b = new BatchBuffer({ capacity: 4096, backend: "wasm" });
    expect(a.view.buffer).not.toBe(b.view.buffer);
    const xa = normals(1, 4096, 3, 1);
    const xb = normals(2, 4096, -3, 2);
    a.view.set(xa);
    b.view.set(xb);
    summarize(normals(3, 100_000, 0, 1), { backend: "wasm" }); // the shared copy-in kernel runs in between
    expect(bits(a.summarize(a.capacity))).toEqual(bits(summarize(xa, { backend: "js" })));
    expect(bits(b.summarize(b.capacity))).toEqual(bits(summarize(xb, { backend: "js" })));
  });

  it("defaults to 65 536 values and is bounded by its capacity", () => {
    const buf = new BatchBuffer();
    expect(buf.capacity).toBe(65_536);
    expect(buf.view.length).toBe(65_536);
    expect(buf.view.buffer.byteLength).toBeLessThan(65_536 * 8 + 128 * 1024);
  });

  it("reports a failure to allocate as E_BAD_ARGUMENT", () => {
    expect(createInputArea("js", 8).grow(4)).toBe(true); // growing to less is a no-op
    const buf = new BatchBuffer({ capacity: 8, backend: "wasm" });
    // 2^31 - 1 values is 16 GiB: more than a 32-bit wasm memory can hold
    expect(code(() => buf.reserve(2 ** 31 - 1))).toBe("E_BAD_ARGUMENT");
    expect(buf.capacity).toBe(8);
  });
});

describe("BatchBuffer without WebAssembly", () => {
  it("works on a plain Float64Array, and backend: 'wasm' throws E_NO_WASM", async () => {
    const x = normals(9, 10_000, 1e9, 1);
    const want = bits(summarize(x, { backend: "wasm" }));
    vi.resetModules();
    const saved = globalThis.WebAssembly;
    delete (globalThis as { WebAssembly?: unknown }).WebAssembly;
    try {
      const lib = await import("../src/summary/batch-buffer.js");
      const buf = new lib.BatchBuffer({ capacity: 10_000 });
      expect(buf.backend).toBe("js");
      buf.view.set(x);
      expect(bits(buf.summarize(buf.capacity))).toEqual(want);
      expect(() => new lib.BatchBuffer({ backend: "wasm" })).toThrow(expect.objectContaining({ code: "E_NO_WASM" }));
    } finally {
      globalThis.WebAssembly = saved;
      vi.resetModules();
    }
  });
});
