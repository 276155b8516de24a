/**
 * ratioTest: against an mpmath/fractions recomputation of GrowthBook's delta-method conventions
 * (test/fixtures/pair-tests.json, scripts/fixtures/gen_pair_tests.py) to ≤ 1e-13 relative, the
 * per-arm ratio and its delta variance checked against the formula written out, and edges.
 * Tolerance as in cuped.test.ts.
 */
import { describe, expect, it } from "vitest";
import type { BatchStatsError } from "../src/errors.js";
import { ratioTest } from "../src/pairs/ratio-test.js";
import { summarizePairs } from "../src/pairs/summarize-pairs.js";
import { expectClose, fixtureArm, pairTests } from "./support/pair-fixtures.js";

const TOL = 1e-13;

describe("ratioTest against the mpmath reference", () => {
  it.each(pairTests.ratio.map((c, i) => [i, c] as const))("case %i", (_i, c) => {
    const r = ratioTest(fixtureArm(c.a), fixtureArm(c.b), c.options as never);
    const e = c.expected;
    expect(r.method).toBe("ratio");
    for (const key of ["estimate", "stderr", "statistic", "df", "pValue", "log10PValue"] as const) {
      expectClose(r[key], e[key] as string, TOL, key);
    }
    const ci = e.confidenceInterval as string[];
    expectClose(r.confidenceInterval[0], ci[0]!, TOL, "ci[0]");
    expectClose(r.confidenceInterval[1], ci[1]!, TOL, "ci[1]");
    for (const i of [0, 1] as const) {
      expectClose(r.ratios[i], (e.ratios as string[])[i]!, TOL, `ratios[${i}]`);
      expectClose(r.ratioVariances[i], (e.ratioVariances as string[])[i]!, TOL, `ratioVariances[${i}]`);
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
