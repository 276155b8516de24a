/**
 * The edge-case policy of the t-tests (docs/ttest-notes.md, "Edge cases"): one test per row,
 * with scipy 1.17's behaviour named for contrast. Typed errors rather than silent NaN.
 */
import { describe, expect, it } from "vitest";
import { BatchStatsError, type ErrorCode } from "../src/errors.js";
import { fromMoments } from "../src/summary/from-moments.js";
import { summarize } from "../src/summary/summarize.js";
import { Summary } from "../src/summary/summary.js";
import { ttestFromStats } from "../src/ttest/from-stats.js";
import { ttest } from "../src/ttest/ttest.js";
import { ttest1samp } from "../src/ttest/ttest1samp.js";

/** Runs f and returns the BatchStatsError it throws (fails if it does not throw one). */
function thrown(f: () => unknown): BatchStatsError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(BatchStatsError);
    return e as BatchStatsError;
  }
  throw new Error("expected a BatchStatsError, nothing was thrown");
}
function expectError(f: () => unknown, code: ErrorCode, field: string, index?: number): void {
  const e = thrown(f);
  expect({ code: e.code, field: e.field }).toEqual({ code, field });
  if (index !== undefined) expect(e.index).toBe(index);
  expect(e.message.length).toBeGreaterThan(10);
}

describe("count < 2 in an arm (scipy: NaN statistic and p; Welch df silently 1)", () => {
  it("Welch needs ≥ 2 values per arm: E_TOO_FEW naming the arm", () => {
    expectError(() => ttest([1], [2, 3, 4]), "E_TOO_FEW", "a");
    expectError(() => ttest([1, 2, 3], [4]), "E_TOO_FEW", "b");
    expectError(() => ttest([], [4, 5]), "E_TOO_FEW", "a");
    expectError(
      () => ttestFromStats({ mean: 1, std: 0, count: 1 }, { mean: 2, std: 1, count: 5 }),
      "E_TOO_FEW",
      "a.count",
    );
  });
  it("Student accepts an arm of 1 (its weight n − 1 is 0; as R) but needs ≥ 3 values in all", () => {
    const r = ttest([2, 3, 5], [1.5], { equalVar: true });
    expect(r.df).toBe(2);
    // R t.test(c(2,3,5), 1.5, var.equal = TRUE): t = 1.0394023007753748…
    expect(Math.abs(r.statistic / 1.0394023007753748 - 1)).toBeLessThanOrEqual(4 * 2 ** -52);
    // The std of a single value is undefined (R: NA): ignored, even NaN.
    const s = ttestFromStats(
      { mean: 1.5, std: Number.NaN, count: 1 },
      { mean: 10 / 3, std: Math.sqrt(7 / 3), count: 3 },
      { equalVar: true },
    );
    expect(s.df).toBe(2);
    expectError(() => ttest([1], [2], { equalVar: true }), "E_TOO_FEW", "b");
    expectError(() => ttest([], [2, 3, 4], { equalVar: true }), "E_TOO_FEW", "a");
  });
  it("one-sample needs ≥ 2 values (scipy: NaN, df 0)", () => {
    expectError(() => ttest1samp([3]), "E_TOO_FEW", "a");
    expectError(() => ttest1samp(Summary.empty()), "E_TOO_FEW", "a");
  });
});

describe("zero variance (scipy: different means → t = ±inf, p = 0; equal means → NaN)", () => {
  it("both arms constant, different means: E_ZERO_VARIANCE (field 'variance')", () => {
    expectError(() => ttest([0, 0, 0], [1, 1, 1]), "E_ZERO_VARIANCE", "variance");
    expectError(() => ttest([0, 0, 0], [1, 1, 1], { equalVar: true }), "E_ZERO_VARIANCE", "variance");
  });
  it("both arms constant, equal means: the same error, not NaN", () => {
    expectError(
      () => ttestFromStats({ mean: 0, std: 0, count: 6 }, { mean: 0, std: 0, count: 6 }),
      "E_ZERO_VARIANCE",
      "variance",
    );
  });
  it("one arm constant is fine: Welch's df is then n_other − 1 (as scipy and R)", () => {
    const r = ttest([5, 5, 5, 5], [1, 2, 3, 4, 5, 6]);
    expect(r.df).toBeCloseTo(5, 12);
    expect(Number.isFinite(r.statistic)).toBe(true);
  });
  it("one-sample, constant sample: E_ZERO_VARIANCE (scipy: inf/p = 0 or NaN)", () => {
    expectError(() => ttest1samp([2, 2, 2], { mu: 1 }), "E_ZERO_VARIANCE", "variance");
    expectError(() => ttest1samp([2, 2, 2], { mu: 2 }), "E_ZERO_VARIANCE", "variance");
  });
});

