/**
 * The accuracy tests every engine runs on the SQL of batchstats/sql: the NIST StRD sets, BIG
 * (1e9 + N(0, 1)), revenue-like data, values of both signs, NULL/NaN/±Infinity, and a fast-check
 * property over random data and random partitions. Each group's summary is checked against an
 * exact BigInt reference (test/support/exact-rational.ts) and against `summarize` of the same values.
 */
import fc from "fast-check";
import { afterAll, expect, it } from "vitest";
import { BatchStatsError, merge, type Summary, summarize } from "../../src/index.js";
import { fromSQLRows, type SQLMethod, summarySQL } from "../../src/sql/index.js";
import { exactStats, ulps } from "./exact-rational.js";
import { loadNist } from "./fixtures.js";
import { normals, uniform } from "./prng.js";
import type { SQLEngine, TestTable } from "./sql-engines.js";

/**
 * `summarize` is itself within a few ulps of the exact moments, not always correctly rounded (e.g. its
 * variance of [0, -1.5769201832398686e-10, 0, 0] is 2 ulps off): the SQL summaries are held to 1 ulp
 * of the exact values, and to this of `summarize`.
 */
const SUMMARIZE_ULPS = 3;

/** Values per group of a table, NULLs left out. */
function groups(table: TestTable): Map<number, number[]> {
  const out = new Map<number, number[]>();
  table.x.forEach((x, i) => {
    if (x === null) return;
    const g = table.g[i]!;
    const list = out.get(g) ?? [];
    if (list.length === 0) out.set(g, list);
    list.push(x);
  });
  return out;
}

/** The code of the BatchStatsError `f` throws ("other" for another error, "none" when it returns). */
export function caught(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    return error instanceof BatchStatsError ? error.code : "other";
  }
  return "none";
}

/** BIG: 1e9 + N(0, 1) (Irwin–Hall normals of test/support/prng.ts). */
export function bigValues(n: number, seed = 11): number[] {
  return Array.from(normals(seed, n, 1e9, 1));
}

/** Revenue-like: 80 % zeros, the rest cents up to 1e5 (uniform in cents, a heavy tail by squaring). */
export function revenueValues(n: number, seed = 12): number[] {
  return Array.from({ length: n }, (_, i) => {
    if (uniform(seed, 2 * i) < 0.8) return 0;
    const u = uniform(seed, 2 * i + 1);
    return Math.round(u * u * 1e7) / 100;
  });
}

/** Both signs around 0 (offset 0 in the SQL) and positive values spanning more than a factor 2. */
function mixedValues(n: number, seed = 13): number[][] {
  return [Array.from(normals(seed, n, 0, 1e3)), Array.from(normals(seed + 1, n, 5, 3)).map(Math.abs)];
}

function tableOf(sets: number[][]): TestTable {
  const g: number[] = [];
  const x: number[] = [];
  sets.forEach((values, i) => {
    for (const v of values) {
      g.push(i);
      x.push(v);
    }
  });
  return { g, x };
}

export interface AccuracyOptions {
  /** Rows of BIG and of revenue-like data per group. */
  n: number;
  /** fast-check runs of the partition property. */
  runs: number;
  methods: SQLMethod[];
}

/** The grid of the one-pass exact method. */
interface Grid {
  scale: number;
  pivot?: number;
}

async function summaries(
  engine: SQLEngine,
  table: string,
  method: SQLMethod,
  groupBy = ["g"],
  nan?: "omit",
  grid?: Grid,
) {
  const sql = summarySQL({ dialect: engine.dialect, from: engine.from(table), value: "x", groupBy, method, ...grid });
  const rows = await engine.rows(sql);
  return fromSQLRows(rows, { method, ...(nan ? { nan } : {}) });
}

function byGroup(list: { group: Readonly<Record<string, unknown>>; summary: Summary }[]): Map<number, Summary> {
  return new Map(list.map(({ group, summary }) => [Number(group.g), summary]));
}

/**
 * Checks a summary: count exact; exact method: mean and variance within 1 ulp of the correctly
 * rounded exact values and of `summarize` (bit-identical to the exact values when `identical`);
 * fast method: relative error below 4ε.
 */
