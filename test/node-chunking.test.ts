/**
 * Acceptance property: any chunking of the same bytes gives the same summary as reading them in
 * one piece — binary (at any alignment), text (LF/CRLF, blank lines, spaces, BOM) and CSV
 * (CRLF, quoted fields holding delimiters, quotes and line breaks) — and that summary is the
 * summary of the values written.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { summarize } from "../src/index.js";
import { type IngestOptions, summarizeStream } from "../src/node/index.js";
import { cutAt, f32Bytes, f64Bytes, quote, shifted, utf8 } from "./support/node-inputs.js";

const RUNS = { numRuns: 300 };

// Magnitudes below 1e-100 become 0: spreads that small have an M2 below the double range
// (E_UNDERFLOW, tested in summary-extremes.test.ts), which is not what chunking is about.
const finite = fc
  .double({ noNaN: true, noDefaultInfinity: true, min: -1e150, max: 1e150 })
  .map((v) => (Math.abs(v) < 1e-100 ? 0 : v));
const nearBig = fc.integer({ min: -1000, max: 1000 }).map((k) => 1e9 + k / 7);
const value = fc.oneof(finite, nearBig, fc.integer({ min: -5, max: 5 }));
const values = fc.array(value, { maxLength: 120 });
/** Cut positions as fractions of the length, so they land anywhere in inputs of any size. */
const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 });
const shifts = fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 13, maxLength: 13 });

/** Reads `bytes` in the chunks given by `fractions` (each copied to a misaligned place) and in one piece; both must match. */
async function sameEitherWay(bytes: Uint8Array, fractions: number[], offsets: number[], options: IngestOptions) {
  const positions = fractions.map((f) => Math.floor(f * bytes.length));
  const chunks = cutAt(bytes, positions).map((chunk, i) => shifted(chunk, offsets[i % offsets.length]!));
  const [pieces, whole] = await Promise.all([summarizeStream(chunks, options), summarizeStream([bytes], options)]);
  expect(pieces.summary.toJSON()).toEqual(whole.summary.toJSON());
  expect([pieces.records, pieces.skipped, pieces.bytes]).toEqual([whole.records, whole.skipped, whole.bytes]);
  return whole;
}

describe("any chunking gives the one-shot summary", () => {
  it("f64le", async () => {
    await fc.assert(
      fc.asyncProperty(values, cuts, shifts, async (xs, fractions, offsets) => {
        const whole = await sameEitherWay(f64Bytes(xs), fractions, offsets, { format: "f64le" });
        expect(whole.summary.toJSON()).toEqual(summarize(xs).toJSON());
      }),
      RUNS,
    );
  });

  it("f32le", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), { maxLength: 120 }),
        cuts,
        shifts,
        async (xs, fractions, offsets) => {
          const whole = await sameEitherWay(f32Bytes(xs), fractions, offsets, { format: "f32le" });
          expect(whole.summary.toJSON()).toEqual(summarize(Float64Array.from(Float32Array.from(xs))).toJSON());
        },
      ),
      RUNS,
    );
  });

  const eol = fc.constantFrom("\n", "\r\n");
  const pad = fc.constantFrom("", " ", "\t", "  ");
  const notation = fc.constantFrom("plain", "exp", "fixed") as fc.Arbitrary<"plain" | "exp" | "fixed">;

  /** A number as text, in one of several notations. */
  const written = (v: number, how: "plain" | "exp" | "fixed") =>
    how === "exp" ? v.toExponential() : how === "fixed" && Math.abs(v) < 1e15 ? v.toFixed(3) : String(v);

  const textLine = fc.record({ v: value, how: notation, before: pad, after: pad, eol, blankAfter: fc.boolean() });

  it("text, with LF/CRLF, spaces, blank lines and a BOM", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(textLine, { maxLength: 80 }),
        fc.boolean(),
        fc.boolean(),
        cuts,
        shifts,
        async (lines, bom, lastEol, fractions, offsets) => {
          let input = bom ? "\ufeff" : "";
          const numbers: number[] = [];
          lines.forEach((l, i) => {
            const text = written(l.v, l.how);
            numbers.push(Number(text));
            input += `${l.before}${text}${l.after}`;
            if (i < lines.length - 1 || lastEol) input += l.eol;
            if (l.blankAfter && i < lines.length - 1) input += `${l.before}${l.eol}`;
          });
          const whole = await sameEitherWay(utf8(input), fractions, offsets, { format: "text" });
          expect(whole.summary.toJSON()).toEqual(summarize(numbers).toJSON());
          expect(whole.records).toBe(numbers.length);
        },
      ),
      RUNS,
    );
  });

  const note = fc.string({ unit: fc.constantFrom("a", ",", '"', "\n", "\r\n", " ", "é"), maxLength: 8 });
  const csvRow = fc.record({ v: value, how: notation, quoted: fc.boolean(), note, eol });

  it("csv, with CRLF and quoted fields holding delimiters, quotes and line breaks", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(csvRow, { maxLength: 60 }),
        fc.constantFrom("value", 1),
        cuts,
        shifts,
        async (rows, column, fractions, offsets) => {
          let input = "id,value,note\r\n";
          const numbers: number[] = [];
          rows.forEach((r, i) => {
            const text = written(r.v, r.how);
            numbers.push(Number(text));
            input += `${i},${r.quoted ? quote(text) : text},${quote(r.note)}${r.eol}`;
          });
          const whole = await sameEitherWay(utf8(input), fractions, offsets, { format: "csv", column });
          expect(whole.summary.toJSON()).toEqual(summarize(numbers).toJSON());
          expect(whole.records).toBe(numbers.length);
        },
      ),
      RUNS,
    );
  });

  it("csv and text with invalid records skipped: the same skips, at the same lines", async () => {
    const row = fc.oneof(
      value.map((v) => ({ text: String(v), ok: true })),
      fc.constantFrom("x", "1,5", "--", '"', '""1').map((text) => ({ text, ok: false })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 60 }), cuts, shifts, async (fields, fractions, offsets) => {
        for (const format of ["text", "csv"] as const) {
          const input =
            format === "csv"
              ? `v\r\n${fields.map((f) => `${quote(f.text)}\r\n`).join("")}`
              : fields.map((f) => `${f.text}\r\n`).join("");
          const options: IngestOptions = { format, skipInvalid: true, ...(format === "csv" ? { column: "v" } : {}) };
          const whole = await sameEitherWay(utf8(input), fractions, offsets, options);
          const chunks = cutAt(
            utf8(input),
            fractions.map((f) => Math.floor(f * input.length)),
          );
          const pieces = await summarizeStream(chunks, options);
          expect(pieces.skippedRecords).toEqual(whole.skippedRecords);
          const header = format === "csv" ? 1 : 0;
          const invalid = fields.flatMap((f, i) => (f.ok ? [] : [{ line: i + 1 + header, text: f.text }]));
          expect(whole.skippedRecords.map(({ line, text }) => ({ line, text }))).toEqual(invalid.slice(0, 10));
          expect([whole.records, whole.skipped]).toEqual([fields.length, invalid.length]);
        }
      }),
      { numRuns: 150 },
    );
  });
});
