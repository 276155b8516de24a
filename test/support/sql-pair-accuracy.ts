/**
 * The accuracy tests every engine runs on the SQL of `pairSummarySQL`: stress pairs (1e9 + N(0, 1)
 * with correlation 0.7), the NIST StRD sets paired with a scaled and shifted copy, revenue-like
 * pairs, values of both signs, NULL/NaN/±Infinity in either column, and a fast-check property over
 * random pairs in random partitions merged with `mergePairs`. Each group's pair summary is checked
 * against an exact BigInt reference (test/support/exact-rational.ts) and against `summarizePairs`
 * of the same values.
 */
import fc from "fast-check";
import { expect, it } from "vitest";
import { mergePairs, type PairSummary, summarizePairs } from "../../src/index.js";
import { fromPairSQLRows, pairSummarySQL, type SQLMethod } from "../../src/sql/index.js";
import { exactPairStats, ulps } from "./exact-rational.js";
import { loadNist } from "./fixtures.js";
import { normals } from "./prng.js";
import { bigValues, caught, revenueValues } from "./sql-accuracy.js";
import type { SQLEngine, TestTable } from "./sql-engines.js";

/** √(1 − 0.7²): y = 0.7·x + C_NOISE·z has correlation 0.7 with x for independent standard x, z. */
const C_NOISE = 0.71414284285428498;

type Pairs = [number[], number[]];

/** 1e9 + N(0, 1) and its partner 1e9 + 0.7·(x − 1e9) + √(1 − 0.7²)·N(0, 1): correlation 0.7. */
export function stressPairs(n: number, seed = 21): Pairs {
  const x = bigValues(n, seed);
  const z = normals(seed + 1, n, 0, 1);
  return [x, x.map((v, i) => 1e9 + 0.7 * (v - 1e9) + C_NOISE * z[i]!)];
}

/** Revenue before (x) and during (y) an experiment: y is x with a 10 % uplift in cents plus new revenue. */
function revenuePairs(n: number): Pairs {
  const x = revenueValues(n, 22);
  const extra = revenueValues(n, 23);
  return [x, x.map((v, i) => Math.round(v * 110) / 100 + extra[i]!)];
}

/** Both signs around 0 (offset 0 in the SQL, so the values are quantized to 2^-62 of the range). */
function signedPairs(n: number): Pairs {
  const x = Array.from(normals(24, n, 0, 1e3));
  const z = normals(25, n, 0, 10);
  return [x, x.map((v, i) => -0.5 * v + z[i]!)];
}

/** One group per set; partition i % 3 for row i of a set. */
function tableOf(sets: Pairs[]): TestTable {
  const table: TestTable = { g: [], x: [], y: [], part: [] };
  sets.forEach(([x, y], g) => {
    x.forEach((v, i) => {
      table.g.push(g);
      table.part!.push(i % 3);
      table.x.push(v);
      table.y!.push(y[i]!);
    });
  });
  return table;
}

async function pairSummaries(
  engine: SQLEngine,
  table: string,
  method: SQLMethod,
  groupBy = ["g"],
): Promise<Map<string, PairSummary>> {
  const sql = pairSummarySQL({ dialect: engine.dialect, from: engine.from(table), x: "x", y: "y", groupBy, method });
  const list = fromPairSQLRows(await engine.rows(sql), { method });
  return new Map(list.map(({ group, summary }) => [groupBy.map((k) => Number(group[k])).join("/"), summary]));
}

/**
 * `summarizePairs` is itself within a few ulps of the exact moments, not always correctly rounded:
 * on these sets it is up to 4 ulps off (the mean of y in the signed pairs, a mean near 0 next to
 * its spread), 2 ulps for a variance, 1 ulp for a covariance, where the exact SQL is correctly rounded.
 */
const SUMMARIZE_PAIR_ULPS = 4;

/**
 * Checks a pair summary. Exact method: count exact; means, variances and the covariance within
 * 1 ulp of the correctly rounded exact values (0 when `identical`: the values lie on the SQL's grid)
 * and within `SUMMARIZE_PAIR_ULPS` of `summarizePairs`. Fast method: relative errors below 4ε for the
 * means, 2e-15 for the variances, and 2e-15·σx·σy for the covariance.
 */
