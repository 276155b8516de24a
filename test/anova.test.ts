/**
 * anova (src/effect/anova.ts) against exact-rational F statistics with mpmath p-values for seeded data
 * (test/fixtures/design.json, scripts/fixtures/gen_design.py; the classic F cross-checked there against
 * scipy.stats.f_oneway, Welch's against a re-implementation of statsmodels' anova_oneway), summaries vs
 * raw values, means that agree in many digits, and typed errors.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { anova } from "../src/effect/anova.js";
import { BatchStatsError } from "../src/errors.js";
import { summarize } from "../src/summary/summarize.js";
import { worstErrors } from "./support/worst-errors.js";

const EPS = 2 ** -52;
interface Side {
  statistic: string;
  df: [number, number | string];
  pValue: string;
}
const fixture = JSON.parse(readFileSync(new URL("./fixtures/design.json", import.meta.url), "utf8")) as {
  anova: { seed: number; arms: number[][]; classic: Side; welch: Side }[];
};
const record = worstErrors("DESIGN_REPORT", "worst relative errors of anova vs exact/mpmath", 28);

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof BatchStatsError) return e.code;
    throw e;
  }
  return "no error";
}

describe("anova against exact F and mpmath p-values", () => {
  it.each(fixture.anova.map((r) => [r.seed, r] as const))("data set %s", (seed, r) => {
    const summaries = r.arms.map((a) => summarize(a));
    for (const [method, side] of [
      ["classic", r.classic],
      ["welch", r.welch],
    ] as const) {
      const got = anova(summaries, { equalVar: method === "classic" });
      expect(got.method).toBe(method);
      const F = Number(side.statistic);
      // F is a ratio of sums of k terms, each from double-double means and M2 (rounded once): ≤ 16kε
      const k = r.arms.length;
      const relF = Math.abs(got.statistic - F) / F;
      record(`${method} F`, relF, `seed ${seed}`);
      expect(relF, `seed ${seed} ${method} F`).toBeLessThanOrEqual(16 * k * EPS);
      expect(got.df[0]).toBe(k - 1);
      const df2 = Number(side.df[1]);
      expect(Math.abs(got.df[1] - df2) / df2).toBeLessThanOrEqual(16 * k * EPS);
      // p inherits the conditioning ≈ (F·df-scaled density)/p of the F tail; 1e-12 covers it here
      const p = Number(side.pValue);
      const relP = Math.abs(got.pValue - p) / p;
      record(`${method} p`, relP, `seed ${seed}`);
      expect(relP, `seed ${seed} ${method} p: ${got.pValue} vs ${side.pValue}`).toBeLessThanOrEqual(
        1e-12 * Math.max(1, F),
      );
      expect(got.log10PValue).toBeCloseTo(Math.log10(p), 10);
      // raw arrays give the same result as their summaries
      expect(anova(r.arms, { equalVar: method === "classic" })).toEqual(got);
    }
  });

  it("two arms: Welch's F is the square of Welch's t, the classic F of Student's t", () => {
    const a = [1, 2, 3, 4, 5.5];
    const b = [2, 4, 6, 8, 10, 12];
    const w = anova([a, b]);
    const c = anova([a, b], { equalVar: true });
    // t² from the textbook formulas
    const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
    const v = (x: number[]) => x.reduce((s, y) => s + (y - mean(x)) ** 2, 0) / (x.length - 1);
    const tw = (mean(a) - mean(b)) / Math.sqrt(v(a) / a.length + v(b) / b.length);
    expect(w.statistic).toBeCloseTo(tw * tw, 12);
    const sp = ((a.length - 1) * v(a) + (b.length - 1) * v(b)) / (a.length + b.length - 2);
    const ts = (mean(a) - mean(b)) / Math.sqrt(sp * (1 / a.length + 1 / b.length));
    expect(c.statistic).toBeCloseTo(ts * ts, 12);
    expect(c.df).toEqual([1, 9]);
  });

  it("means that agree in 12 digits: the double-double deviations keep F exact", () => {
    const base = 1e12;
    const a = [base + 0.25, base + 0.5, base + 0.75, base + 1];
    const b = [base + 1.25, base + 1.5, base + 1.75, base + 2];
    const shifted = anova([a.map((x) => x - base), b.map((x) => x - base)], { equalVar: true });
    const r = anova([a, b], { equalVar: true });
    expect(r.statistic).toBe(shifted.statistic);
  });

  it("equal means give F = 0 and p = 1", () => {
    const r = anova([
      [1, 2, 3],
      [3, 2, 1],
    ]);
    expect(r.statistic).toBe(0);
    expect(r.pValue).toBe(1);
    expect(r.log10PValue).toBe(0);
  });

  it("typed errors", () => {
    expect(code(() => anova([[1, 2, 3]]))).toBe("E_BAD_ARGUMENT");
    expect(code(() => anova("x" as never))).toBe("E_BAD_ARGUMENT");
    expect(code(() => anova([[1, 2], [3]]))).toBe("E_TOO_FEW");
    expect(
      code(() =>
        anova([
          [1, 1, 1],
          [2, 3, 4],
        ]),
      ),
    ).toBe("E_ZERO_VARIANCE");
    expect(
      code(() =>
        anova(
          [
            [1, 1, 1],
            [2, 3, 4],
          ],
          { equalVar: true },
        ),
      ),
    ).toBe("no error");
    expect(
      code(() =>
        anova(
          [
            [1, 1],
            [2, 2],
          ],
          { equalVar: true },
        ),
      ),
    ).toBe("E_ZERO_VARIANCE");
    expect(
      code(() =>
        anova(
          [
            [1, 2],
            [2, 3],
          ],
          { equalVar: "yes" } as never,
        ),
      ),
    ).toBe("E_BAD_ARGUMENT");
    expect(
      code(() =>
        anova(
          [
            [1, 2],
            [2, 3],
          ],
          { equal_var: true } as never,
        ),
      ),
    ).toBe("E_BAD_ARGUMENT");
  });
});
