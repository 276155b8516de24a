/**
 * summarizeStream: every format, every kind of source, the records/skips accounting, and each
 * way an input can be bad (the error's code, location and text).
 */
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { Accumulator, type BatchStatsError, summarize } from "../src/index.js";
import { IngestError, type IngestOptions, summarizeStream } from "../src/node/index.js";
import { cutAt, everyN, f32Bytes, f64Bytes, shifted, utf8 } from "./support/node-inputs.js";
import { rejectionOf } from "./support/rejection.js";

const text = (chunks: (string | Uint8Array)[], options: Partial<IngestOptions> = {}) =>
  summarizeStream(chunks, { format: "text", ...options });
const csv = (chunks: (string | Uint8Array)[], options: Partial<IngestOptions> = {}) =>
  summarizeStream(chunks, { format: "csv", ...options });

/** The IngestError a promise rejects with. */
const failure = (promise: Promise<unknown>) => rejectionOf(promise, IngestError);

describe("text", () => {
  it("reads one number per line, in every decimal notation", async () => {
    const input = "1\n-2.5\n+3e2\n.5\n4.\n-0\n 7 \t\n1E-3\n";
    const r = await text([input]);
    const values = [1, -2.5, 300, 0.5, 4, -0, 7, 0.001];
    expect(r.summary.toJSON()).toEqual(summarize(values).toJSON());
    expect(r).toMatchObject({ records: 8, skipped: 0, skippedRecords: [], bytes: input.length });
  });

  it("takes LF and CRLF, a last line without a break, blank lines and a byte order mark", async () => {
    const r = await text(["\ufeff1\r\n\r\n2\n   \n\t\n3"]);
    expect(r.summary.toJSON()).toEqual(summarize([1, 2, 3]).toJSON());
    expect(r.records).toBe(3); // blank lines are not records
  });

  it("is the same whatever the chunks, even a CR cut from its LF", async () => {
    const whole = utf8("10\r\n20\r\n30\r\n");
    const expected = (await text([whole])).summary.toJSON();
    for (let a = 0; a <= whole.length; a++) {
      for (let b = a; b <= whole.length; b++) {
        expect((await text(cutAt(whole, [a, b]))).summary.toJSON()).toEqual(expected);
      }
    }
    expect((await text(everyN(whole, 1))).summary.toJSON()).toEqual(expected);
  });

  it("refuses what Number() would quietly accept", async () => {
    for (const bad of ["0x10", "1_000", "12ms", "1e", "e5", ".", "+", "1 2", "--1", "1,5", "∞", "Infinityx", "null"]) {
      const e = await failure(text([`1\n${bad}\n`], { name: "in.txt" }));
      expect(e.code).toBe("E_PARSE");
      expect(e.line).toBe(2);
      expect(e.text).toBe(bad);
      expect(e.message).toBe(
        `in.txt, line 2: ${JSON.stringify(bad)} is not a number (use skipInvalid, or --skip-invalid, to skip such records)`,
      );
    }
  });

  it("names the line of a bad record in a stream cut anywhere, counting blank lines", async () => {
    const bytes = utf8("1\n\n2\r\n3x\n4\n");
    for (let cut = 0; cut <= bytes.length; cut++) {
      const e = await failure(text(cutAt(bytes, [cut])));
      expect([e.code, e.line, e.text, e.input]).toEqual(["E_PARSE", 4, "3x", "<stream>"]);
    }
  });

  it("shows non-ASCII text as it was written", async () => {
    const e = await failure(text([utf8("1\n12 µs\n")]));
    expect(e.text).toBe("12 µs");
  });

  it("skips bad records with skipInvalid, and accounts for every record", async () => {
    const lines = ["1", "x1", "2", "", "n/a", "3"];
    for (let i = 0; i < 30; i++) lines.push(i % 3 === 0 ? `bad${i}` : String(i));
    const r = await text([lines.join("\n")], { skipInvalid: true });
    expect(r.skipped).toBe(12);
    expect(r.skippedRecords).toHaveLength(10);
    expect(r.skippedRecords[0]).toEqual({ line: 2, text: "x1", reason: '"x1" is not a number' });
    expect(r.skippedRecords.map((s) => s.line)).toEqual([2, 5, 7, 10, 13, 16, 19, 22, 25, 28]);
    expect(r.records).toBe(r.summary.count + r.summary.omitted + r.skipped);
    expect(r.summary.count).toBe(23);
  });

  it("raises on NaN text by default, and omits it (counted) with nan: omit", async () => {
    const e = await failure(text(["1\nnan\n2\n"]));
    expect([e.code, e.line, e.text]).toEqual(["E_NAN", 2, "nan"]);
    const r = await text(["1\nNaN\n2\n-nan\n"], { nan: "omit" });
    expect(r.summary.count).toBe(2);
    expect(r.summary.omitted).toBe(2);
    expect(r.records).toBe(4);
  });

  it("stops on ±Infinity, written or overflowing, even with skipInvalid", async () => {
    for (const inf of ["inf", "-Infinity", "1e999"]) {
      const e = await failure(text([`1\n${inf}\n`], { skipInvalid: true, nan: "omit" }));
      expect([e.code, e.line, e.text]).toEqual(["E_INFINITE", 2, inf]);
    }
  });

  it("refuses a line of more than 1 MiB (binary data read as text) without holding more", async () => {
    const e = await failure(text([new Uint8Array(600_000).fill(49), new Uint8Array(600_000).fill(50)]));
    expect([e.code, e.line]).toEqual(["E_FORMAT", 1]);
  });
});

