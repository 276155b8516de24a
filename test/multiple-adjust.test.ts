/**
 * adjustPValues against the exact references of test/fixtures/multiple.json (made by
 * scripts/fixtures/gen_multiple.py: R's p.adjust and statsmodels' Šidák pair re-implemented in
 * Fractions / mpmath, rounded once; Hommel also by brute-force closed testing for n ≤ 10; the
 * large sets against R's loop in float64).
 *
 * Tolerances, in units of ε = 2^-52 relative (plus as many units of the smallest subnormal):
 * - bonferroni, holm, hochberg: one rounding of k·p, and a running max/min picks one of those
 *   candidates: 1 ulp.
 * - bh: (m/i)·p rounds twice: 2 ulps. by: (Hₘ·m/i)·p, four roundings: 4 ulps.
 * - sidak, holm-sidak: log1p, the product and expm1 each round once, and −expm1(x) has a
 *   relative condition number |x·eˣ/(1 − eˣ)| ≤ 1: 4 ulps.
 * - hommel: each candidate m·pⱼ/k rounds twice, and two nearly equal candidates may trade
 *   places: 4 ulps.
 * Against the float64 R emulation (large sets) the reference is itself that far off: twice.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BatchStatsError } from "../src/errors.js";
import { adjustPValues, type PValueAdjustment } from "../src/multiple/adjust-p-values.js";
import { uniform } from "./support/prng.js";

const EPS = 2 ** -52;
const TINY = 2 ** -1074;
const ULPS: Record<PValueAdjustment, number> = {
  bonferroni: 1,
  holm: 1,
  hochberg: 1,
  bh: 2,
  by: 4,
  sidak: 4,
  "holm-sidak": 4,
  hommel: 4,
};
const METHODS = Object.keys(ULPS) as PValueAdjustment[];

interface Case {
  name: string;
  p: number[];
  adjusted: Record<PValueAdjustment, number[]>;
}
interface Large {
  seed: number;
  n: number;
  indices: number[];
  adjusted: Record<PValueAdjustment, number[]>;
}
const fixture = JSON.parse(readFileSync(new URL("./fixtures/multiple.json", import.meta.url), "utf8")) as {
  cases: Case[];
  large: Large[];
};

/** The generator's large sets: the same exact IEEE operations on the shared counter-based uniforms. */
function prngPValues(seed: number, n: number): number[] {
  const p: number[] = new Array(n);
  for (let j = 0; j < n; j++) {
    const x = uniform(seed, j);
    const k = j % 5;
    let v =
      k === 0 ? x : k === 1 ? x * x * x * x : k === 2 ? Math.floor(x * 100) / 100 : k === 3 ? x * 1e-6 : x * 1e-300;
    if (j % 97 === 5) v = 0;
    if (j % 89 === 7) v = 1;
    p[j] = v;
  }
  return p;
}

function ulpError(got: number, want: number): number {
  if (got === want) return 0;
  return Math.abs(got - want) / (EPS * Math.abs(want) + TINY);
}