function check(name: string, s: Summary, values: number[], method: SQLMethod, identical: boolean) {
  const exact = exactStats(values);
  const ref = summarize(values);
  expect(s.count, name).toBe(values.length);
  if (method === "exact") {
    const tol = identical ? 0 : 1;
    expect(ulps(s.mean, exact.mean), `${name} mean vs exact`).toBeLessThanOrEqual(tol);
    expect(ulps(s.variance(), exact.variance), `${name} variance vs exact`).toBeLessThanOrEqual(tol);
    expect(ulps(s.mean, ref.mean), `${name} mean vs summarize`).toBeLessThanOrEqual(SUMMARIZE_ULPS);
    expect(ulps(s.variance(), ref.variance()), `${name} variance vs summarize`).toBeLessThanOrEqual(SUMMARIZE_ULPS);
  } else {
    expect(Math.abs(s.mean - exact.mean) / Math.abs(exact.mean || 1), `${name} mean`).toBeLessThan(4 * 2 ** -52);
    expect(Math.abs(s.variance() - exact.variance) / exact.variance, `${name} variance`).toBeLessThan(2e-15);
  }
}

/** The row of 1, 2, NaN and a NULL: E_NAN by default, [1, 2] with "omit", a NaN summary with "propagate". */
function expectNanPolicies(row: Record<string, unknown>) {
  expect(caught(() => fromSQLRows([row]))).toBe("E_NAN");
  const s = fromSQLRows([row], { nan: "omit" })[0]!.summary;
  expect([s.count, s.mean, s.variance(), s.omitted]).toEqual([2, 1.5, 0.5, 2]);
  expect(Number.isNaN(fromSQLRows([row], { nan: "propagate" })[0]!.summary.mean)).toBe(true);
}

