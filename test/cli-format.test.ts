/**
 * The pieces of the command line that run in-process: how the report prints probabilities and
 * levels (never a rounding to 0, 1, 0 % or 100 % that is not exact), how summary inputs are cut
 * into JSON values, and the usage error for a CSV whose column must be chosen.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { columnChoice } from "../src/cli/column-choice.js";
import { FORMAT_NAMES } from "../src/cli/input-options.js";
import { jsonValues } from "../src/cli/json-values.js";
import { percent, probability } from "../src/cli/number-format.js";
import { BatchStatsError } from "../src/errors.js";
import { FORMATS } from "../src/node/index.js";

/** The value a printed percentage stands for, as a fraction (decimal shift by string, then one rounding). */
function fromPercent(text: string): number {
  expect(text).toMatch(/^(\d+(\.\d+)?|\d(\.\d+)?e-\d+)%$/);
  const [mantissa, exponent = "0"] = text.slice(0, -1).split("e");
  return Number(`${mantissa}e${Number(exponent) - 2}`);
}

describe("percent: a confidence level as a percentage", () => {
  it.each([
    [0.95, "95%"],
    [0.5, "50%"],
    [0.999, "99.9%"],
    [0.999999999999, "99.9999999999%"],
    [0.9999999999999999, "99.99999999999999%"],
    [1e-9, "0.0000001%"],
    [0.0123, "1.23%"],
    [5e-324, "5e-322%"],
  ])("%d → %s", (level, text) => {
    expect(percent(level)).toBe(text);
  });

  it("reads back as the same level and is never 0 % or 100 % (any level strictly between 0 and 1)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true, minExcluded: true, maxExcluded: true }), (level) => {
        const text = percent(level);
        expect(text).not.toBe("100%");
        expect(text).not.toBe("0%");
        expect(fromPercent(text)).toBe(level); // the shortest decimal of the level, moved two places
      }),
      { numRuns: 2000 },
    );
  });
});

describe("probability: a p-value", () => {
  it("has 6 significant digits where they say what p is", () => {
    expect(probability(0.04086281234, Math.log10(0.04086281234))).toBe("0.0408628");
    expect(probability(1, 0)).toBe("1");
  });

  it("never prints 1 for p < 1, with as few digits as tell it from 1", () => {
    const p = 1 - 2.7e-11;
    const text = probability(p, Math.log10(p));
    expect(text).toBe("0.99999999997"); // 11 digits: 10 would round to 1
    expect(probability(1 - 2 ** -53, Math.log10(1 - 2 ** -53))).toBe("0.9999999999999999");
  });

  it("below the normal double range, prints p from log10 p", () => {
    expect(probability(0, -782.92)).toBe(`${Number((10 ** 0.08).toPrecision(6))}e-783`); // 1.20226e-783
    expect(probability(0, -1000)).toBe("1e-1000");
    expect(probability(0, -999.9999999999)).toBe("1e-1000"); // the mantissa rounds to 10: carried
    const subnormal = 3e-320; // p itself has only ~11 significant bits left
    expect(probability(subnormal, Math.log10(3) - 320)).toBe("3e-320");
  });

  it("never prints 0 or 1 unless p is exactly that, and reads back within 6 digits", () => {
    fc.assert(
      fc.property(fc.double({ min: 2 ** -1022, max: 1, noNaN: true, maxExcluded: true }), (p) => {
        const text = probability(p, Math.log10(p));
        const shown = Number(text);
        expect(shown > 0 && shown < 1).toBe(true);
        // 6 significant digits at least: relative error ≤ 5e-6 (half a unit in the 6th digit).
        expect(Math.abs(shown - p)).toBeLessThanOrEqual(5e-6 * p);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("jsonValues: summary inputs cut into JSON values", () => {
  async function values(chunks: string[], max?: number) {
    const out = [];
    for await (const v of jsonValues(chunks, "in.json", max)) out.push(v);
    return out;
  }

  it("reads NDJSON, values over many lines and chunks, concatenated values and byte-order marks", async () => {
    expect(await values(['\uFEFF{"a":1}\r\n', "\n", '  [{"b":"}\\"]"}', ',{"c":\n2}]{"d":3}\uFEFF{"e":4}'])).toEqual([
      { text: '{"a":1}', line: 1 },
      { text: '[{"b":"}\\"]"},{"c":\n2}]', line: 3 },
      { text: '{"d":3}', line: 4 },
      { text: '{"e":4}', line: 4 },
    ]);
  });

  it("says where text that cannot start a summary is, and a value cut off at the end", async () => {
    await expect(values(['{"a":1}\n', "\n3\n"])).rejects.toThrow(
      /^in\.json, line 3: invalid summary: not a JSON object or array: found "3\\n"/,
    );
    await expect(values(['{"a":1}\n', '{"b":\n'])).rejects.toThrow(/^in\.json, line 2: .*cut off by the end/);
    await expect(values(["\0\0"])).rejects.toThrow(/found binary data \(byte 0x00\)/);
  });

  it("refuses a value longer than the cap with E_FORMAT, without holding more than the cap", async () => {
    const error = await values(["\n[", "1,".repeat(30), "1]"], 50).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchStatsError);
    expect(error).toMatchObject({
      code: "E_FORMAT",
      message: expect.stringMatching(/^in\.json, line 2: a JSON value longer than 50/),
    });
    expect(await values(["[", "1,".repeat(20), "1]"], 50)).toHaveLength(1); // 43 characters: under the cap
  });
});

describe("the command line's list of formats", () => {
  it("is the library's", () => {
    expect(FORMAT_NAMES).toEqual(FORMATS);
  });
});

describe("columnChoice: a CSV whose column must be chosen", () => {
  const libraryError = (columns: unknown) =>
    Object.assign(
      new BatchStatsError("E_BAD_ARGUMENT", "data.csv has 3 columns: options.column must say which", {
        field: "options.column",
      }),
      { columns },
    );

  it("lists the columns with their indexes and says how to choose, on one line", () => {
    const e = columnChoice(libraryError(["id", "latency ms", "ok"]), "data.csv") as BatchStatsError;
    expect(e).toBeInstanceOf(BatchStatsError);
    expect([e.code, e.message]).toEqual([
      "E_BAD_ARGUMENT",
      'data.csv: the CSV has 3 columns: 0 "id", 1 "latency ms", 2 "ok"; choose one with --column <name|index>, e.g. --column "ok" or --column 2',
    ]);
  });

  it("reads `columns` defensively, and leaves other errors alone", () => {
    for (const columns of [undefined, "id,ms", [1, 2], []]) {
      const e = columnChoice(libraryError(columns), "data.csv") as BatchStatsError;
      expect(e.message).toBe("--column: data.csv has 3 columns: options.column must say which");
    }
    const names = Array.from({ length: 25 }, (_, i) => `c${i}\n`);
    const many = (columnChoice(libraryError(names), "x.csv") as BatchStatsError).message;
    expect(many).toMatch(/19 "c19\\n", … \(5 more\); choose one/);
    expect(many).not.toMatch(/\n/);
    const other = new BatchStatsError("E_PARSE", "x");
    expect(columnChoice(other, "x.csv")).toBe(other);
  });
});
