/**
 * adjustIntervals against test/fixtures/multiple.json ("intervals", made by
 * scripts/fixtures/gen_multiple.py: p from mpmath's erfc, adjusted p exact, quantiles by Newton
 * in mpmath) and against GrowthBook's own `adjustedCI` test cases.
 *
 * Tolerances: p 1e-13 relative (2·Q(|e/s|): the ratio rounds once and Q is within a few ε, times
 * the condition |d ln Q/d ln z| ≈ z² ≤ 30 here); adjusted p as adjustPValues (4 ulps, on top of
 * p's error); bounds 1e-13 of (|estimate| + width) — the normal quantile is good to ~1e-15 and
 * the back-out quantile at p̃ is conditioned like p.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { normalUpperQuantile } from "../src/distributions/normal-quantile.js";
import { BatchStatsError } from "../src/errors.js";
import { adjustIntervals, backedOutInterval } from "../src/multiple/adjust-intervals.js";

interface Case {
  hypotheses: { estimate: number; stderr: number }[];
  method: "bh" | "holm" | "bonferroni" | "sidak";
  alpha: number;
  pValue: number[];
  pValueAdjusted: number[];
  confidenceInterval: string[][];
}
const fixture = JSON.parse(readFileSync(new URL("./fixtures/multiple.json", import.meta.url), "utf8")) as {
  intervals: Case[];
};
const num = (x: string): number => (x === "inf" ? Infinity : x === "-inf" ? -Infinity : Number(x));

describe("adjustIntervals: references", () => {
  it.each(fixture.intervals.map((c, i) => [i, c.method, c.alpha, c] as const))(
    "case %i (%s, alpha %s)",
    (_, _m, _a, c) => {
      const r = adjustIntervals(c.hypotheses, { method: c.method, alpha: c.alpha });
      r.forEach((x, i) => {
        const p = c.pValue[i]!;
        expect(Math.abs(x.pValue - p)).toBeLessThanOrEqual(1e-13 * p + 1e-300);
        expect(Math.abs(x.pValueAdjusted - c.pValueAdjusted[i]!)).toBeLessThanOrEqual(
          1e-13 * c.pValueAdjusted[i]! + 1e-300,
        );
        const [lo, hi] = c.confidenceInterval[i]!.map(num);
        if (!Number.isFinite(lo!)) {
          expect(x.confidenceInterval).toEqual([-Infinity, Infinity]);
          return;
        }
        const scale = Math.abs(c.hypotheses[i]!.estimate) + (hi! - lo!) / 2;
        expect(Math.abs(x.confidenceInterval[0] - lo!)).toBeLessThanOrEqual(1e-13 * scale);
        expect(Math.abs(x.confidenceInterval[1] - hi!)).toBeLessThanOrEqual(1e-13 * scale);
        // the interval excludes 0 exactly when the adjusted p is below alpha (away from ties)
        if (Math.abs(x.pValueAdjusted - c.alpha) > 1e-9 * c.alpha) {
          expect(x.confidenceInterval[0] > 0 || x.confidenceInterval[1] < 0).toBe(x.pValueAdjusted < c.alpha);
        }
      });
    },
  );
});

describe("adjustIntervals: GrowthBook's adjustedCI cases", () => {
  // packages/shared/test/experiments.test.ts: adjustedCI(0.049999999, 0.1, 0.05) and
  // adjustedCI(0.0099999999, 0.1, 0.01) both round to [0, 0.2] at 8 decimals
  it.each([
    [0.049999999, 0.05],
    [0.0099999999, 0.01],
  ])("p̃ = %f, alpha %f", (pAdj, alpha) => {
    const ci = backedOutInterval(0.1, 1e-12, pAdj, normalUpperQuantile(alpha / 2));
    expect(ci[0]).toBeGreaterThan(0);
    expect(ci[1]).toBeLessThan(0.2);
    expect(ci.map((x) => +x.toFixed(8))).toEqual([0, 0.2]);
  });
  it("an adjusted p of 1 gives (−∞, ∞); never narrower than the raw interval", () => {
    const r = adjustIntervals(
      [
        { estimate: 0, stderr: 1 },
        { estimate: 0.3, stderr: 0.1 },
      ],
      { method: "bh" },
    );
    expect(r[0]!.confidenceInterval).toEqual([-Infinity, Infinity]);
    const raw = 1.959963984540054 * 0.1;
    expect(r[1]!.confidenceInterval[1] - 0.3).toBeGreaterThanOrEqual(raw * (1 - 1e-15));
  });
});

describe("adjustIntervals: errors", () => {
  it.each([
    [[{ estimate: 1, stderr: 0 }], 0],
    [
      [
        { estimate: 1, stderr: 1 },
        { estimate: Number.NaN, stderr: 1 },
      ],
      1,
    ],
    [[{ estimate: 1, stderr: 1 }, null], 1],
    [
      [
        { estimate: 1, stderr: 1 },
        { estimate: 1, stderr: Infinity },
      ],
      1,
    ],
  ])("refuses %j at %i", (h, index) => {
    try {
      adjustIntervals(h as never, { method: "bh" });
      expect.unreachable();
    } catch (e) {
      expect((e as BatchStatsError).code).toBe("E_BAD_ARGUMENT");
      expect((e as BatchStatsError).index).toBe(index);
    }
  });
  it("refuses bad options", () => {
    const h = [{ estimate: 1, stderr: 1 }];
    expect(() => adjustIntervals(h, { method: "hommel" } as never)).toThrow(BatchStatsError);
    expect(() => adjustIntervals(h, { method: "bh", alpha: 0 })).toThrow(/alpha/);
    expect(() => adjustIntervals(h, undefined as never)).toThrow(/method/);
    expect(() => adjustIntervals(h, { method: "bh", level: 0.9 } as never)).toThrow(/not an option/);
    expect(adjustIntervals([], { method: "holm" })).toEqual([]);
  });

  it("refuses a hypothesis with a key other than estimate and stderr (df is not ignored), naming it", () => {
    for (const method of ["bh", "holm", "bonferroni", "sidak"] as const) {
      for (const [extra, field] of [
        [{ df: 2 }, "hypotheses[1].df"],
        [{ stdErr: 1 }, "hypotheses[1].stdErr"],
      ] as const) {
        const h = [
          { estimate: 1, stderr: 1 },
          { estimate: 1, stderr: 0.5, ...extra },
        ];
        try {
          adjustIntervals(h as never, { method });
          expect.unreachable();
        } catch (e) {
          expect((e as BatchStatsError).code).toBe("E_BAD_ARGUMENT");
          expect((e as BatchStatsError).field).toBe(field);
        }
      }
    }
  });

  it("a bound beyond the double range with adjusted p < 1 is E_OVERFLOW at its index, never ±Infinity", () => {
    // 1e308 ± 1.96·1e308 (holm: the back-out width is at least q·stderr) is past 1.8e308
    const cases = [
      [
        { estimate: 1e308, stderr: 1e308 },
        { estimate: 2, stderr: 1 },
      ],
      [
        { estimate: 2, stderr: 1 },
        { estimate: -1.5e308, stderr: 1e308 },
      ],
    ];
    for (const method of ["bh", "holm", "bonferroni", "sidak"] as const) {
      cases.forEach((h, c) => {
        try {
          adjustIntervals(h, { method });
          expect.unreachable();
        } catch (e) {
          expect((e as BatchStatsError).code).toBe("E_OVERFLOW");
          expect((e as BatchStatsError).field).toBe("confidenceInterval");
          expect((e as BatchStatsError).index).toBe(c);
        }
      });
    }
    // the largest finite bounds stay finite: 1e307 ± 1.96·1e307 and the adjusted p of 1 keeps (−∞, ∞)
    const r = adjustIntervals(
      [
        { estimate: 1e307, stderr: 1e307 },
        { estimate: 2, stderr: 1 },
      ],
      { method: "bonferroni" },
    );
    expect(r[0]!.confidenceInterval.every(Number.isFinite)).toBe(true);
    const one = adjustIntervals(
      [
        { estimate: 1e-300, stderr: 1e308 },
        { estimate: 2, stderr: 1 },
      ],
      { method: "holm" },
    );
    expect(one[0]!.pValueAdjusted).toBe(1);
    expect(one[0]!.confidenceInterval).toEqual([-Infinity, Infinity]);
  });
});