/** Registers the accuracy tests for one engine. */
export function accuracyTests(engine: () => SQLEngine, options: AccuracyOptions): void {
  afterAll(async () => engine().close());

  const nist = loadNist();
  for (const method of options.methods) {
    it(`${method}: the nine NIST StRD sets, one group each`, async () => {
      const e = engine();
      await e.load("bs_nist", tableOf(nist.map((d) => Array.from(d.values))));
      const got = byGroup(await summaries(e, "bs_nist", method));
      nist.forEach((d, i) => {
        const s = got.get(i)!;
        // the data lie on their 2^-e grid: the exact sums give the exact, correctly rounded moments
        check(d.name, s, Array.from(d.values), method, method === "exact");
        expect(s.mean, `${d.name} mean vs the Python fixture`).toBe(d.exact.mean);
      });
    }, 60_000);

    it(`${method}: BIG (1e9 + N(0, 1)), revenue-like data and values of both signs`, async () => {
      const e = engine();
      const sets = [bigValues(options.n), revenueValues(options.n), ...mixedValues(options.n)];
      await e.load("bs_sets", tableOf(sets));
      const got = byGroup(await summaries(e, "bs_sets", method));
      // BIG: values near 1e9 with range ~10 lie on the grid, so exact; the others may be quantized
      sets.forEach((values, i) => {
        check(`set ${i}`, got.get(i)!, values, method, i === 0);
      });
    }, 60_000);
  }

  if (options.methods.includes("exact")) {
    it("exact: the scale 2^(61 − ⌊log2 m⌋) is the same on every engine, so values within a factor 512 of the greatest are exact", async () => {
      const e = engine();
      // greatest magnitudes 2^29, 2^31 and 2^39 (where ln(m)/ln(2) rounds above log2 m) and 1.5·2^10;
      // each set has a value at m/512 or just above it whose last bit is the grid's
      const sets = [
        [2 ** 29, -(2 ** 29), 2 ** 20 + 2 ** -32, -(2 ** 20)],
        [2 ** 31, -(2 ** 31), 2 ** 22 + 2 ** -30, 1 + 2 ** -29],
        [2 ** 39, 2 ** 30 + 2 ** -22, 2 ** 30],
        [1536, -1536, 3 + 2 ** -51, -3],
      ];
      await e.load("bs_scales", tableOf(sets));
      const got = byGroup(await summaries(e, "bs_scales", "exact"));
      // against the exact moments only: `summarize` rounds each x − pivot, and its mean of set 0 is 0
      sets.forEach((values, i) => {
        const s = got.get(i)!;
        const exact = exactStats(values);
        expect([s.count, s.mean, s.variance()], `set ${i}`).toEqual([values.length, exact.mean, exact.variance]);
      });
      expect(got.get(0)!.mean).toBe(2 ** -34);
    }, 60_000);
    onePassTests(engine, options);
  }
  if (options.methods.includes("fast")) {
    it("fast: sums that overflow in the engine are E_OVERFLOW, squares that underflow E_UNDERFLOW, as summarize", async () => {
      const e = engine();
      const sets = [
        [1.7e308, 1.7e308],
        [1e308, 1.5e308, -1e308],
        [1e-308, 2e-308, 3e-308],
      ];
      await e.load("bs_fast_range", tableOf(sets));
      const sql = summarySQL({
        dialect: e.dialect,
        from: e.from("bs_fast_range"),
        value: "x",
        groupBy: ["g"],
        method: "fast",
      });
      const rows = await e.rows(sql);
      const row = (g: number) => rows.find((r) => Number(r.g) === g)!;
      expect(caught(() => fromSQLRows([row(0)], { method: "fast" }))).toBe("E_OVERFLOW");
      expect(caught(() => fromSQLRows([row(1)], { method: "fast" }))).toBe("E_OVERFLOW");
      expect(caught(() => summarize(sets[1]!))).toBe("E_OVERFLOW");
      expect(caught(() => fromSQLRows([row(2)], { method: "fast" }))).toBe("E_UNDERFLOW");
      expect(caught(() => summarize(sets[2]!))).toBe("E_UNDERFLOW");
    }, 60_000);
    fastOnePassTests(engine, options);
  }

  it("NULLs are skipped and counted; NaN and ±Infinity follow the nan policy", async () => {
    const e = engine();
    const table: TestTable = {
      g: [0, 0, 0, 0, 1, 1, 1, 2, 2, 3],
      x: [1, null, 2, Number.NaN, 5, Number.POSITIVE_INFINITY, 6, null, null, 4],
    };
    await e.load("bs_edges", table);
    const sql = summarySQL({ dialect: e.dialect, from: e.from("bs_edges"), value: "x", groupBy: ["g"] });
    const rows = await e.rows(sql);
    const row = (g: number) => rows.find((r) => Number(r.g) === g)!;
    expectNanPolicies(row(0));
    expect(caught(() => fromSQLRows([row(1)], { nan: "omit" }))).toBe("E_INFINITE");
    const g2 = fromSQLRows([row(2)])[0]!.summary;
    expect([g2.count, g2.omitted]).toEqual([0, 2]);
    const g3 = fromSQLRows([row(3)])[0]!.summary;
    expect([g3.count, g3.mean, g3.m2]).toEqual([1, 4, 0]);
  }, 60_000);

  it("property: random data in random partitions; per-partition summaries merged equal the one-shot query", async () => {
    const e = engine();
    const value = fc.oneof(
      // not so close to 0 that summarize itself refuses the M2 (E_UNDERFLOW)
      fc
        .double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true })
        .filter((x) => x === 0 || Math.abs(x) > 1e-100),
      fc.integer({ min: -1000, max: 1000 }).map((i) => 1e9 + i / 64),
      fc.constantFrom(0, 0.1, 1e-3, 12345.67),
    );
    const row = fc.record({ g: fc.integer({ min: 0, max: 2 }), part: fc.integer({ min: 0, max: 3 }), x: value });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 40 }), async (list) => {
        const table: TestTable = { g: list.map((r) => r.g), part: list.map((r) => r.part), x: list.map((r) => r.x) };
        await e.load("bs_prop", table);
        const one = byGroup(await summaries(e, "bs_prop", "exact"));
        const parts = await summaries(e, "bs_prop", "exact", ["g", "part"]);
        for (const [g, values] of groups(table)) {
          const s = one.get(g)!;
          const ref = summarize(values);
          const exact = exactStats(values);
          expect(s.count).toBe(values.length);
          expect(ulps(s.mean, exact.mean)).toBeLessThanOrEqual(1);
          expect(ulps(s.mean, ref.mean)).toBeLessThanOrEqual(SUMMARIZE_ULPS);
          if (values.length > 1) {
            expect(ulps(s.variance(), exact.variance)).toBeLessThanOrEqual(1);
            expect(ulps(s.variance(), ref.variance())).toBeLessThanOrEqual(SUMMARIZE_ULPS);
          }
          const merged = merge(...parts.filter((p) => Number(p.group.g) === g).map((p) => p.summary));
          expect(merged.count).toBe(s.count);
          expect(ulps(merged.mean, s.mean)).toBeLessThanOrEqual(1);
          if (values.length > 1) expect(ulps(merged.variance(), s.variance())).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: options.runs, seed: 1616 },
    );
  }, 120_000);
}

