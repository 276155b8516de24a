/**
 * A fast-check campaign over the public API with hostile inputs: doubles from the whole range
 * (subnormals, ±1e308, NaN, ±Infinity), wrong types, Proxies, random JSON, random options. The
 * contract: every call returns a right-looking result or throws a `BatchStatsError` — no untyped
 * throw, no NaN from finite input (unless `nan: "propagate"` was asked for), no p outside
 * [0, 1], and no call takes more than a second.
 *
 * Size: `BATCHSTATS_FUZZ_RUNS` multiplies the number of runs (default 0.55: about 110 000
 * calls in all, 15–30 s; e.g. 20 for a long campaign of about 4 million). The counts are printed.
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import * as api from "../src/index.js";
import { BACKENDS } from "./support/backends.js";

/** Default 0.55: about 110 000 calls, which keeps `npm test` within its time budget. */
const SCALE = Number(process.env.BATCHSTATS_FUZZ_RUNS ?? 0.55) || 0.55;
const runs = (n: number) => Math.round(n * SCALE);
const counts: Record<string, number> = {};
const MAX_MS = 1000;

/** Runs one call: a BatchStatsError is a fine outcome, anything else thrown fails the test. */
function attempt<T>(label: string, f: () => T): T | undefined {
  counts[label] = (counts[label] ?? 0) + 1;
  const start = performance.now();
  try {
    return f();
  } catch (error) {
    if (!(error instanceof api.BatchStatsError)) throw new Error(`${label}: untyped ${String(error)}`);
    expect(typeof error.code).toBe("string");
    expect(error.message.length).toBeGreaterThan(0);
    return undefined;
  } finally {
    expect(performance.now() - start).toBeLessThan(MAX_MS);
  }
}

/** Every double, with the hard ones often. */
const anyDouble = fc.oneof(
  fc.double(),
  fc.constantFrom(
    0,
    -0,
    5e-324,
    -5e-324,
    2.2250738585072014e-308,
    1e-200,
    1e-160,
    1e154,
    1e200,
    1e300,
    1.7976931348623157e308,
  ),
  fc.constantFrom(-1e308, 1e308, Number.NaN, Infinity, -Infinity, 1e9, 0.1, 1, 2 ** 53),
  fc.double({ min: -10, max: 10, noNaN: true }),
);
const finiteDouble = anyDouble.filter(Number.isFinite);
const scaledBatch = fc
  .record({
    values: fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { maxLength: 80 }),
    k: fc.integer({ min: -1074, max: 1023 }),
    offset: finiteDouble,
  })
  .map(({ values, k, offset }) => values.map((v) => offset + v * 2 ** k));
const batch = fc.oneof(fc.array(anyDouble, { maxLength: 80 }), scaledBatch, fc.array(finiteDouble, { maxLength: 300 }));
const junk = fc.oneof(
  fc.anything(),
  fc.constantFrom(
    null,
    undefined,
    "3",
    [1, "2"],
    { length: -1 },
    { length: 2 ** 60 },
    { length: 2 ** 40 },
    new BigInt64Array(2),
    new DataView(new ArrayBuffer(8)),
  ),
);
const nanPolicy = fc.constantFrom(undefined, "raise", "omit", "propagate", "bogus");

/** No NaN in a summary of finite values; NaN statistics only when propagating non-finite values. */
function checkSummary(s: api.Summary, finiteInput: boolean, propagate: boolean): void {
  expect(s).toBeInstanceOf(api.Summary);
  expect(Number.isSafeInteger(s.count) && s.count >= 0).toBe(true);
  if (s.count === 0) return;
  if (finiteInput || !propagate) {
    expect(Number.isFinite(s.mean) && Number.isFinite(s.m2) && s.m2 >= 0).toBe(true);
    expect(Summary.fromJSON(JSON.stringify(s)).m2).toBe(s.m2);
  }
}
const Summary = api.Summary;

function checkTest(r: api.TTestResult, propagate: boolean): void {
  if (propagate && Number.isNaN(r.statistic)) return;
  for (const key of ["statistic", "pValue", "log10PValue", "df", "estimate", "stderr"] as const) {
    expect(Number.isFinite(r[key]), `${key} = ${r[key]}`).toBe(true);
  }
  expect(r.pValue >= 0 && r.pValue <= 1).toBe(true);
  expect(r.log10PValue <= 0).toBe(true);
  expect(r.df > 0 && r.stderr > 0).toBe(true);
  for (const b of r.confidenceInterval) expect(Number.isNaN(b)).toBe(false);
  expect(r.confidenceInterval[0] <= r.confidenceInterval[1]).toBe(true);
}

