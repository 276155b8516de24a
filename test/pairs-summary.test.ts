/**
 * PairSummary and its constructors: JSON round trip and field-by-field validation, the NaN
 * policy, length mismatch, extreme magnitudes (exact power-of-two scaling or typed errors, never
 * NaN), merge laws, PairAccumulator, PairBatchBuffer, fromPairMoments and fromPairSums with its
 * precision-loss detection. Small expected values are exact rationals worked by hand.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BatchStatsError } from "../src/errors.js";
import { fromPairMoments, fromPairSums } from "../src/pairs/from-pair-moments.js";
import { mergePairs } from "../src/pairs/merge-pairs.js";
import { PairAccumulator } from "../src/pairs/pair-accumulator.js";
import { PairBatchBuffer } from "../src/pairs/pair-batch-buffer.js";
import { PairSummary } from "../src/pairs/pair-summary.js";
import { summarizePairs } from "../src/pairs/summarize-pairs.js";
import { summarize } from "../src/summary/summarize.js";
import { normals } from "./support/prng.js";

function err(f: () => unknown): BatchStatsError {
  try {
    f();
  } catch (error) {
    if (error instanceof BatchStatsError) return error;
    throw error;
  }
  throw new Error("did not throw");
}

function bits(p: PairSummary): string {
  return JSON.stringify(p.toJSON());
}

describe("summarizePairs", () => {
  it("gives the exact small-case moments", () => {
    // x = 1..4, y = 2, 4, 5, 9: Σ(x − 2.5)(y − 5) = 11, M2x = 5, M2y = 26
    const p = summarizePairs([1, 2, 3, 4], [2, 4, 5, 9]);
    expect([p.count, p.meanX, p.meanY, p.m2X, p.m2Y, p.cXY]).toEqual([4, 2.5, 5, 5, 26, 11]);
    expect(p.covariance()).toBe(11 / 3);
    expect(p.covariance(0)).toBe(2.75);
    expect(p.correlation()).toBeCloseTo(11 / Math.sqrt(130), 15);
    expect(p.x.variance()).toBe(summarize([1, 2, 3, 4]).variance());
    expect(p.y.mean).toBe(5);
  });

  it("refuses columns of different lengths, non-numbers, NaN (raise) and ±Infinity", () => {
    expect(err(() => summarizePairs([1, 2], [1])).code).toBe("E_BAD_ARGUMENT");
    expect(err(() => summarizePairs([1, "2"] as never, [1, 2])).code).toBe("E_NOT_NUMERIC");
    const nan = err(() => summarizePairs([1, 2, 3], [1, Number.NaN, 3]));
    expect([nan.code, nan.index, nan.field]).toEqual(["E_NAN", 1, "y"]);
    const inf = err(() => summarizePairs([1, Infinity], [1, 2], { nan: "omit" }));
    expect([inf.code, inf.index]).toEqual(["E_INFINITE", 1]);
    expect(err(() => summarizePairs([1], [1], { nan: "propagate" } as never)).code).toBe("E_BAD_ARGUMENT");
    expect(err(() => summarizePairs([1], [1], { nans: "omit" } as never)).code).toBe("E_BAD_ARGUMENT");
  });

  it("omits a pair with a NaN in either value and counts it", () => {
    const p = summarizePairs([1, Number.NaN, 2, 3, 4], [2, 7, 4, Number.NaN, 9], { nan: "omit" });
    expect(p.omitted).toBe(2);
    expect(bits(p)).toBe(bits(PairSummary.fromJSON({ ...summarizePairs([1, 2, 4], [2, 4, 9]).toJSON(), omitted: 2 })));
    expect(summarizePairs([Number.NaN], [1], { nan: "omit" }).count).toBe(0);
  });

  it("is exact under scaling by powers of two, to the ends of the range (never NaN)", () => {
    const x = normals(11, 3000, 5, 2);
    const y = normals(12, 3000, -1, 3);
    const base = summarizePairs(x, y);
    for (const [kx, ky] of [
      [480, -450],
      [-450, 400],
      [300, 300],
      [-480, 0],
    ] as const) {
      const p = summarizePairs(
        x.map((v) => v * 2 ** kx),
        y.map((v) => v * 2 ** ky),
      );
      expect(p.meanX).toBe(base.meanX * 2 ** kx);
      expect(p.m2Y).toBe(base.m2Y * 4 ** ky);
      expect(p.cXY).toBe(base.cXY * 2 ** kx * 2 ** ky);
      expect(p.correlation()).toBe(base.correlation());
    }
    expect(err(() => summarizePairs([1e300, -1e300], [1, 2])).code).toBe("E_OVERFLOW");
    expect(err(() => summarizePairs([1, 2], [1e-300, 2e-300])).code).toBe("E_UNDERFLOW");
    const constant = summarizePairs([3, 3, 3], [1, 2, 4]);
    expect([constant.m2X, constant.cXY]).toEqual([0, 0]);
    expect(err(() => constant.correlation()).code).toBe("E_ZERO_VARIANCE");
    expect(err(() => summarizePairs([1], [2]).covariance()).code).toBe("E_TOO_FEW");
  });
});

describe("PairSummary JSON", () => {
  const p = summarizePairs(normals(1, 5000, 1e9), normals(2, 5000, 3));
  it("round-trips bit for bit", () => {
    expect(bits(PairSummary.fromJSON(JSON.stringify(p)))).toBe(bits(p));
    expect(bits(PairSummary.fromJSON(PairSummary.empty().toJSON()))).toBe(bits(PairSummary.empty()));
  });
  it("validates every field with E_BAD_SUMMARY naming it", () => {
    const j = p.toJSON() as unknown as Record<string, unknown>;
    const cases: [Record<string, unknown>, string][] = [
      [{ ...j, format: "batchstats.summary" }, "format"],
      [{ ...j, version: 2 }, "version"],
      [{ ...j, count: -1 }, "count"],
      [{ ...j, count: 1.5 }, "count"],
      [{ ...j, meanX: "1" }, "meanX"],
      [{ ...j, meanYLo: 1 }, "meanYLo"],
      [{ ...j, m2X: -p.m2X }, "m2X"],
      [{ ...j, m2Y: Number.NaN }, "m2Y"],
      [{ ...j, cXY: Math.sqrt(p.m2X) * Math.sqrt(p.m2Y) * 1.001 }, "cXY"],
      [{ ...j, extra: 1 }, "extra"],
      [Object.fromEntries(Object.entries(j).filter(([k]) => k !== "cXYLo")), "cXYLo"],
    ];
    for (const [value, field] of cases) {
      const e = err(() => PairSummary.fromJSON(value));
      expect([e.code, e.field]).toEqual(["E_BAD_SUMMARY", field]);
    }
    expect(err(() => PairSummary.fromJSON("{")).code).toBe("E_BAD_SUMMARY");
    expect(err(() => PairSummary.fromJSON([])).code).toBe("E_BAD_SUMMARY");
  });
  it("cannot be constructed directly", () => {
    expect(() => new (PairSummary as unknown as new () => unknown)()).toThrow(BatchStatsError);
  });
});

describe("mergePairs and PairAccumulator", () => {
  const x = normals(5, 9000, 1e6, 2);
  const y = normals(6, 9000, -4e5, 0.5);
  const all = summarizePairs(x, y);
  it("any split merged in any order agrees with the one-shot summary to ~1e-15", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 8999 }), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        (cuts, rev) => {
          const points = [...new Set([0, ...cuts, 9000])].sort((a, b) => a - b);
          const parts = points
            .slice(0, -1)
            .map((s, i) => summarizePairs(x.subarray(s, points[i + 1]), y.subarray(s, points[i + 1])));
          const m = mergePairs(rev ? parts.reverse() : parts);
          return (
            m.count === 9000 &&
            Math.abs(m.cXY - all.cXY) <= 4e-16 * Math.sqrt(all.m2X * all.m2Y) &&
            Math.abs(m.m2X - all.m2X) <= 4e-16 * all.m2X
          );
        },
      ),
      { numRuns: 50, seed: 3 },
    );
  });
  it("has the empty summary as identity and refuses non-summaries", () => {
    expect(bits(mergePairs(PairSummary.empty(), all))).toBe(bits(all));
    expect(mergePairs().count).toBe(0);
    expect(err(() => mergePairs(all, summarize([1]) as never)).field).toBe("summaries[1]");
  });
  it("PairAccumulator equals mergePairs of the batches, and a failed push changes nothing", () => {
    const acc = new PairAccumulator({ backend: "js" });
    acc.push(x.subarray(0, 4000), y.subarray(0, 4000));
    const before = bits(acc.summary());
    expect(() => acc.push([1, Number.NaN], [1, 2])).toThrow(BatchStatsError);
    expect(bits(acc.summary())).toBe(before);
    const other = new PairAccumulator().push(x.subarray(4000), y.subarray(4000));
    acc.merge(other);
    expect(bits(acc.summary())).toBe(
      bits(
        mergePairs(
          summarizePairs(x.subarray(0, 4000), y.subarray(0, 4000)),
          summarizePairs(x.subarray(4000), y.subarray(4000)),
        ),
      ),
    );
    expect(err(() => acc.merge({} as never)).code).toBe("E_BAD_ARGUMENT");
  });
});

describe.each(["auto", "wasm", "js"] as const)("PairBatchBuffer (%s)", (backend) => {
  it("summarizes in place, bit-identical to summarizePairs, also after reserve", () => {
    const x = normals(8, 70_000, 1e9);
    const y = normals(9, 70_000, 2);
    const buf = new PairBatchBuffer({ capacity: 1000, backend });
    buf.viewX.set(x.subarray(0, 1000));
    buf.viewY.set(y.subarray(0, 1000));
    expect(bits(buf.summarize(1000))).toBe(bits(summarizePairs(x.subarray(0, 1000), y.subarray(0, 1000))));
    buf.reserve(70_000);
    expect(bits(buf.summarize(1000))).toBe(bits(summarizePairs(x.subarray(0, 1000), y.subarray(0, 1000))));
    buf.viewX.set(x);
    buf.viewY.set(y);
    expect(bits(buf.summarize(70_000))).toBe(bits(summarizePairs(x, y, { backend: "js" })));
    buf.viewY[5] = Number.NaN;
    expect(err(() => buf.summarize(10)).code).toBe("E_NAN");
    expect(err(() => buf.summarize(70_001)).code).toBe("E_BAD_ARGUMENT");
  });
});

describe("fromPairMoments and fromPairSums", () => {
  it("rebuild the exact small case", () => {
    const want = bits(summarizePairs([1, 2, 3, 4], [2, 4, 5, 9]));
    const m = fromPairMoments({
      count: 4,
      meanX: 2.5,
      meanY: 5,
      varianceX: 5 / 4,
      varianceY: 6.5,
      covariance: 2.75,
      ddof: 0,
    });
    expect(bits(m)).toBe(want);
    const s = fromPairSums({ count: 4, sumX: 10, sumY: 20, sumOfSquaresX: 30, sumOfSquaresY: 126, sumOfProducts: 61 });
    expect(bits(s)).toBe(want);
  });
  it("refuse impossible inputs with typed errors naming the field", () => {
    const bad = err(() =>
      fromPairMoments({ count: 4, meanX: 0, meanY: 0, varianceX: 1, varianceY: 1, covariance: 1.5 }),
    );
    expect([bad.code, bad.field]).toEqual(["E_BAD_ARGUMENT", "covariance"]);
    const neg = err(() =>
      fromPairMoments({ count: 4, meanX: 0, meanY: 0, varianceX: -1, varianceY: 1, covariance: 0 }),
    );
    expect(neg.field).toBe("varianceX");
  });
  it("detect precision loss in the cross term (GrowthBook-style sums at a 1e9 offset)", () => {
    // x = 1e9 + {0, 1, 2, 3}, y = 1e9 + {0, 2, 1, 3}: the sums cancel ~18 digits.
    const xs = [0, 1, 2, 3].map((v) => 1e9 + v);
    const ys = [0, 2, 1, 3].map((v) => 1e9 + v);
    const sums = {
      count: 4,
      sumX: xs.reduce((a, b) => a + b),
      sumY: ys.reduce((a, b) => a + b),
      sumOfSquaresX: xs.reduce((a, b) => a + b * b, 0),
      sumOfSquaresY: ys.reduce((a, b) => a + b * b, 0),
      sumOfProducts: xs.reduce((a, b, i) => a + b * ys[i]!, 0),
    };
    expect(err(() => fromPairSums(sums)).code).toBe("E_PRECISION_LOSS");
    const offsetFree = { count: 4, sumX: 6, sumY: 6, sumOfSquaresX: 14, sumOfSquaresY: 14, sumOfProducts: 13 };
    expect(fromPairSums(offsetFree).covariance()).toBe(4 / 3); // Σ(x − 1.5)(y − 1.5) = 4
  });
});

describe("fromPairSums with a column of zeros", () => {
  it("gives a zero variance and co-moment, and refuses a non-zero Σxy against it", () => {
    const p = fromPairSums({ count: 4, sumX: 0, sumY: 10, sumOfSquaresX: 0, sumOfSquaresY: 30, sumOfProducts: 0 });
    expect([p.count, p.meanX, p.m2X, p.cXY, p.meanY, p.m2Y]).toEqual([4, 0, 0, 0, 2.5, 5]);
    const bad = { count: 4, sumX: 0, sumY: 10, sumOfSquaresX: 0, sumOfSquaresY: 30, sumOfProducts: 1 };
    expect(err(() => fromPairSums(bad)).code).toBe("E_BAD_SUMMARY");
  });
});

describe("fromPairSums at |r| = 1", () => {
  it("keeps a co-moment that rounding pushed past Cauchy–Schwarz valid (JSON round trip)", () => {
    // y = 3x exactly: C² = M2x·M2y; the sums' roundings may leave |r| a hair above 1.
    for (let k = 1; k < 40; k++) {
      const xs = Array.from({ length: 7 }, (_, i) => (i * k) / 7 + 0.1);
      const ys = xs.map((v) => 3 * v);
      const p = fromPairSums({
        count: 7,
        sumX: xs.reduce((a, b) => a + b),
        sumY: ys.reduce((a, b) => a + b),
        sumOfSquaresX: xs.reduce((a, b) => a + b * b, 0),
        sumOfSquaresY: ys.reduce((a, b) => a + b * b, 0),
        sumOfProducts: xs.reduce((a, b, i) => a + b * ys[i]!, 0),
      });
      expect(Math.abs(p.correlation())).toBeLessThanOrEqual(1);
      expect(bits(PairSummary.fromJSON(JSON.stringify(p)))).toBe(bits(p));
    }
  });
});

describe("pair summaries of another copy of batchstats", () => {
  it("are recognised by their brand and revalidated field by field", () => {
    const p = summarizePairs([1, 2, 3, 4], [2, 4, 5, 9]);
    const foreign = Object.create(
      { [Symbol.for("batchstats.PairSummary")]: true, toJSON: () => p.toJSON() },
      {},
    ) as PairSummary;
    expect(foreign instanceof PairSummary).toBe(true);
    expect(bits(mergePairs(foreign, PairSummary.empty()))).toBe(bits(p));
    expect(bits(new PairAccumulator().merge(foreign).summary())).toBe(bits(p));
    const forged = Object.create({
      [Symbol.for("batchstats.PairSummary")]: true,
      toJSON: () => ({ ...p.toJSON(), m2X: -1 }),
    }) as PairSummary;
    expect(err(() => mergePairs(forged, p)).code).toBe("E_BAD_SUMMARY");
  });
});