describe("f64le and f32le", () => {
  const values = Float64Array.from({ length: 1000 }, (_, i) => 1e9 + Math.sin(i));

  it("gives the summary of the values, whatever the chunks and their alignment", async () => {
    const bytes = f64Bytes(values);
    const expected = summarize(values).toJSON();
    for (const chunks of [[bytes], everyN(bytes, 7), everyN(bytes, 4096), cutAt(bytes, [1, 9, 8000 - 3])]) {
      const r = await summarizeStream(
        chunks.map((c, i) => shifted(c, i % 8)),
        { format: "f64le" },
      );
      expect(r.summary.toJSON()).toEqual(expected);
      expect(r.records).toBe(1000);
      expect(r.bytes).toBe(8000);
    }
  });

  it("takes Float64Array chunks as values", async () => {
    const r = await summarizeStream([values.subarray(0, 10), values.subarray(10)], { format: "f64le" });
    expect(r.summary.toJSON()).toEqual(summarize(values).toJSON());
  });

  it("widens f32 exactly", async () => {
    const f32 = Float32Array.from(values.subarray(0, 100), (v) => v - 1e9);
    const r = await summarizeStream(everyN(f32Bytes(f32), 3), { format: "f32le" });
    expect(r.summary.toJSON()).toEqual(summarize(Float64Array.from(f32)).toJSON());
  });

  it("cuts batches at fixed positions, so a long input equals 64 Ki-value pushes", async () => {
    const long = Float64Array.from({ length: 200_000 }, (_, i) => Math.cos(i) * 1e3);
    const acc = new Accumulator();
    for (let i = 0; i < long.length; i += 65536) acc.push(long.subarray(i, i + 65536));
    const r = await summarizeStream(everyN(f64Bytes(long), 100_003), { format: "f64le" });
    expect(r.summary.toJSON()).toEqual(acc.summary().toJSON());
  });

  it("refuses a length that is not a whole number of values", async () => {
    const e = await failure(summarizeStream([f64Bytes([1, 2]), new Uint8Array(3)], { format: "f64le", name: "x.f64" }));
    expect([e.code, e.offset]).toEqual(["E_FORMAT", 16]);
    expect(e.message).toMatch(/^x\.f64, byte 16: the input is 19 bytes, not a multiple of 8/);
  });

  it("names the index and byte offset of a NaN, and omits NaNs on request", async () => {
    const data = Float64Array.from({ length: 70_000 }, (_, i) => i);
    data[69_999] = Number.NaN;
    const e = await failure(summarizeStream([f64Bytes(data)], { format: "f64le" }));
    expect([e.code, e.index, e.offset]).toEqual(["E_NAN", 69_999, 8 * 69_999]);
    const r = await summarizeStream([f64Bytes(data)], { format: "f64le", nan: "omit" });
    expect([r.summary.count, r.summary.omitted, r.records]).toEqual([69_999, 1, 70_000]);
  });

  it("stops on ±Infinity", async () => {
    const e = await failure(
      summarizeStream([f64Bytes([1, Number.NEGATIVE_INFINITY])], { format: "f64le", nan: "omit" }),
    );
    expect([e.code, e.index]).toEqual(["E_INFINITE", 1]);
  });
});

