/**
 * Algebraic laws of summaries, checked with fast-check on random data:
 * merge is associative and commutative, any batch split gives the same summary, and the JSON
 * form round-trips bit for bit. "Same" means: equal count, variance within 1e-13 relative (a
 * loose bound on purpose; measured differences are ~1e-16, since merges run in
 * double-double), and mean within 2ε·(mean|x| + max|x|): the mean's error is bounded in absolute
 * terms, not relative to a mean that may be near 0. Each value meets at most two roundings in the
 * kernel, x − P and (x − P) − c, each ≤ u·(|x| + |P| + |c|) ≤ u·(|x| + 2·max|x|) with u = ε/2,
 * since the pivot P is one of the values and |c| ≤ max|x − P|; averaged, ≤ ε·(mean|x| + 2·max|x|).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { merge } from "../src/summary/merge.js";
import type { Summary } from "../src/summary/summary.js";
import { Summary as SummaryClass } from "../src/summary/summary.js";
import { BACKENDS, summaryBits } from "./support/backends.js";

/**
 * Batches of finite values around a random offset, including large offsets (1e9) and tiny spreads.
 * Values below 1e-100 are 0: spreads of 1e-154 and less have an M2 below the double range
 * (E_UNDERFLOW, tested in summary-extremes.test.ts), which no law is about.
 */
const batchArb = fc
  .record({
    offset: fc.constantFrom(0, 1, -3.5, 1e7, 1e9, -2.5e8),
    scale: fc.constantFrom(1, 1e-3, 0.1, 100),
    values: fc.array(
      fc.double({ min: -10, max: 10, noNaN: true }).map((v) => (Math.abs(v) < 1e-100 ? 0 : v)),
      { minLength: 1, maxLength: 300 },
    ),
  })
  .map(({ offset, scale, values }) => Float64Array.from(values, (v) => offset + scale * v));

/** mean|x| + max|x| over all values: the scale of the mean's absolute rounding error. */
function absScale(batches: Float64Array[]): number {
  let s = 0;
  let n = 0;
  let max = 0;
  for (const b of batches) {
    for (const v of b) {
      s += Math.abs(v);
      max = Math.max(max, Math.abs(v));
      n++;
    }
  }
  return s / n + max;
}

function expectSame(a: Summary, b: Summary, scale: number): void {
  expect(a.count).toBe(b.count);
  expect(Math.abs(a.mean - b.mean + (a.meanLo - b.meanLo))).toBeLessThanOrEqual(2 * Number.EPSILON * scale);
  if (a.count > 1) {
    const va = a.variance();
    const vb = b.variance();
    expect(Math.abs(va - vb)).toBeLessThanOrEqual(1e-13 * Math.max(va, vb) + Number.MIN_VALUE);
  }
}

describe.each(BACKENDS)("laws on $name", (backend) => {
  it("merge is associative: (a ∪ b) ∪ c = a ∪ (b ∪ c)", () => {
    fc.assert(
      fc.property(batchArb, batchArb, batchArb, (x, y, z) => {
        const [a, b, c] = [x, y, z].map((v) => backend.summarize(v)) as [Summary, Summary, Summary];
        expectSame(merge(merge(a, b), c), merge(a, merge(b, c)), absScale([x, y, z]));
      }),
      { numRuns: 150 },
    );
  });

  it("merge is commutative: a ∪ b = b ∪ a", () => {
    fc.assert(
      fc.property(batchArb, batchArb, (x, y) => {
        const a = backend.summarize(x);
        const b = backend.summarize(y);
        expectSame(merge(a, b), merge(b, a), absScale([x, y]));
      }),
      { numRuns: 150 },
    );
  });

  it("any batch split of an array gives the summary of the whole", () => {
    fc.assert(
      fc.property(batchArb, fc.array(fc.nat(), { maxLength: 12 }), fc.infiniteStream(fc.nat()), (x, cuts, order) => {
        const at = [...new Set(cuts.map((c) => c % (x.length + 1)))].sort((p, q) => p - q);
        const bounds = [0, ...at, x.length];
        const parts = bounds.slice(1).map((end, i) => backend.summarize(x.subarray(bounds[i]!, end)));
        const it = order[Symbol.iterator]();
        const shuffledParts = parts
          .map((p) => [it.next().value as number, p] as const)
          .sort((p, q) => p[0] - q[0])
          .map(([, p]) => p);
        expectSame(merge(shuffledParts), backend.summarize(x), absScale([x]));
      }),
      { numRuns: 150 },
    );
  });
});

describe("JSON", () => {
  it("round-trips every summary bit for bit", () => {
    fc.assert(
      fc.property(fc.array(batchArb, { minLength: 1, maxLength: 4 }), (batches) => {
        const s = merge(batches.map((b) => BACKENDS[0]!.summarize(b)));
        const back = SummaryClass.fromJSON(JSON.parse(JSON.stringify(s)));
        expect(summaryBits(back)).toEqual(summaryBits(s));
        expect(back.count).toBe(s.count);
      }),
      { numRuns: 200 },
    );
  });
});
