/**
 * Sparse arrays (holes, as in [a, , b]) in every list the A/B layer takes: a hole is an absent
 * entry, refused with E_BAD_ARGUMENT naming its index — never skipped (Array#map skips holes, so
 * [a, , a] gave [0, 0, 0]) and never an untyped TypeError.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  adjustIntervals,
  adjustPValues,
  BatchStatsError,
  merge,
  mergePairs,
  probabilityBest,
  readout,
  srmTest,
  summarize,
  summarizePairs,
} from "../src/index.js";

function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof BatchStatsError) return `${e.code} ${e.field}${e.index === undefined ? "" : `#${e.index}`}`;
    throw e;
  }
  return "no error";
}

/** `values` with a hole at `at` (length kept). */
function withHole<T>(values: readonly T[], at: number): T[] {
  const out = values.slice();
  delete out[at];
  return out;
}

const rate = { successes: 1, trials: 2 };

describe("a hole in a list of arms, summaries or p-values is E_BAD_ARGUMENT at its index", () => {
  it("probabilityBest, at every position and length (fast-check)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5 }), fc.nat(), (k, j) => {
        const at = j % k;
        const arms = withHole(new Array(k).fill(rate), at);
        expect(fieldOf(() => probabilityBest(arms))).toBe(`E_BAD_ARGUMENT arms[${at}]`);
      }),
    );
    // a hole in the middle, and a trailing one (the literal [x, ,] has length 2)
    expect(fieldOf(() => probabilityBest(withHole([rate, rate, rate], 1)))).toBe("E_BAD_ARGUMENT arms[1]");
    expect(fieldOf(() => probabilityBest(withHole([rate, rate], 1)))).toBe("E_BAD_ARGUMENT arms[1]");
  });

  it("adjustPValues, adjustIntervals, srmTest (counts and weights)", () => {
    expect(fieldOf(() => adjustPValues(withHole([0.1, 0.5, 0.2], 1), "holm"))).toBe("E_BAD_ARGUMENT pValues#1");
    expect(fieldOf(() => adjustPValues(withHole([0.1, 0.5], 1), "bonferroni"))).toBe("E_BAD_ARGUMENT pValues#1");
    const h = { estimate: 1, stderr: 1 };
    expect(fieldOf(() => adjustIntervals(withHole([h, h, h], 1), { method: "holm" }))).toMatch(
      /^E_BAD_ARGUMENT hypotheses/,
    );
    expect(fieldOf(() => srmTest(withHole([10, 11, 12], 1)))).toBe("E_BAD_ARGUMENT counts#1");
    expect(fieldOf(() => srmTest([10, 12, 5], withHole([1, 1, 1], 1)))).toBe("E_BAD_ARGUMENT weights#1");
  });

  it("merge and mergePairs", () => {
    expect(fieldOf(() => merge(withHole([summarize([1, 2]), summarize([3]), summarize([3])], 1)))).toBe(
      "E_BAD_ARGUMENT summaries[1]",
    );
    const p = summarizePairs([1, 2], [3, 4]);
    expect(fieldOf(() => mergePairs(withHole([p, p, p], 1)))).toBe("E_BAD_ARGUMENT summaries[1]");
  });

  it("readout: a hole in experiment.arms or experiment.metrics", () => {
    const arms = [{ name: "a", control: true }, { name: "b" }];
    const metric = { name: "m", kind: "rate" as const, summaries: { a: rate, b: rate } };
    expect(fieldOf(() => readout({ arms: withHole([arms[0]!, arms[0]!, arms[1]!], 1), metrics: [metric] }))).toBe(
      "E_BAD_ARGUMENT experiment.arms[1]",
    );
    expect(fieldOf(() => readout({ arms, metrics: withHole([metric, metric], 0) }))).toBe(
      "E_BAD_ARGUMENT experiment.metrics[0]",
    );
    expect(fieldOf(() => readout({ arms, metrics: withHole([metric, metric], 1) }))).toBe(
      "E_BAD_ARGUMENT experiment.metrics[1]",
    );
  });
});
