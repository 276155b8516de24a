/**
 * The calculator's CSV reader (web/csv.js), in Node: records and their line numbers whatever
 * the chunking, quotes, line ends and blank lines; strict numbers; delimiter and header sniffing.
 */
import { describe, expect, it } from "vitest";
import { CsvError, CsvParser, detectDelimiter, readNumber, sniff } from "../../web/csv.js";

/** Parses `text` fed in pieces of `size` characters. */
function parse(text: string, size = Number.POSITIVE_INFINITY, delimiter = ","): [string[], number][] {
  const records: [string[], number][] = [];
  const parser = new CsvParser({ delimiter, onRecord: (fields, line) => records.push([fields, line]) });
  for (let i = 0; i < text.length; i += size) parser.push(text.slice(i, i + size));
  parser.end();
  return records;
}

const SAMPLE = 'id,name,value\r\n1,"Smith, J.",2.5\r\n\r\n2,"say ""hi""",3\n3,"two\nlines",4\r5,,6\n7,last,8';

const EXPECTED: [string[], number][] = [
  [["id", "name", "value"], 1],
  [["1", "Smith, J.", "2.5"], 2],
  [["2", 'say "hi"', "3"], 4],
  [["3", "two\nlines", "4"], 5],
  [["5", "", "6"], 7],
  [["7", "last", "8"], 8],
];

describe("CsvParser", () => {
  it.each([1, 2, 3, 5, 7, 1000])("gives the same records and line numbers in chunks of %i", (size) => {
    expect(parse(SAMPLE, size)).toEqual(EXPECTED);
  });

  it("keeps a trailing empty field and ignores a final line end", () => {
    expect(parse("a,b,\n1,2,\n")).toEqual([
      [["a", "b", ""], 1],
      [["1", "2", ""], 2],
    ]);
  });

  it("reports a quote never closed at the line where it opens", () => {
    expect(() => parse('a,b\n1,"open\n2,3\n')).toThrow(CsvError);
    expect(() => parse('a,b\n1,"open\n2,3\n')).toThrow(/^line 2: a quoted field is never closed/);
  });

  it("splits on another delimiter", () => {
    expect(parse("a;b\n1,5;2\n", 3, ";")).toEqual([
      [["a", "b"], 1],
      [["1,5", "2"], 2],
    ]);
  });
});

describe("readNumber", () => {
  it("reads decimal numbers and nothing else", () => {
    expect(readNumber(" 2.5 ")).toBe(2.5);
    expect(readNumber("-1e-3")).toBe(-0.001);
    expect(readNumber(".5")).toBe(0.5);
    expect(readNumber("")).toBeNull();
    for (const bad of ["0x10", "NaN", "Infinity", "1,5", "abc", "1 2", "--1"]) expect(readNumber(bad)).toBeUndefined();
    expect(readNumber("1,5", true)).toBe(1.5);
  });

  it("gives back exactly the double that String() wrote", () => {
    for (const x of [0.1, 1 / 3, 1e9 + 0.123456789, -2.2250738585072014e-308, 5e-324])
      expect(readNumber(String(x))).toBe(x);
  });
});

describe("sniff", () => {
  it("finds the delimiter, the header, the numeric columns and a column to offer", () => {
    expect(detectDelimiter('a;"b;c";d\n1;"2;3";4')).toBe(";");
    expect(detectDelimiter("a,b\n1,2;3\n4,5")).toBe(",");
    expect(detectDelimiter("a\tb\tc")).toBe("\t");
    const s = sniff("user_id,variant,revenue,sessions\n1,A,2.5,3\n2,B,,4\n3,A,7", true);
    expect(s).toMatchObject({ delimiter: ",", hasHeader: true, suggested: 2 });
    expect(s.columns).toEqual(["user_id", "variant", "revenue", "sessions"]);
    expect(s.numeric).toEqual([true, false, true, true]);
  });

  it("names the columns of a file without a header, and reads decimal commas after ';'", () => {
    const s = sniff("1;2,5\n2;3,5\n", true);
    expect(s).toMatchObject({ delimiter: ";", decimalComma: true, hasHeader: false, suggested: 0 });
    expect(s.columns).toEqual(["column 1", "column 2"]);
  });

  it("ignores a record cut off by the end of a preview", () => {
    expect(sniff("a,b\n1,2\n3,4\n5,", false).columns).toEqual(["a", "b"]);
  });
});
