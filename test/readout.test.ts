import { describe, expect, it } from "vitest";
import { readoutCsv } from "../src/cli/report-format.js";
import { BatchStatsError } from "../src/errors.js";
import { readout, type Experiment } from "../src/readout/readout.js";
import { fromMoments } from "../src/summary/from-moments.js";
import { summarize } from "../src/summary/summarize.js";
import { ttest } from "../src/ttest/ttest.js";

/** A summary with the given count, mean and standard deviation. */
function arm(count: number, mean: number, std: number) {
  return fromMoments({ count, mean, std });
}

function experiment(): Experiment {
  return {
    arms: [{ name: "a" }, { name: "control", control: true }, { name: "b" }],
    metrics: [
      {
        name: "revenue",
        kind: "mean",
        summaries: { control: arm(10_000, 10, 4), a: arm(10_050, 10.2, 4.1), b: arm(9_990, 9.95, 3.9) },
      },
      {
        name: "converted",
        kind: "rate",
        summaries: {
          control: { successes: 1_000, trials: 10_000 },
          a: { successes: 1_100, trials: 10_050 },
          b: { successes: 990, trials: 9_990 },
        },
      },
      {
        name: "latency",
        kind: "mean",
        inverse: true,
        summaries: { control: arm(10_000, 200, 50), a: arm(10_050, 190, 48), b: arm(9_990, 201, 52) },
      },
    ],
  };
}

function expectError(f: () => unknown, code: string, field: string): void {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(BatchStatsError);
    expect((error as BatchStatsError).code).toBe(code);
    expect((error as BatchStatsError).field).toBe(field);
    return;
  }
  throw new Error("expected an error");
}

/** Holm's step-down adjustment, written out here from its definition (Holm 1979). */
function holm(p: number[]): number[] {
  const m = p.length;
  const order = p.map((_, i) => i).sort((i, j) => p[i]! - p[j]!);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach((i, k) => {
    running = Math.max(running, Math.min(1, (m - k) * p[i]!));
    out[i] = running;
  });
  return out;
}

