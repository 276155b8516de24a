/** fromMoments, fromSums, merge and Accumulator behaviour. */
import { describe, expect, it } from "vitest";
import { resolveKernel } from "../src/backend/select.js";
import { BatchStatsError } from "../src/errors.js";
import { Accumulator } from "../src/summary/accumulator.js";
import { fromMoments, fromSums, sumsPrecision } from "../src/summary/from-moments.js";
import { merge } from "../src/summary/merge.js";
import { summarize } from "../src/summary/summarize.js";
import { Summary } from "../src/summary/summary.js";
import { summaryBits } from "./support/backends.js";
import { generated } from "./support/fixtures.js";

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(BatchStatsError);
    return (error as BatchStatsError).code;
  }
  return "no error";
}

describe("fromMoments", () => {
  it("round-trips variance and std exactly (M2 is formed in double-double)", () => {
    for (const v of [9.166666666666666, 0.1, 1e-300, 123456.789]) {
      expect(fromMoments({ count: 10, mean: 5.5, variance: v }).variance()).toBe(v);
    }
    for (const sd of [3.0276503540974917, 0.1, 1e-150, 7e5]) {
      expect(fromMoments({ count: 1001, mean: -2, std: sd }).std()).toBe(sd);
    }
  });

  it("honours ddof = 0 (population moments)", () => {
    const s = fromMoments({ count: 8, mean: 5, std: 2, ddof: 0 });
    expect(s.m2).toBe(32);
    expect(s.variance()).toBe(32 / 7);
  });

  it("merges with summaries of raw data as if it were raw data", () => {
    const x = [2, 4, 4, 4, 5, 5, 7, 9];
    const a = summarize(x.slice(0, 5));
    const b = fromMoments({ count: 3, mean: 7, variance: 4 }); // 5, 7, 9
    const all = merge(a, b);
    expect([all.count, all.mean, all.variance(0)]).toEqual([8, 5, 4]);
  });

  it("rejects impossible moments with E_BAD_ARGUMENT", () => {
    expect(code(() => fromMoments({ count: 5, mean: 1, std: -1 }))).toBe("E_BAD_ARGUMENT");
    expect(code(() => fromMoments({ count: 5, mean: 1 }))).toBe("E_BAD_ARGUMENT");
    expect(code(() => fromMoments({ count: 5, mean: 1, std: 1, variance: 1 }))).toBe("E_BAD_ARGUMENT");
    expect(code(() => fromMoments({ count: 2.5, mean: 1, std: 1 }))).toBe("E_BAD_ARGUMENT");
    expect(code(() => fromMoments({ count: 5, mean: Number.NaN, std: 1 }))).toBe("E_BAD_ARGUMENT");
    expect(code(() => fromMoments({ count: 1, mean: 1, std: 1 }))).toBe("E_BAD_ARGUMENT");
  });
});

describe("fromSums", () => {
  it("recovers the variance exactly when the sums are exact", () => {
    // 1, 2, 3, 4: Σx = 10, Σx² = 30, M2 = 30 − 100/4 = 5, variance = 5/3
    const s = fromSums({ count: 4, sum: 10, sumOfSquares: 30 });
    expect([s.count, s.mean, s.m2, s.variance()]).toEqual([4, 2.5, 5, 5 / 3]);
  });

  it("refuses sums whose variance has cancelled away (E_PRECISION_LOSS)", () => {
    // 1e9 + {0, 1, 2}: Σx² ≈ 3e18 against M2 = 2: 18 digits cancel.
    const sums = { count: 3, sum: 3e9 + 3, sumOfSquares: 3e18 + 6e9 + 5 };
    expect(code(() => fromSums(sums))).toBe("E_PRECISION_LOSS");
    expect(sumsPrecision(sums).reliableDigits).toBeLessThan(0);
  });

  it("accepts moderately conditioned sums and says how many digits survive", () => {
    // mean 1e4, sd ≈ 1: about 8 digits cancel, about 8 survive
    const x = generated("std_normal_10k").map((v) => v + 1e4);
    let sum = 0;
    let sumOfSquares = 0;
    for (const v of x) {
      sum += v;
      sumOfSquares += v * v;
    }
    const p = sumsPrecision({ count: x.length, sum, sumOfSquares });
    expect(p.digitsLost).toBeGreaterThan(7.5);
    expect(p.digitsLost).toBeLessThan(8.5);
    const fromRaw = summarize(x);
    const s = fromSums({ count: x.length, sum, sumOfSquares });
    // the sums were accumulated naively (error ≲ n·ε·Σx²), so only ~4 digits are promised here
    expect(Math.abs(s.variance() / fromRaw.variance() - 1)).toBeLessThan(1e-4);
    expect(code(() => fromSums({ count: x.length, sum, sumOfSquares }, { minDigits: 9 }))).toBe("E_PRECISION_LOSS");
  });

  it("takes Σx² = 0 as exact (every value 0) and refuses a constant column it cannot tell from noise", () => {
    const zeros = fromSums({ count: 5, sum: 0, sumOfSquares: 0 });
    expect([zeros.count, zeros.mean, zeros.m2]).toEqual([5, 0, 0]);
    expect(fromSums({ count: 5, sum: 0, sumOfSquares: 0 }, { minDigits: 15 }).variance()).toBe(0);
    // 5, 5, 5: M2 = 0 up to the rounding of the sums, which could hide a spread of ~1e-7
    expect(code(() => fromSums({ count: 3, sum: 15, sumOfSquares: 75 }))).toBe("E_PRECISION_LOSS");
  });

  it("rejects impossible sums with E_BAD_SUMMARY", () => {
    expect(code(() => fromSums({ count: 2, sum: 10, sumOfSquares: 10 }))).toBe("E_BAD_SUMMARY");
    expect(code(() => fromSums({ count: 2, sum: 1, sumOfSquares: 0 }))).toBe("E_BAD_SUMMARY");
    expect(code(() => fromSums({ count: 2, sum: 10, sumOfSquares: -1 }))).toBe("E_BAD_ARGUMENT");
  });
});

