/**
 * batchstats/sql without an engine: the SQL text of every dialect (golden files), the functions each
 * dialect relies on (the list docs/sql.md checks against each engine's documentation), the refusal of
 * hostile arguments (fast-check; accepted statements are checked by DuckDB's own parser to be one
 * statement), and fromSQLRow on rows as drivers return them.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BatchStatsError } from "../src/index.js";
import {
  DIALECTS,
  type Dialect,
  fromPairSQLRow,
  fromSQLRow,
  pairSummarySQL,
  type SQLMethod,
  summarySQL,
} from "../src/sql/index.js";
import { gridHoldsEveryValue } from "../src/sql/one-pass.js";

const SPEC = { from: "events", value: "revenue", groupBy: ["experiment", "arm"] } as const;
const PAIR_SPEC = { from: "users", x: "pre_revenue", y: "revenue", groupBy: ["experiment", "arm"] } as const;

function code(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    return error instanceof BatchStatsError ? error.code : `other: ${String(error)}`;
  }
  return "none";
}

/** Function names a statement calls (a word before "("), upper-cased, keywords left out. */
function calledFunctions(sql: string): string[] {
  const keywords = new Set([
    "AS",
    "IN",
    "AND",
    "OR",
    "NOT",
    "FROM",
    "JOIN",
    "ON",
    "USING",
    "THEN",
    "ELSE",
    "WHEN",
    "SELECT",
    "DECIMAL",
    "WHERE",
    "MATERIALIZED",
  ]);
  const names = [...sql.replace(/'[^']*'/g, "''").matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*\(/g)].map((m) =>
    m[1]!.toUpperCase(),
  );
  return [...new Set(names.filter((n) => !keywords.has(n)))].sort();
}

/**
 * The one-pass SQL reads the data in one scan: no join of the data with a first pass. On DuckDB the
 * groups whose sums show a NaN, an infinity or a value off the grid are summed again by a semi-join
 * with the result of the main aggregation (`bs_m`, a materialized common table expression), which
 * reads no row while no group is such; the result is that aggregation left-joined with those sums.
 */
function expectOneScan(dialect: Dialect, sql: string) {
  if (dialect !== "duckdb") {
    expect(sql).not.toContain("JOIN");
    return;
  }
  expect(sql.startsWith("WITH bs_m AS MATERIALIZED (")).toBe(true);
  expect(sql.match(/JOIN/g)).toHaveLength(2);
  expect(sql).toMatch(/ SEMI JOIN \(SELECT m\.[^)]* FROM bs_m AS m WHERE /);
  expect(sql).toMatch(/ FROM bs_m AS m LEFT JOIN bs_c AS c ON \(m\.[^;]*\)$/);
}

/** Functions the one-pass SQL calls besides those of the two-pass SQL (docs/sql.md lists them). */
const ONE_PASS_EXTRA: Partial<Record<Dialect, string[]>> = {
  duckdb: ["COALESCE", "FLOOR", "TYPEOF"],
  clickhouse: ["BITAND", "BITSHIFTRIGHT", "FLOOR", "IF", "IFNULL", "TOUINT64"],
};

