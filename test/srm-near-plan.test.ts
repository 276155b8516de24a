/**
 * srmTest where the counts sit close to the planned split of many users (test/fixtures/srm-near-plan.json,
 * scripts/fixtures/gen_srm_near_plan.py: exact rational X², mpmath χ² tails). Forming o − e in plain
 * doubles loses log10(e/|o − e|) digits there (up to ~8 at a trillion users); srmTest forms it in
 * double-double, so X² is held to a few ulps of itself and p to 1e-13 plus what the statistic's own
 * rounding to a double moves it by.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { srmTest } from "../src/design/srm.js";

const EPS = 2 ** -52;
interface Row {
  counts: number[];
  weights: number[];
  df: number;
  statistic: string;
  pValue: string;
  log10PValue: string;
}
const { cases } = JSON.parse(readFileSync(new URL("./fixtures/srm-near-plan.json", import.meta.url), "utf8")) as {
  cases: Row[];
};

describe("srmTest near the planned split (cancellation in o − e)", () => {
  it("has cases that cancel many digits in plain doubles", () => {
    // the fixture must exercise the problem: N ≥ 1e9 with |o − e| ≪ e
    expect(cases.filter((c) => c.counts.reduce((s, x) => s + x, 0) >= 1e9).length).toBeGreaterThan(15);
  });

  it.each(cases.map((c) => [`k=${c.counts.length} N=${c.counts.reduce((s, x) => s + x, 0)}`, c] as const))(
    "%s",
    (at, c) => {
      const got = srmTest(c.counts, c.weights);
      expect(got.df).toBe(c.df);
      const x2 = Number(c.statistic);
      // each term is formed in double-double (relative error ~2^-100); the sum is rounded once to a double:
      // ≤ 2ε·X² leaves room for the final rounding and the k-term double-double sum
      expect(Math.abs(got.statistic - x2), at).toBeLessThanOrEqual(2 * EPS * x2 + Number.MIN_VALUE);
      const p = Number(c.pValue);
      // p moves by |d ln p/d ln X²| ≤ X²/2 + df/2 times the statistic's relative error (≤ 2ε), plus the
      // χ² tail's own 1e-13
      const moved = 2 * EPS * (x2 / 2 + c.df / 2);
      if (p >= 1e-300) expect(Math.abs(got.pValue - p) / p, at).toBeLessThanOrEqual(1e-13 + moved);
      else expect(got.pValue, at).toBeLessThan(1e-290);
      const l = Number(c.log10PValue);
      expect(Math.abs(got.log10PValue - l), at).toBeLessThanOrEqual(
        1e-13 * Math.max(1, Math.abs(l)) + moved / Math.LN10,
      );
    },
  );
});