describe("df < 1 cannot occur (Welch's df ≥ min(na, nb) − 1 ≥ 1); df < 2 is exact", () => {
  it("n = 2 against n = 1e6 with a tiny variance gives df just above 1, and the test is exact there", () => {
    const r = ttestFromStats({ mean: 0, std: 1, count: 2 }, { mean: 10, std: 1e-3, count: 1_000_000 });
    expect(r.df).toBeGreaterThanOrEqual(1);
    expect(r.df).toBeLessThan(1 + 1e-11);
    expect(r.pValue).toBeGreaterThan(0);
    expect(r.confidenceInterval[0]).toBeLessThan(r.confidenceInterval[1]);
  });
});

describe("NaN and ±Infinity (scipy default nan_policy 'propagate': NaN result, also for ±inf)", () => {
  it("raw NaN: E_NAN naming the arm and the index (nan: 'raise', the default)", () => {
    expectError(() => ttest([1, 2, 3], [4, Number.NaN, 6]), "E_NAN", "b", 1);
    expectError(() => ttest1samp([Number.NaN, 1, 2]), "E_NAN", "a", 0);
  });
  it("nan: 'omit' drops NaNs (scipy nan_policy='omit')", () => {
    expect(ttest([1, Number.NaN, 3, 4], [5, 6, 8], { nan: "omit" })).toEqual(ttest([1, 3, 4], [5, 6, 8]));
    expectError(() => ttest([1, Number.NaN], [5, 6, 8], { nan: "omit" }), "E_TOO_FEW", "a");
  });
  it("nan: 'propagate' gives an all-NaN result", () => {
    const r = ttest([1, Number.NaN, 3], [4, 5, 6], { nan: "propagate" });
    for (const v of [r.statistic, r.pValue, r.log10PValue, r.df, r.estimate, r.stderr, ...r.confidenceInterval]) {
      expect(v).toBeNaN();
    }
    expect(r.method).toBe("welch");
    expect(ttest1samp([1, Number.POSITIVE_INFINITY], { nan: "propagate" }).pValue).toBeNaN();
  });
  it("raw ±Infinity: E_INFINITE with the index, whatever the NaN policy but 'propagate'", () => {
    expectError(() => ttest([1, 2, 3], [4, 5, Number.NEGATIVE_INFINITY]), "E_INFINITE", "b", 2);
    expectError(() => ttest([1, Number.POSITIVE_INFINITY, 3], [4, 5, 6], { nan: "omit" }), "E_INFINITE", "a", 1);
  });
  it("a NaN Summary (made with nan: 'propagate') is refused unless propagating", () => {
    const nanSummary = summarize([1, Number.NaN], { nan: "propagate" });
    expectError(() => ttest(nanSummary, [1, 2, 3]), "E_NAN", "a");
    expect(ttest(nanSummary, [1, 2, 3], { nan: "propagate" }).statistic).toBeNaN();
  });
  it("ttestFromStats: NaN / ±Infinity mean or std → E_NAN / E_INFINITE naming the field", () => {
    const ok = { mean: 1, std: 1, count: 5 };
    expectError(() => ttestFromStats({ mean: Number.NaN, std: 1, count: 5 }, ok), "E_NAN", "a.mean");
    expectError(() => ttestFromStats(ok, { mean: 1, std: Number.NaN, count: 5 }), "E_NAN", "b.std");
    expectError(() => ttestFromStats({ mean: Number.POSITIVE_INFINITY, std: 1, count: 5 }, ok), "E_INFINITE", "a.mean");
    expectError(() => ttestFromStats(ok, { mean: 1, std: Number.POSITIVE_INFINITY, count: 5 }), "E_INFINITE", "b.std");
    expect(ttestFromStats({ mean: Number.NaN, std: 1, count: 5 }, ok, { nan: "propagate" }).pValue).toBeNaN();
    // std² overflows, but the result does not: M2 is formed in scaled units
    const wide = ttestFromStats({ mean: 1, std: 1e200, count: 5 }, ok);
    expect(wide.statistic).toBe(0);
    expect(Math.abs(wide.stderr / (1e200 / Math.sqrt(5)) - 1)).toBeLessThanOrEqual(2 * Number.EPSILON);
    expectError(
      () => ttestFromStats({ mean: 1e308, std: 1, count: 5 }, { ...ok, mean: -1e308 }),
      "E_OVERFLOW",
      "estimate",
    );
  });
  it("mu must be finite", () => {
    expectError(() => ttest([1, 2], [3, 4], { mu: Number.NaN }), "E_BAD_ARGUMENT", "options.mu");
    expectError(() => ttest1samp([1, 2], { mu: Number.POSITIVE_INFINITY }), "E_BAD_ARGUMENT", "options.mu");
  });
});

