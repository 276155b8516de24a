/**
 * summarizeFile: every format from disk, ranges read apart (line-aligned text, batch-aligned
 * binary) that add up to the whole, worker threads, and the file errors.
 */
import { execFileSync } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BatchStatsError } from "../src/errors.js";
import { summarize } from "../src/index.js";
import { IngestError, summarizeFile, summarizePairFile, summarizeStream } from "../src/node/index.js";
import { combineRanges } from "../src/node/files/combine-ranges.js";
import { resolveIngestOptions } from "../src/node/ingest-options.js";
import { planRanges } from "../src/node/files/plan-ranges.js";
import { summarizeRange } from "../src/node/files/summarize-range.js";
import { workerPoolStats } from "../src/node/files/worker-pool.js";
import { builtSources, testWorkerUrl } from "./support/node-build.js";
import { f64Bytes, utf8 } from "./support/node-inputs.js";
import { rejectionOf } from "./support/rejection.js";

let dir = "";
const at = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "batchstats-node-file-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const failure = (promise: Promise<unknown>) => rejectionOf(promise, IngestError);

describe("one thread", () => {
  it("reads each format as summarizeStream reads the same bytes", async () => {
    const values = Float64Array.from({ length: 100_000 }, (_, i) => 1e6 + Math.sin(i));
    const files = {
      f64le: f64Bytes(values),
      text: utf8(Array.from(values.subarray(0, 5000), String).join("\r\n")),
      csv: utf8(`a,"b"\n${Array.from(values.subarray(0, 5000), (v, i) => `${i},"${v}"`).join("\n")}\n`),
    } as const;
    for (const [format, bytes] of Object.entries(files) as [keyof typeof files, Uint8Array][]) {
      await writeFile(at(`one.${format}`), bytes);
      const options = { format, ...(format === "csv" ? { column: "b" } : {}) };
      const fromFile = await summarizeFile(at(`one.${format}`), options);
      const fromStream = await summarizeStream([bytes], options);
      expect(fromFile).toEqual(fromStream);
    }
  });

  it("reports progress up to the file size", async () => {
    await writeFile(at("progress.f64"), f64Bytes(new Float64Array(1_500_000)));
    const seen: number[] = [];
    await summarizeFile(at("progress.f64"), { format: "f64le", onProgress: (done, total) => seen.push(done / total) });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)).toBe(1);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it("f64le: lets the event loop turn while it reads synchronously", async () => {
    const values = Float64Array.from({ length: 4_194_304 }, (_, i) => i % 1000); // 32 MiB, 64 batches
    const bytes = f64Bytes(values);
    await writeFile(at("turns.f64"), bytes);
    // Turns of the event loop counted only while batches are being read: between the first and
    // the last progress report, all synchronous unless the reader yields (then none at all).
    let turns = 0;
    let reading = false;
    let ticking = true;
    const tick = () => {
      if (reading) turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const total = bytes.length;
    const r = await summarizeFile(at("turns.f64"), {
      format: "f64le",
      onProgress: (done) => {
        reading = done < total;
      },
    });
    ticking = false;
    expect(r).toEqual(await summarizeStream([bytes], { format: "f64le" }));
    expect(turns).toBeGreaterThanOrEqual(1); // a turn at least every millisecond; the read takes several
  });

  it("refuses a binary file of the wrong size before reading it, naming it", async () => {
    await writeFile(at("odd.f64"), new Uint8Array(8 * 10 + 5));
    const e = await failure(summarizeFile(at("odd.f64"), { format: "f64le", workers: 4 }));
    expect(e.code).toBe("E_FORMAT");
    expect(e.message).toBe(
      `${at("odd.f64")}, byte 80: the file is 85 bytes, not a multiple of 8 (the size of one f64le value): 5 byte(s) at the end are not a value`,
    );
    await writeFile(at("odd.f32"), new Uint8Array(6));
    expect((await failure(summarizeFile(at("odd.f32"), { format: "f32le" }))).code).toBe("E_FORMAT");
  });

  it("names a file it cannot read", async () => {
    const missing = await failure(summarizeFile(at("missing.txt"), { format: "text" }));
    expect(missing.message).toBe(`${at("missing.txt")}: cannot read: no such file (ENOENT)`);
    expect(missing.code).toBe("E_IO");
    const directory = await failure(summarizeFile(dir, { format: "text" }));
    expect(directory.message).toBe(`${dir}: cannot read: is a directory`);
  });

  it("reads a pipe as a stream", async () => {
    const fifo = at("pipe");
    execFileSync("mkfifo", [fifo]);
    const writer = createWriteStream(fifo);
    writer.end("1\n2\n3\n");
    const r = await summarizeFile(fifo, { format: "text", workers: 2, workerUrl: testWorkerUrl() });
    expect(r.summary.toJSON()).toEqual(summarize([1, 2, 3]).toJSON());
  });
});

describe.skipIf(!existsSync("/proc/self/status"))("files whose size is 0 but that hold bytes (procfs)", () => {
  it("are read to their end: never a silent count of 0", async () => {
    const text = await readFile("/proc/sys/kernel/pid_max", "utf8");
    const number = await summarizeFile("/proc/sys/kernel/pid_max", { format: "text", workers: 2 });
    expect(number.summary.toJSON()).toEqual(summarize([Number(text)]).toJSON());
    expect(number.bytes).toBe(Buffer.byteLength(text));
    const status = await summarizeFile("/proc/self/status", { format: "text", skipInvalid: true });
    expect(status.records).toBeGreaterThan(10);
    expect(status.skipped).toBe(status.records);
    const strict = await failure(summarizeFile("/proc/self/status", { format: "text" }));
    expect([strict.code, strict.line]).toEqual(["E_PARSE", 1]);
  });

  it("are read to their end as CSV of pairs", async () => {
    const options = { x: 0, y: 1, delimiter: ":", header: false, skipInvalid: true } as const;
    const report = await summarizePairFile("/proc/self/status", options);
    expect(report.records).toBeGreaterThan(10);
  });
});

describe("ranges read apart add up to the whole", () => {
  const options = (format: "text" | "f64le") => resolveIngestOptions({ format, skipInvalid: true }, "f");

  it("text: lines that start in a range belong to it, whatever the cut points", async () => {
    const line = fc.oneof(fc.integer({ min: -99, max: 999 }).map(String), fc.constantFrom("", "x", " 7 "));
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 40 }),
        fc.constantFrom("\n", "\r\n", "\r"),
        fc.boolean(),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }),
        async (lines, eol, lastEol, fractions) => {
          const text = lines.join(eol) + (lastEol ? eol : "");
          const path = at("ranges.txt");
          await writeFile(path, text);
          const size = Buffer.byteLength(text);
          const cuts = [0, ...fractions.map((f) => Math.floor(f * size)).sort((a, b) => a - b), size];
          const parts = [];
          for (let i = 0; i + 1 < cuts.length; i++) {
            parts.push(await summarizeRange(path, { start: cuts[i]!, end: cuts[i + 1]! }, options("text"), size));
          }
          const whole = await summarizeStream([text], { format: "text", skipInvalid: true, name: "f" });
          const { summary, ...counts } = combineRanges(parts, options("text"));
          const { summary: expected, ...expectedCounts } = whole;
          expect(counts).toEqual(expectedCounts);
          // Range summaries are merged in another grouping: equal but for the last bits of a double-double.
          expect([summary.count, summary.omitted]).toEqual([expected.count, expected.omitted]);
          if (expected.count > 0) {
            expect(summary.mean + summary.meanLo).toBeCloseTo(expected.mean + expected.meanLo, 12);
            expect(summary.m2).toBeCloseTo(expected.m2, 9);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("binary: 32 MiB ranges on batch boundaries, covering the file, whatever the threads", () => {
    const size = 8 * 10_000_000 + 8 * 3;
    const ranges = planRanges(size, "f64le");
    expect(ranges).toHaveLength(Math.ceil(size / (32 << 20)));
    expect(ranges[0]!.start).toBe(0);
    expect(ranges.at(-1)!.end).toBe(size);
    for (let i = 1; i < ranges.length; i++) {
      expect(ranges[i]!.start).toBe(ranges[i - 1]!.end);
      expect(ranges[i]!.start % (8 * 65536)).toBe(0);
    }
    expect(planRanges(20 << 20, "f64le")).toEqual([{ start: 0, end: 20 << 20 }]);
    expect(planRanges(1 << 30, "csv")).toHaveLength(1); // CSV is read by one thread
  });
});

describe("worker threads", () => {
  const workerUrl = () => testWorkerUrl();

  it("f64le: the same summary, bit for bit, with 1, 2 or 3 threads", async () => {
    const n = 11_000_000; // 88 MB: three ranges
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = 1e9 + ((i * 7919) % 10007) / 13;
    await writeFile(at("big.f64"), f64Bytes(values));
    const one = await summarizeFile(at("big.f64"), { format: "f64le" });
    expect([one.records, one.bytes, one.summary.count]).toEqual([n, 8 * n, n]);
    const whole = summarize(values);
    expect(one.summary.mean).toBe(whole.mean);
    expect(one.summary.variance()).toBe(whole.variance());
    for (const workers of [2, 3]) {
      let last = 0;
      const report = await summarizeFile(at("big.f64"), {
        format: "f64le",
        workers,
        workerUrl: workerUrl(),
        onProgress: (done) => {
          last = done;
        },
      });
      expect(last).toBe(8 * n);
      expect(report).toEqual(one);
    }
  });

  /** A 40 MB f64 file (two ranges) of 5e6 values, written once. */
  let poolFile: Promise<string> | undefined;
  const writePoolFile = () => {
    poolFile ??= writeFile(
      at("pool.f64"),
      f64Bytes(Float64Array.from({ length: 5_000_000 }, (_, i) => (i % 1000) / 7)),
    ).then(() => at("pool.f64"));
    return poolFile;
  };

  it("reuses its worker threads from one call to the next", async () => {
    await writePoolFile();
    const options = { format: "f64le", workers: 2, workerUrl: workerUrl() } as const;
    const first = await summarizeFile(at("pool.f64"), options);
    const after = workerPoolStats();
    expect(after.idle).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 3; i++) expect(await summarizeFile(at("pool.f64"), options)).toEqual(first);
    expect(workerPoolStats().started).toBe(after.started);
    expect(first).toEqual(await summarizeFile(at("pool.f64"), { format: "f64le" }));
  });

  it("starts workers under any node options, and idle ones never hold the process open", async () => {
    // The child prints "held open" and exits 3 if an idle pooled worker keeps its event loop
    // alive (the pool ends idle workers after 10 s). Node options: workers inherit them, except
    // that --input-type would stop a worker started from a file, and that an explicit list may
    // not hold V8 options such as --max-old-space-size.
    await writePoolFile();
    const entry = pathToFileURL(join(builtSources(), "node", "index.js")).href;
    const script = `
      const { summarizeFile } = await import(${JSON.stringify(entry)});
      const r = await summarizeFile(${JSON.stringify(at("pool.f64"))}, { format: "f64le", workers: 3 });
      setTimeout(() => { console.log("held open"); process.exit(3); }, 8000).unref();
      console.log(r.summary.count);`;
    await writeFile(at("child.mjs"), script);
    for (const args of [
      ["--input-type=module", "-e", script],
      ["--max-old-space-size=512", "--input-type=module", "-e", script],
      ["--max-old-space-size=512", "--enable-source-maps", at("child.mjs")],
    ]) {
      const out = execFileSync(process.execPath, args, { encoding: "utf8" });
      expect(out.trim(), args.slice(0, -1).join(" ")).toBe("5000000");
    }
  });

  describe("text", () => {
    const lines = 4_500_000; // ≈ 37 MB: two ranges, the second from about line 4.1e6
    const bad = new Set([7, 4_299_999, 4_400_001]);
    beforeAll(async () => {
      const parts: string[] = [];
      for (let i = 1; i <= lines; i++)
        parts.push(bad.has(i) ? "oops" : i % 1000 === 0 ? "" : String((i % 977) - 400.25));
      await writeFile(at("big.txt"), `${parts.join("\r\n")}\r\n`);
      // The tests below are about ranges read apart: the file must have more than one, and the
      // later bad lines must be in the second.
      const ranges = planRanges((await readFile(at("big.txt"))).length, "text");
      expect(ranges.length).toBe(2);
      const offsetOfLine = (line: number) => Buffer.byteLength(`${parts.slice(0, line - 1).join("\r\n")}\r\n`);
      expect(offsetOfLine(4_299_999)).toBeGreaterThan(ranges[1]!.start);
    });

    it("counts lines from the start of the file in skip reports", async () => {
      const one = await summarizeFile(at("big.txt"), { format: "text", skipInvalid: true });
      const two = await summarizeFile(at("big.txt"), {
        format: "text",
        skipInvalid: true,
        workers: 2,
        workerUrl: workerUrl(),
      });
      expect(two).toEqual(one);
      expect(two.skippedRecords.map((s) => s.line)).toEqual([...bad]);
      expect([two.records, two.skipped]).toEqual([lines - lines / 1000, bad.size]); // blank lines are not records
    });

    it("reports the first bad line of the file, numbered from its start", async () => {
      await writeFile(at("late.txt"), (await readFile(at("big.txt"), "utf8")).replace("oops", "7"));
      const e = await failure(summarizeFile(at("late.txt"), { format: "text", workers: 2, workerUrl: workerUrl() }));
      expect([e.code, e.line, e.text]).toEqual(["E_PARSE", 4_299_999, "oops"]);
      expect(e.message).toMatch(/late\.txt, line 4299999: "oops" is not a number/);
    });

    it("keeps its worker threads after a call that failed on bad input", async () => {
      await writeFile(at("late2.txt"), (await readFile(at("big.txt"), "utf8")).replace("oops", "7"));
      const options = { format: "text", workers: 2, workerUrl: workerUrl() } as const;
      expect((await failure(summarizeFile(at("late2.txt"), options))).code).toBe("E_PARSE");
      const afterFailure = workerPoolStats();
      expect(afterFailure.idle).toBeGreaterThanOrEqual(1);
      const ok = await summarizeFile(at("big.txt"), { ...options, skipInvalid: true });
      expect(ok.skipped).toBe(bad.size);
      expect(workerPoolStats().started).toBe(afterFailure.started);
    });
  });

  it("fails with E_WORKER when a worker thread cannot even be created", async () => {
    await writePoolFile();
    const before = workerPoolStats();
    const e = await summarizeFile(at("pool.f64"), {
      format: "f64le",
      workers: 3,
      workerUrl: new URL("http://example.invalid/range-worker.js"), // Node refuses non-file URLs at once
    }).catch((error: unknown) => error as BatchStatsError);
    expect((e as BatchStatsError).code).toBe("E_WORKER");
    expect((e as BatchStatsError).message).toMatch(/could not start a worker thread to read .*pool\.f64: /);
    expect(workerPoolStats()).toEqual(before);
  });

  it("fails with E_WORKER when the worker script is missing", async () => {
    await writeFile(at("w.f64"), f64Bytes(new Float64Array(5_000_000)));
    const error = await summarizeFile(at("w.f64"), { format: "f64le", workers: 2, workerUrl: at("nope.js") }).catch(
      (e: unknown) => e,
    );
    expect((error as { code?: string }).code).toBe("E_WORKER");
  });
});
