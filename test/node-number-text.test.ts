/**
 * The text number grammar: exactly Number()'s value (correctly rounded, sign of zero included)
 * for everything it accepts, through the fast path and the fallback alike; and what it refuses.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NOT_A_NUMBER, parseNumberBytes } from "../src/node/decoders/number-text.js";

/** Parses `text` lying inside a longer buffer, as in a chunk. */
const parse = (text: string) => {
  const bytes = Buffer.from(`<${text}>`, "utf8");
  return parseNumberBytes(bytes, 1, bytes.length - 1);
};

describe("parseNumberBytes", () => {
  const digits = (max: number) => fc.string({ unit: fc.constantFrom(..."0123456789"), maxLength: max });
  const decimal = fc
    .record({
      sign: fc.constantFrom("", "+", "-"),
      int: digits(20),
      frac: fc.option(digits(20)),
      exp: fc.option(
        fc.record({
          e: fc.constantFrom("e", "E"),
          sign: fc.constantFrom("", "+", "-"),
          digits: digits(4).filter((d) => d !== ""),
        }),
      ),
      pad: fc.constantFrom("", " ", "\t "),
    })
    .filter((r) => r.int !== "" || (r.frac !== null && r.frac !== ""))
    .map((r) => {
      const body = `${r.sign}${r.int}${r.frac === null ? "" : `.${r.frac}`}${r.exp === null ? "" : `${r.exp.e}${r.exp.sign}${r.exp.digits}`}`;
      return { text: `${r.pad}${body}${r.pad}`, body };
    });

  it("gives Number()'s value for every decimal it accepts", () => {
    fc.assert(
      fc.property(decimal, ({ text, body }) => {
        expect(Object.is(parse(text), Number(body))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it("reads every double back from its shortest text, and from 15 and 17 digits", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        for (const text of [
          String(x),
          x.toPrecision(15),
          x.toPrecision(17),
          x.toExponential(),
          x.toFixed(Math.abs(x) < 1e21 ? 6 : 0),
        ]) {
          expect(Object.is(parse(text), Number(text))).toBe(true);
        }
      }),
      { numRuns: 20_000 },
    );
  });

  it("reads the edge cases of the fast path exactly", () => {
    for (const text of [
      "999999999999999",
      "9999999999999999",
      "123456789012345e22",
      "123456789012345e23",
      "1e-22",
      "1e-23",
      "0.1",
      "-0",
      "-0.0e5",
      "0e999",
      "4.9e-324",
      "1.7976931348623157e308",
      "1e309",
      "-1e309",
      "000000000000000000001.5",
      "9007199254740993",
    ]) {
      expect(Object.is(parse(text), Number(text)), text).toBe(true);
    }
  });

  it("reads NaN and infinities in any case, with a sign", () => {
    expect(parse("NaN")).toBeNaN();
    expect(parse("-nan")).toBeNaN();
    expect(parse("inf")).toBe(Number.POSITIVE_INFINITY);
    expect(parse("-Infinity")).toBe(Number.NEGATIVE_INFINITY);
    expect(parse("+INF")).toBe(Number.POSITIVE_INFINITY);
  });

  it("refuses everything else", () => {
    for (const text of [
      "",
      " ",
      ".",
      "+",
      "-",
      "e5",
      ".e5",
      "1e",
      "1e+",
      "1.2.3",
      "1,5",
      "0x10",
      "0b1",
      "1_000",
      "12ms",
      "1 2",
      "--1",
      "+-1",
      "∞",
      "Infinityx",
      "nana",
      "1e5.5",
      "١٢",
    ]) {
      expect(parse(text), JSON.stringify(text)).toBe(NOT_A_NUMBER);
    }
  });
});