describe("confidenceLevel outside (0, 1) (scipy: ValueError above 1 or below 0, but 0 → [x̄, x̄] and 1 → (inf, inf))", () => {
  it.each([0, 1, 1.5, -0.1, Number.NaN, Number.POSITIVE_INFINITY, "0.95"])("%s → E_BAD_ARGUMENT", (level) => {
    expectError(
      () => ttest([1, 2, 3], [2, 4, 7], { confidenceLevel: level as number }),
      "E_BAD_ARGUMENT",
      "options.confidenceLevel",
    );
    expectError(
      () => ttest1samp([1, 2, 3], { confidenceLevel: level as number }),
      "E_BAD_ARGUMENT",
      "options.confidenceLevel",
    );
  });
  it("levels just inside are fine, including below ½", () => {
    const r = ttest1samp([1, 2, 3, 5], { confidenceLevel: 1e-9 });
    expect(r.confidenceInterval[1] - r.confidenceInterval[0]).toBeGreaterThan(0);
    expect(r.confidenceInterval[1] - r.confidenceInterval[0]).toBeLessThan(1e-8);
    const s = ttest1samp([1, 2, 3, 5], { confidenceLevel: 1 - 2 ** -53 });
    expect(Number.isFinite(s.confidenceInterval[1])).toBe(true);
  });
});

describe("negative std in ttestFromStats (scipy silently uses |std|)", () => {
  it("E_BAD_SUMMARY naming the field", () => {
    expectError(
      () => ttestFromStats({ mean: 0, std: -1, count: 5 }, { mean: 1, std: 1, count: 3 }),
      "E_BAD_SUMMARY",
      "a.std",
    );
  });
  it("other malformed stats: E_BAD_SUMMARY", () => {
    const ok = { mean: 1, std: 1, count: 5 };
    expectError(() => ttestFromStats(ok, { mean: 1, std: 1, count: 2.5 }), "E_BAD_SUMMARY", "b.count");
    expectError(() => ttestFromStats(ok, { mean: 1, std: 1, count: -3 }), "E_BAD_SUMMARY", "b.count");
    expectError(() => ttestFromStats(ok, { mean: 1, std: 1, count: 2 ** 60 }), "E_BAD_SUMMARY", "b.count");
    expectError(() => ttestFromStats(ok, { mean: "1", std: 1, count: 3 } as never), "E_BAD_SUMMARY", "b.mean");
    expectError(() => ttestFromStats(null as never, ok), "E_BAD_SUMMARY", "a");
  });
});

describe("options and inputs", () => {
  it("refuses unknown option keys, e.g. scipy's equal_var", () => {
    expectError(() => ttest([1, 2], [3, 5], { equal_var: true } as never), "E_BAD_ARGUMENT", "options.equal_var");
    expectError(() => ttest1samp([1, 2], { equalVar: true } as never), "E_BAD_ARGUMENT", "options.equalVar");
  });
  it("refuses a bad alternative, equalVar, nan or options value", () => {
    expectError(
      () => ttest([1, 2], [3, 5], { alternative: "two_sided" as never }),
      "E_BAD_ARGUMENT",
      "options.alternative",
    );
    expectError(() => ttest([1, 2], [3, 5], { equalVar: 1 as never }), "E_BAD_ARGUMENT", "options.equalVar");
    expectError(() => ttest([1, 2], [3, 5], { nan: "ignore" as never }), "E_BAD_ARGUMENT", "options.nan");
    expectError(() => ttest([1, 2], [3, 5], 0.95 as never), "E_BAD_ARGUMENT", "options");
  });
  it("points a {mean, std, count} object to ttestFromStats; non-numbers are E_NOT_NUMERIC", () => {
    expectError(() => ttest({ mean: 1, std: 1, count: 3 } as never, [1, 2, 3]), "E_NOT_NUMERIC", "a");
    expectError(() => ttest([1, 2, 3], ["4", 5] as never), "E_NOT_NUMERIC", "b", 0);
  });
  it("t = 0 gives p = 1 and log10 p = 0 exactly, for every alternative's own meaning", () => {
    const r = ttest1samp([1, 2, 3], { mu: 2 });
    expect(r.statistic).toBe(0);
    expect(r.pValue).toBe(1);
    expect(r.log10PValue === 0).toBe(true);
    expect(ttest1samp([1, 2, 3], { mu: 2, alternative: "less" }).pValue).toBe(0.5);
  });
  it("Summaries, fromMoments and raw arrays all work and agree", () => {
    const a = [1.5, 2.25, 3.75, 4.5];
    const b = [0.5, 1, 1.25];
    const direct = ttest(a, b);
    expect(ttest(summarize(a), summarize(b))).toEqual(direct);
    const viaMoments = ttest(
      fromMoments({ count: 4, mean: summarize(a).mean, variance: summarize(a).variance() }),
      fromMoments({ count: 3, mean: summarize(b).mean, variance: summarize(b).variance() }),
    );
    expect(Math.abs(viaMoments.statistic / direct.statistic - 1)).toBeLessThanOrEqual(4 * 2 ** -52);
  });
});