describe("readout", () => {
  it("compares every variant with the control on every metric, in order", () => {
    const r = readout(experiment());
    expect(r.control).toBe("control");
    expect(r.variants).toEqual(["a", "b"]);
    expect(r.rows.map((row) => `${row.metric}/${row.variant}`)).toEqual([
      "revenue/a",
      "revenue/b",
      "converted/a",
      "converted/b",
      "latency/a",
      "latency/b",
    ]);
    const e = experiment();
    const t = ttest(e.metrics[0]!.summaries.a as never, e.metrics[0]!.summaries.control as never);
    const row = r.rows[0]!;
    expect(row.effect?.estimate).toBe(t.estimate);
    expect(row.effect?.pValue).toBe(t.pValue);
    expect(row.effect?.confidenceInterval).toEqual(t.confidenceInterval);
    expect(row.lift?.estimate).toBeCloseTo(0.2 / 10, 14);
    expect(row.counts).toEqual({ variant: 10_050, control: 10_000 });
  });

  it("takes counts for rate metrics: mean k/n and the same test as on the 0/1 values", () => {
    const r = readout(experiment());
    const row = r.rows[2]!;
    expect(row.means.control).toBe(0.1);
    const zeros = (k: number, n: number) => Float64Array.from({ length: n }, (_, i) => (i < k ? 1 : 0));
    const t = ttest(summarize(zeros(1_100, 10_050)), summarize(zeros(1_000, 10_000)));
    expect(row.effect?.estimate).toBeCloseTo(t.estimate, 15);
    expect(Math.abs((row.effect?.pValue as number) / t.pValue - 1)).toBeLessThan(1e-12);
  });

  it("adjusts the p-values over the whole family (Holm by default)", () => {
    const r = readout(experiment());
    const raw = r.rows.map((row) => row.effect?.pValue as number);
    const want = holm(raw);
    r.rows.forEach((row, i) => {
      expect(Math.abs((row.pValueAdjusted as number) - want[i]!)).toBeLessThanOrEqual(4 * Number.EPSILON * want[i]!);
    });
    const none = readout(experiment(), { correction: "none" });
    expect(none.rows.map((row) => row.pValueAdjusted)).toEqual(raw);
    const bonferroni = readout(experiment(), { correction: "bonferroni" });
    bonferroni.rows.forEach((row, i) => {
      expect(row.pValueAdjusted).toBe(Math.min(1, raw[i]! * raw.length));
    });
  });

  it("checks the sample ratio over the units, with the planned weights", () => {
    const r = readout(experiment());
    expect(r.srm?.unitsFrom).toBe("revenue");
    expect(r.srm?.units).toEqual({ control: 10_000, a: 10_050, b: 9_990 });
    expect(r.srm?.mismatch).toBe(false);
    expect(r.warnings.filter((w) => w.code === "SRM")).toEqual([]);
    const skewed = { ...experiment(), units: { control: 10_000, a: 10_600, b: 10_000 } };
    const s = readout(skewed);
    expect(s.srm?.unitsFrom).toBe("units");
    expect(s.srm?.mismatch).toBe(true);
    expect(s.srm?.pValue).toBeLessThan(0.001);
    expect(s.warnings[0]!.code).toBe("SRM");
    // the same split is fine when it was planned: weights 1 : 1.06 : 1
    const planned = { ...skewed, weights: { control: 1, a: 1.06, b: 1 } };
    expect(readout(planned).srm?.mismatch).toBe(false);
  });

  it("a degenerate first metric does not abort the sample-ratio check", () => {
    const arms = [{ name: "control", control: true }, { name: "new" }];
    const good = { name: "m1", kind: "mean" as const, summaries: { control: arm(1000, 5, 1), new: arm(1010, 5.1, 1) } };
    // no units at all in the first metric: the SRM is taken from the next one, the metric's row says TOO_FEW
    const empty = {
      name: "m0",
      kind: "rate" as const,
      summaries: { control: { successes: 0, trials: 0 }, new: { successes: 0, trials: 0 } },
    };
    const r = readout({ arms, metrics: [empty, good] });
    expect(r.srm?.unitsFrom).toBe("m1");
    expect(r.srm?.units).toEqual({ control: 1000, new: 1010 });
    expect(r.srm?.mismatch).toBe(false);
    expect(r.rows[0]!.effect).toBeNull();
    expect(r.rows[0]!.warnings.map((w) => w.code)).toEqual(["TOO_FEW"]);
    // an arm missing from the first metric says nothing of the assignment
    const oneArm = {
      name: "m0",
      kind: "mean" as const,
      summaries: { control: summarize([1, 2, 3]), new: summarize([]) },
    };
    expect(readout({ arms, metrics: [oneArm, good] }).srm?.unitsFrom).toBe("m1");
    // no units anywhere: the check is not computed, a warning says so, the rows are still there
    const none = readout({ arms, metrics: [empty] });
    expect(none.srm).toBeNull();
    expect(none.rows).toHaveLength(1);
    expect(none.warnings.filter((w) => w.metric === undefined).map((w) => w.code)).toEqual(["TOO_FEW"]);
    expect(readout({ arms, metrics: [good], units: { control: 0, new: 0 } }).srm).toBeNull();
  });

  it("reports comparisons it cannot make as warnings with null fields, never as numbers", () => {
    const e = experiment();
    e.metrics.push(
      {
        name: "tiny",
        kind: "mean",
        summaries: { control: summarize([1]), a: summarize([1, 2]), b: summarize([3, 4]) },
      },
      {
        name: "flat",
        kind: "mean",
        summaries: { control: summarize([2, 2]), a: summarize([2, 2]), b: summarize([1, 3]) },
      },
      {
        name: "zero",
        kind: "mean",
        summaries: { control: summarize([-1, 1]), a: summarize([0, 2]), b: summarize([1, 3]) },
      },
    );
    const r = readout(e);
    const tiny = r.rows.filter((row) => row.metric === "tiny");
    for (const row of tiny) {
      expect(row.effect).toBeNull();
      expect(row.lift).toBeNull();
      expect(row.pValueAdjusted).toBeNull();
      expect(row.warnings.map((w) => w.code)).toEqual(["TOO_FEW"]);
    }
    const flat = r.rows.find((row) => row.metric === "flat" && row.variant === "a");
    expect(flat?.effect).toBeNull();
    expect(flat?.warnings.map((w) => w.code)).toEqual(["ZERO_VARIANCE"]);
    const zero = r.rows.filter((row) => row.metric === "zero");
    for (const row of zero) {
      expect(row.effect).not.toBeNull();
      expect(row.lift).toBeNull();
      expect(row.warnings.map((w) => w.code)).toEqual(["ZERO_MEAN"]);
    }
    // the family holds the rows that have a p-value: 6 + 1 (flat/b) + 2 (zero)
    const tested = r.rows.filter((row) => row.pValueAdjusted !== null);
    expect(tested.length).toBe(9);
    expect(r.warnings.length).toBe(2 + 1 + 2);
    expect(JSON.parse(JSON.stringify(r)).rows.length).toBe(r.rows.length);
  });

  it("adds the Bayesian and sequential columns when asked", () => {
    const r = readout(experiment(), { bayesian: true, sequential: true });
    const revenue = r.rows[0]!;
    expect(revenue.bayes?.chanceToWin).toBeGreaterThan(0.99);
    const latency = r.rows[4]!;
    expect(latency.inverse).toBe(true);
    expect(latency.bayes?.chanceToWin).toBeGreaterThan(0.99); // lower latency is the win
    const seq = revenue.sequential?.confidenceInterval as [number, number];
    const fixed = revenue.lift?.confidenceInterval as [number, number];
    expect(seq[0]).toBeLessThan(fixed[0]); // always-valid intervals are wider
    expect(seq[1]).toBeGreaterThan(fixed[1]);
    expect(readout(experiment()).rows[0]!.bayes).toBeUndefined();
  });

  it("says the scale of the sequential and Bayesian columns: absolute where the control mean is 0", () => {
    const arms = [{ name: "control", control: true }, { name: "new" }];
    const summaries = { control: summarize([-1, 1, 0, 0, -2, 2]), new: summarize([5, 7, 6, 8, 6, 7]) };
    const r = readout(
      { arms, metrics: [{ name: "m", kind: "mean", summaries }] },
      { sequential: true, bayesian: true },
    );
    const row = r.rows[0]!;
    expect(row.lift).toBeNull();
    expect(row.warnings.map((w) => w.code)).toEqual(["ZERO_MEAN"]);
    expect(row.sequential?.relative).toBe(false);
    expect(row.bayes?.relative).toBe(false);
    // the interval is that of mean(new) − mean(control): it holds the difference, 6.5
    const [lo, hi] = (row.sequential as NonNullable<typeof row.sequential>).confidenceInterval;
    expect(lo < 6.5 && 6.5 < hi).toBe(true);
    const usual = readout(experiment(), { sequential: true, bayesian: true }).rows[0]!;
    expect(usual.sequential?.relative).toBe(true);
    expect(usual.bayes?.relative).toBe(true);
    // the CSV says the same
    const [header = "", line = ""] = readoutCsv(r).trim().split("\n");
    const cell = (name: string) => line.split(",")[header.split(",").indexOf(name)];
    expect([cell("bayes_scale"), cell("sequential_scale")]).toEqual(["absolute", "absolute"]);
    const [h2 = "", l2 = ""] = readoutCsv(readout(experiment(), { sequential: true, bayesian: true }))
      .trim()
      .split("\n");
    const cols = h2.split(",");
    expect([l2.split(",")[cols.indexOf("bayes_scale")], l2.split(",")[cols.indexOf("sequential_scale")]]).toEqual([
      "relative",
      "relative",
    ]);
  });

  it("refuses malformed experiments and options, naming the field", () => {
    const e = experiment();
    expectError(() => readout({ ...e, arms: [{ name: "control" }] }), "E_BAD_ARGUMENT", "experiment.arms");
    expectError(
      () =>
        readout({
          ...e,
          arms: [
            { name: "x", control: true },
            { name: "y", control: true },
          ],
        }),
      "E_BAD_ARGUMENT",
      "experiment.arms",
    );
    expectError(() => readout({ ...e, arms: [...e.arms, { name: "a" }] }), "E_BAD_ARGUMENT", "experiment.arms[3].name");
    const missing = experiment();
    delete (missing.metrics[1]!.summaries as Record<string, unknown>).b;
    expectError(() => readout(missing), "E_BAD_ARGUMENT", "experiment.metrics[1].summaries.b");
    const wrongKind = experiment();
    wrongKind.metrics[1]!.kind = "mean";
    expectError(() => readout(wrongKind), "E_BAD_ARGUMENT", "experiment.metrics[1].summaries.control");
    const badCounts = experiment();
    (badCounts.metrics[1]!.summaries as Record<string, unknown>).a = { successes: 5, trials: 3 };
    expect(() => readout(badCounts)).toThrow(BatchStatsError);
    expectError(() => readout({ ...e, units: { control: 1, a: 2 } }), "E_BAD_ARGUMENT", "experiment.units.b");
    expectError(() => readout({ ...e, extra: 1 } as never), "E_BAD_ARGUMENT", "experiment.extra");
    expectError(() => readout(e, { correction: "fdr" as never }), "E_BAD_ARGUMENT", "options.correction");
    expectError(() => readout(e, { confidenceLevel: 1 }), "E_BAD_ARGUMENT", "options.confidenceLevel");
    expectError(() => readout(e, { alpha: 0.05 } as never), "E_BAD_ARGUMENT", "options.alpha");
  });

  it("an option that is bad for a test run inside the readout is named as the user wrote it", () => {
    const e = experiment();
    // α = 1 − 1e-17 rounds to 1: the sequential test would refuse options.alpha, which the user never passed
    expectError(
      () => readout(e, { confidenceLevel: 1e-17, sequential: true }),
      "E_BAD_ARGUMENT",
      "options.confidenceLevel",
    );
    expect(readout(e, { confidenceLevel: 1e-17 }).rows[0]!.effect).not.toBeNull();
    expect(readout(e, { confidenceLevel: 1e-15, sequential: true }).rows[0]!.sequential).not.toBeNull();
    for (const tuning of [0, -1, Number.NaN, Infinity, "5000"]) {
      expectError(
        () => readout(e, { sequential: { tuning: tuning as number } }),
        "E_BAD_ARGUMENT",
        "options.sequential.tuning",
      );
    }
  });

  it("reads summaries given as their JSON", () => {
    const e = experiment();
    const json = JSON.parse(JSON.stringify(e.metrics[0]!.summaries));
    const r = readout({ ...e, metrics: [{ ...e.metrics[0]!, summaries: json }] });
    expect(r.rows[0]!.effect?.estimate).toBe(readout(e).rows[0]!.effect?.estimate);
  });

  it("reads summaries and counts given as JSON text (the docs' 'their JSON'), the same as the objects", () => {
    const e = experiment();
    const text = (m: Experiment["metrics"][number]) =>
      Object.fromEntries(Object.entries(m.summaries).map(([k, v]) => [k, JSON.stringify(v)]));
    const metrics = e.metrics.map((m) => ({ ...m, summaries: text(m) }));
    expect(readout({ ...e, metrics })).toEqual(readout(e));
    const broken = { ...e.metrics[0]!, summaries: { ...text(e.metrics[0]!), a: "{not json" } };
    expectError(() => readout({ ...e, metrics: [broken] }), "E_BAD_SUMMARY", "experiment.metrics[0].summaries.a");
    const wrong = { ...e.metrics[0]!, summaries: { ...text(e.metrics[0]!), a: '{"format":"batchstats.summary"}' } };
    expectError(() => readout({ ...e, metrics: [wrong] }), "E_BAD_SUMMARY", "experiment.metrics[0].summaries.a");
  });

  it("a rate metric refuses a Summary that is not of 0/1 values (object, JSON, text), naming metric and arm", () => {
    const e = experiment();
    const rate = e.metrics[1]!;
    for (const values of [
      [0.5, 2],
      [0, 1, 2],
      [0.5, 0.5],
      [-1, 1],
    ]) {
      const s = summarize(values);
      for (const given of [s, s.toJSON(), JSON.stringify(s)]) {
        const metric = { ...rate, summaries: { ...rate.summaries, control: given } };
        expectError(
          () => readout({ ...e, metrics: [metric] }),
          "E_BAD_ARGUMENT",
          "experiment.metrics[0].summaries.control",
        );
      }
    }
    // the summary of 0/1 outcomes is a rate: the same row as its counts
    const ones = summarize([...new Array(1000).fill(1), ...new Array(9000).fill(0)]);
    const asSummary = { ...rate, summaries: { ...rate.summaries, control: ones } };
    const r = readout({ ...e, metrics: [asSummary] });
    expect(r.rows[0]!.effect?.pValue).toBe(readout({ ...e, metrics: [rate] }).rows[0]!.effect?.pValue);
  });
});