/** The functions (and type names used with CAST) each dialect's SQL relies on; docs/sql.md lists the same. */
const FUNCTIONS: Record<Dialect, { exact: string[]; fast?: string[] }> = {
  duckdb: {
    exact: [
      "ABS",
      "ANY_VALUE",
      "CAST",
      "CEIL",
      "COUNT",
      "GREATEST",
      "ISFINITE",
      "ISNAN",
      "LEAST",
      "LOG2",
      "MAX",
      "POW",
      "SUM",
      "TRY_CAST",
    ],
    fast: ["ANY_VALUE", "CAST", "COUNT", "FSUM", "ISFINITE", "ISNAN"],
  },
  postgres: { exact: ["ABS", "CAST", "CEIL", "COUNT", "GREATEST", "LEAST", "LN", "MAX", "MIN", "POWER", "SUM"] },
  clickhouse: {
    exact: [
      "ABS",
      "ANY",
      "BITAND",
      "BITSHIFTRIGHT",
      "CEIL",
      "COUNT",
      "GREATEST",
      "IF",
      "ISFINITE",
      "ISNAN",
      "LEAST",
      "LOG2",
      "MAX",
      "POW",
      "ROUND",
      "SUM",
      "TODECIMAL128",
      "TOFLOAT64",
      "TOINT64",
    ],
    fast: ["ANY", "COUNT", "ISFINITE", "ISNAN", "SUMKAHAN", "TOFLOAT64"],
  },
  bigquery: {
    exact: [
      "ABS",
      "ANY_VALUE",
      "CAST",
      "CEIL",
      "COUNT",
      "DIV",
      "GREATEST",
      "IS_INF",
      "IS_NAN",
      "LEAST",
      "LOG",
      "MAX",
      "POW",
      "SUM",
    ],
  },
  snowflake: {
    exact: [
      "ABS",
      "ANY_VALUE",
      "BITAND",
      "CAST",
      "CEIL",
      "COUNT",
      "EQUAL_NULL",
      "GREATEST",
      "LEAST",
      "LOG",
      "MAX",
      "POWER",
      "SUM",
      "TO_VARCHAR",
    ],
  },
  spark: {
    exact: [
      "ABS",
      "CAST",
      "CEIL",
      "COUNT",
      "FIRST",
      "GREATEST",
      "ISNAN",
      "LEAST",
      "LOG2",
      "MAX",
      "POW",
      "ROUND",
      "SHIFTRIGHT",
      "SUM",
    ],
  },
  trino: {
    exact: [
      "ABS",
      "ARBITRARY",
      "BITWISE_AND",
      "BITWISE_RIGHT_SHIFT_ARITHMETIC",
      "CAST",
      "CEIL",
      "COUNT",
      "GREATEST",
      "IS_FINITE",
      "IS_NAN",
      "LEAST",
      "LOG2",
      "MAX",
      "POWER",
      "SUM",
    ],
  },
};

