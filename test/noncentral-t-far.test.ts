/**
 * The non-central t far from its noncentrality (δ in the thousands to billions, where Lenth's series would
 * need ~20·δ/√2 terms): the near tail is settled by the bound Φ(−δ/2) + Chernoff(χ²) and comes out 1 to
 * double rounding; the far side is below 2⁻⁶⁰ (computed by quadrature with relative accuracy, see
 * test/noncentral-t-quadrature.test.ts). Power at huge samples is then 1, not a partial sum of a
 * truncated series.
 */
import { describe, expect, it } from "vitest";
import { power } from "../src/design/power.js";
import { nctCdf, nctSf } from "../src/distributions/noncentral-t.js";

describe("non-central t far from δ", () => {
  it.each([
    [2, 1e3, 1e5],
    [1.96, 2e15, 1.1e9],
    [10, 5, 1e6],
    [0, 1, 1e4],
  ])("t = %d, ν = %d, δ = %d: upper tail 1, lower 0, mirrored likewise", (t, df, delta) => {
    expect(nctSf(t, df, delta)).toBe(1);
    expect(nctCdf(t, df, delta)).toBeLessThanOrEqual(2 ** -60);
    expect(nctCdf(-t, df, -delta)).toBe(1);
    expect(nctSf(-t, df, -delta)).toBeLessThanOrEqual(2 ** -60);
    expect(nctCdf(-t, df, delta)).toBeLessThanOrEqual(2 ** -60);
    expect(nctSf(t, df, -delta)).toBeLessThanOrEqual(2 ** -60);
  });

  it("power at huge noncentrality is 1 (it was a truncated-series value such as 1e-9)", () => {
    for (const [d, n] of [
      [50, 1e8],
      [50, 1e10],
      [1, 1e12],
      [5, 1e12],
    ] as const) {
      expect(power({ effectSize: d, nobs1: n }), `${d} ${n}`).toBe(1);
    }
  });

  it("the bound leaves moderate δ to the series (values still strictly inside (0, 1))", () => {
    // P(T > 2) at ν = 10, δ = 3: the series' regime, a value well inside the unit interval
    const v = nctSf(2, 10, 3);
    expect(v).toBeGreaterThan(0.7);
    expect(v).toBeLessThan(0.9);
  });
});