/** Summaries of all kinds: from hostile batches, moments, sums, JSON. */
const summaryArb: fc.Arbitrary<api.Summary> = fc
  .oneof(
    batch.map((v) => () => api.summarize(v, { nan: "omit" })),
    fc
      .record({ count: fc.nat({ max: 2 ** 53 }), mean: finiteDouble, std: finiteDouble.map(Math.abs) })
      .map((m) => () => api.fromMoments(m)),
    fc
      .record({ count: fc.nat(), sum: finiteDouble, sumOfSquares: finiteDouble.map(Math.abs) })
      .map((m) => () => api.fromSums(m, { minDigits: 0 })),
  )
  .map((make) => {
    try {
      return make();
    } catch (error) {
      if (error instanceof api.BatchStatsError) return api.summarize([1, 2, 4]);
      throw error;
    }
  });

const ttestOptions = fc.oneof(
  fc.constant(undefined),
  fc.record(
    {
      equalVar: fc.boolean(),
      alternative: fc.constantFrom("two-sided", "less", "greater"),
      confidenceLevel: fc.oneof(fc.double({ min: 1e-300, max: 1 - 2 ** -53, noNaN: true }), anyDouble),
      mu: anyDouble,
      nan: nanPolicy,
    },
    { requiredKeys: [] },
  ),
  junk,
);

