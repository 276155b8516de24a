/**
 * The input rules of summarizeStream against hostile input: line ends of every kind and any
 * chunking, caps on lines, fields, records and headers (fast, flat memory), strict options,
 * column choice, value errors that name their line, gzip, printable error texts, and the
 * browser-safe module graph of batchstats/ingest.
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BatchStatsError } from "../src/errors.js";
import { summarize } from "../src/index.js";
import {
  type Chunk,
  type FileOptions,
  IngestError,
  type IngestOptions,
  summarizeFile,
  summarizeStream,
} from "../src/node/index.js";
import { cutAt } from "./support/node-inputs.js";
import { rejectionOf } from "./support/rejection.js";

const encoder = new TextEncoder();

const failure = (promise: Promise<unknown>) => rejectionOf(promise, BatchStatsError);

/** The bits of a summary, to compare exactly. */
const bits = (s: { toJSON(): unknown }) => JSON.stringify(s.toJSON());

describe("line ends: LF, CRLF and CR, mixed, cut anywhere", () => {
  it("reads CR-only text and CSV (old spreadsheet exports)", async () => {
    const text = await summarizeStream(["1\r2\r3\r"], { format: "text" });
    expect(text.summary.count).toBe(3);
    const csv = await summarizeStream(["latency\r1\r2\r3\r4"], { format: "csv" });
    expect([csv.summary.count, csv.summary.mean]).toEqual([4, 2.5]);
    const two = await summarizeStream(['id,v\r1,"2"\r2,4\r'], { format: "csv", column: "v" });
    expect([two.summary.count, two.summary.mean]).toEqual([2, 3]);
  });

  it("counts any line break as one in line numbers, inside quoted CSV fields too", async () => {
    const e = await failure(summarizeStream(["1\r\n2\r3\nbad\r\n"], { format: "text" }));
    expect([e.code, (e as IngestError).line]).toEqual(["E_PARSE", 4]);
    const r = await summarizeStream(['h,v\r1,"a\rb"\r\n2,3\r4,x\n'], {
      format: "csv",
      column: "v",
      skipInvalid: true,
    });
    expect(r.skippedRecords.map((s) => s.line)).toEqual([2, 5]);
    expect(r.summary.count).toBe(1);
  });

  const eol = fc.constantFrom("\n", "\r\n", "\r");
  const value = fc.oneof(fc.integer({ min: -999, max: 999 }).map(String), fc.constantFrom("", " 2.5 ", "1e3"));

  it("gives the summary and report of LF text for any mixture of line ends and any chunking", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(value, eol), { maxLength: 60 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (lines, lastEol, cuts) => {
          const join = (withEol: (e: string) => string) =>
            lines.map(([v, e], k) => v + (k < lines.length - 1 || lastEol ? withEol(e) : "")).join("");
          const mixed = encoder.encode(join((e) => e));
          const lf = join(() => "\n");
          const chunks = cutAt(
            mixed,
            cuts.map((c) => c % (mixed.length + 1)),
          );
          for (const format of ["text", "csv"] as const) {
            const got = await summarizeStream(chunks, { format, header: false });
            const want = await summarizeStream([lf], { format, header: false });
            expect(bits(got.summary)).toBe(bits(want.summary));
            expect({ ...got, summary: 0, bytes: 0 }).toEqual({ ...want, summary: 0, bytes: 0 });
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("counts the line breaks inside quoted CSV fields alike, cut anywhere", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(eol, eol, fc.integer({ min: 0, max: 99 })), { minLength: 1, maxLength: 30 }),
        fc.nat(),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (records, badAt, cuts) => {
          const k = badAt % records.length;
          // Each record spans two lines: a quoted note holding a line break, then its value.
          const text = `note,v\n${records.map(([inner, end, v], i) => `"a${inner}b",${i === k ? "x" : v}${end}`).join("")}`;
          const bytes = encoder.encode(text);
          const chunks = cutAt(
            bytes,
            cuts.map((c) => c % (bytes.length + 1)),
          );
          const e = await failure(summarizeStream(chunks, { format: "csv", column: "v" }));
          expect([e.code, (e as IngestError).line]).toEqual(["E_PARSE", 2 + 2 * k]);
          const r = await summarizeStream(chunks, { format: "csv", column: "v", skipInvalid: true });
          expect(r.summary.count).toBe(records.length - 1);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("numbers lines alike for any mixture: an error names the line a text editor shows", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 99 }).map(String), eol), { minLength: 1, maxLength: 40 }),
        fc.nat(),
        fc.nat(),
        async (lines, badAt, cut) => {
          const k = badAt % lines.length;
          const text = lines.map(([v, e], i) => (i === k ? "oops" : v) + e).join("");
          const bytes = encoder.encode(text);
          for (const format of ["text", "csv"] as const) {
            const e = await failure(
              summarizeStream(cutAt(bytes, [cut % (bytes.length + 1)]), { format, header: false }),
            );
            expect([e.code, (e as IngestError).line]).toEqual(["E_PARSE", k + 1]);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

/** An endless source: `head` once, then `body` for ever; counts what was pulled. */
function endless(head: string, body: string) {
  const stats = { pulled: 0, closed: false };
  const chunk = encoder.encode(body);
  async function* generate(): AsyncGenerator<Uint8Array> {
    try {
      yield encoder.encode(head);
      for (;;) {
        stats.pulled += chunk.length;
        yield chunk;
      }
    } finally {
      stats.closed = true;
    }
  }
  return { source: generate(), stats };
}

describe("caps: what never ends fails fast with E_FORMAT, holding no more than a cap", () => {
  const body64k = (unit: string) => unit.repeat(Math.ceil(65536 / unit.length));
  const cases: [string, string, string, IngestOptions, number][] = [
    // name, head, repeated body, options, the most bytes that may be read before failing
    ["a header that never ends, with a named column", "", body64k("name,"), { format: "csv", column: "name" }, 2 << 20],
    ["a first record that never ends, without a column", "", body64k("12,"), { format: "csv" }, 2 << 20],
    ["a record that never ends", "a,b\n1,2\n", body64k("3,"), { format: "csv", column: "b" }, 17 << 20],
    ["a quoted field that never ends", 'a,b\n1,"', body64k("x\n"), { format: "csv", column: "a" }, 17 << 20],
    ["a quoted wanted field that never ends", 'a,b\n1,"', body64k("7"), { format: "csv", column: "b" }, 2 << 20],
    ["a text line that never ends", "1\n2\n", body64k("7"), { format: "text" }, 2 << 20],
  ];
  it.each(cases)("%s", async (_, head, body, options, most) => {
    const { source, stats } = endless(head, body);
    const e = await failure(summarizeStream(source, options));
    expect(e.code).toBe("E_FORMAT");
    expect(stats.pulled).toBeLessThanOrEqual(most);
    expect(stats.closed).toBe(true);
  });

  it("refuses a header of more than 65 536 fields, even a short one", async () => {
    const e = await failure(summarizeStream([`${"a,".repeat(70_000)}a\n1\n`], { format: "csv", column: "a" }));
    expect(e.code).toBe("E_FORMAT");
    expect(e.message).toMatch(/65536 fields/);
  });

  it("reads a header of 60 000 fields and a record of 10 MiB", async () => {
    const names = Array.from({ length: 60_000 }, (_, k) => `c${k}`);
    const r = await summarizeStream([`${names.join(",")}\n`, `${"1,".repeat(59_999)}5\n`], {
      format: "csv",
      column: "c59999",
    });
    expect(r.summary.mean).toBe(5);
    const wide = await summarizeStream([`a,b\n"${"x".repeat(10 << 20)}",4\n`], { format: "csv", column: "b" });
    expect(wide.summary.mean).toBe(4);
  });
});

describe("options are never ignored", () => {
  it.each([
    [{ format: "text", skip_invalid: true }, "options.skip_invalid"],
    [{ format: "text", skipInvalid: "yes" }, "options.skipInvalid"],
    [{ format: "csv", column: 1.5 }, "options.column"],
    [{ format: "text", signal: {} }, "options.signal"],
    [{ format: "text", name: 7 }, "options.name"],
    [{ format: "text", workers: 2 }, "options.workers"],
    [{ format: "tsv" }, "options.format"],
  ])("%j is E_BAD_ARGUMENT naming %s", async (options, field) => {
    const e = await failure(summarizeStream(["1\n"], options as unknown as IngestOptions));
    expect([e.code, e.field]).toEqual(["E_BAD_ARGUMENT", field]);
  });
});

describe("file options are never ignored either", () => {
  it.each([
    [{ format: "text", name: "x" }, "options.name"],
    [{ format: "text", worker: 2 }, "options.worker"],
    [{ format: "text", workers: "2" }, "options.workers"],
    [{ format: "text", onProgress: 1 }, "options.onProgress"],
    [{ format: "text", workerUrl: 3 }, "options.workerUrl"],
  ])("%j is E_BAD_ARGUMENT naming %s", async (options, field) => {
    const e = await failure(summarizeFile("/dev/null", options as unknown as FileOptions));
    expect([e.code, e.field]).toEqual(["E_BAD_ARGUMENT", field]);
  });
});

describe("a CSV of several columns needs a column", () => {
  it("lists the header names, or the indices, on the error", async () => {
    const named = await failure(summarizeStream(["id,latency\n1,2\n"], { format: "csv" }));
    expect(named).toBeInstanceOf(IngestError);
    expect([named.code, named.field]).toEqual(["E_BAD_ARGUMENT", "options.column"]);
    expect((named as IngestError).columns).toEqual(["id", "latency"]);
    expect((named as IngestError).header).toBe(true);
    expect(named.message).toMatch(/"id", "latency"/);
    const bare = await failure(summarizeStream(["1;2;3\n4;5;6\n"], { format: "csv", delimiter: ";" }));
    expect((bare as IngestError).columns).toEqual(["0", "1", "2"]);
    expect((bare as IngestError).header).toBe(false);
  });

  it("reads a CSV of one column without one, header or not", async () => {
    expect((await summarizeStream(["v\n1\n3\n"], { format: "csv" })).summary.mean).toBe(2);
    expect((await summarizeStream(["1\n3\n"], { format: "csv" })).summary.count).toBe(2);
  });
});

describe("value errors name the line and column in the input", () => {
  it("E_OVERFLOW names the line of the value that overflowed, beyond the first batch", async () => {
    const lines = Array.from({ length: 70_000 }, (_, k) => String(k % 10));
    lines[66_000] = "1e300";
    const e = await failure(summarizeStream([`v\n${lines.join("\n")}\n`], { format: "csv" }));
    expect([e.code, (e as IngestError).line, (e as IngestError).column]).toEqual(["E_OVERFLOW", 66_002, 0]);
    const t = await failure(summarizeStream([`${lines.join("\r")}`], { format: "text" }));
    expect([t.code, (t as IngestError).line]).toEqual(["E_OVERFLOW", 66_001]);
  });

  it("±Infinity and NaN name their line, never an index within a batch", async () => {
    const lines = Array.from({ length: 70_000 }, () => "1");
    lines[65_540] = "-inf";
    const e = await failure(summarizeStream([lines.join("\n")], { format: "text", nan: "omit" }));
    expect([e.code, (e as IngestError).line]).toEqual(["E_INFINITE", 65_541]);
    expect(e.message).not.toMatch(/index/);
  });
});

describe("gzip", () => {
  const text = `v\n${Array.from({ length: 5000 }, (_, k) => String(k * 0.5)).join("\r\n")}\n`;
  const zipped = new Uint8Array(gzipSync(text));

  it("reads gzip-compressed text and CSV, found by their first bytes, in any chunking", async () => {
    const plain = await summarizeStream([text], { format: "csv" });
    for (const cuts of [[], [1], [2, 3, 50], [zipped.length - 1]]) {
      const r = await summarizeStream(cutAt(zipped, cuts), { format: "csv" });
      expect(bits(r.summary)).toBe(bits(plain.summary));
      expect(r.records).toBe(plain.records);
    }
    const lines = await summarizeStream(Readable.from([Buffer.from(gzipSync("1\r2\r3\r"))]), { format: "text" });
    expect(lines.summary.mean).toBe(2);
  });

  it("names the line of a bad record inside the compressed text", async () => {
    const e = await failure(summarizeStream([gzipSync("1\n2\nx\n")], { format: "text" }));
    expect([e.code, (e as IngestError).line]).toEqual(["E_PARSE", 3]);
  });

  it("refuses corrupt or cut gzip data with E_FORMAT", async () => {
    const cut = await failure(summarizeStream([zipped.subarray(0, zipped.length / 2)], { format: "csv" }));
    expect(cut.code).toBe("E_FORMAT");
    const bad = zipped.slice();
    bad.fill(0x55, 20, 60);
    expect((await failure(summarizeStream([bad], { format: "csv" }))).code).toBe("E_FORMAT");
  });
});

describe("error texts are printable", () => {
  it("escapes bytes that are not UTF-8 and control characters", async () => {
    const bytes = new Uint8Array([0x31, 0x0a, 0x1f, 0x8c, 0x00, 0x1b, 0x5b, 0x32, 0x4a, 0xe2, 0x80, 0xae, 0x41, 0x0a]);
    const e = await failure(summarizeStream([bytes], { format: "text" }));
    expect(e.code).toBe("E_PARSE");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is that there are none
    expect(e.message).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e\ufffd]/);
    expect((e as IngestError).text).toBe("\\x1F\\x8C\\x00\\x1B[2J\\u202EA");
  });
});

describe("batchstats/ingest runs in a browser: no Node module in its graph", () => {
  it("imports nothing from node: and uses no Node global", () => {
    const root = resolve(import.meta.dirname, "..");
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(file, "utf8");
      const body = code.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
      expect(body, file).not.toMatch(/\bfrom\s+"node:|import\("node:|\bBuffer\.|\bprocess\.|\brequire\(/);
      for (const match of body.matchAll(/\bfrom\s+"(\.[^"]+)\.js"/g)) visit(resolve(dirname(file), `${match[1]}.ts`));
    };
    visit(join(root, "src/node/ingest.ts"));
    expect(seen.size).toBeGreaterThan(10);
  });

  it("reads web ReadableStreams and string chunks", async () => {
    const stream = new ReadableStream<Chunk>({
      start(controller) {
        controller.enqueue("a,b\r");
        controller.enqueue(encoder.encode("1,2\r3,4"));
        controller.close();
      },
    });
    const r = await summarizeStream(stream, { format: "csv", column: "b" });
    expect(bits(r.summary)).toBe(bits(summarize([2, 4])));
  });
});
