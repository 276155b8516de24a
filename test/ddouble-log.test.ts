/**
 * ddLog / ddLog1p (double-double logarithms): algebraic laws that a double-precision logarithm
 * fails by ~1e-16 and these hold to the design's 1e-20 absolute (the atanh series is cut after
 * s^23, |s| ≤ 0.172) plus ~1e-31 relative, plus values from mpmath (50 digits). The
 * end-to-end accuracy is in test/sequential-fixtures.test.ts (ln α, ln(1 + l), ln(1 + r)).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type DD, ddAdd, ddSub, twoProduct, twoSum } from "../src/ddouble.js";
import { ddLog, ddLog1p } from "../src/ddouble-log.js";

const val = (a: DD): number => a.hi + a.lo;
const absDiff = (a: DD, b: DD): number => Math.abs(val(ddSub(a, b)));

describe("ddLog", () => {
  it("matches mpmath to 1e-20", () => {
    // x, ln x as (hi, lo) from mpmath at 50 digits
    const cases: [number, number, number][] = [
      [0.05, -2.995732273553991, -8.367060195652719e-17],
      [1e-8, -18.420680743952367, 1.757527539535928e-15],
      [3, 1.0986122886681098, -9.07129723500153e-17],
      [1.7976931348623157e308, 709.782712893384, 2.3636017071323592e-14],
    ];
    for (const [x, hi, lo] of cases) {
      expect(absDiff(ddLog({ hi: x, lo: 0 }), { hi, lo })).toBeLessThanOrEqual(1e-20 + 1e-30 * Math.abs(hi));
    }
  });
  it("ln(xy) = ln x + ln y (xy exact as a double-double)", () => {
    const pos = fc.double({ min: 1e-150, max: 1e150, noNaN: true });
    fc.assert(
      fc.property(pos, pos, (x, y) => {
        const lhs = ddLog(twoProduct(x, y));
        const rhs = ddAdd(ddLog({ hi: x, lo: 0 }), ddLog({ hi: y, lo: 0 }));
        expect(absDiff(lhs, rhs)).toBeLessThanOrEqual(3e-20 + 2e-30 * Math.abs(lhs.hi));
      }),
      { numRuns: 300 },
    );
  });
  it("ln(1 + x) by ddLog1p equals ddLog of the exact sum 1 + x", () => {
    fc.assert(
      fc.property(fc.double({ min: -0.9, max: 1e6, noNaN: true }), (x) => {
        const a = ddLog1p({ hi: x, lo: 0 });
        const b = ddLog(twoSum(1, x));
        expect(absDiff(a, b)).toBeLessThanOrEqual(2e-20 + 2e-30 * Math.abs(a.hi));
      }),
      { numRuns: 300 },
    );
  });
  it("keeps the relative accuracy of tiny arguments", () => {
    // ln(1 + 1e-20) = 1e-20 − 5e-41 + …
    const a = ddLog1p({ hi: 1e-20, lo: 0 });
    expect(Math.abs(val(ddSub(a, { hi: 1e-20, lo: 0 })) + 5e-41)).toBeLessThanOrEqual(1e-50);
  });
});
