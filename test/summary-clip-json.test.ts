/**
 * A clipped summary's JSON must be one its clip bounds allow: values in [lo, hi] have lo ≤ mean ≤ hi
 * and M2 ≤ n·(mean − lo)(hi − mean) (Bhatia & Davis 2000: the variance of values in [lo, hi] is at most
 * (hi − μ)(μ − lo), reached by values at the two ends). Genuine summaries — those extremes included —
 * still read back.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BatchStatsError, Summary, summarize } from "../src/index.js";

function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof BatchStatsError) return `${e.code} ${e.field}`;
    throw e;
  }
  return "no error";
}

const base = { format: "batchstats.summary", version: 1, meanLo: 0, m2Lo: 0, omitted: 0, clipped: 0 };

describe("Summary.fromJSON checks mean and M2 against the clip bounds", () => {
  it("refuses a mean outside [clipLo, clipHi] and an M2 above n·(mean − lo)(hi − mean)", () => {
    const at = (o: object) => fieldOf(() => Summary.fromJSON({ ...base, ...o }));
    expect(at({ count: 3, mean: 2, m2: 100, clipLo: 0, clipHi: 1 })).toBe("E_BAD_SUMMARY mean");
    expect(at({ count: 3, mean: -0.5, m2: 0, clipLo: 0, clipHi: 1 })).toBe("E_BAD_SUMMARY mean");
    expect(at({ count: 3, mean: 0.5, m2: 100, clipLo: 0, clipHi: 1 })).toBe("E_BAD_SUMMARY m2");
    // the bound itself: 4 values at 0 and 1 give M2 = 4·0.5·0.5 = 1; just above it is refused
    expect(at({ count: 4, mean: 0.5, m2: 1, clipLo: 0, clipHi: 1 })).toBe("no error");
    expect(at({ count: 4, mean: 0.5, m2: 1 + 1e-12, clipLo: 0, clipHi: 1 })).toBe("E_BAD_SUMMARY m2");
    expect(at({ count: 2, mean: 0, m2: 1e-10, clipLo: 0, clipHi: 1 })).toBe("E_BAD_SUMMARY m2");
    expect(Summary.fromJSON(JSON.stringify({ ...base, count: 3, mean: 1, m2: 0, clipLo: 1, clipHi: 1 })).count).toBe(3);
  });

  it("every genuine clipped summary reads back, extremes at the bounds included (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1e6, noNaN: true })),
        fc.array(
          fc.oneof(
            fc.constantFrom(0, 1),
            fc.integer({ min: 0, max: 2 ** 20 }).map((k) => k / 2 ** 20),
          ),
          {
            minLength: 1,
            maxLength: 300,
          },
        ),
        (lo, width, unit) => {
          const hi = lo + width;
          const values = unit.map((u) => (u === 0 ? lo : u === 1 ? hi : lo + u * width));
          const s = summarize(values, { clip: [lo, hi] });
          const back = Summary.fromJSON(JSON.stringify(s));
          expect(back.toJSON()).toEqual(s.toJSON());
        },
      ),
      { numRuns: 400 },
    );
  });

  it("values only at the two bounds (the largest M2 they allow) read back, at any scale", () => {
    for (const [lo, hi] of [
      [0, 1],
      [-1e150, 1e150],
      [1e9, 1e9 + 1e-6],
      [-3, -2],
    ] as const) {
      for (const k of [1, 2, 3, 1000]) {
        const values = [...new Array(k).fill(lo), ...new Array(2 * k + 1).fill(hi)];
        const s = summarize(values, { clip: [lo, hi] });
        expect(Summary.fromJSON(s.toJSON()).m2).toBe(s.m2);
      }
    }
  });
});