function check(name: string, p: PairSummary, [x, y]: Pairs, method: SQLMethod, identical: boolean) {
  const exact = exactPairStats(x, y);
  const ref = summarizePairs(x, y);
  expect(p.count, name).toBe(x.length);
  const got = { meanX: p.meanX, meanY: p.meanY, varX: p.varianceX(), varY: p.varianceY(), cov: p.covariance() };
  const want = {
    meanX: exact.x.mean,
    meanY: exact.y.mean,
    varX: exact.x.variance,
    varY: exact.y.variance,
    cov: exact.covariance,
  };
  const theirs = {
    meanX: ref.meanX,
    meanY: ref.meanY,
    varX: ref.varianceX(),
    varY: ref.varianceY(),
    cov: ref.covariance(),
  };
  const scale = Math.sqrt(want.varX * want.varY);
  for (const key of Object.keys(got) as (keyof typeof got)[]) {
    if (method === "exact") {
      expect(ulps(got[key], want[key]), `${name} ${key} vs exact`).toBeLessThanOrEqual(identical ? 0 : 1);
      expect(ulps(got[key], theirs[key]), `${name} ${key} vs summarizePairs`).toBeLessThanOrEqual(SUMMARIZE_PAIR_ULPS);
    } else {
      const error = Math.abs(got[key] - want[key]);
      if (key === "cov") expect(error / scale, `${name} ${key}`).toBeLessThan(2e-15);
      else if (key.startsWith("mean")) {
        // relative to |mean| + sem: the deviations' sum carries an error of about ε·σ/√n
        const sem = Math.sqrt((key === "meanX" ? want.varX : want.varY) / x.length);
        expect(error / (Math.abs(want[key]) + sem), `${name} ${key}`).toBeLessThan(4 * 2 ** -52);
      } else expect(error / want[key], `${name} ${key}`).toBeLessThan(2e-15);
    }
  }
  expect(Math.abs(p.correlation() - ref.correlation()), `${name} correlation`).toBeLessThan(4 * 2 ** -52);
}

export interface PairAccuracyOptions {
  /** Rows per group of the stress, revenue-like and signed pairs. */
  n: number;
  /** fast-check runs of the partition property. */
  runs: number;
  methods: SQLMethod[];
}