describe("merge", () => {
  it("merge() is the empty summary and the identity", () => {
    const s = summarize([3, 1, 4, 1, 5]);
    expect(merge().count).toBe(0);
    expect(merge(Summary.empty(), s, Summary.empty())).toBe(s);
  });

  it("adds up omitted NaN counts", () => {
    const a = summarize([1, Number.NaN], { nan: "omit" });
    const b = summarize([Number.NaN, Number.NaN, 3], { nan: "omit" });
    expect([merge(a, b).omitted, merge(a, b).count]).toEqual([3, 2]);
  });

  it("rejects plain objects, pointing to Summary.fromJSON", () => {
    expect(code(() => merge(summarize([1]), JSON.parse(JSON.stringify(summarize([2])))))).toBe("E_BAD_ARGUMENT");
  });

  it("NaN summaries (propagate) make the merge NaN", () => {
    const s = merge(summarize([1, 2]), summarize([Number.NaN], { nan: "propagate" }));
    expect(s.mean).toBeNaN();
    expect(s.count).toBe(3);
  });
});

describe("Accumulator", () => {
  it("equals summarize + merge", () => {
    const x = generated("merge200");
    const acc = new Accumulator();
    for (let k = 0; k < 10; k++) acc.push(x.subarray(k * 1000, (k + 1) * 1000));
    acc.merge(summarize(x.subarray(10000, 20000))).merge(new Accumulator().push(x.subarray(20000, 30000)));
    const want = merge(summarize(x.subarray(0, 10000)), summarize(x.subarray(10000, 30000)));
    expect(acc.summary().count).toBe(30000);
    expect(Math.abs(acc.summary().variance() / want.variance() - 1)).toBeLessThan(1e-15);
    expect(acc.summary().mean).toBe(want.mean);
  });

  it("a batch that fails leaves the accumulator unchanged", () => {
    const acc = new Accumulator().push([1, 2, 3]);
    const before = summaryBits(acc.summary());
    expect(code(() => acc.push([4, Number.NaN]))).toBe("E_NAN");
    expect(code(() => acc.push(["x" as unknown as number]))).toBe("E_NOT_NUMERIC");
    expect(summaryBits(acc.summary())).toEqual(before);
    expect(acc.summary().count).toBe(3);
  });

  it("fed 1e6 batches, does not grow wasm memory", () => {
    const kernel = resolveKernel("wasm") as unknown as { raw: { memory: WebAssembly.Memory } };
    const memory = kernel.raw.memory;
    const acc = new Accumulator({ backend: "wasm" });
    acc.push(new Float64Array(100_000).fill(1)); // a large batch first: the input area is already sized
    const bytes = memory.buffer.byteLength;
    const batch = new Float64Array([1, 2, 3, 4]);
    for (let i = 0; i < 1_000_000; i++) acc.push(batch);
    expect(memory.buffer.byteLength).toBe(bytes);
    expect(acc.summary().count).toBe(100_000 + 4_000_000);
  });
});
