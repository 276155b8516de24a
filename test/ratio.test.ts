/**
 * ratioTest: against an mpmath/fractions recomputation of GrowthBook's delta-method conventions
 * (test/fixtures/pair-tests.json, scripts/fixtures/gen_pair_tests.py) to ≤ 1e-13 relative, the
 * per-arm ratio and its delta variance checked against the formula written out, and edges.
 * Tolerance as in cuped.test.ts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BatchStatsError } from "../src/errors.js";
import { ratioTest } from "../src/pairs/ratio-test.js";
import { summarizePairs } from "../src/pairs/summarize-pairs.js";
import { expectClose, fixtureArm, fixtureTolerance, pairTests } from "./support/pair-fixtures.js";

const TOL = 1e-13;

describe("ratioTest against the mpmath reference", () => {
  it.each(pairTests.ratio.map((c, i) => [i, c] as const))("case %i", (_i, c) => {
    const r = ratioTest(fixtureArm(c.a), fixtureArm(c.b), c.options as never);
    const e = c.expected;
    expect(r.method).toBe("ratio");
    for (const key of ["estimate", "stderr", "statistic", "df", "pValue", "log10PValue"] as const) {
      expectClose(r[key], e[key] as string, fixtureTolerance(e, key, TOL), key);
    }
    const ci = e.confidenceInterval as string[];
    for (const i of [0, 1] as const) {
      expectClose(r.confidenceInterval[i], ci[i]!, fixtureTolerance(e, "confidenceInterval", TOL, ci[i]), `ci[${i}]`);
      expectClose(r.ratios[i], (e.ratios as string[])[i]!, TOL, `ratios[${i}]`);
      const tol = fixtureTolerance(e, "ratioVariances", TOL);
      expectClose(r.ratioVariances[i], (e.ratioVariances as string[])[i]!, tol, `ratioVariances[${i}]`);
    }
  });
});

describe("the delta method", () => {
  it("matches (σy²/x̄² + σx²ȳ²/x̄⁴ − 2σxy ȳ/x̄³)/n on a small case", () => {
    const a = summarizePairs([2, 3, 1, 4, 2], [10, 18, 4, 25, 9]);
    const b = summarizePairs([3, 2, 2, 5, 1], [12, 8, 9, 21, 3]);
    const r = ratioTest(a, b);
    const mx = a.meanX;
    const my = a.meanY;
    const v = (a.varianceY() / mx ** 2 + (a.varianceX() * my ** 2) / mx ** 4 - (2 * a.covariance() * my) / mx ** 3) / 5;
    expect(Math.abs(r.ratioVariances[0] - v) / v).toBeLessThan(1e-14);
    expect(r.ratios[0]).toBe(5.5);
    const rel = ratioTest(a, b, { relative: true });
    expect(rel.estimate).toBeCloseTo((5.5 * 13) / 53 - 1, 14);
  });
  it("gives typed errors at the edges", () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as BatchStatsError).code;
      }
      return undefined;
    };
    const a = summarizePairs([1, 2, 3], [2, 4, 7]);
    expect(code(() => ratioTest(a, summarizePairs([-1, 0, 1], [1, 2, 3])))).toBe("E_ZERO_MEAN");
    expect(code(() => ratioTest(a, summarizePairs([1], [1])))).toBe("E_TOO_FEW");
    expect(code(() => ratioTest(a, a, { theta: 1 } as never))).toBe("E_BAD_ARGUMENT");
    const exact = summarizePairs([1, 2, 3], [2, 4, 6]); // y = 2x: no spread in the ratio
    expect(code(() => ratioTest(exact, exact))).toBe("E_ZERO_VARIANCE");
    expect(code(() => ratioTest(a, summarizePairs([1, 2, 3], [0, 0, 0]), { relative: true }))).toBe("E_ZERO_MEAN");
  });
});

describe("scale", () => {
  // Scaling x by 2^kx and y by 2^ky scales each ratio by 2^(ky − kx) and its variance by the
  // square, exactly, and leaves the test unchanged — also where x̄² is subnormal (|x̄| < 1.5e-154).
  const xa = [1, -1, 1.5, -0.75, 0.25, -0.5];
  const ya = [3, 5, 7, 8, 12, 13];
  const xb = [2, -2, 3, -2.5, -0.25, 0.0625];
  const yb = [4, 6, 5, 9, 10, 14];
  const scaled = (kx: number, ky: number, x: number[], y: number[]) =>
    summarizePairs(
      x.map((v) => v * 2 ** kx),
      y.map((v) => v * 2 ** ky),
    );
  const expectScaled = (kx: number, ky: number, relative: boolean) => {
    const base = ratioTest(summarizePairs(xa, ya), summarizePairs(xb, yb), { relative });
    const r = ratioTest(scaled(kx, ky, xa, ya), scaled(kx, ky, xb, yb), { relative });
    const f = 2 ** (ky - kx);
    for (const i of [0, 1] as const) {
      expect(r.ratios[i]).toBe(base.ratios[i] * f);
      expect(r.ratioVariances[i]).toBe(base.ratioVariances[i] * f * f);
    }
    for (const key of ["statistic", "df", "pValue", "log10PValue"] as const) expect(r[key]).toBe(base[key]);
    expect(r.estimate).toBe(relative ? base.estimate : base.estimate * f);
  };
  it.each([
    [-512, -512],
    [-511, -460],
    [-508, -508],
    [-480, -400],
    [300, 300],
    [-200, 100],
  ])("x·2^%i, y·2^%i", (kx, ky) => {
    expectScaled(kx, ky, false);
    expectScaled(kx, ky, true);
  });
  it("holds for any exponents that keep every moment in range", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -512, max: 480 }),
        fc.integer({ min: -60, max: 60 }),
        fc.boolean(),
        (kx, d, rel) => {
          const ky = Math.max(-512, Math.min(480, kx + d));
          expectScaled(kx, ky, rel);
        },
      ),
      { numRuns: 200 },
    );
  });
});
