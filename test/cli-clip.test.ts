/**
 * Contribution bounding at ingest: `summarizeStream` / `summarizeFile` with `clip` and
 * `batchstats summarize --clip lo,hi`. The summary of an input is, bit for bit, the library's
 * `summarize(values, { clip })` of the same values (inputs of one batch), and
 * `Accumulator({ clip })` fed the same values batch by batch (any size), however the input is
 * chunked and whatever the number of threads; NaN policies are unchanged; the DuckDB path
 * (`--group-by`, Parquet) refuses `--clip`; and `summarize --clip` feeds `privatize`.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Accumulator, BatchStatsError, merge, Summary, summarize } from "../src/index.js";
import { type IngestOptions, summarizeFile, summarizeStream } from "../src/node/index.js";
import { summarizeTable } from "../src/sql/index.js";
import { runCli, testWorkerUrl } from "./support/node-build.js";
import { cutShifted, f64Bytes, utf8 } from "./support/node-inputs.js";

/** Values per batch of the ingest code (src/node/decoders/batch-pool.ts). */
const BATCH = 65536;

let dir = "";
const at = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "batchstats-cli-clip-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What `Accumulator({ clip })` gives for `values` pushed in batches of BATCH. */
function batchwise(values: readonly number[] | Float64Array, clip: [number, number]): Summary {
  const acc = new Accumulator({ clip });
  for (let i = 0; i < values.length; i += BATCH) acc.push(values.slice(i, i + BATCH));
  return acc.summary();
}

/** Values in one 32 MiB range of an f64 file (src/node/files/plan-ranges.ts). */
const RANGE = (32 << 20) / 8;

const bound = fc.integer({ min: -50, max: 50 });
const bounds = fc.tuple(bound, bound).map(([a, b]) => (a <= b ? [a, b] : [b, a]) as [number, number]);
const value = fc.oneof(
  fc.integer({ min: -100, max: 100 }),
  // Magnitudes below 1e-100 become 0 (spreads that small are E_UNDERFLOW, which is not what clipping is about).
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((v) => (Math.abs(v) < 1e-100 ? 0 : v)),
  fc.constant(Number.NaN),
);
const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 10 });
const shifts = fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 11, maxLength: 11 });

/** The values as each format writes them: text lines, CSV rows (value in column "x"), f64le. */
function encodings(xs: number[]): [IngestOptions["format"], Uint8Array, Partial<IngestOptions>][] {
  return [
    ["text", utf8(xs.map(String).join("\r\n")), {}],
    ["csv", utf8(`id,x\n${xs.map((v, i) => `${i},"${v}"`).join("\n")}\n`), { column: "x" }],
    ["f64le", f64Bytes(xs), {}],
  ];
}

