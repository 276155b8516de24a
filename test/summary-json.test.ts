/** Summary JSON: bit-exact round trip and field-by-field validation of untrusted input. */
import { describe, expect, it } from "vitest";
import { BatchStatsError } from "../src/errors.js";
import { merge } from "../src/summary/merge.js";
import { summarize } from "../src/summary/summarize.js";
import { Summary } from "../src/summary/summary.js";
import { summaryBits } from "./support/backends.js";
import { generated } from "./support/fixtures.js";

const valid = () => ({
  format: "batchstats.summary",
  version: 1,
  count: 3,
  mean: 2,
  meanLo: 0,
  m2: 2,
  m2Lo: 0,
  omitted: 0,
});

function rejection(input: unknown): BatchStatsError {
  try {
    Summary.fromJSON(input);
  } catch (error) {
    expect(error).toBeInstanceOf(BatchStatsError);
    expect((error as BatchStatsError).code).toBe("E_BAD_SUMMARY");
    return error as BatchStatsError;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}

describe("Summary JSON", () => {
  it("round-trips bit for bit, including the low-order parts", () => {
    const x = generated("merge200");
    const s = merge(summarize(x.subarray(0, 777)), summarize(x.subarray(777)));
    expect(s.meanLo).not.toBe(0);
    const back = Summary.fromJSON(JSON.stringify(s));
    expect(summaryBits(back)).toEqual(summaryBits(s));
    expect([back.count, back.omitted]).toEqual([s.count, s.omitted]);
    expect(Summary.fromJSON(JSON.parse(JSON.stringify(s)))).toEqual(s);
  });

  it("writes the documented shape", () => {
    expect(JSON.parse(JSON.stringify(summarize([1, 2, 3])))).toEqual(valid());
    expect(JSON.parse(JSON.stringify(Summary.empty()))).toEqual({ ...valid(), count: 0, mean: 0, m2: 0 });
  });

  it("accepts the empty summary and a single value", () => {
    expect(Summary.fromJSON({ ...valid(), count: 0, mean: 0, m2: 0 }).count).toBe(0);
    expect(Summary.fromJSON({ ...valid(), count: 1, mean: 7, m2: 0 }).mean).toBe(7);
  });

  const cases: Array<[string, unknown, string | undefined]> = [
    ["not JSON", "{count: 3", undefined],
    ["an array", [1, 2, 3], undefined],
    ["null", null, undefined],
    ["a number", 42, undefined],
    ["a missing field", (({ m2Lo: _, ...rest }) => rest)(valid()), "m2Lo"],
    ["an extra field", { ...valid(), min: 1 }, "min"],
    ["a __proto__ key", JSON.parse('{"__proto__": {"polluted": true}, "format": "batchstats.summary"}'), "__proto__"],
    ["a wrong format tag", { ...valid(), format: "other" }, "format"],
    ["an unknown version", { ...valid(), version: 2 }, "version"],
    ["a string count", { ...valid(), count: "3" }, "count"],
    ["a negative count", { ...valid(), count: -3 }, "count"],
    ["a fractional count", { ...valid(), count: 2.5 }, "count"],
    ["an unsafe count", { ...valid(), count: 2 ** 60 }, "count"],
    ["a null mean", { ...valid(), mean: null }, "mean"],
    ["a string mean", { ...valid(), mean: "2" }, "mean"],
    ["a negative M2", { ...valid(), m2: -1 }, "m2"],
    ["a NaN M2 (as an object)", { ...valid(), m2: Number.NaN }, "m2"],
    ["an infinite M2", { ...valid(), m2: Infinity }, "m2"],
    ["a meanLo larger than half an ulp of mean", { ...valid(), meanLo: 1e-10 }, "meanLo"],
    ["an m2Lo larger than half an ulp of m2", { ...valid(), m2Lo: 0.5 }, "m2Lo"],
    ["a non-zero mean with count 0", { ...valid(), count: 0, m2: 0 }, "count"],
    ["a non-zero M2 with count 1", { ...valid(), count: 1 }, "m2"],
    ["a negative omitted count", { ...valid(), omitted: -1 }, "omitted"],
  ];
  it.each(cases)("rejects %s with E_BAD_SUMMARY naming the field", (_what, input, field) => {
    const e = rejection(input);
    if (field !== undefined) {
      expect(e.field).toBe(field);
      expect(e.message).toContain(field);
    }
  });

  it("does not pollute Object.prototype", () => {
    rejection('{"__proto__": {"polluted": true}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("summaries are frozen", () => {
    const s = summarize([1, 2]);
    expect(Object.isFrozen(s)).toBe(true);
    expect(() => {
      (s as { count: number }).count = 5;
    }).toThrow(TypeError);
  });
});
