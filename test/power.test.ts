/**
 * power, sampleSize, minimumDetectableEffect and the lift helpers (src/design) against statsmodels'
 * formulas re-implemented at 50 digits with mpmath (non-central t by quadrature; test/fixtures/design.json
 * from scripts/fixtures/gen_design.py): power to 1e-10 relative (the acceptance bound; measured ~1e-14),
 * the solvers to 1e-10 relative in the argument, GrowthBook's sequential variant, properties and typed
 * errors.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { minimumDetectableLift, powerForLift, sampleSizeForLift } from "../src/design/lift.js";
import { power } from "../src/design/power.js";
import type { PowerDesignOptions } from "../src/design/power-options.js";
import { minimumDetectableEffect, sampleSize } from "../src/design/sample-size.js";
import { BatchStatsError } from "../src/errors.js";
import { worstErrors } from "./support/worst-errors.js";

interface Case extends Omit<PowerDesignOptions, "sequential"> {
  effectSize?: number;
  nobs1?: number;
  power?: number;
  sequential?: number;
}
const fixture = JSON.parse(readFileSync(new URL("./fixtures/design.json", import.meta.url), "utf8")) as {
  power: { case: Case; power: string }[];
  sampleSize: { case: Case; nobs1: string }[];
  minimumDetectableEffect: { case: Case; effectSize: string }[];
};
const record = worstErrors("DESIGN_REPORT", "worst relative errors of the power analysis vs mpmath", 28);

// biome-ignore lint/suspicious/noExplicitAny: fixture cases map onto each function's options
function options(c: Case): any {
  const { sequential, ...rest } = c;
  return sequential === undefined ? rest : { ...rest, sequential: { tuning: sequential } };
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof BatchStatsError) return e.code;
    throw e;
  }
  return "no error";
}

describe("power against statsmodels' formulas at 50 digits", () => {
  it.each(fixture.power.map((r) => [JSON.stringify(r.case), r] as const))("%s", (at, r) => {
    const got = power(options(r.case));
    const exact = Number(r.power);
    const rel = Math.abs(got - exact) / exact;
    record("power", rel, at);
    expect(rel, `${at}: ${got} vs ${r.power}`).toBeLessThanOrEqual(1e-10);
  });

  it.each(fixture.sampleSize.map((r) => [JSON.stringify(r.case), r] as const))("sampleSize %s", (at, r) => {
    const got = sampleSize(options(r.case));
    const exact = Number(r.nobs1);
    const rel = Math.abs(got.nobs1 - exact) / exact;
    record("sampleSize nobs1", rel, at);
    expect(rel, `${at}: ${got.nobs1} vs ${r.nobs1}`).toBeLessThanOrEqual(1e-10);
    expect(got.nobs1Ceil).toBe(Math.ceil(exact));
    expect(got.nobs2).toBe((r.case.ratio ?? 1) * got.nobs1);
    // the whole numbers reach the target power
    const { power: _target, ...design } = options(r.case);
    const p = power({ ...design, nobs1: got.nobs1Ceil, ratio: got.nobs2Ceil / got.nobs1Ceil });
    expect(p).toBeGreaterThanOrEqual(r.case.power! * (1 - 1e-12));
  });

  it.each(fixture.minimumDetectableEffect.map((r) => [JSON.stringify(r.case), r] as const))("MDE %s", (at, r) => {
    const got = minimumDetectableEffect(options(r.case));
    const exact = Number(r.effectSize);
    const rel = Math.abs(got - exact) / Math.abs(exact);
    record("minimumDetectableEffect", rel, at);
    expect(rel, `${at}: ${got} vs ${r.effectSize}`).toBeLessThanOrEqual(1e-10);
  });
});

describe("power properties", () => {
  it("effect 0 gives power alpha (two-sided and one-sided)", () => {
    for (const test of ["t", "z"] as const) {
      expect(power({ effectSize: 0, nobs1: 57, test })).toBeCloseTo(0.05, 15);
      expect(power({ effectSize: 0, nobs1: 57, test, alternative: "greater", alpha: 0.1 })).toBeCloseTo(0.1, 15);
    }
  });

  it("power grows with n and |d|, is symmetric in d for two-sided tests, and tends to the z-test", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 2, noNaN: true }),
        fc.double({ min: 3, max: 1e6, noNaN: true }),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        (d, n, ratio) => {
          const p = power({ effectSize: d, nobs1: n, ratio });
          expect(p).toBeGreaterThanOrEqual(0.05 - 1e-15);
          expect(p).toBeLessThanOrEqual(1);
          expect(power({ effectSize: -d, nobs1: n, ratio })).toBeCloseTo(p, 13);
          // the orderings are checked where power is not within 1e-9 of 1 (there the sums of tails near 1
          // carry ~1e-13 of rounding and the differences are below it)
          if (p < 1 - 1e-9) {
            expect(power({ effectSize: d, nobs1: 2 * n, ratio })).toBeGreaterThanOrEqual(p);
            expect(power({ effectSize: 1.5 * d, nobs1: n, ratio })).toBeGreaterThanOrEqual(p);
            // the t-test is never more powerful than the z-test at the same design
            expect(power({ effectSize: d, nobs1: n, ratio, test: "z" })).toBeGreaterThanOrEqual(p - 1e-14);
          }
        },
      ),
      { numRuns: 60 },
    );
    const z = power({ effectSize: 0.001, nobs1: 1e7, test: "z" });
    const t = power({ effectSize: 0.001, nobs1: 1e7 });
    expect(Math.abs(t - z) / z).toBeLessThan(1e-6);
  });

  it("sampleSize and minimumDetectableEffect invert power (round trips) and nobs2 = ratio·nobs1", () => {
    for (const o of [
      { effectSize: 0.1, power: 0.8 },
      { effectSize: -0.4, power: 0.95, alternative: "less" as const, ratio: 0.3 },
      { effectSize: 0.02, power: 0.5, test: "z" as const, alpha: 0.2 },
      { effectSize: 0.05, power: 0.9, sequential: { tuning: 10_000 } },
    ]) {
      const s = sampleSize(o);
      const { power: target, ...rest } = o;
      const back = power({ ...rest, nobs1: s.nobs1 });
      expect(Math.abs(back - target) / target).toBeLessThan(1e-12);
      const { effectSize: _d, ...design } = rest;
      const mde = minimumDetectableEffect({ ...design, nobs1: s.nobs1, power: target });
      expect(Math.abs(mde - o.effectSize) / Math.abs(o.effectSize)).toBeLessThan(1e-10);
    }
  });

  it("huge samples: power of tiny effects at n = 1e12 and sample sizes up to 1e13 stay accurate", () => {
    expect(power({ effectSize: 1e-6, nobs1: 1e12 })).toBeCloseTo(0.1089546175505575, 12);
    const s = sampleSize({ effectSize: 1e-6, power: 0.8 });
    expect(s.nobs1).toBeGreaterThan(1.5e13);
    expect(Math.abs(power({ effectSize: 1e-6, nobs1: s.nobs1 }) - 0.8)).toBeLessThan(1e-12);
  });

  it("the sequential test needs more users than the fixed-horizon test, and equals it nowhere", () => {
    const fixed = sampleSize({ effectSize: 0.02, power: 0.8, test: "z" }).nobs1;
    const seq = sampleSize({ effectSize: 0.02, power: 0.8, sequential: { tuning: 5000 } }).nobs1;
    expect(seq).toBeGreaterThan(1.5 * fixed);
  });
});

describe("lift helpers", () => {
  it("convert the relative lift to d = lift·|μ|/σ", () => {
    const o = { baselineMean: 0.1, baselineSd: 0.3, lift: 0.05 };
    expect(powerForLift({ ...o, nobs1: 20_000 })).toBe(power({ effectSize: (0.05 * 0.1) / 0.3, nobs1: 20_000 }));
    expect(sampleSizeForLift({ ...o, power: 0.8 })).toEqual(sampleSize({ effectSize: (0.05 * 0.1) / 0.3, power: 0.8 }));
    const lift = minimumDetectableLift({ baselineMean: -0.1, baselineSd: 0.3, nobs1: 20_000, power: 0.8 });
    expect(lift).toBeCloseTo((minimumDetectableEffect({ nobs1: 20_000, power: 0.8 }) * 0.3) / 0.1, 14);
  });

  it("typed errors", () => {
    expect(code(() => powerForLift({ baselineMean: 0, baselineSd: 1, lift: 0.1, nobs1: 10 }))).toBe("E_ZERO_MEAN");
    expect(code(() => powerForLift({ baselineMean: 1, baselineSd: 0, lift: 0.1, nobs1: 10 }))).toBe("E_BAD_ARGUMENT");
    expect(code(() => sampleSizeForLift({ baselineMean: 1, baselineSd: 1, lift: 0, power: 0.8 }))).toBe(
      "E_BAD_ARGUMENT",
    );
  });
});

describe("bad options are typed errors", () => {
  it.each([
    ["missing effectSize", () => power({ nobs1: 10 } as never), "E_BAD_ARGUMENT"],
    ["unknown key", () => power({ effectSize: 1, nobs1: 10, nobs: 3 } as never), "E_BAD_ARGUMENT"],
    ["alpha 0", () => power({ effectSize: 1, nobs1: 10, alpha: 0 }), "E_BAD_ARGUMENT"],
    ["alpha 1", () => power({ effectSize: 1, nobs1: 10, alpha: 1 }), "E_BAD_ARGUMENT"],
    ["ratio 0", () => power({ effectSize: 1, nobs1: 10, ratio: 0 }), "E_BAD_ARGUMENT"],
    ["nobs1 NaN", () => power({ effectSize: 1, nobs1: Number.NaN }), "E_BAD_ARGUMENT"],
    ["no df", () => power({ effectSize: 1, nobs1: 1 }), "E_TOO_FEW"],
    ["bad test", () => power({ effectSize: 1, nobs1: 10, test: "f" as never }), "E_BAD_ARGUMENT"],
    ["bad alternative", () => power({ effectSize: 1, nobs1: 10, alternative: "larger" as never }), "E_BAD_ARGUMENT"],
    [
      "t with sequential",
      () => power({ effectSize: 1, nobs1: 10, test: "t", sequential: { tuning: 10 } }),
      "E_BAD_ARGUMENT",
    ],
    ["sequential tuning 0", () => power({ effectSize: 1, nobs1: 10, sequential: { tuning: 0 } }), "E_BAD_ARGUMENT"],
    [
      "sequential extra key",
      () => power({ effectSize: 1, nobs1: 10, sequential: { tuning: 5, n: 1 } as never }),
      "E_BAD_ARGUMENT",
    ],
    ["power ≤ alpha", () => sampleSize({ effectSize: 0.2, power: 0.04 }), "E_BAD_ARGUMENT"],
    ["power = alpha", () => minimumDetectableEffect({ nobs1: 100, power: 0.05 }), "E_BAD_ARGUMENT"],
    ["effect 0", () => sampleSize({ effectSize: 0, power: 0.8 }), "E_BAD_ARGUMENT"],
    ["wrong side", () => sampleSize({ effectSize: -0.2, power: 0.8, alternative: "greater" }), "E_BAD_ARGUMENT"],
    ["power 1", () => sampleSize({ effectSize: 0.2, power: 1 }), "E_BAD_ARGUMENT"],
  ])("%s", (_, fn, expected) => {
    expect(code(fn)).toBe(expected);
  });
});
