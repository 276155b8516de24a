/**
 * The CSV decoder's fields do not depend on where its input is cut: every record, field and line
 * number it hands on is the same whether the bytes come in one piece, one byte at a time, or cut
 * anywhere — inside quoted fields holding CR, LF, CRLF, delimiters and doubled quotes, between the
 * CR and LF of a line break inside or outside quotes, and inside the byte order mark.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Carry } from "../src/node/decoders/byte-carry.js";
import { CsvDecoder, type CsvSink } from "../src/node/decoders/csv-decoder.js";
import { resolveIngestOptions } from "../src/node/ingest-options.js";
import { cutAt, everyN, quote, utf8 } from "./support/node-inputs.js";

/** One record as the sink is given it: its line, its field count and the two wanted fields (as text). */
type Seen = [line: number, fields: number, x: string | undefined, y: string | undefined];

/** Every record the decoder hands on for `chunks` (columns 0 and 1, no header). */
function decode(chunks: Uint8Array[]): Seen[] {
  const seen: Seen[] = [];
  const text = (field: Carry | undefined) =>
    field === undefined ? undefined : new TextDecoder().decode(field.bytes.subarray(0, field.length));
  const sink: CsvSink = {
    columnsFound: () => undefined,
    record: (line, fields, count) => {
      seen.push([line, count, text(fields[0]), text(fields[1])]);
    },
  };
  const options = { ...resolveIngestOptions({ format: "csv", column: 0, header: false }), covariate: 1 };
  const decoder = new CsvDecoder(sink, options);
  for (const chunk of chunks) decoder.write(chunk);
  decoder.end();
  return seen;
}

/** Field text rich in what chunk boundaries can break: line breaks, quotes, delimiters. */
const fieldText = fc
  .array(fc.constantFrom("1", "a", " ", ",", '"', "\r", "\n", "\r\n", "é"), { maxLength: 6 })
  .map((parts) => parts.join(""));
/** A field written as CSV: quoted when its text needs it (or at random), else as it is. */
const field = fc
  .tuple(fieldText, fc.boolean())
  .map(([text, quoted]) => (quoted || /[",\r\n]/.test(text) || text.trim() === "" ? quote(text) : text));
const record = fc.array(field, { minLength: 2, maxLength: 4 }).map((fields) => fields.join(","));
const csv = fc
  .tuple(
    fc.array(fc.tuple(record, fc.constantFrom("\n", "\r\n", "\r")), { minLength: 1, maxLength: 6 }),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([records, bom, lastBreak]) => {
    const body = records.map(([r, eol], k) => (k < records.length - 1 || lastBreak ? r + eol : r)).join("");
    return utf8((bom ? "\uFEFF" : "") + body);
  });
const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 10 });

describe("CSV fields do not depend on the chunking", () => {
  it("a CRLF inside a quoted field cut between its CR and its LF keeps both", () => {
    const bytes = utf8('"a\r\nb",1\r\n"c",2\r\n');
    const whole = decode([bytes]);
    expect(whole).toEqual([
      [1, 2, "a\r\nb", "1"],
      [3, 2, "c", "2"],
    ]);
    expect(decode(cutAt(bytes, [3]))).toEqual(whole); // '"a\r' | '\nb",1…'
  });

  it("cut at random places, or at every byte, the fields and lines are those of the whole input", () => {
    fc.assert(
      fc.property(csv, cuts, (bytes, fractions) => {
        const whole = decode([bytes]);
        expect(
          decode(
            cutAt(
              bytes,
              fractions.map((f) => Math.floor(f * bytes.length)),
            ),
          ),
        ).toEqual(whole);
        expect(decode(everyN(bytes, 1))).toEqual(whole);
      }),
      { numRuns: 500 },
    );
  });

  it("the fields are those written", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fieldText, fieldText), { minLength: 1, maxLength: 5 }), (rows) => {
        const bytes = utf8(rows.map(([x, y]) => `${quote(x)},${quote(y)}\r\n`).join(""));
        const got = decode(everyN(bytes, 1)).map(([, , x, y]) => [x, y]);
        expect(got).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });
});
