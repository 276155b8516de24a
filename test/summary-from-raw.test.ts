/**
 * summaryFromRaw writes out, on plain numbers, the double-double operations that turn the
 * kernel's raw moments into a summary (src/summary/summarize.ts). This checks it against the
 * composition of the ddouble.ts helpers it replaces, bit for bit, on random raw moments: sums
 * of any sign and size with normalised or unnormalised low parts, pivots far from and near the
 * mean, counts from 1 to 2^40 — every raw that `usableMoments` accepts (the others take the
 * scaled slow path).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RawMoments } from "../src/backend/moments.js";
import { dd, ddAdd, ddDivNumber, ddFromParts } from "../src/ddouble.js";
import { summaryFromRaw, usableMoments } from "../src/summary/summarize.js";
import { makeSummary, type Summary } from "../src/summary/summary.js";

function reference(raw: RawMoments, omitted: number): Summary {
  const offset = ddDivNumber(ddFromParts(raw.sumHi, raw.sumLo), raw.count);
  return makeSummary(raw.count, ddAdd(dd(raw.pivot), offset), ddFromParts(raw.m2Hi, raw.m2Lo), omitted);
}

const bits = (s: Summary) =>
  [s.count, s.mean, s.meanLo, s.m2, s.m2Lo, s.omitted].map((x) => (Object.is(x, -0) ? "-0" : String(x)));

const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 });
const small = (hi: number) => fc.double({ noNaN: true, min: -1, max: 1 }).map((f) => f * Math.abs(hi) * 2 ** -50);
const rawArb = fc
  .record({
    count: fc.oneof(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 2 ** 40 })),
    pivot: fc.oneof(finite, fc.constantFrom(0, 1e9, -2.5e8, 7)),
    sumHi: fc.oneof(finite, fc.double({ noNaN: true, min: -1e3, max: 1e3 })),
    m2Hi: fc.oneof(fc.double({ noNaN: true, min: 0, max: 1e300 }), fc.double({ noNaN: true, min: 0, max: 10 })),
  })
  .chain((r) =>
    fc.record({
      count: fc.constant(r.count),
      pivot: fc.constant(r.pivot),
      sumHi: fc.constant(r.sumHi),
      sumLo: fc.oneof(small(r.sumHi), fc.constant(0), finite),
      m2Hi: fc.constant(r.m2Hi),
      m2Lo: fc.oneof(small(r.m2Hi), fc.constant(0)),
    }),
  )
  .filter(usableMoments);

describe("summaryFromRaw", () => {
  it("equals the ddouble.ts composition bit for bit on random raw moments", () => {
    fc.assert(
      fc.property(rawArb, fc.nat(3), (raw, omitted) => {
        expect(bits(summaryFromRaw(raw, omitted))).toEqual(bits(reference(raw, omitted)));
      }),
      { numRuns: 20_000 },
    );
  });

  it("handles the exact small case [0, 7, 0]", () => {
    for (const raw of [{ count: 3, pivot: 0, sumHi: 7, sumLo: 0, m2Hi: 98 / 3, m2Lo: 0 }]) {
      expect(bits(summaryFromRaw(raw, 0))).toEqual(bits(reference(raw, 0)));
    }
  });

  it("refuses non-finite, huge and tiny moments, which the scaled slow path takes", () => {
    for (const v of [Infinity, -Infinity, Number.NaN]) {
      for (const field of ["sumHi", "sumLo", "m2Hi", "m2Lo"] as const) {
        expect(usableMoments({ count: 4, pivot: 1, sumHi: 2, sumLo: 0, m2Hi: 3, m2Lo: 0, [field]: v })).toBe(false);
      }
    }
    expect(usableMoments({ count: 4, pivot: 1, sumHi: 2 ** 990, sumLo: 0, m2Hi: 3, m2Lo: 0 })).toBe(false);
    expect(usableMoments({ count: 4, pivot: 1, sumHi: 2, sumLo: 0, m2Hi: 2 ** -601, m2Lo: 0 })).toBe(false);
    expect(usableMoments({ count: 4, pivot: 1, sumHi: 0, sumLo: 0, m2Hi: 0, m2Lo: 0 })).toBe(false);
    expect(usableMoments({ count: 4, pivot: 1, sumHi: 2 ** 989, sumLo: 0, m2Hi: 2 ** -600, m2Lo: 0 })).toBe(true);
  });
});
