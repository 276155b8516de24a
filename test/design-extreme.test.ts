/**
 * Power analyses whose sample sizes lie far past 2^512 (nobs1·nobs2 overflows there), up to the double
 * range: references from the z-test's noncentrality δ* at 40 digits (test/fixtures/design-extreme.json
 * from scripts/fixtures/gen_design_extreme.py). The z-test's power depends on d and n only through
 * δ = d·√(nobs1/2), so sampleSize = 2δ*²/d² and the MDE = δ*·√(2/nobs1) exactly; at df ≥ 1e20 the t-test
 * equals it to far below double rounding. Bound 1e-10 relative: the acceptance bound of the power
 * analysis (its root finder stops at 2⁻⁵⁰ in ln n).
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BatchStatsError, minimumDetectableEffect, power, sampleSize, sampleSizeForLift } from "../src/index.js";

const fixture = JSON.parse(readFileSync(new URL("./fixtures/design-extreme.json", import.meta.url), "utf8")) as {
  rows: { alpha: number; power: number; alternative: "two-sided" | "greater"; deltaStar: string }[];
};

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof BatchStatsError) return e.code;
    throw e;
  }
  return "no error";
}

const relative = (got: number, exact: number) => Math.abs(got - exact) / Math.abs(exact);

describe.each(fixture.rows)("design past 2^512 at alpha $alpha, power $power, $alternative", (row) => {
  const delta = Number(row.deltaStar);
  const design = { alpha: row.alpha, alternative: row.alternative } as const;

  // the smallest d whose total 2·nobs1 = 4δ*²/d² is below the double range, with a margin of 1.1
  const smallest = Math.log10((2.2 * delta) / Math.sqrt(Number.MAX_VALUE));

  it("sampleSize is 2δ*²/d² for d from 1e-30 down to the double range (t and z)", () => {
    fc.assert(
      fc.property(fc.double({ min: smallest, max: -30, noNaN: true }), fc.constantFrom("t", "z"), (u, test) => {
        const d = 10 ** u;
        const got = sampleSize({ ...design, test, effectSize: d, power: row.power });
        expect(relative(got.nobs1, (2 * delta * delta) / (d * d))).toBeLessThanOrEqual(1e-10);
        expect(Number.isFinite(got.nobs2Ceil)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it("minimumDetectableEffect is δ*·√(2/nobs1) for nobs1 from 1e40 to 8e307 (t and z)", () => {
    fc.assert(
      fc.property(fc.double({ min: 40, max: 307.9, noNaN: true }), fc.constantFrom("t", "z"), (u, test) => {
        const n = 10 ** u;
        const got = minimumDetectableEffect({ ...design, test, nobs1: n, power: row.power });
        expect(relative(got, delta * Math.sqrt(2 / n))).toBeLessThanOrEqual(1e-10);
      }),
      { numRuns: 40 },
    );
  });
});

describe("sizes beyond the double range and power at huge sizes", () => {
  it("a sample size past 1.8e308 in all is E_OVERFLOW, never NaN (t, z, sequential, lift)", () => {
    // 2·2.8016²/d² > 0.9e308 for d < 4.2e-154
    for (const d of [4e-154, 1e-154, 1e-200, 5e-324]) {
      expect(code(() => sampleSize({ effectSize: d, power: 0.8 }))).toBe("E_OVERFLOW");
      expect(code(() => sampleSize({ effectSize: d, power: 0.8, test: "z" }))).toBe("E_OVERFLOW");
      expect(code(() => sampleSize({ effectSize: d, power: 0.8, sequential: { tuning: 1000 } }))).toBe("E_OVERFLOW");
    }
    expect(code(() => sampleSizeForLift({ lift: 1e-154, baselineMean: 1, baselineSd: 1, power: 0.8 }))).toBe(
      "E_OVERFLOW",
    );
    expect(code(() => sampleSizeForLift({ lift: 1e-200, baselineMean: 1e-200, baselineSd: 1, power: 0.8 }))).toBe(
      "E_OVERFLOW",
    );
  });

  it("power is 1 where δ = d·√(nobs1/2) exceeds c + 40 (the far tail below 1e-300), up to nobs1 = 8e307", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 160, max: 307.9, noNaN: true }),
        fc.double({ min: -1, max: 0, noNaN: true }),
        (u, v) => {
          const n = 10 ** u;
          const d = 10 ** (v * 0.5 * (u - 4)); // δ ≥ 10² at the smallest d
          expect(power({ effectSize: d, nobs1: n })).toBe(1);
          expect(power({ effectSize: d, nobs1: n, test: "z" })).toBe(1);
        },
      ),
      { numRuns: 60 },
    );
    expect(power({ effectSize: 0.2, nobs1: 1e200 })).toBe(1);
    expect(power({ effectSize: 1e-100, nobs1: 1e300 })).toBe(1);
  });

  it("the far side of the t-test's power keeps its 1e-6 at df = 2.0000000000000276e40 (normal limit of the non-central t)", () => {
    const n = 1.0000000000000138e40;
    const delta = Number(fixture.rows[0]!.deltaStar);
    expect(relative(minimumDetectableEffect({ nobs1: n, power: 0.8 }), delta * Math.sqrt(2 / n))).toBeLessThanOrEqual(
      1e-10,
    );
    expect(Math.abs(power({ effectSize: delta * Math.sqrt(2 / n), nobs1: n }) - 0.8)).toBeLessThanOrEqual(1e-12);
  });

  it("a total nobs1·(1 + ratio) past the double range is E_OVERFLOW", () => {
    expect(code(() => power({ effectSize: 0.1, nobs1: 1e308 }))).toBe("E_OVERFLOW");
    expect(code(() => power({ effectSize: 0.1, nobs1: 1e300, ratio: 1e10 }))).toBe("E_OVERFLOW");
    expect(code(() => minimumDetectableEffect({ nobs1: 1e308, power: 0.8 }))).toBe("E_OVERFLOW");
  });
});