describe("adjustPValues: exact references", () => {
  for (const c of fixture.cases) {
    it.each(METHODS)(`${c.name} (n = ${c.p.length}) %s`, (method) => {
      const got = adjustPValues(c.p, method);
      const want = c.adjusted[method];
      expect(got.length).toBe(want.length);
      for (let i = 0; i < want.length; i++) {
        expect(ulpError(got[i]!, want[i]!), `index ${i}: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(ULPS[method]);
      }
    });
  }
  for (const l of fixture.large) {
    it.each(METHODS)(`prng set seed ${l.seed}, n = ${l.n}: %s`, (method) => {
      const got = adjustPValues(prngPValues(l.seed, l.n), method);
      const want = l.adjusted[method];
      l.indices.forEach((index, k) => {
        expect(ulpError(got[index]!, want[k]!), `index ${index}`).toBeLessThanOrEqual(2 * ULPS[method]);
      });
    });
  }
});

describe("adjustPValues: documented values and edges", () => {
  it("keeps the input order and gives tied p-values equal values", () => {
    const p = [0.02, 0.01, 0.02, 0.5, 0.01];
    for (const m of METHODS) {
      const r = adjustPValues(p, m);
      expect(r[0]).toBe(r[2]);
      expect(r[1]).toBe(r[4]);
      expect(r[1]).toBeLessThanOrEqual(r[0]!);
    }
  });
  it("accepts typed arrays, empty input, −0", () => {
    expect(adjustPValues(new Float64Array([0.01, 0.02]), "holm")).toEqual([0.02, 0.02]);
    expect(adjustPValues([], "hommel")).toEqual([]);
    expect(Object.is(adjustPValues([-0], "bonferroni")[0], 0)).toBe(true);
  });
  it("Šidák keeps the digits of small p (1 − (1 − p)^m would give 0)", () => {
    expect(adjustPValues([1e-20, 0.5], "sidak")[0]).toBe(2e-20);
  });
  it.each([
    [[0.1, Number.NaN], 1],
    [[0.1, 0.2, -0.1], 2],
    [[1.5], 0],
    [[0.2, "0.1"], 1],
    [[0.2, Infinity], 1],
    [[0.2, null], 1],
  ])("refuses %j at index %i", (p, index) => {
    try {
      adjustPValues(p as number[], "bh");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(BatchStatsError);
      expect((e as BatchStatsError).code).toBe("E_BAD_ARGUMENT");
      expect((e as BatchStatsError).index).toBe(index);
    }
  });
  it("refuses non-arrays and unknown methods", () => {
    expect(() => adjustPValues("0.1" as unknown as number[], "bh")).toThrow(/pValues must be an array/);
    expect(() => adjustPValues({ length: 1, 0: 0.1 } as unknown as number[], "bh")).toThrow(BatchStatsError);
    expect(() => adjustPValues([0.1], "BH" as PValueAdjustment)).toThrow(/method must be one of/);
    expect(() => adjustPValues([0.1], undefined as unknown as PValueAdjustment)).toThrow(BatchStatsError);
  });
});

describe("adjustPValues: laws", () => {
  const pValue = fc.oneof(
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.constantFrom(0, 1, 1e-300, 5e-324, 0.05, 0.5),
    fc.integer({ min: 0, max: 20 }).map((k) => k / 20),
  );
  const family = fc.array(pValue, { minLength: 1, maxLength: 40 });
  it("p ≤ adjusted ≤ 1, order-preserving, permutation-equivariant; Hommel ≤ Hochberg ≤ Holm ≤ Bonferroni", () => {
    fc.assert(
      fc.property(family, fc.integer(), (p, seed) => {
        const perm = p.map((_, i) => i);
        let s = seed >>> 0;
        for (let i = perm.length - 1; i > 0; i--) {
          s = (Math.imul(s, 1103515245) + 12345) >>> 0;
          const j = s % (i + 1);
          [perm[i], perm[j]] = [perm[j]!, perm[i]!];
        }
        const q = perm.map((i) => p[i]!);
        const all: Partial<Record<PValueAdjustment, number[]>> = {};
        for (const m of METHODS) {
          const r = adjustPValues(p, m);
          all[m] = r;
          const rq = adjustPValues(q, m);
          for (let i = 0; i < p.length; i++) {
            expect(r[i]).toBeGreaterThanOrEqual(p[i] === 0 ? 0 : p[i]! * (1 - 4 * EPS));
            expect(r[i]).toBeLessThanOrEqual(1);
            expect(rq[i]).toBe(r[perm[i]!]);
            for (let j = 0; j < p.length; j++) if (p[i]! < p[j]!) expect(r[i]).toBeLessThanOrEqual(r[j]!);
          }
        }
        for (let i = 0; i < p.length; i++) {
          const slack = 1 + 8 * EPS; // (plus a few subnormal units, added below)
          expect(all.hommel![i]!).toBeLessThanOrEqual(all.hochberg![i]! * slack + 4 * TINY);
          expect(all.hochberg![i]!).toBeLessThanOrEqual(all.holm![i]! * slack + 4 * TINY);
          expect(all.holm![i]!).toBeLessThanOrEqual(all.bonferroni![i]! * slack + 4 * TINY);
          expect(all.bh![i]!).toBeLessThanOrEqual(all.by![i]! * slack + 4 * TINY);
          expect(all["holm-sidak"]![i]!).toBeLessThanOrEqual(all.holm![i]! * slack + 4 * TINY);
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** R's O(n²) Hommel loop (p.adjust), operation for operation in float64, on ascending p. */
function hommelRLoop(p: number[]): number[] {
  const n = p.length;
  if (n === 1) return p.slice();
  if (n === 2) return [Math.min(2 * p[0]!, p[1]!), p[1]!];
  let init = Infinity;
  for (let i = 0; i < n; i++) init = Math.min(init, (n * p[i]!) / (i + 1));
  const q = new Array<number>(n).fill(init);
  const pa = q.slice();
  for (let m = n - 1; m >= 2; m--) {
    let q1 = Infinity;
    for (let k = 2; k <= m; k++) q1 = Math.min(q1, (m * p[n - m + k - 1]!) / k);
    for (let i = 0; i <= n - m; i++) q[i] = Math.min(m * p[i]!, q1);
    for (let i = n - m + 1; i < n; i++) q[i] = q[n - m]!;
    for (let i = 0; i < n; i++) pa[i] = Math.max(pa[i]!, q[i]!);
  }
  return pa.map((a, i) => Math.max(a, p[i]!));
}

describe("adjustPValues: Hommel in O(n log n) equals R's O(n²) loop", () => {
  it("on random families with ties, zeros and subnormals", () => {
    const value = fc.oneof(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1e-6, noNaN: true }),
      fc.integer({ min: 0, max: 10 }).map((k) => k / 10),
      fc.constantFrom(0, 5e-324, 1e-310, 1),
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 120 }), (p) => {
        const sorted = p.slice().sort((x, y) => x - y);
        const want = hommelRLoop(sorted);
        const got = adjustPValues(sorted, "hommel");
        for (let i = 0; i < p.length; i++) expect(ulpError(got[i]!, want[i]!), `index ${i}`).toBeLessThanOrEqual(4);
      }),
      { numRuns: 400 },
    );
  });
});
