/**
 * Integer data — 0/1 conversions, counts — has an exact sum, so its mean must be exactly the
 * correctly rounded k/n that any spreadsheet or numpy gives (IEEE division of two exact
 * integers), on every backend, for one chunk or many, and after merging batches. The kernel's
 * chunk sums come from its pivot-relative pass 1 with exact block sums (assembly/index.ts), which
 * makes this hold whenever every x − P and every block sum is exact.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { merge } from "../src/summary/merge.js";
import { BACKENDS } from "./support/backends.js";

/** Integer arrays: 0/1 with a random rate, small counts, or larger integers; sizes across chunk (2048) boundaries. */
const integerArrays = fc.oneof(
  fc
    .record({
      rate: fc.double({ min: 0, max: 1, noNaN: true }),
      n: fc.integer({ min: 1, max: 5000 }),
      seed: fc.integer(),
    })
    .map(({ rate, n, seed }) => {
      let s = seed | 1;
      return Float64Array.from({ length: n }, () => {
        s ^= s << 13;
        s ^= s >>> 17;
        s ^= s << 5;
        return (s >>> 0) / 2 ** 32 < rate ? 1 : 0;
      });
    }),
  fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 3000 }).map((a) => Float64Array.from(a)),
  fc
    .array(fc.integer({ min: -1_000_000, max: 1_000_000 }), { minLength: 1, maxLength: 300 })
    .map((a) => Float64Array.from(a)),
);

const exactMean = (x: Float64Array) => x.reduce((a, b) => a + b, 0) / x.length; // the integer sum is exact here

describe("integer data: the mean is exactly the correctly rounded k/n", () => {
  it("on the examples people try first", () => {
    for (const b of BACKENDS) {
      expect(b.summarize([0, 7, 0]).mean).toBe(7 / 3);
      expect(b.summarize([0, 1, 0]).mean).toBe(1 / 3);
      expect(b.summarize([1, 0, 0]).mean).toBe(1 / 3);
      expect(b.summarize([0, 0, 1, 0, 0, 1, 0]).mean).toBe(2 / 7);
    }
  });

  it("for any integer batch, on every backend", () => {
    fc.assert(
      fc.property(integerArrays, (x) => {
        for (const b of BACKENDS) expect(b.summarize(x).mean).toBe(exactMean(x));
      }),
      { numRuns: 300 },
    );
  });

  it("after merging batches of it, in any split", () => {
    fc.assert(
      fc.property(integerArrays, fc.array(fc.nat(), { maxLength: 6 }), (x, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (x.length + 1)))].sort((a, b) => a - b);
        const bounds = [0, ...points, x.length];
        const parts = bounds
          .slice(1)
          .map((end, i) => BACKENDS[i % BACKENDS.length]!.summarize(x.subarray(bounds[i], end)));
        expect(merge(...parts).mean).toBe(exactMean(x));
      }),
      { numRuns: 200 },
    );
  });
});