/** The same summary, bit for bit. */
function expectSame(name: string, a: Summary, b: Summary) {
  expect([a.count, a.mean, a.m2, a.omitted], name).toEqual([b.count, b.mean, b.m2, b.omitted]);
}

/** The one-pass exact method (`scale`, `pivot`): exact on its grid, and refused outside its range. */
function onePassTests(engine: () => SQLEngine, options: AccuracyOptions): void {
  it("exact in one pass (scale, pivot): on its grid, the exact moments and the two-pass summary, bit for bit", async () => {
    const e = engine();
    // BIG lies on the grid 2^-23 (every double in [2^29, 2^30) does), within ±2^8 of 1e9; integers on 2^0
    const cases: [number[][], Grid][] = [
      [[bigValues(options.n), bigValues(options.n, 21)], { scale: 23, pivot: 1e9 }],
      [[Array.from(normals(31, options.n, 0, 1e3)).map(Math.round), [-2147483647, 2147483647, 0, 5]], { scale: 0 }],
    ];
    for (const [sets, grid] of cases) {
      await e.load("bs_grid", tableOf(sets));
      const one = byGroup(await summaries(e, "bs_grid", "exact", ["g"], undefined, grid));
      const two = byGroup(await summaries(e, "bs_grid", "exact"));
      sets.forEach((values, i) => {
        check(`scale ${grid.scale} set ${i}`, one.get(i)!, values, "exact", true);
        expectSame(`scale ${grid.scale} set ${i} vs two passes`, one.get(i)!, two.get(i)!);
      });
    }
  }, 60_000);

  it("exact in one pass: a value outside the range, off the grid or infinite is E_PRECISION_LOSS; NULL and NaN as in two passes", async () => {
    const e = engine();
    const table: TestTable = {
      g: [0, 0, 0, 0, 1, 1, 2, 2, 3, 4, 4, 5, 6, 6],
      x: [1, 2, Number.NaN, null, 1, 2147483648, 1, Number.NEGATIVE_INFINITY, -2147483649, null, null, 3e300, 7, 0.5],
    };
    await e.load("bs_grid_edges", table);
    const sql = summarySQL({ dialect: e.dialect, from: e.from("bs_grid_edges"), value: "x", groupBy: ["g"], scale: 0 });
    const rows = await e.rows(sql);
    const row = (g: number) => rows.find((r) => Number(r.g) === g)!;
    expectNanPolicies(row(0));
    for (const g of [1, 2, 3, 5, 6])
      expect(
        caught(() => fromSQLRows([row(g)], { nan: "omit" })),
        `group ${g}`,
      ).toBe("E_PRECISION_LOSS");
    const g4 = fromSQLRows([row(4)])[0]!.summary;
    expect([g4.count, g4.omitted]).toEqual([0, 2]);
  }, 60_000);

  it("exact in one pass on a grid that holds every value of its range (2^-23 around 1e9): the range edges exact, what lies beyond refused", async () => {
    const e = engine();
    const unit = 2 ** -23;
    // the range is 1e9 ± (2^31 − 1)·2^-23 = 1e9 ± (256 − 2^-23) (DuckDB takes 1e9 − 256 too); no double
    // near it is off the grid
    const table: TestTable = {
      g: [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5],
      x: [
        1e9,
        1e9 + 256 - unit,
        1e9 - 256 + unit,
        1e9 + unit,
        1e9,
        1e9 + 256,
        1e9,
        0.1,
        1e9,
        1e9 + 1,
        Number.NaN,
        null,
        1e9,
        Number.NEGATIVE_INFINITY,
        1e9,
        1e9 - 256 - unit,
      ],
    };
    await e.load("bs_grid_whole", table);
    const grid = { scale: 23, pivot: 1e9 };
    const sql = summarySQL({ dialect: e.dialect, from: e.from("bs_grid_whole"), value: "x", groupBy: ["g"], ...grid });
    const rows = await e.rows(sql);
    const row = (g: number) => rows.find((r) => Number(r.g) === g)!;
    check("the range edges", fromSQLRows([row(0)])[0]!.summary, table.x.slice(0, 4) as number[], "exact", true);
    expect(caught(() => fromSQLRows([row(3)]))).toBe("E_NAN");
    const omitted = fromSQLRows([row(3)], { nan: "omit" })[0]!.summary;
    expect([omitted.count, omitted.mean, omitted.variance(), omitted.omitted]).toEqual([2, 1e9 + 0.5, 0.5, 2]);
    for (const g of [1, 2, 4, 5])
      expect(
        caught(() => fromSQLRows([row(g)], { nan: "omit" })),
        `group ${g}`,
      ).toBe("E_PRECISION_LOSS");
  }, 60_000);

  it("property: exact in one pass on the grid of 1e9 + i/64, partitions merged, equals the two-pass summary", async () => {
    const e = engine();
    const row = fc.record({
      g: fc.integer({ min: 0, max: 2 }),
      part: fc.integer({ min: 0, max: 3 }),
      x: fc.integer({ min: -1000, max: 1000 }).map((i) => 1e9 + i / 64),
    });
    const grid = { scale: 6, pivot: 1e9 };
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 40 }), async (list) => {
        const table: TestTable = { g: list.map((r) => r.g), part: list.map((r) => r.part), x: list.map((r) => r.x) };
        await e.load("bs_grid_prop", table);
        const one = byGroup(await summaries(e, "bs_grid_prop", "exact", ["g"], undefined, grid));
        const two = byGroup(await summaries(e, "bs_grid_prop", "exact"));
        const parts = await summaries(e, "bs_grid_prop", "exact", ["g", "part"], undefined, grid);
        for (const [g, values] of groups(table)) {
          expectSame(`group ${g}`, one.get(g)!, two.get(g)!);
          if (values.length > 1) check(`group ${g}`, one.get(g)!, values, "exact", true);
          const merged = merge(...parts.filter((p) => Number(p.group.g) === g).map((p) => p.summary));
          expect(merged.count).toBe(values.length);
          expect(ulps(merged.mean, one.get(g)!.mean)).toBeLessThanOrEqual(1);
          if (values.length > 1) expect(ulps(merged.variance(), one.get(g)!.variance())).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: options.runs, seed: 1717 },
    );
  }, 120_000);
}