describe("summarizeStream with clip: the library's summary of the same values", () => {
  it("any values, bounds and chunking, each format, NaN omitted: summarize(values, { clip })", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(value, { maxLength: 80 }), bounds, cuts, shifts, async (xs, clip, fractions, offs) => {
        const expected = summarize(xs, { clip, nan: "omit" }).toJSON();
        for (const [format, bytes, extra] of encodings(xs)) {
          const options = { format, nan: "omit", clip, ...extra } as IngestOptions;
          const report = await summarizeStream(cutShifted(bytes, fractions, offs), options);
          expect(report.summary.toJSON()).toEqual(expected);
          expect(report.records).toBe(xs.length);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("across batch boundaries (3 batches and a bit): Accumulator({ clip }) fed batch by batch", async () => {
    const n = 2 * BATCH + 4321;
    const xs = Array.from({ length: n }, (_, i) => ((i * 7919) % 20011) / 7 - 1000);
    const clip: [number, number] = [-250.5, 900];
    const expected = batchwise(xs, clip).toJSON();
    expect(expected.clipped).toBeGreaterThan(0);
    expect(expected.clipped).toBe(xs.filter((v) => v < -250.5 || v > 900).length);
    const text = utf8(xs.join("\n"));
    const binary = f64Bytes(xs);
    await fc.assert(
      fc.asyncProperty(cuts, shifts, async (fractions, offs) => {
        const fromText = await summarizeStream(cutShifted(text, fractions, offs), { format: "text", clip });
        expect(fromText.summary.toJSON()).toEqual(expected);
        const fromBinary = await summarizeStream(cutShifted(binary, fractions, offs), { format: "f64le", clip });
        expect(fromBinary.summary.toJSON()).toEqual(expected);
      }),
      { numRuns: 6 },
    );
  });

  it("an input without values still records its bounds, as summarize([], { clip }) does", async () => {
    const expected = summarize([], { clip: [0, 1] }).toJSON();
    for (const [format, text] of [
      ["text", "\n \n"],
      ["csv", "x\n"],
      ["f64le", new Uint8Array(0)],
    ] as const) {
      const report = await summarizeStream([text], { format, clip: [0, 1] });
      expect(report.summary.toJSON()).toEqual(expected);
    }
    const nans = await summarizeStream(["NaN\nnan\n"], { format: "text", nan: "omit", clip: [0, 1] });
    expect(nans.summary.toJSON()).toEqual(summarize([Number.NaN, Number.NaN], { nan: "omit", clip: [0, 1] }).toJSON());
  });

  it("NaN and ±Infinity are judged as without clip: E_NAN and E_INFINITE name the line", async () => {
    const nan = await summarizeStream(["1\n2\nNaN\n"], { format: "text", clip: [0, 1] }).catch((e: unknown) => e);
    expect(nan).toMatchObject({ code: "E_NAN", line: 3 });
    const inf = await summarizeStream(["1\n-Infinity\n"], { format: "text", clip: [0, 1] }).catch((e: unknown) => e);
    expect(inf).toMatchObject({ code: "E_INFINITE", line: 2 });
    const binary = await summarizeStream([f64Bytes([1, Infinity])], { format: "f64le", clip: [0, 1] }).catch(
      (e: unknown) => e,
    );
    expect(binary).toMatchObject({ code: "E_INFINITE", index: 1 });
  });

  it("refuses bad bounds with E_BAD_ARGUMENT naming options.clip, as summarize does", async () => {
    for (const clip of [[2, 1], [0, Number.NaN], [0, Infinity], [0], "0,1", [0, "1"]]) {
      const error = await summarizeStream(["1\n"], { format: "text", clip } as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BatchStatsError);
      expect(error).toMatchObject({ code: "E_BAD_ARGUMENT", field: "options.clip" });
      expect(() => summarize([1], { clip } as never)).toThrow(BatchStatsError);
    }
    const equal = await summarizeStream(["1\n7\n"], { format: "text", clip: [5, 5] });
    expect(equal.summary.toJSON()).toEqual(summarize([1, 7], { clip: [5, 5] }).toJSON());
  });
});

describe("summarizeFile with clip", () => {
  it("f64le of three 32 MiB ranges: the same summary with 1 and 2 threads, the merge of each range's Accumulator({ clip })", async () => {
    const n = 9_000_000; // 72 MB: three ranges, each a whole number of batches
    const xs = new Float64Array(n);
    for (let i = 0; i < n; i++) xs[i] = ((i * 7919) % 10007) / 13 - 200;
    await writeFile(at("big.f64"), f64Bytes(xs));
    const clip: [number, number] = [-100, 500];
    const ranges = [0, RANGE, 2 * RANGE].map((start) => batchwise(xs.subarray(start, start + RANGE), clip));
    const expected = merge(...ranges).toJSON();
    const one = await summarizeFile(at("big.f64"), { format: "f64le", clip });
    expect(one.summary.toJSON()).toEqual(expected);
    const two = await summarizeFile(at("big.f64"), { format: "f64le", clip, workers: 2, workerUrl: testWorkerUrl() });
    expect(two).toEqual(one);
  });

  it("text and gzip-less CSV files: summarize(values, { clip })", async () => {
    const xs = [3, -4, 12.5, 7, 100, Number.NaN, 0];
    await writeFile(at("v.txt"), xs.join("\n"));
    await writeFile(at("v.csv"), `a,b\n${xs.map((v) => `1,${v}`).join("\n")}`);
    const expected = summarize(xs, { clip: [0, 10], nan: "omit" }).toJSON();
    const text = await summarizeFile(at("v.txt"), { format: "text", clip: [0, 10], nan: "omit" });
    const csv = await summarizeFile(at("v.csv"), { format: "csv", column: "b", clip: [0, 10], nan: "omit" });
    expect(text.summary.toJSON()).toEqual(expected);
    expect(csv.summary.toJSON()).toEqual(expected);
    expect(expected).toMatchObject({ clipLo: 0, clipHi: 10, clipped: 3, omitted: 1, count: 6 });
  });

  it("summarizeTable (DuckDB) has no clip option: refused, never ignored", async () => {
    const error = await summarizeTable(at("t.parquet"), { column: "x", clip: [0, 1] } as never).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "E_BAD_ARGUMENT", field: "options.clip" });
  });
});

describe("batchstats summarize --clip", () => {
  const values = [12, 7, 30, 5, 61, 18, 9, 25, -3, 250, 44.5, 0.25];

  it("prints the library's summarize(values, { clip }) for text, CSV and f64 inputs", async () => {
    await writeFile(at("m.txt"), `${values.join("\n")}\n`);
    await writeFile(at("m.csv"), `user,minutes\n${values.map((v, i) => `${i},${v}`).join("\n")}\n`);
    await writeFile(at("m.f64"), f64Bytes(values));
    const expected = summarize(values, { clip: [0, 60] }).toJSON();
    expect(expected.clipped).toBe(3);
    for (const args of [["m.txt"], ["m.csv", "--column", "minutes"], ["m.f64"]]) {
      const run = await runCli(["summarize", at(args[0]!), ...args.slice(1), "--clip", "0,60", "-q"]);
      expect([run.code, run.stderr]).toEqual([0, ""]);
      expect(JSON.parse(run.stdout)).toEqual(expected);
      expect(Summary.fromJSON(run.stdout).clip).toEqual({ lo: 0, hi: 60, clipped: 3 });
    }
  });

  it("--workers 2 on a file of several ranges gives the one-thread summary", async () => {
    const one = await runCli(["summarize", at("big.f64"), "--clip", "-100,500", "-q"]);
    const two = await runCli(["summarize", at("big.f64"), "--clip", "-100,500", "--workers", "2", "-q"]);
    expect([one.code, two.code, two.stderr]).toEqual([0, 0, ""]);
    expect(two.stdout).toBe(one.stdout);
    expect(JSON.parse(one.stdout).clipLo).toBe(-100);
  });

  it("several inputs: the merge of their clipped summaries", async () => {
    const run = await runCli(["summarize", at("m.txt"), at("m.f64"), "--clip", "0,60", "-q"]);
    expect(run.code).toBe(0);
    const one = summarize(values, { clip: [0, 60] });
    expect(JSON.parse(run.stdout)).toMatchObject({ count: 2 * values.length, clipped: 6, mean: one.mean });
  });

  it("refuses bad --clip text as a usage error (exit 1), saying what is expected", async () => {
    for (const text of ["5", "a,b", "10,0", "0,Infinity", "0,1,2", ",1", "NaN,1"]) {
      const run = await runCli(["summarize", at("m.txt"), "--clip", text]);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain("--clip");
      expect(run.stderr).toContain("expected lo,hi: two finite numbers with lo ≤ hi");
    }
  });

  it("refuses --clip with --group-by or a Parquet input (DuckDB does not clip), exit 1", async () => {
    for (const args of [
      [at("m.csv"), "--column", "minutes", "--group-by", "user"],
      [at("t.parquet"), "--column", "x"],
    ]) {
      const run = await runCli(["summarize", ...args, "--clip", "0,60"]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/--clip cannot be used with --group-by or a Parquet input.*\(E_BAD_ARGUMENT\)/);
    }
  });

  it("NaN policy unchanged: --nan raise names the line, --nan omit counts it", async () => {
    await writeFile(at("nan.txt"), "1\n99\nNaN\n4\n");
    const raised = await runCli(["summarize", at("nan.txt"), "--clip", "0,10", "-q"]);
    expect(raised.code).toBe(2);
    expect(raised.stderr).toMatch(/line 3.*E_NAN/);
    const omitted = await runCli(["summarize", at("nan.txt"), "--clip", "0,10", "--nan", "omit", "-q"]);
    expect(JSON.parse(omitted.stdout)).toEqual(
      summarize([1, 99, Number.NaN, 4], { clip: [0, 10], nan: "omit" }).toJSON(),
    );
  });
});

describe("summarize --clip, then privatize", () => {
  it("privatize --bounds equal to (or containing) the clip bounds releases; narrower bounds or no clip are refused", async () => {
    const xs = Array.from({ length: 500 }, (_, i) => (i * 37) % 130);
    await writeFile(at("p.txt"), xs.join("\n"));
    const clipped = await runCli(["summarize", at("p.txt"), "--clip", "0,100", "-q"]);
    expect(clipped.code).toBe(0);
    await writeFile(at("p.json"), clipped.stdout);
    const release = await runCli(["privatize", at("p.json"), "--bounds", "0,100", "--rho", "0.1"]);
    expect([release.code, release.stderr]).toEqual([0, ""]);
    const released = JSON.parse(release.stdout);
    expect(released).toMatchObject({ format: "batchstats.privateSummary", bounds: [0, 100], privacy: { rho: 0.1 } });
    expect(Number.isInteger(released.count)).toBe(true);
    const wider = await runCli(["privatize", at("p.json"), "--bounds", "-10,200", "--rho", "0.1"]);
    expect(wider.code).toBe(0);
    expect(JSON.parse(wider.stdout).bounds).toEqual([-10, 200]);
    const narrower = await runCli(["privatize", at("p.json"), "--bounds", "0,50", "--rho", "0.1"]);
    expect(narrower.code).toBe(1);
    expect(narrower.stderr).toMatch(/must contain the summary's clip bounds \[0, 100\].*E_BAD_ARGUMENT/);
    const plain = await runCli(["summarize", at("p.txt"), "-q"]);
    await writeFile(at("plain.json"), plain.stdout);
    const unclipped = await runCli(["privatize", at("plain.json"), "--bounds", "0,100", "--rho", "0.1"]);
    expect(unclipped.code).toBe(1);
    expect(unclipped.stderr).toMatch(/has no clip bounds/);
  });
});