/** Registers the pair accuracy tests for one engine (inside its `describeEngine`, which closes it). */
export function pairAccuracyTests(engine: () => SQLEngine, options: PairAccuracyOptions): void {
  const nist = loadNist();
  for (const method of options.methods) {
    it(`pairs, ${method}: the nine NIST StRD sets, each paired with −0.75·x + 1.5e6`, async () => {
      const e = engine();
      const sets = nist.map((d): Pairs => [Array.from(d.values), Array.from(d.values, (v) => -0.75 * v + 1.5e6)]);
      await e.load("bs_pair_nist", tableOf(sets));
      const got = await pairSummaries(e, "bs_pair_nist", method);
      sets.forEach((pairs, i) => {
        check(nist[i]!.name, got.get(String(i))!, pairs, method, method === "exact");
      });
    }, 60_000);

    it(`pairs, ${method}: stress pairs (1e9 + N(0, 1), correlation 0.7), revenue-like and signed pairs`, async () => {
      const e = engine();
      const sets = [stressPairs(options.n), revenuePairs(options.n), signedPairs(options.n)];
      await e.load("bs_pair_sets", tableOf(sets));
      const got = await pairSummaries(e, "bs_pair_sets", method);
      // stress pairs near 1e9 lie on the grid (exact); revenue-like data in cents and signed data may be quantized
      sets.forEach((pairs, i) => {
        check(`set ${i}`, got.get(String(i))!, pairs, method, i === 0);
      });
      if (method === "fast") return;
      // three partitions per set, summarized apart and merged on the client: the one-shot summary
      const parts = await pairSummaries(e, "bs_pair_sets", method, ["g", "part"]);
      sets.forEach((_, i) => {
        const merged = mergePairs([0, 1, 2].map((k) => parts.get(`${i}/${k}`)!));
        const p = got.get(String(i))!;
        expect(merged.count).toBe(p.count);
        const moments = (s: PairSummary) => [s.meanX, s.meanY, s.varianceX(), s.varianceY(), s.covariance()];
        moments(merged).forEach((v, k) => {
          expect(ulps(v, moments(p)[k]!), `set ${i} merged moment ${k}`).toBeLessThanOrEqual(1);
        });
      });
    }, 60_000);
  }

  it("pairs: a NULL in either column skips the row (omitted); NaN follows the nan policy; ±Infinity is refused", async () => {
    const e = engine();
    const N = null;
    const rows: [number, number | null, number | null][] = [
      [0, 1, 2],
      [0, N, 3],
      [0, 4, N],
      [0, Number.NaN, 5],
      [0, 6, 7],
      [1, 1, Number.POSITIVE_INFINITY],
      [1, 2, 3],
      [2, N, N],
      [3, 4, 5],
      [4, N, Number.NaN],
    ];
    await e.load("bs_pair_edges", { g: rows.map((r) => r[0]), x: rows.map((r) => r[1]), y: rows.map((r) => r[2]) });
    const sql = pairSummarySQL({ dialect: e.dialect, from: e.from("bs_pair_edges"), x: "x", y: "y", groupBy: ["g"] });
    const result = await e.rows(sql);
    const row = (g: number) => result.find((r) => Number(r.g) === g)!;
    expect(caught(() => fromPairSQLRows([row(0)]))).toBe("E_NAN");
    const g0 = fromPairSQLRows([row(0)], { nan: "omit" })[0]!.summary;
    expect([g0.count, g0.meanX, g0.meanY, g0.covariance(), g0.omitted]).toEqual([2, 3.5, 4.5, 12.5, 3]);
    expect(caught(() => fromPairSQLRows([row(1)], { nan: "omit" }))).toBe("E_INFINITE");
    const g2 = fromPairSQLRows([row(2)])[0]!.summary;
    expect([g2.count, g2.omitted]).toEqual([0, 1]);
    const g3 = fromPairSQLRows([row(3)])[0]!.summary;
    expect([g3.count, g3.meanX, g3.meanY, g3.m2X, g3.cXY]).toEqual([1, 4, 5, 0, 0]);
    // a NULL beside a NaN: the row is a NULL row, skipped whatever the nan policy
    const g4 = fromPairSQLRows([row(4)])[0]!.summary;
    expect([g4.count, g4.omitted]).toEqual([0, 1]);
  }, 60_000);

  it("pairs, property: random pairs in random partitions; partitions merged with mergePairs equal the one-shot query", async () => {
    const e = engine();
    const value = fc.oneof(
      // not so close to 0 that summarizePairs itself refuses the M2 (E_UNDERFLOW)
      fc
        .double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true })
        .filter((v) => v === 0 || Math.abs(v) > 1e-100),
      fc.integer({ min: -1000, max: 1000 }).map((i) => 1e9 + i / 64),
      fc.constantFrom(0, 0.1, 1e-3, 12345.67),
    );
    const row = fc.record({
      g: fc.integer({ min: 0, max: 2 }),
      part: fc.integer({ min: 0, max: 3 }),
      x: value,
      y: value,
    });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 40 }), async (list) => {
        const table: TestTable = {
          g: list.map((r) => r.g),
          part: list.map((r) => r.part),
          x: list.map((r) => r.x),
          y: list.map((r) => r.y),
        };
        await e.load("bs_pair_prop", table);
        const one = await pairSummaries(e, "bs_pair_prop", "exact");
        const parts = await pairSummaries(e, "bs_pair_prop", "exact", ["g", "part"]);
        for (const g of new Set(table.g)) {
          const x = list.filter((r) => r.g === g).map((r) => r.x);
          const y = list.filter((r) => r.g === g).map((r) => r.y);
          const p = one.get(String(g))!;
          const exact = exactPairStats(x, y);
          expect(p.count).toBe(x.length);
          expect(ulps(p.meanX, exact.x.mean)).toBeLessThanOrEqual(1);
          expect(ulps(p.meanY, exact.y.mean)).toBeLessThanOrEqual(1);
          const merged = mergePairs([...parts].filter(([k]) => k.startsWith(`${g}/`)).map(([, s]) => s));
          expect(merged.count).toBe(p.count);
          expect(ulps(merged.meanX, p.meanX)).toBeLessThanOrEqual(1);
          expect(ulps(merged.meanY, p.meanY)).toBeLessThanOrEqual(1);
          if (x.length < 2) continue;
          expect(ulps(p.varianceX(), exact.x.variance)).toBeLessThanOrEqual(1);
          expect(ulps(p.varianceY(), exact.y.variance)).toBeLessThanOrEqual(1);
          // off the grid each value is quantized to 2^-62 of its group's range first: the co-moment
          // then moves by at most about 2^-57·√n·√(M2x·M2y) (below 2^-54 for n ≤ 40)
          const scale = Math.sqrt(exact.x.variance * exact.y.variance);
          const covTolerance = (at: number) => 2 * 2 ** -52 * Math.abs(at) + 2 ** -53 * scale;
          expect(Math.abs(p.covariance() - exact.covariance)).toBeLessThanOrEqual(covTolerance(exact.covariance));
          expect(ulps(merged.varianceX(), p.varianceX())).toBeLessThanOrEqual(1);
          expect(ulps(merged.varianceY(), p.varianceY())).toBeLessThanOrEqual(1);
          expect(Math.abs(merged.covariance() - p.covariance())).toBeLessThanOrEqual(covTolerance(p.covariance()));
        }
      }),
      { numRuns: options.runs, seed: 1717 },
    );
  }, 120_000);
}
