/** Contribution bounding at ingest (summarize with clip), its JSON form and merge rules; releasable. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Accumulator, BatchStatsError, merge, releasable, Summary, summarize } from "../src/index.js";

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (error) {
    return error instanceof BatchStatsError ? error.code : String(error);
  }
  return undefined;
}

describe("summarize with clip", () => {
  it("clamps, counts and records the bounds; the summary equals that of the clamped values", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.integer({ min: -1e9, max: 1e9 }).map((k) => k / 1024),
          { maxLength: 300 },
        ),
        fc.integer({ min: -1e5, max: 1e5 }).map((k) => k / 1000),
        fc.integer({ min: 0, max: 1e5 }).map((k) => k / 1000),
        fc.boolean(),
        (values, lo, width, typed) => {
          const hi = lo + width;
          const input = typed ? Float64Array.from(values) : values;
          const s = summarize(input, { clip: [lo, hi] });
          const clamped = values.map((v) => Math.min(hi, Math.max(lo, v)));
          const plain = summarize(clamped);
          expect(s.count).toBe(plain.count);
          expect(Object.is(s.mean, plain.mean) || (s.count === 0 && Number.isNaN(s.mean))).toBe(true);
          expect(s.m2).toBe(plain.m2);
          expect(s.clip).toEqual({
            lo: lo === 0 ? 0 : lo,
            hi: hi === 0 ? 0 : hi,
            clipped: values.filter((v) => v < lo || v > hi).length,
          });
          // The input itself is never changed.
          if (typed) expect(Array.from(input)).toEqual(values);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("reads each raw value exactly once: nothing downstream of the clamp sees the raw input", () => {
    const raw = [3, -50, 7, 1e9, 4];
    const reads = new Array(raw.length).fill(0);
    const watched = new Proxy(raw, {
      get(target, key, receiver) {
        if (typeof key === "string" && /^\d+$/.test(key)) reads[Number(key)]++;
        return Reflect.get(target, key, receiver);
      },
    });
    const s = summarize(watched, { clip: [0, 10] });
    expect(reads).toEqual([1, 1, 1, 1, 1]);
    expect(s.mean).toBe(summarize([3, 0, 7, 10, 4]).mean);
    expect(s.m2).toBe(summarize([3, 0, 7, 10, 4]).m2);
  });

  it("leaves NaN to the nan policy and refuses ±Infinity as summarize does", () => {
    expect(summarize([1, Number.NaN, 20], { clip: [0, 10], nan: "omit" }).clip).toEqual({ lo: 0, hi: 10, clipped: 1 });
    expect(codeOf(() => summarize([1, Number.NaN], { clip: [0, 10] }))).toBe("E_NAN");
    expect(codeOf(() => summarize([1, Infinity], { clip: [0, 10] }))).toBe("E_INFINITE");
  });

  it("rejects malformed bounds", () => {
    for (const clip of [[1], [2, 1], [0, Infinity], [Number.NaN, 1], "0,1", [0, "1"], null]) {
      expect(codeOf(() => summarize([1], { clip } as never))).toBe("E_BAD_ARGUMENT");
    }
  });

  it("the Accumulator clips every batch", () => {
    const acc = new Accumulator({ clip: [0, 1] });
    acc.push([0.5, 2]).push(new Float64Array([-3, 0.25]));
    const s = acc.summary();
    expect(s.clip).toEqual({ lo: 0, hi: 1, clipped: 2 });
    expect(s.mean).toBe(summarize([0.5, 1, 0, 0.25]).mean);
  });
});

describe("clip in JSON", () => {
  it("round-trips, and a summary without clip is written exactly as before", () => {
    const s = summarize([1, 5, 12], { clip: [-0, 10] });
    const json = JSON.stringify(s);
    const plain = JSON.stringify(summarize([1, 5, 10]));
    expect(plain).not.toContain("clip");
    expect(json).toBe(`${plain.slice(0, -1)},"clipLo":0,"clipHi":10,"clipped":1}`);
    const back = Summary.fromJSON(json);
    expect(back.clip).toEqual(s.clip);
    expect(JSON.stringify(back)).toBe(json);
    expect(Summary.fromJSON(JSON.stringify(summarize([1, 2]))).clip).toBeUndefined();
  });

  it("validates the clip fields: all three or none, ordered bounds, clipped ≤ count", () => {
    const base = { format: "batchstats.summary", version: 1, count: 2, mean: 1, meanLo: 0, m2: 2, m2Lo: 0, omitted: 0 };
    const bad = [
      { ...base, clipLo: 0 },
      { ...base, clipLo: 0, clipHi: 1 },
      { ...base, clipLo: 2, clipHi: 1, clipped: 0 },
      { ...base, clipLo: 0, clipHi: 1, clipped: 3 },
      { ...base, clipLo: 0, clipHi: 1, clipped: -1 },
      { ...base, clipLo: 0, clipHi: 1, clipped: 0.5 },
      { ...base, clipLo: "0", clipHi: 1, clipped: 0 },
      { ...base, clipLo: 0, clipHi: null, clipped: 0 },
    ];
    for (const v of bad) expect(codeOf(() => Summary.fromJSON(v))).toBe("E_BAD_SUMMARY");
    expect(Summary.fromJSON({ ...base, clipLo: 0, clipHi: 2, clipped: 2 }).clip).toEqual({ lo: 0, hi: 2, clipped: 2 });
  });
});

describe("merge of clipped summaries", () => {
  it("takes the hull of the bounds and adds the clipped counts", () => {
    const a = summarize([0, 20], { clip: [0, 10] });
    const b = summarize([-5, 3], { clip: [-1, 5] });
    expect(merge(a, b).clip).toEqual({ lo: -1, hi: 10, clipped: 2 });
    expect(merge(a, b).count).toBe(4);
  });

  it("an empty summary without bounds is neutral; a non-empty one makes the merge unbounded", () => {
    const a = summarize([0, 20], { clip: [0, 10] });
    expect(merge(a, Summary.empty()).clip).toBe(a.clip);
    expect(merge(Summary.empty(), a).clip).toBe(a.clip);
    expect(merge(a, summarize([3])).clip).toBeUndefined();
    expect(merge(summarize([3]), a).clip).toBeUndefined();
  });

  it("merging is associative and commutative in the clip record", () => {
    const parts = [
      summarize([1, 50], { clip: [0, 10] }),
      summarize([-9], { clip: [-2, 3] }),
      summarize([], { clip: [4, 100] }),
      summarize([7, 8, 9], { clip: [5, 8] }),
    ];
    const want = { lo: -2, hi: 100, clipped: 3 };
    expect(merge(parts).clip).toEqual(want);
    expect(merge([...parts].reverse()).clip).toEqual(want);
    expect(merge(merge(parts[0]!, parts[2]!), merge(parts[3]!, parts[1]!)).clip).toEqual(want);
  });
});

describe("releasable", () => {
  it("compares the count with minCount", () => {
    expect(releasable(summarize([1, 2]), { minCount: 2 })).toBe(true);
    expect(releasable(summarize([1]), { minCount: 2 })).toBe(false);
    expect(releasable(Summary.empty(), { minCount: 1 })).toBe(false);
  });

  it("refuses bad arguments", () => {
    expect(codeOf(() => releasable({}, { minCount: 1 }))).toBe("E_BAD_ARGUMENT");
    expect(codeOf(() => releasable(summarize([1]), {} as never))).toBe("E_BAD_ARGUMENT");
    expect(codeOf(() => releasable(summarize([1]), { minCount: 0 }))).toBe("E_BAD_ARGUMENT");
    expect(codeOf(() => releasable(summarize([1]), { minCount: 2, k: 1 } as never))).toBe("E_BAD_ARGUMENT");
  });
});