/** The one-pass fast method (`method: "fast"`, `pivot`): the two-pass fast accuracy with a pivot near the mean. */
function fastOnePassTests(engine: () => SQLEngine, options: AccuracyOptions): void {
  /** The one-pass fast summary of group `g` of `table`, shifted by `pivot`. */
  async function fastAt(e: SQLEngine, table: string, g: number, pivot: number) {
    const sql = summarySQL({
      dialect: e.dialect,
      from: e.from(table),
      value: "x",
      groupBy: ["g"],
      method: "fast",
      pivot,
      where: { sql: `g = ${g}` },
    });
    return fromSQLRows(await e.rows(sql), { method: "fast" })[0]!.summary;
  }

  it("fast in one pass (pivot): the fast accuracy when the pivot lies near the mean, and (mean − pivot)²/σ² ε beyond", async () => {
    const e = engine();
    const sets = [bigValues(options.n), revenueValues(options.n), ...mixedValues(options.n)];
    await e.load("bs_fast_sets", tableOf(sets));
    for (const [i, values] of sets.entries()) {
      const exact = exactStats(values);
      // a pivot as an earlier run would give it, an integer near the mean: x − pivot is then exact
      // for the values near it (a pivot of many significant bits rounds every x − pivot of a binade
      // alike, an error of up to ε·σ in the mean)
      const near = Math.round(exact.mean);
      check(`set ${i}, pivot ${near}`, await fastAt(e, "bs_fast_sets", i, near), values, "fast", false);
      // 30 standard deviations away: cancellation costs (mean − pivot)²/σ² ≈ 900 ε, bounded here by
      // 4·(1 + (mean − pivot)²/σ²)·ε (roundings of Σz², of Σz squared and of each z²)
      const sd = Math.sqrt(exact.variance);
      const far = Math.round(exact.mean + 30 * sd);
      const s = await fastAt(e, "bs_fast_sets", i, far);
      const ratio = ((exact.mean - far) / sd) ** 2;
      expect(s.count).toBe(values.length);
      expect(Math.abs(s.variance() - exact.variance) / exact.variance, `set ${i} far variance`).toBeLessThan(
        4 * (1 + ratio) * 2 ** -52,
      );
      expect(Math.abs(s.mean - exact.mean), `set ${i} far mean`).toBeLessThan(
        4 * 2 ** -52 * (Math.abs(exact.mean) + 30 * sd),
      );
    }
  }, 60_000);

  it("fast in one pass: NULLs skipped and counted, NaN and ±Infinity as in two passes", async () => {
    const e = engine();
    const table: TestTable = { g: [0, 0, 0, 0, 1, 1, 1], x: [1, null, 2, Number.NaN, 5, Number.POSITIVE_INFINITY, 6] };
    await e.load("bs_fast_edges", table);
    const sql = summarySQL({
      dialect: e.dialect,
      from: e.from("bs_fast_edges"),
      value: "x",
      groupBy: ["g"],
      method: "fast",
      pivot: 1.5,
    });
    const rows = await e.rows(sql);
    const row = (g: number) => rows.find((r) => Number(r.g) === g)!;
    expect(caught(() => fromSQLRows([row(0)], { method: "fast" }))).toBe("E_NAN");
    const s = fromSQLRows([row(0)], { method: "fast", nan: "omit" })[0]!.summary;
    expect([s.count, s.mean, s.variance(), s.omitted]).toEqual([2, 1.5, 0.5, 2]);
    expect(caught(() => fromSQLRows([row(1)], { method: "fast", nan: "omit" }))).toBe("E_INFINITE");
    expect(Number.isNaN(fromSQLRows([row(1)], { method: "fast", nan: "propagate" })[0]!.summary.mean)).toBe(true);
  }, 60_000);

  it("one pass without groups, and groups with NaN and ±Infinity together or only NULLs", async () => {
    const e = engine();
    const table: TestTable = {
      g: [0, 0, 0, 1, 1, 1, 1, 2, 2],
      x: [1, 2, 4, Number.NaN, Number.NEGATIVE_INFINITY, 3, Number.NaN, null, null],
    };
    await e.load("bs_one_pass_edges", table);
    const run = async (spec: object, groupBy: string[], where?: string) => {
      const sql = summarySQL({
        dialect: e.dialect,
        from: e.from("bs_one_pass_edges"),
        value: "x",
        groupBy,
        ...spec,
        ...(where ? { where: { sql: where } } : {}),
      });
      return e.rows(sql);
    };
    for (const [spec, method] of [
      [{ scale: 0 }, "exact"],
      [{ method: "fast", pivot: 2 }, "fast"],
    ] as const) {
      const all = fromSQLRows(await run(spec, [], "g = 0"), { method })[0]!.summary;
      expect([all.count, all.mean, all.variance(), all.omitted], method).toEqual([3, 7 / 3, 7 / 3, 0]);
      const none = await run(spec, [], "g > 5");
      expect(fromSQLRows(none, { method })[0]!.summary.count, method).toBe(0);
      const nanRows = await run(spec, [], "g = 1");
      // exact: the value off the range decides (as in the test above); fast: NaN first, as in two passes
      expect(
        caught(() => fromSQLRows(nanRows, { method })),
        method,
      ).toBe(method === "exact" ? "E_PRECISION_LOSS" : "E_NAN");
      expect(
        caught(() => fromSQLRows(nanRows, { method, nan: "omit" })),
        method,
      ).toBe(method === "exact" ? "E_PRECISION_LOSS" : "E_INFINITE");
      const grouped = await run(spec, ["g"]);
      const nulls = fromSQLRows([grouped.find((r) => Number(r.g) === 2)!], { method })[0]!.summary;
      expect([nulls.count, nulls.omitted], method).toEqual([0, 2]);
      const propagated = fromSQLRows([grouped.find((r) => Number(r.g) === 1)!], { method, nan: "propagate" });
      expect(Number.isNaN(propagated[0]!.summary.mean), method).toBe(true);
    }
  }, 60_000);
}
