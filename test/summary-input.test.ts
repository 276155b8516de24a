/** Input policy of summarize (NaN, ±Infinity, empty, non-numeric) on every backend. */
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { BatchStatsError } from "../src/errors.js";
import { summarize } from "../src/summary/summarize.js";
import { Summary } from "../src/summary/summary.js";
import { BACKENDS } from "./support/backends.js";

function thrown(fn: () => unknown): BatchStatsError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(BatchStatsError);
    return error as BatchStatsError;
  }
  throw new Error("expected a BatchStatsError, nothing was thrown");
}

describe.each(BACKENDS)("input policy on $name", (backend) => {
  const big = Float64Array.from({ length: 5000 }, (_, i) => 100 + (i % 17));

  it("NaN raises E_NAN naming the first NaN's index (default policy)", () => {
    const x = big.slice();
    x[4321] = Number.NaN;
    x[4500] = Number.NaN;
    const e = thrown(() => backend.summarize(x));
    expect(e.code).toBe("E_NAN");
    expect(e.index).toBe(4321);
    expect(e.message).toContain("4321");
  });

  it("a NaN first value (the pivot) is found too", () => {
    const e = thrown(() => backend.summarize([Number.NaN, 1, 2]));
    expect([e.code, e.index]).toEqual(["E_NAN", 0]);
  });

  it("omit skips NaNs, counts them, and equals the summary of the clean values", () => {
    const x = big.slice();
    const clean: number[] = [];
    for (let i = 0; i < x.length; i++) {
      if (i % 97 === 0) x[i] = Number.NaN;
      else clean.push(x[i]!);
    }
    const s = backend.summarize(x, "omit");
    const want = backend.summarize(clean);
    expect(s.omitted).toBe(x.length - clean.length);
    expect(s.count).toBe(clean.length);
    expect([s.mean, s.meanLo, s.m2, s.m2Lo]).toEqual([want.mean, want.meanLo, want.m2, want.m2Lo]);
  });

  it("omit with only NaNs gives the empty summary with the NaNs counted", () => {
    const s = backend.summarize([Number.NaN, Number.NaN], "omit");
    expect([s.count, s.omitted]).toEqual([0, 2]);
  });

  it("±Infinity raises E_INFINITE with its index, under raise and omit", () => {
    for (const policy of ["raise", "omit"] as const) {
      const x = big.slice();
      x[77] = -Infinity;
      const e = thrown(() => backend.summarize(x, policy));
      expect([e.code, e.index]).toEqual(["E_INFINITE", 77]);
    }
  });

  it("whichever comes first, NaN or Infinity, is reported under raise", () => {
    const e = thrown(() => backend.summarize([1, Infinity, Number.NaN]));
    expect([e.code, e.index]).toEqual(["E_INFINITE", 1]);
  });

  it("propagate gives NaN statistics for NaN or ±Infinity, with the full count", () => {
    for (const bad of [Number.NaN, Infinity, -Infinity]) {
      const s = backend.summarize([1, 2, bad, 4], "propagate");
      expect(s.count).toBe(4);
      expect(s.mean).toBeNaN();
      expect(s.variance()).toBeNaN();
      expect(thrown(() => JSON.stringify(s)).code).toBe("E_NOT_FINITE");
    }
  });

  it("finite values whose squares overflow raise E_OVERFLOW instead of returning Infinity", () => {
    expect(thrown(() => backend.summarize([1e300, -1e300, 1e300])).code).toBe("E_OVERFLOW");
  });

  it("empty input gives the empty summary", () => {
    const s = backend.summarize(new Float64Array(0));
    expect(s).toBe(Summary.empty());
    expect(s.count).toBe(0);
    expect(s.mean).toBeNaN();
  });

  it("other numeric typed arrays and plain arrays give the same summary as Float64Array", () => {
    const ints = Int32Array.from({ length: 3000 }, (_, i) => (i * 7919) % 1000);
    const want = backend.summarize(Float64Array.from(ints));
    for (const x of [ints, Array.from(ints), Float32Array.from(ints), Uint16Array.from(ints)]) {
      const s = backend.summarize(x);
      expect([s.count, s.mean, s.meanLo, s.m2, s.m2Lo]).toEqual([
        want.count,
        want.mean,
        want.meanLo,
        want.m2,
        want.m2Lo,
      ]);
    }
  });
});

describe("summarize() argument checking", () => {
  it("non-numeric elements raise E_NOT_NUMERIC with the index", () => {
    const e = thrown(() => summarize([1, 2, "3" as unknown as number]));
    expect([e.code, e.index]).toEqual(["E_NOT_NUMERIC", 2]);
    expect(e.message).toContain('"3"');
    expect(thrown(() => summarize([1, null as unknown as number])).index).toBe(1);
  });

  it("strings, null, numbers, BigInt arrays and DataViews are rejected", () => {
    for (const bad of [
      "123",
      null,
      undefined,
      5,
      new BigInt64Array(2),
      new DataView(new ArrayBuffer(8)),
      { length: -1 },
    ]) {
      expect(thrown(() => summarize(bad as unknown as ArrayLike<number>)).code).toBe("E_NOT_NUMERIC");
    }
  });

  it("judges typed arrays and DataViews from another realm (iframe, vm) alike", () => {
    const foreign = (code: string) => runInNewContext(code) as unknown as ArrayLike<number>;
    for (const code of ["new BigInt64Array(2)", "new BigUint64Array(2)", "new DataView(new ArrayBuffer(8))"]) {
      const e = thrown(() => summarize(foreign(code)));
      expect(e.code).toBe("E_NOT_NUMERIC");
      expect(e.message).toMatch(/got a (BigInt64Array|BigUint64Array|DataView) \(convert it/);
    }
    expect(summarize(foreign("new Float64Array([1, 2, 4])")).toJSON()).toEqual(summarize([1, 2, 4]).toJSON());
    expect(summarize(foreign("new Int16Array([1, 2, 4])")).toJSON()).toEqual(summarize([1, 2, 4]).toJSON());
  });

  it("unknown options raise E_BAD_ARGUMENT naming the option", () => {
    const e1 = thrown(() => summarize([1], { backend: "gpu" as "js" }));
    expect([e1.code, e1.field]).toEqual(["E_BAD_ARGUMENT", "options.backend"]);
    const e2 = thrown(() => summarize([1], { nan: "ignore" as "omit" }));
    expect([e2.code, e2.field]).toEqual(["E_BAD_ARGUMENT", "options.nan"]);
  });

  it("a single value has variance undefined: E_TOO_FEW rather than NaN", () => {
    const s = summarize([42]);
    expect([s.count, s.mean, s.variance(0)]).toEqual([1, 42, 0]);
    expect(thrown(() => s.variance()).code).toBe("E_TOO_FEW");
    expect(thrown(() => s.sem()).code).toBe("E_TOO_FEW");
    expect(thrown(() => s.variance(-1)).code).toBe("E_BAD_ARGUMENT");
  });

  it("variance, std and sem match values computed by hand", () => {
    const s = summarize([2, 4, 4, 4, 5, 5, 7, 9]); // M2 = 32
    expect(s.variance(0)).toBe(4);
    expect(s.std(0)).toBe(2);
    expect(s.variance()).toBe(32 / 7);
    expect(s.std()).toBe(Math.sqrt(32 / 7));
    // sem = sqrt(4/7) = 0.75592894601845445443…; the nearest double is 0.7559289460184545, while the
    // naive Math.sqrt(32 / 7 / 8) double-rounds to …544. The double-double path rounds correctly.
    expect(s.sem()).toBe(0.7559289460184545);
  });
});