describe("summarySQL", () => {
  for (const dialect of DIALECTS) {
    for (const method of ["exact", "fast"] as SQLMethod[]) {
      const expected = FUNCTIONS[dialect][method];
      if (expected === undefined) {
        it(`${dialect} ${method}: refused with E_BAD_ARGUMENT (no compensated sum)`, () => {
          expect(code(() => summarySQL({ ...SPEC, dialect, method }))).toBe("E_BAD_ARGUMENT");
        });
        continue;
      }
      it(`${dialect} ${method}: the golden SQL, calling only the documented functions`, async () => {
        const sql = summarySQL({ ...SPEC, dialect, method, where: { sql: "day >= '2026-01-01'" } });
        await expect(`${sql}\n`).toMatchFileSnapshot(`./fixtures/sql/${dialect}-${method}.sql`);
        expect(calledFunctions(sql)).toEqual(expected);
      });
    }
  }

  for (const dialect of DIALECTS) {
    it(`${dialect} exact in one pass (scale, pivot): the golden SQL, calling the functions of the two-pass SQL and ROUND`, async () => {
      const sql = summarySQL({ ...SPEC, dialect, scale: 7, pivot: -2.5, where: { sql: "day >= '2026-01-01'" } });
      await expect(`${sql}\n`).toMatchFileSnapshot(`./fixtures/sql/${dialect}-exact-one-pass.sql`);
      for (const name of calledFunctions(sql))
        expect([...FUNCTIONS[dialect].exact, "ROUND", ...(ONE_PASS_EXTRA[dialect] ?? [])]).toContain(name);
      expectOneScan(dialect, sql);
    });
  }

  for (const dialect of DIALECTS) {
    if (FUNCTIONS[dialect].fast === undefined) continue;
    it(`${dialect} fast in one pass (pivot): the golden SQL, calling the functions of the two-pass SQL`, async () => {
      const sql = summarySQL({ ...SPEC, dialect, method: "fast", pivot: -2.5, where: { sql: "day >= '2026-01-01'" } });
      await expect(`${sql}\n`).toMatchFileSnapshot(`./fixtures/sql/${dialect}-fast-one-pass.sql`);
      for (const name of calledFunctions(sql))
        expect([
          ...FUNCTIONS[dialect].exact,
          ...FUNCTIONS[dialect].fast!,
          ...(ONE_PASS_EXTRA[dialect] ?? []),
        ]).toContain(name);
      expectOneScan(dialect, sql);
      expect(sql).toContain("-2.5e+0");
    });
  }

  it("refuses a fast pivot that is not a finite number", () => {
    for (const pivot of [Number.NaN, Number.POSITIVE_INFINITY, "1", null]) {
      expect(
        code(() => summarySQL({ ...SPEC, dialect: "duckdb", method: "fast", pivot } as never)),
        String(pivot),
      ).toBe("E_BAD_ARGUMENT");
    }
    expect(code(() => summarySQL({ ...SPEC, dialect: "duckdb", method: "fast", pivot: 1e300 }))).toBe("none");
  });

  it("refuses a scale or pivot that is not a grid of the exact method", () => {
    const bad: Record<string, unknown>[] = [
      { scale: 1.5 },
      { scale: -1 },
      { scale: 1023 },
      { scale: "3" },
      { pivot: 1 },
      { scale: 0, pivot: 0.5 },
      { scale: 2, pivot: 0.1 },
      { scale: 0, pivot: 2 ** 54 },
      { scale: 0, pivot: Number.NaN },
      { scale: 3, method: "fast" },
    ];
    for (const extra of bad) {
      expect(
        code(() => summarySQL({ ...SPEC, dialect: "duckdb", ...extra } as never)),
        JSON.stringify(extra),
      ).toBe("E_BAD_ARGUMENT");
    }
    expect(code(() => summarySQL({ ...SPEC, dialect: "duckdb", scale: 3, pivot: 2 ** 50 }))).toBe("none");
    expect(code(() => pairSummarySQL({ ...PAIR_SPEC, dialect: "duckdb", scale: 3 } as never))).toBe("E_BAD_ARGUMENT");
  });

  it("tests each row against the grid unless every double of the grid's range lies on it", () => {
    // an integer is read within 2^31 + ½ of the pivot units M (DuckDB's INTEGER cast rounds and takes
    // −2^31): from M = 2^52 + 2^31 + 1 that starts above 2^52, where every double is an integer; one
    // unit lower it holds 2^52 − 0.5, a double off the grid 2^0 that DuckDB would read as −2^31
    const edge = 2 ** 52 + 2 ** 31 + 1;
    expect(Number.isInteger(2 ** 52 - 0.5)).toBe(false);
    expect(2 ** 52 - 0.5 - (edge - 1)).toBe(-(2 ** 31) - 0.5);
    expect(gridHoldsEveryValue({ scale: 0, pivotUnits: edge })).toBe(true);
    expect(gridHoldsEveryValue({ scale: 0, pivotUnits: -edge })).toBe(true);
    expect(gridHoldsEveryValue({ scale: 0, pivotUnits: edge - 1 })).toBe(false);
    const gridTest = /bs_a - floor\(|bs_a <> round\(|bs_a = floor\(/;
    for (const dialect of DIALECTS) {
      expect(summarySQL({ ...SPEC, dialect, scale: 0, pivot: edge - 1 }), dialect).toMatch(gridTest);
      expect(summarySQL({ ...SPEC, dialect, scale: 0, pivot: edge }), dialect).not.toMatch(gridTest);
    }
  });

  it("quotes identifiers per dialect", () => {
    expect(summarySQL({ dialect: "duckdb", from: "db.t", value: "x" })).toContain('FROM "db"."t"');
    expect(summarySQL({ dialect: "clickhouse", from: "db.t", value: "x" })).toContain("FROM `db`.`t`");
    expect(summarySQL({ dialect: "bigquery", from: "p.d.t", value: "x" })).toContain("FROM `p`.`d`.`t`");
  });

  it("refuses what is not a plain identifier or a checked { sql } fragment", () => {
    const bad: [string, Record<string, unknown>][] = [
      ["value with a quote", { value: 'x"; DROP TABLE t; --' }],
      ["value expression as a string", { value: "price * qty" }],
      ["group with a space", { groupBy: ["arm id"] }],
      ["reserved prefix", { groupBy: ["bs_rows"] }],
      ["group twice", { groupBy: ["arm", "ARM"] }],
      ["table with a quote", { from: "t`x" }],
      ["where as a string", { where: "1 = 1" }],
      ["raw with ;", { where: { sql: "1 = 1; DROP TABLE t" } }],
      ["raw with a comment", { where: { sql: "1 = 1 -- x" } }],
      ["raw with /*", { value: { sql: "x /* y */" } }],
      ["raw closing the paren", { from: { sql: "SELECT 1) UNION (SELECT 2" } }],
      ["raw unterminated quote", { where: { sql: "a = 'x" } }],
      ["raw doubled quote", { where: { sql: "a = 'it''s'" } }],
      ["raw backslash", { where: { sql: "a = 'x\\'" } }],
      ["raw dollar quote", { where: { sql: "a = $$x$$" } }],
      ["raw extra key", { where: { sql: "1 = 1", raw: true } }],
      ["unknown option", { limit: 3 }],
      ["unknown dialect", { dialect: "mysql" }],
      ["unknown method", { method: "naive" }],
    ];
    for (const [name, patch] of bad) {
      expect(
        code(() => summarySQL({ dialect: "duckdb", from: "t", value: "x", ...patch } as never)),
        name,
      ).toBe("E_BAD_ARGUMENT");
    }
  });

  it("refuses what some dialect reads as a comment, backticks as quotes only where the dialect quotes with them, unqualified names of the generated tables and holes", () => {
    // Snowflake reads // as a comment to the end of the line: the quote after it would start nowhere
    const hidden = { sql: "TRUE // '\n) AS x; DROP TABLE users //'" };
    const ticks = { sql: "x = ` -- `" };
    for (const dialect of DIALECTS) {
      expect(
        code(() => summarySQL({ dialect, from: "t", value: "x", where: hidden })),
        dialect,
      ).toBe("E_BAD_ARGUMENT");
      const quoting = ["clickhouse", "bigquery", "spark"].includes(dialect);
      expect(
        code(() => summarySQL({ dialect, from: "t", value: "x", where: ticks })),
        dialect,
      ).toBe(quoting ? "none" : "E_BAD_ARGUMENT");
    }
    // the names of the generated common table expressions would hide such a table
    for (const from of ["bs_m", "BS_C", "bs_fp"]) {
      expect(
        code(() => summarySQL({ dialect: "duckdb", from, value: "x" })),
        from,
      ).toBe("E_BAD_ARGUMENT");
    }
    expect(code(() => summarySQL({ dialect: "duckdb", from: "main.bs_m", value: "x" }))).toBe("none");
    // biome-ignore lint/suspicious/noSparseArray: the hole is the input under test
    const holes = [, "k"] as unknown as string[];
    let field: unknown;
    try {
      summarySQL({ dialect: "duckdb", from: "t", value: "x", groupBy: holes });
    } catch (error) {
      field = (error as BatchStatsError).field;
    }
    expect(field).toBe("spec.groupBy[0]");
  });

  it("property: hostile strings are refused, or give one statement whose fragments stay inside their parentheses", async () => {
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const piece = fc.oneof(
      fc.constantFrom(
        "'",
        '"',
        "`",
        ";",
        "--",
        "/*",
        "*/",
        "//",
        "(",
        ")",
        "$$",
        "\\",
        "#",
        " ",
        "\n",
        "x",
        "1",
        "DROP TABLE t",
        "''",
      ),
      fc.string({ maxLength: 4 }),
    );
    const hostile = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(""));
    const field = fc.constantFrom("value", "from", "where", "group");
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(field, hostile, fc.boolean(), async (which, text, raw) => {
        const arg = raw ? { sql: text } : text;
        const spec: Record<string, unknown> = { dialect: "duckdb", from: "t", value: "x" };
        if (which === "group") spec.groupBy = [text];
        else spec[which] = which === "where" ? { sql: text } : arg;
        let sql: string;
        try {
          sql = summarySQL(spec as never);
        } catch (error) {
          expect(error).toBeInstanceOf(BatchStatsError);
          expect((error as BatchStatsError).code).toBe("E_BAD_ARGUMENT");
          return;
        }
        accepted++;
        // DuckDB's parser reads exactly one statement (or fails to parse it at all)
        try {
          const statements = await connection.extractStatements(sql);
          expect(statements.count).toBe(1);
        } catch (error) {
          expect(String(error)).toMatch(/Parser Error|syntax error/i);
        }
      }),
      { numRuns: 400, seed: 16 },
    );
    expect(accepted).toBeGreaterThan(10);
    connection.closeSync();
    instance.closeSync();
  }, 60_000);
});

describe("pairSummarySQL", () => {
  for (const dialect of DIALECTS) {
    for (const method of ["exact", "fast"] as SQLMethod[]) {
      const expected = FUNCTIONS[dialect][method];
      if (expected === undefined) {
        it(`${dialect} ${method}: refused with E_BAD_ARGUMENT (no compensated sum)`, () => {
          expect(code(() => pairSummarySQL({ ...PAIR_SPEC, dialect, method }))).toBe("E_BAD_ARGUMENT");
        });
        continue;
      }
      it(`${dialect} ${method}: the golden SQL, calling the functions of summarySQL`, async () => {
        const sql = pairSummarySQL({ ...PAIR_SPEC, dialect, method, where: { sql: "day >= '2026-01-01'" } });
        await expect(`${sql}\n`).toMatchFileSnapshot(`./fixtures/sql/pair-${dialect}-${method}.sql`);
        // a pair is converted only when both values are finite (tested first), so no TRY_CAST
        expect(calledFunctions(sql)).toEqual(expected.filter((name) => name !== "TRY_CAST"));
      });
    }
  }

  it("refuses in x and y what summarySQL refuses in value, and a missing column", () => {
    const bad: [string, Record<string, unknown>][] = [
      ["x with a quote", { x: 'x"; DROP TABLE t; --' }],
      ["y expression as a string", { y: "price * qty" }],
      ["y with a comment", { y: { sql: "y -- z" } }],
      ["x closing the paren", { x: { sql: "x) FROM t; (" } }],
      ["value instead of y", { y: undefined, value: "y" }],
      ["no x", { x: undefined }],
      ["reserved prefix", { x: "bs_x" }],
      ["unknown option", { covariate: "z" }],
    ];
    for (const [name, patch] of bad) {
      const spec = { dialect: "duckdb", from: "t", x: "x", y: "y", ...patch } as Record<string, unknown>;
      for (const key of Object.keys(spec)) if (spec[key] === undefined) delete spec[key];
      expect(
        code(() => pairSummarySQL(spec as never)),
        name,
      ).toBe("E_BAD_ARGUMENT");
    }
  });

  it("is one statement that DuckDB parses, for plain columns and { sql } expressions", async () => {
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const sql = pairSummarySQL({
      dialect: "duckdb",
      from: { sql: "SELECT 1 AS a, 2 AS b" },
      x: { sql: "a * 2" },
      y: "b",
    });
    expect((await connection.extractStatements(sql)).count).toBe(1);
    connection.closeSync();
    instance.closeSync();
  });
});

describe("fromSQLRow", () => {
  const row = {
    arm: "a",
    bs_rows: "5",
    bs_values: "4",
    bs_finite: "4",
    bs_nan: "0",
    bs_offset: 0,
    bs_exponent: 59,
    bs_sum: "5764607523034234880",
    bs_hh: "2161727821137838080",
    bs_hl: "0",
    bs_ll: "0",
  };

  it("reads text, BigInt and safe numbers alike", () => {
    const a = fromSQLRow(row).summary;
    const b = fromSQLRow({ ...row, bs_sum: 5764607523034234880n, bs_rows: 5n, bs_hh: 2161727821137838080n }).summary;
    expect(b.toJSON()).toEqual(a.toJSON());
    expect([a.count, a.mean, a.variance(), a.omitted]).toEqual([4, 2.5, 5 / 3, 1]);
  });

  it("refuses a number beyond 2^53, a missing column, text that is not an integer and impossible sums", () => {
    expect(code(() => fromSQLRow({ ...row, bs_sum: 2 ** 62 + 2 ** 60 }))).toBe("E_BAD_SUMMARY");
    const { bs_hl: _, ...missing } = row;
    expect(code(() => fromSQLRow(missing))).toBe("E_BAD_SUMMARY");
    expect(code(() => fromSQLRow({ ...row, bs_sum: "1e3" }))).toBe("E_BAD_SUMMARY");
    expect(code(() => fromSQLRow({ ...row, bs_hh: "0" }))).toBe("E_BAD_SUMMARY");
    expect(code(() => fromSQLRow({ ...row, bs_finite: "9" }))).toBe("E_BAD_SUMMARY");
    expect(code(() => fromSQLRow({ ...row, bs_offset: "abc" }))).toBe("E_BAD_SUMMARY");
    expect(code(() => fromSQLRow(row, { method: "fast" }))).toBe("E_BAD_SUMMARY");
    expect(code(() => fromSQLRow(row, { nan: "skip" } as never))).toBe("E_BAD_ARGUMENT");
  });

  it("refuses exact sums no group can have: beyond n times the largest term, a spread of one value, sums of no value", () => {
    expect(code(() => fromSQLRow({ ...row, bs_hl: "-100000000000000000000" }))).toBe("E_BAD_SUMMARY");
    expect(code(() => fromSQLRow({ ...row, bs_ll: String(4n << 62n) }))).toBe("E_BAD_SUMMARY");
    // one value X = 2^59 has ΣX² = 2^118 exactly (hh = 2^56), and nothing else
    const one = {
      ...row,
      bs_rows: "1",
      bs_values: "1",
      bs_finite: "1",
      bs_sum: String(2n ** 59n),
      bs_hh: String(2n ** 56n),
    };
    expect(fromSQLRow(one).summary.mean).toBe(1);
    expect(code(() => fromSQLRow({ ...one, bs_ll: "1" }))).toBe("E_BAD_SUMMARY");
    const none = { ...row, bs_values: "0", bs_finite: "0", bs_rows: "2" };
    expect(code(() => fromSQLRow(none))).toBe("E_BAD_SUMMARY");
    const empty = fromSQLRow({ ...none, bs_sum: null, bs_hh: null, bs_hl: "0", bs_ll: null }).summary;
    expect([empty.count, empty.omitted]).toEqual([0, 2]);
  });

  it("fast rows: an overflowing engine sum is E_OVERFLOW, impossible sums E_BAD_SUMMARY, squares in the subnormal range E_UNDERFLOW", () => {
    const fast = { bs_rows: "4", bs_values: "4", bs_finite: "4", bs_nan: "0", bs_offset: 5, bs_s1: 1, bs_s2: 3 };
    const read = (patch: Record<string, unknown>) => code(() => fromSQLRow({ ...fast, ...patch }, { method: "fast" }));
    expect(read({})).toBe("none");
    for (const v of ["inf", "-Infinity", "nan", Number.POSITIVE_INFINITY, Number.NaN]) {
      expect(read({ bs_s2: v }), String(v)).toBe("E_OVERFLOW");
      expect(read({ bs_offset: v }), String(v)).toBe("E_OVERFLOW");
    }
    expect(read({ bs_s2: -5 })).toBe("E_BAD_SUMMARY");
    // (Σz)²/n = 1/4 > Σz²
    expect(read({ bs_s2: 1e-300 })).toBe("E_BAD_SUMMARY");
    // equal to (Σz)²/n: M2 0, not refused
    expect(fromSQLRow({ ...fast, bs_s1: 2, bs_s2: 1 }, { method: "fast" }).summary.m2).toBe(0);
    expect(read({ bs_offset: 2e-308, bs_s1: 0, bs_s2: 1e-310 })).toBe("E_UNDERFLOW");
    // Σz = Σz² = 0 around a tiny mean: deviations may have squared to 0
    expect(read({ bs_offset: 2e-308, bs_s1: 0, bs_s2: 0 })).toBe("E_UNDERFLOW");
    // … around 5 or 0 they cannot: every value equals the mean
    for (const offset of [5, 0]) {
      const s = fromSQLRow({ ...fast, bs_offset: offset, bs_s1: 0, bs_s2: 0 }, { method: "fast" }).summary;
      expect([s.mean, s.m2]).toEqual([offset, 0]);
    }
  });

  it("accepts decimal text with a zero fraction (NUMBER(38, 6) and the like)", () => {
    expect(fromSQLRow({ ...row, bs_hh: "2161727821137838080.000000" }).summary.mean).toBe(2.5);
  });
  // the one-pass row of 1, 2, 3, 4 (pivot 2, scale 1: X = 2x − 4 = −2, 0, 2, 4), a NaN and a NULL
  const onePass = {
    bs_rows: "6",
    bs_values: "5",
    bs_finite: "4",
    bs_outside: "1",
    bs_pivot: "4",
    bs_exponent: 1,
    bs_sum: "4",
    bs_squares: "24",
  };

  it("reads a one-pass row (scale, pivot): the moments of the grid, the nan policy, the values outside", () => {
    const s = fromSQLRow(onePass, { nan: "omit" }).summary;
    expect([s.count, s.mean, s.variance(), s.omitted]).toEqual([4, 2.5, 5 / 3, 2]);
    expect(code(() => fromSQLRow(onePass))).toBe("E_NAN");
    expect(Number.isNaN(fromSQLRow(onePass, { nan: "propagate" }).summary.mean)).toBe(true);
    const clean = { ...onePass, bs_rows: "5", bs_values: "4", bs_outside: null };
    expect(fromSQLRow(clean).summary.toJSON()).toEqual(fromSQLRow(row).summary.toJSON());
    // 2^53 per value outside the range (or infinite)
    const outside = { ...onePass, bs_rows: "7", bs_values: "6", bs_outside: String(2n ** 53n + 1n) };
    expect(code(() => fromSQLRow(outside, { nan: "omit" }))).toBe("E_PRECISION_LOSS");
    expect(code(() => fromSQLRow({ ...onePass, bs_outside: "2" }, { nan: "omit" }))).toBe("E_BAD_SUMMARY");
    expect(code(() => fromSQLRow({ ...onePass, bs_squares: "3" }, { nan: "omit" }))).toBe("E_BAD_SUMMARY");
    // one value with a spread, and sums beyond n integers of 31 bits
    const single = { ...onePass, bs_rows: "1", bs_values: "1", bs_finite: "1", bs_outside: null };
    expect(code(() => fromSQLRow({ ...single, bs_sum: "1", bs_squares: "1" }))).toBe("none");
    expect(code(() => fromSQLRow({ ...single, bs_sum: "1", bs_squares: "100" }))).toBe("E_BAD_SUMMARY");
    expect(code(() => fromSQLRow({ ...single, bs_sum: String(2n ** 32n), bs_squares: String(2n ** 64n) }))).toBe(
      "E_BAD_SUMMARY",
    );
    expect(code(() => fromSQLRow({ ...onePass, bs_exponent: 0.5 }, { nan: "omit" }))).toBe("E_BAD_SUMMARY");
    const { bs_pivot: _, ...missing } = onePass;
    expect(code(() => fromSQLRow(missing, { nan: "omit" }))).toBe("E_BAD_SUMMARY");
  });

  it("reads a wrapped one-pass row (ClickHouse): ΣX² modulo 2^64 and its double sum give the exact ΣX²", () => {
    // 5·10^6 values 2^31 − 1 and 5·10^6 values −(2^31 − 1): ΣX² = 10^7·(2^31 − 1)² ≈ 4.6e25, far past 2^64
    const n = 10_000_000n;
    const x = 2n ** 31n - 1n;
    const squares = n * x * x;
    const low = BigInt.asIntN(64, squares);
    // the double sum, off by the most its rounding allows in the direction that tests the unwrapping
    const approx = Number(squares) * (1 + Number(n) * 2 ** -53);
    const wrapped = {
      bs_rows: String(n),
      bs_values: String(n),
      bs_finite: String(n),
      bs_outside: "0",
      bs_pivot: "0",
      bs_exponent: 0,
      bs_sum: "0",
      bs_squares: String(low),
      bs_squares_f: approx,
    };
    const s = fromSQLRow(wrapped).summary;
    expect([s.count, s.mean, s.m2]).toEqual([Number(n), 0, Number(squares)]);
    // the unwrapped sum must lie within the rounding of the double sum (half a wrap away is refused;
    // a whole number of wraps away cannot be told from a true sum)
    expect(code(() => fromSQLRow({ ...wrapped, bs_squares_f: approx + 2 ** 63 }))).toBe("E_BAD_SUMMARY");
    expect(code(() => fromSQLRow({ ...wrapped, bs_squares_f: -1 }))).toBe("E_BAD_SUMMARY");
    expect(code(() => fromSQLRow({ ...wrapped, bs_squares: String(2n ** 64n) }))).toBe("E_BAD_SUMMARY");
    // up to 2^26 rows a group, else refused
    const big = { ...wrapped, bs_rows: String(2 ** 26 + 1) };
    expect(code(() => fromSQLRow(big))).toBe("E_PRECISION_LOSS");
    // a value outside (the NaN flag of the double sum): at least one
    const outside = { ...wrapped, bs_outside: String(2n ** 53n), bs_squares_f: 0 };
    expect(code(() => fromSQLRow(outside))).toBe("E_PRECISION_LOSS");
  });

  it("reads a one-pass fast row with bs_finite NULL (an infinite value, ClickHouse) per the nan policy", () => {
    const fast = {
      bs_rows: "4",
      bs_values: "3",
      bs_finite: null,
      bs_nan: "1",
      bs_offset: 0,
      bs_s1: Number.NaN,
      bs_s2: Number.NaN,
    };
    expect(code(() => fromSQLRow(fast, { method: "fast" }))).toBe("E_NAN");
    expect(code(() => fromSQLRow(fast, { method: "fast", nan: "omit" }))).toBe("E_INFINITE");
    const s = fromSQLRow(fast, { method: "fast", nan: "propagate" }).summary;
    expect([Number.isNaN(s.mean), s.omitted]).toEqual([true, 1]);
    expect(code(() => fromSQLRow({ ...fast, bs_nan: "4" }, { method: "fast" }))).toBe("E_BAD_SUMMARY");
  });
});

describe("fromPairSQLRow", () => {
  // the exact row of (x, y) = (1, 2), (3, 6) and a row with y NULL (DuckDB)
  const row = {
    arm: "b",
    bs_rows: "3",
    bs_pairs: "2",
    bs_finite: "2",
    bs_nan: "0",
    bs_x_offset: 0,
    bs_x_exponent: 59,
    bs_x_sum: "2305843009213693952",
    bs_x_hh: "720575940379279360",
    bs_x_hl: "0",
    bs_x_ll: "0",
    bs_y_offset: 0,
    bs_y_exponent: 58,
    bs_y_sum: "2305843009213693952",
    bs_y_hh: "720575940379279360",
    bs_y_hl: "0",
    bs_y_ll: "0",
    bs_xy_hh: "720575940379279360",
    bs_xy_hl: "0",
    bs_xy_ll: "0",
  };

  it("reads text, BigInt and safe numbers alike", () => {
    const a = fromPairSQLRow(row).summary;
    const b = fromPairSQLRow({
      ...row,
      bs_x_sum: 2305843009213693952n,
      bs_rows: 3,
      bs_xy_hh: 720575940379279360n,
    }).summary;
    expect(b.toJSON()).toEqual(a.toJSON());
    expect([a.count, a.meanX, a.meanY, a.varianceX(), a.varianceY(), a.covariance(), a.omitted]).toEqual([
      2, 2, 4, 2, 8, 4, 1,
    ]);
    expect(a.correlation()).toBe(1);
  });

  it("refuses a number beyond 2^53, a missing column, impossible sums and unknown options", () => {
    expect(code(() => fromPairSQLRow({ ...row, bs_y_sum: 2 ** 61 + 2 ** 55 }))).toBe("E_BAD_SUMMARY");
    const { bs_xy_ll: _, ...missing } = row;
    expect(code(() => fromPairSQLRow(missing))).toBe("E_BAD_SUMMARY");
    // |C| beyond √(M2x·M2y)
    expect(code(() => fromPairSQLRow({ ...row, bs_xy_hh: "720575940379279361" }))).toBe("E_BAD_SUMMARY");
    expect(code(() => fromPairSQLRow({ ...row, bs_x_hh: "0" }))).toBe("E_BAD_SUMMARY");
    expect(code(() => fromPairSQLRow({ ...row, bs_pairs: "4" }))).toBe("E_BAD_SUMMARY");
    expect(code(() => fromPairSQLRow({ ...row, bs_finite: "3" }))).toBe("E_BAD_SUMMARY");
    expect(code(() => fromPairSQLRow(row, { method: "fast" }))).toBe("E_BAD_SUMMARY");
    expect(code(() => fromPairSQLRow(row, { nan: "propagate" } as never))).toBe("E_BAD_ARGUMENT");
    expect(code(() => fromPairSQLRow(row, { dialect: "mysql" } as never))).toBe("E_BAD_ARGUMENT");
  });

  it("applies the nan policy to the NaN count and refuses ±Infinity", () => {
    const withNaN = { ...row, bs_rows: "4", bs_pairs: "3", bs_nan: "1" };
    expect(code(() => fromPairSQLRow(withNaN))).toBe("E_NAN");
    expect(fromPairSQLRow(withNaN, { nan: "omit" }).summary.omitted).toBe(2);
    expect(code(() => fromPairSQLRow({ ...row, bs_rows: "4", bs_pairs: "3" }, { nan: "omit" }))).toBe("E_INFINITE");
  });
});