describe("csv", () => {
  const file =
    'id,latency,note\r\n1,10,"plain"\r\n2,"20","with, comma"\r\n3,30,"two\r\nlines"\r\n4,40,"say ""hi"""\r\n';

  it("reads a column by name or index, through quotes, delimiters and line breaks in fields", async () => {
    for (const column of ["latency", 1] as const) {
      const r = await csv([file], { column });
      expect(r.summary.toJSON()).toEqual(summarize([10, 20, 30, 40]).toJSON());
      expect(r.records).toBe(4);
    }
  });

  it("detects a header by its field (an index), or is told", async () => {
    expect((await csv(["a\n1\n2\n"])).summary.count).toBe(2);
    expect((await csv(["1\n2\n"])).summary.count).toBe(2);
    expect((await csv(["5\n1\n2\n"], { header: true })).summary.count).toBe(2);
    const e = await failure(csv(["a\n1\n"], { header: false }));
    expect([e.code, e.line, e.column]).toEqual(["E_PARSE", 1, 0]);
  });

  it("takes other delimiters", async () => {
    expect((await csv(["x;y\n1;2\n3;4\n"], { column: "y", delimiter: ";" })).summary.mean).toBe(3);
    expect((await csv(["x\ty\n1\t2\n"], { column: 1, delimiter: "\t" })).summary.mean).toBe(2);
  });

  it("names the line a bad record starts on, its column and the text", async () => {
    const e = await failure(csv([`${file}5,"fifty",x\r\n`], { column: "latency", name: "t.csv" }));
    expect([e.code, e.line, e.column, e.columnName, e.text]).toEqual(["E_PARSE", 7, 1, "latency", "fifty"]);
    expect(e.message).toMatch(/^t\.csv, line 7, column 1 \("latency"\): "fifty" is not a number/);
  });

  it("treats a short record, an empty field and text after a closing quote as invalid records", async () => {
    const r = await csv(['a,b\n1,2\n3\n4,\n5,"6"x\n7,8\n'], { column: "b", skipInvalid: true });
    expect(r.summary.toJSON()).toEqual(summarize([2, 8]).toJSON());
    expect(r.skippedRecords).toEqual([
      { line: 3, column: 1, reason: "the record has 1 field(s), so no column 1" },
      { line: 4, column: 1, text: "", reason: "an empty field is not a number" },
      { line: 5, column: 1, text: '"6"x', reason: '"\\"6\\"x" is not a number' },
    ]);
    expect(r.records).toBe(5);
  });

  it("refuses a column name that is not in the header, listing the header", async () => {
    const e = await failure(csv(["a,b\n1,2\n"], { column: "c" }));
    expect(e.code).toBe("E_FORMAT");
    expect(e.message).toBe('<stream>, line 1: there is no column "c"; the header has "a", "b"');
  });

  it("refuses a quote left open at the end, naming the line the record starts on", async () => {
    const e = await failure(csv(['a\n1\n"2\n3\n']));
    expect([e.code, e.line]).toEqual(["E_PARSE", 3]);
  });

  it("ignores blank lines and a byte order mark cut across chunks", async () => {
    const bytes = utf8("\ufeffv\n\n1\r\n  \n2\n");
    for (let cut = 0; cut <= bytes.length; cut++) {
      const r = await csv(cutAt(bytes, [cut, 1, 2]), { column: "v" });
      expect([r.summary.count, r.summary.mean, r.records]).toEqual([2, 1.5, 2]);
    }
  });
});

describe("sources", () => {
  it("reads a Readable, an async generator, and strings", async () => {
    const expected = summarize([1, 2, 3]).toJSON();
    expect(
      (
        await summarizeStream(Readable.from([Buffer.from("1\n2"), Buffer.from("\n3")]), { format: "text" })
      ).summary.toJSON(),
    ).toEqual(expected);
    async function* gen() {
      yield "1\n";
      yield utf8("2\n3");
    }
    expect((await summarizeStream(gen(), { format: "text" })).summary.toJSON()).toEqual(expected);
  });

  it("pulls one chunk at a time, and destroys a Readable it stops reading", async () => {
    let produced = 0;
    const source = new Readable({
      highWaterMark: 1,
      objectMode: true,
      read() {
        produced++;
        this.push(produced === 5 ? "oops\n" : `${produced}\n`);
      },
    });
    const e = await failure(summarizeStream(source, { format: "text" }));
    expect(e.line).toBe(5);
    expect(produced).toBeLessThanOrEqual(7); // not read ahead beyond the stream's own buffer
    expect(source.destroyed).toBe(true);
  });

  it("reports a failing source as E_IO naming the input", async () => {
    const source = new Readable({
      read() {
        this.destroy(new Error("disk on fire"));
      },
    });
    const e = await failure(summarizeStream(source, { format: "text", name: "log.txt" }));
    expect(e.code).toBe("E_IO");
    expect(e.message).toBe("log.txt: reading failed: disk on fire");
  });

  it("refuses what is not a source or a chunk, and bad options", async () => {
    const code = (p: Promise<unknown>) =>
      p.then(
        () => "ok",
        (e: BatchStatsError) => e.code,
      );
    expect(await code(summarizeStream("1\n2" as never, { format: "text" }))).toBe("E_BAD_ARGUMENT");
    expect(await code(summarizeStream(["1"], { format: "f64le" }))).toBe("E_BAD_ARGUMENT");
    expect(await code(summarizeStream([new Float64Array(1)], { format: "text" }))).toBe("E_BAD_ARGUMENT");
    expect(await code(summarizeStream([], { format: "json" as never }))).toBe("E_BAD_ARGUMENT");
    expect(await code(summarizeStream([], {} as never))).toBe("E_BAD_ARGUMENT");
    expect(await code(summarizeStream([], { format: "csv", column: -1 }))).toBe("E_BAD_ARGUMENT");
    expect(await code(summarizeStream([], { format: "csv", column: "a", header: false }))).toBe("E_BAD_ARGUMENT");
    expect(await code(summarizeStream([], { format: "csv", delimiter: '"' }))).toBe("E_BAD_ARGUMENT");
    expect(await code(summarizeStream([], { format: "text", nan: "propagate" as never }))).toBe("E_BAD_ARGUMENT");
  });

  it("gives the empty summary for an empty input", async () => {
    for (const format of ["f64le", "f32le", "text", "csv"] as const) {
      const r = await summarizeStream([], { format });
      expect([r.summary.count, r.records, r.bytes]).toEqual([0, 0, 0]);
    }
  });
});