describe("hostile inputs to the public API", () => {
  afterAll(() => {
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(`hostile-api: ${total} generated calls (${JSON.stringify(counts)})`);
  });

  it.each(BACKENDS)("summarize on $name: any batch, any policy", (backend) => {
    fc.assert(
      fc.property(batch, nanPolicy, (values, nan) => {
        const policy = nan === "bogus" || nan === undefined ? "raise" : nan;
        const s = attempt("summarize", () => backend.summarize(Float64Array.from(values), policy));
        if (s) checkSummary(s, values.every(Number.isFinite), nan === "propagate");
        const t = attempt("summarize(options)", () => api.summarize(values, { nan } as api.SummarizeOptions));
        if (t) checkSummary(t, values.every(Number.isFinite), nan === "propagate");
      }),
      { numRuns: runs(8000) },
    );
  });

  it("summarize, BatchBuffer and Accumulator on junk and junk options", () => {
    const buf = new api.BatchBuffer({ capacity: 16 });
    fc.assert(
      fc.property(junk, junk, (values, options) => {
        attempt("summarize(junk)", () => api.summarize(values as ArrayLike<number>, options as api.SummarizeOptions));
        attempt("summarizePairs(junk)", () =>
          api.summarizePairs(values as ArrayLike<number>, values as ArrayLike<number>, options as never),
        );
        attempt("Accumulator(junk)", () =>
          new api.Accumulator(options as api.SummarizeOptions).push(values as ArrayLike<number>),
        );
        attempt("BatchBuffer.summarize(junk)", () => buf.summarize(values as number));
        attempt("BatchBuffer.fill(junk)", () => buf.fill(() => values as number));
      }),
      { numRuns: runs(5000) },
    );
    fc.assert(
      fc.property(junk, (options) => {
        // each valid one instantiates a kernel (~1 ms): fewer runs
        attempt("new BatchBuffer(junk)", () => new api.BatchBuffer(options as api.BatchBufferOptions));
      }),
      { numRuns: runs(300) },
    );
  });

  it("BatchBuffer: random contents and counts", () => {
    const buf = new api.BatchBuffer({ capacity: 256 });
    fc.assert(
      fc.property(batch, fc.integer({ min: -2, max: 300 }), (values, count) => {
        const view = buf.view;
        view.set(values.slice(0, view.length));
        const s = attempt("BatchBuffer.summarize", () => buf.summarize(count));
        if (s) checkSummary(s, values.slice(0, count).every(Number.isFinite), false);
      }),
      { numRuns: runs(4000) },
    );
  });

  it("Summary.fromJSON of random objects, strings and near-valid summaries", () => {
    const nearValid = fc.record(
      {
        format: fc.oneof(fc.constant("batchstats.summary"), fc.string()),
        version: fc.oneof(fc.constant(1), fc.anything()),
        count: fc.oneof(fc.nat(), anyDouble),
        mean: anyDouble,
        meanLo: fc.oneof(fc.constant(0), anyDouble),
        m2: anyDouble,
        m2Lo: fc.oneof(fc.constant(0), anyDouble),
        omitted: fc.oneof(fc.constant(0), anyDouble),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          nearValid,
          junk,
          fc.string(),
          nearValid.map((o) => JSON.stringify(o)),
        ),
        (value) => {
          const s = attempt("fromJSON", () => api.Summary.fromJSON(value));
          if (s) checkSummary(s, true, false);
        },
      ),
      { numRuns: runs(15000) },
    );
  });

  it("fromMoments and fromSums of any numbers", () => {
    fc.assert(
      fc.property(
        anyDouble,
        anyDouble,
        anyDouble,
        fc.oneof(fc.constantFrom(undefined, 0, 1), anyDouble),
        (count, mean, spread, ddof) => {
          for (const m of [
            { count, mean, std: spread, ddof },
            { count: Math.abs(Math.round(count)) % 2 ** 53, mean, variance: Math.abs(spread) },
          ]) {
            const s = attempt("fromMoments", () => api.fromMoments(m as api.Moments));
            if (s) checkSummary(s, true, false);
          }
          const sums = { count: Math.abs(Math.round(count)) % 1e6, sum: mean, sumOfSquares: Math.abs(spread) };
          const t = attempt("fromSums", () => api.fromSums(sums, { minDigits: 0 }));
          if (t) checkSummary(t, true, false);
          attempt("sumsPrecision", () => api.sumsPrecision(sums));
        },
      ),
      { numRuns: runs(10000) },
    );
  });

  it("merge of summaries of every kind, as arguments and as one iterable", () => {
    fc.assert(
      fc.property(fc.array(summaryArb, { maxLength: 6 }), fc.option(junk), (parts, extra) => {
        const s = attempt("merge", () => api.merge(parts));
        if (s) checkSummary(s, true, false);
        attempt("merge(junk)", () => api.merge(...parts, extra as unknown as api.Summary));
      }),
      { numRuns: runs(8000) },
    );
  });

  it("ttest and ttest1samp on summaries and raw batches of every kind, with random options", () => {
    fc.assert(
      fc.property(fc.oneof(summaryArb, batch), fc.oneof(summaryArb, batch), ttestOptions, (a, b, options) => {
        const propagate = (options as { nan?: unknown } | undefined)?.nan === "propagate";
        const r = attempt("ttest", () => api.ttest(a as api.Sample, b as api.Sample, options as api.TTestOptions));
        if (r) checkTest(r, propagate);
        const { equalVar: _, ...one } = (
          typeof options === "object" && options !== null ? options : {}
        ) as api.TTestOptions;
        const r1 = attempt("ttest1samp", () => api.ttest1samp(a as api.Sample, one));
        if (r1) checkTest(r1, propagate);
      }),
      { numRuns: runs(12000) },
    );
  });

  it("ttestFromStats on any numbers", () => {
    const stats = fc.oneof(
      fc.record({ mean: anyDouble, std: anyDouble, count: fc.oneof(fc.nat({ max: 2 ** 53 }), anyDouble) }),
      junk,
    );
    fc.assert(
      fc.property(stats, stats, ttestOptions, (a, b, options) => {
        const r = attempt("ttestFromStats", () =>
          api.ttestFromStats(a as api.SampleStats, b as api.SampleStats, options as api.TTestOptions),
        );
        if (r) checkTest(r, (options as { nan?: unknown } | undefined)?.nan === "propagate");
      }),
      { numRuns: runs(15000) },
    );
  });

  it("variance, std and sem with any ddof", () => {
    fc.assert(
      fc.property(summaryArb, fc.oneof(fc.nat(5), anyDouble, junk), (s, ddof) => {
        for (const f of [() => s.variance(ddof as number), () => s.std(ddof as number), () => s.sem()]) {
          const v = attempt("moments", f);
          if (v !== undefined) expect(Number.isFinite(v) && v >= 0).toBe(true);
        }
      }),
      { numRuns: runs(8000) },
    );
  });
});
