import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BatchStatsError, fromCounts, summarize } from "../src/index.js";

interface Fixtures {
  fromCounts: { successes: number; trials: number; mean: [number, number]; m2: [number, number] }[];
}
const FIX = JSON.parse(readFileSync(new URL("./fixtures/conjugate.json", import.meta.url), "utf8")) as Fixtures;

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof BatchStatsError) return `${e.code} ${e.field ?? ""}`.trim();
    throw e;
  }
  return undefined;
}

/** The correctly rounded double-double of the fraction p/q (BigInt, exact). */
function ddOfFraction(p: bigint, q: bigint): [number, number] {
  const hi = roundFraction(p, q);
  // p/q − hi = (p − hi·q)/q with hi an exact binary fraction m·2^e
  const [m, e] = binary(hi);
  const num = e >= 0 ? p - m * 2n ** BigInt(e) * q : p * 2n ** BigInt(-e) - m * q;
  const den = e >= 0 ? q : q * 2n ** BigInt(-e);
  return [hi, roundFraction(num, den)];
}

function binary(x: number): [bigint, number] {
  if (x === 0) return [0n, 0];
  let e = 0;
  let m = x;
  while (!Number.isInteger(m)) {
    m *= 2;
    e--;
  }
  return [BigInt(m), e];
}

/** RN(p/q) for integers (q > 0), ties to even, by scaling to 54 bits. */
function roundFraction(p: bigint, q: bigint): number {
  if (p === 0n) return 0;
  const neg = p < 0n;
  const a = neg ? -p : p;
  let shift = a.toString(2).length - q.toString(2).length - 54;
  let n = shift >= 0 ? a / (q * 2n ** BigInt(shift)) : (a * 2n ** BigInt(-shift)) / q;
  while (n >= 2n ** 54n) {
    shift++;
    n = shift >= 0 ? a / (q * 2n ** BigInt(shift)) : (a * 2n ** BigInt(-shift)) / q;
  }
  while (n < 2n ** 53n) {
    shift--;
    n = shift >= 0 ? a / (q * 2n ** BigInt(shift)) : (a * 2n ** BigInt(-shift)) / q;
  }
  // n has 54 bits: the 53 kept and a rounding bit; sticky = remainder non-zero
  const exact = shift >= 0 ? n * q * 2n ** BigInt(shift) === a : n * q === a * 2n ** BigInt(-shift);
  let kept = n >> 1n;
  const half = (n & 1n) === 1n;
  if (half && (!exact || (kept & 1n) === 1n)) kept++;
  const value = Number(kept) * 2 ** (shift + 1);
  return neg ? -value : value;
}

describe("fromCounts", () => {
  it("gives the correctly rounded double-double of k/n and k(n − k)/n (fractions fixtures)", () => {
    expect(FIX.fromCounts.length).toBeGreaterThan(100);
    for (const c of FIX.fromCounts) {
      const s = fromCounts({ successes: c.successes, trials: c.trials });
      expect(s.count).toBe(c.trials);
      expect([s.mean, s.meanLo]).toEqual(c.mean);
      expect([s.m2, s.m2Lo]).toEqual(c.m2);
    }
  });

  it("is correctly rounded for random counts (BigInt reference)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, u) => {
          const k = Math.min(n, Math.floor(u * n));
          const s = fromCounts({ successes: k, trials: n });
          expect([s.mean, s.meanLo]).toEqual(ddOfFraction(BigInt(k), BigInt(n)));
          expect([s.m2, s.m2Lo]).toEqual(ddOfFraction(BigInt(k) * BigInt(n - k), BigInt(n)));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("agrees with summarize of the 0/1 values (its M2 is one double, within an ulp)", () => {
    const values = [1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 1];
    const s = summarize(values);
    const c = fromCounts({ successes: 5, trials: 11 });
    expect([c.count, c.mean, c.meanLo]).toEqual([s.count, s.mean, s.meanLo]);
    expect(Math.abs(c.m2 - s.m2)).toBeLessThanOrEqual(2 ** -52 * c.m2);
  });

  it("handles the empty and constant edges", () => {
    expect(fromCounts({ successes: 0, trials: 0 }).count).toBe(0);
    const all = fromCounts({ successes: 4, trials: 4 });
    expect([all.mean, all.m2]).toEqual([1, 0]);
    const none = fromCounts({ successes: 0, trials: 4 });
    expect([none.mean, none.m2]).toEqual([0, 0]);
  });

  it("refuses hostile counts with typed errors naming the field", () => {
    expect(code(() => fromCounts({ successes: 5, trials: 4 }))).toBe("E_BAD_ARGUMENT counts.successes");
    expect(code(() => fromCounts({ successes: -1, trials: 4 }))).toBe("E_BAD_ARGUMENT counts.successes");
    expect(code(() => fromCounts({ successes: 1.5, trials: 4 }))).toBe("E_BAD_ARGUMENT counts.successes");
    expect(code(() => fromCounts({ successes: 1, trials: 2 ** 53 }))).toBe("E_BAD_ARGUMENT counts.trials");
    expect(code(() => fromCounts({ successes: 1, trials: Number.NaN }))).toBe("E_BAD_ARGUMENT counts.trials");
    expect(code(() => fromCounts({ successes: 1 } as never))).toBe("E_BAD_ARGUMENT counts.trials");
    expect(code(() => fromCounts({ successes: 1, trials: 2, extra: 1 } as never))).toBe("E_BAD_ARGUMENT counts.extra");
    expect(code(() => fromCounts(null as never))).toBe("E_BAD_ARGUMENT counts");
    expect(code(() => fromCounts([1, 2] as never))).toBe("E_BAD_ARGUMENT counts");
    expect(code(() => fromCounts({ successes: "1", trials: 2 } as never))).toBe("E_BAD_ARGUMENT counts.successes");
    fc.assert(
      fc.property(fc.anything(), (x) => {
        try {
          fromCounts(x as never);
        } catch (e) {
          expect(e).toBeInstanceOf(BatchStatsError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
