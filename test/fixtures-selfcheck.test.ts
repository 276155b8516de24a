/**
 * Self-check of the reference fixtures (not of the library): the vendored NIST files parse to the
 * counts NIST certifies, the TypeScript PRNG reproduces the Python datasets bit for bit, and `lre`
 * measures digits correctly on cases whose answer is known from first principles.
 */
import { describe, expect, it } from "vitest";
import { LRE_CAP, decimalToRational, generated, loadCore, loadNist, lre } from "./support/fixtures.js";

/** Observation counts as published by NIST for each dataset. */
const NIST_COUNTS: Record<string, number> = {
  PiDigits: 5000,
  Lottery: 218,
  Lew: 200,
  Mavro: 50,
  Michelso: 100,
  NumAcc1: 3,
  NumAcc2: 1001,
  NumAcc3: 1001,
  NumAcc4: 1001,
};

/** 53·log10(2): LRE of a value off by exactly half a unit of 2^-52 relative — the worst rounding to double. */
const HALF_ULP_DIGITS = 53 * Math.log10(2); // 15.95

describe("NIST fixtures", () => {
  const core = loadCore();
  const nist = loadNist();

  it("has all nine datasets, with the counts NIST certifies", () => {
    expect(nist.map((d) => d.name).sort()).toEqual(Object.keys(NIST_COUNTS).sort());
    for (const d of nist) {
      expect(d.values.length, d.name).toBe(NIST_COUNTS[d.name]);
      expect(d.certified.n, d.name).toBe(NIST_COUNTS[d.name]);
      expect(d.values.every(Number.isFinite), d.name).toBe(true);
    }
  });

  it("parses the certified values exactly as the Python generator did", () => {
    for (const d of nist) {
      const entry = core.nist.find((e) => e.name === d.name);
      expect(entry?.certified, d.name).toEqual(d.certified);
    }
    // one from each layout, checked by eye against the files
    const byName = new Map(nist.map((d) => [d.name, d]));
    expect(byName.get("Lew")?.certified.mean).toBe("-177.435000000000");
    expect(byName.get("Lew")?.values[0]).toBe(-213);
    expect(byName.get("NumAcc4")?.certified.sd).toBe("0.1");
    expect(byName.get("Mavro")?.tokens[0]).toBe("2.00180");
  });

  it("carries exact moments whose doubles are the nearest doubles of their texts", () => {
    for (const d of nist) {
      for (const k of ["mean", "variance", "sd"] as const) {
        const text = d.exact[`${k}Text`];
        expect(Number(text), `${d.name}.${k}`).toBe(d.exact[k]);
        expect(lre(d.exact[k], text), `${d.name}.${k}`).toBeGreaterThanOrEqual(HALF_ULP_DIGITS - 1e-9);
      }
    }
    // NumAcc1 = {10000001, 10000003, 10000002}: mean 10000002 and variance 1, exactly
    const acc1 = nist.find((d) => d.name === "NumAcc1");
    expect(acc1?.exact.meanText).toBe("10000002");
    expect(acc1?.exact.varianceText).toBe("1");
  });
});

describe("generated datasets", () => {
  const core = loadCore();

  it.each(core.generated.map((g) => [g.name, g] as const))("%s matches the Python checksum", (_name, g) => {
    const values = generated(g.name); // throws if the checksum differs
    expect(values.length).toBe(g.n);
    expect(Array.from(values.subarray(0, 3))).toEqual(g.first3);
    expect(Number(g.exact.meanText)).toBe(g.exact.mean);
    if (g.batchSize !== undefined) expect((g.batches ?? 0) * g.batchSize).toBe(g.n);
  });

  it("covers the three groups the core tests use", () => {
    expect(new Set(core.generated.map((g) => g.group))).toEqual(new Set(["merge200", "big1e9", "small_offsets"]));
  });

  it("rejects an unknown name", () => {
    expect(() => generated("no-such-dataset")).toThrow(/no generated dataset/);
  });
});

describe("lre", () => {
  it("reports the cap when got equals the exact value", () => {
    expect(lre(10000002, "10000002")).toBe(LRE_CAP);
    expect(lre(-177.5, "-177.5")).toBe(LRE_CAP);
  });

  it("scores one ulp at 1e9 as 9 + 23·log10(2) digits", () => {
    // 1e9 lies in [2^29, 2^30), so its ulp is 2^(29−52) = 2^−23. Relative error 2^−23 / 1e9 gives
    // LRE = 9 + 23·log10(2) = 15.92369.
    expect(lre(1e9 + 2 ** -23, "1000000000")).toBeCloseTo(9 + 23 * Math.log10(2), 9);
    expect(lre(1e9 + 2 ** -23, "1000000000")).toBeCloseTo(15.9236899, 6);
  });

  it("sees the representation error of 0.1 and of 0.1 + 0.2", () => {
    // double(0.1) = 3602879701896397 / 2^55. Since 10·3602879701896397 − 2^55 = 2,
    // the error is 2 / (10·2^55), relative 2^−54: LRE = 54·log10(2) = 16.25562.
    expect(lre(0.1, "0.1")).toBeCloseTo(54 * Math.log10(2), 9);
    expect(lre(-0.1, "-0.1")).toBeCloseTo(54 * Math.log10(2), 9);
    // 0.1 + 0.2 = 5404319552844596 / 2^54 and 0.3·2^54 = 5404319552844595.2, so the error is 0.8 / 2^54.
    // Relative: 0.8 / (0.3·2^54) = (8/3)·2^−54, so LRE = 54·log10(2) − log10(8/3) = 15.82965.
    expect(lre(0.1 + 0.2, "0.3")).toBeCloseTo(54 * Math.log10(2) - Math.log10(8 / 3), 9);
  });

  it("resolves errors below one ulp, which a double-only comparison cannot", () => {
    // exact = 1e9 + 1e−7. Its nearest double is 1e9 + 2^−23 (2^−23 ≈ 1.192e−7). The error is
    // 2^−23 − 1e−7 = 1.9209290e−8, relative 1.9209290e−17: LRE = 17 − log10(1.9209290) = 16.71649.
    // A comparison through Number(exactText) would see no error at all.
    expect(lre(Number("1000000000.0000001"), "1000000000.0000001")).toBeCloseTo(16.7164887, 6);
    // got = 1e9 exactly against 1e9 + 1e−7: relative 1e−16, so exactly 16 digits.
    expect(lre(1e9, "1000000000.0000001")).toBeCloseTo(16, 9);
    // Relative error 1e−40 (the smallest subnormal against its 40-digit text) hits the cap.
    expect(lre(5e-324, "4.940656458412465441765687928682213723651e-324")).toBe(LRE_CAP);
  });

  it("handles gross errors and bad input", () => {
    expect(lre(1.5, "1")).toBeCloseTo(Math.log10(2), 12); // relative 0.5
    expect(lre(1.5, "-1")).toBeCloseTo(-Math.log10(2.5), 12); // relative 2.5: negative digits
    expect(lre(Number.NaN, "1")).toBe(Number.NEGATIVE_INFINITY);
    expect(() => lre(1, "0")).toThrow();
    expect(() => lre(1, "abc")).toThrow();
    expect(decimalToRational("-1.25e2")).toEqual({ num: -125n, den: 1n });
    expect(decimalToRational("0.0012")).toEqual({ num: 12n, den: 10000n });
  });
});
