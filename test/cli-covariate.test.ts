/**
 * Pairs at ingest: `summarizePairStream` / `summarizePairFile` and `batchstats summarize
 * --column y --covariate x`. Two CSV columns are read in one pass into a pair summary that is,
 * bit for bit, the library's `summarizePairs(x, y)` of the same values (inputs of one batch) and
 * `PairAccumulator` fed the same pairs batch by batch (any size), however the input is chunked;
 * errors name the line, column and text as for one column; a pair with a NaN in either value
 * follows `nan`; and the printed pair summaries feed `ttest --cuped` and `ratio`.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BatchStatsError,
  cupedTest,
  PairAccumulator,
  PairSummary,
  ratioTest,
  summarize,
  summarizePairs,
} from "../src/index.js";
import { type PairIngestOptions, summarizePairFile, summarizePairStream } from "../src/node/index.js";
import { runCli } from "./support/node-build.js";
import { cutShifted, quote, utf8 } from "./support/node-inputs.js";
import { normals } from "./support/prng.js";
import { rejectionOf } from "./support/rejection.js";

/** Pairs per batch of the ingest code (src/node/decoders/batch-pool.ts). */
const BATCH = 65536;

let dir = "";
const at = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "batchstats-cli-covariate-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const failure = (promise: Promise<unknown>) => rejectionOf(promise, BatchStatsError);

// Magnitudes below 1e-100 become 0 (spreads that small are E_UNDERFLOW, not what pairs are about).
const finite = fc
  .double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 })
  .map((v) => (Math.abs(v) < 1e-100 ? 0 : v));
const value = fc.oneof(finite, fc.integer({ min: -9, max: 9 }), fc.constant(Number.NaN));
const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 10 });
const shifts = fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 11, maxLength: 11 });
const note = fc.string({ unit: fc.constantFrom("a", ",", '"', "\n", "\r\n", " "), maxLength: 6 });
const row = fc.record({ x: value, y: value, note, quoted: fc.boolean(), eol: fc.constantFrom("\n", "\r\n") });

describe("summarizePairStream: summarizePairs of the same values", () => {
  it("any pairs, column order and chunking; by name or index; NaN pairs omitted", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { maxLength: 60 }),
        fc.boolean(),
        fc.boolean(),
        cuts,
        shifts,
        async (rows, xFirst, byName, fractions, offs) => {
          // columns: note, then x and y in either order
          let text = xFirst ? "note,pre,metric\r\n" : "note,metric,pre\r\n";
          for (const r of rows) {
            const [first, second] = xFirst ? [r.x, r.y] : [r.y, r.x];
            const field = (v: number) => (r.quoted ? quote(String(v)) : String(v));
            text += `${quote(r.note)},${field(first)},${field(second)}${r.eol}`;
          }
          const columns = byName ? { y: "metric", x: "pre" } : { y: xFirst ? 2 : 1, x: xFirst ? 1 : 2 };
          const options: PairIngestOptions = { ...columns, nan: "omit" };
          const report = await summarizePairStream(cutShifted(utf8(text), fractions, offs), options);
          const xs = rows.map((r) => Number(String(r.x))); // as written: -0 is written 0
          const ys = rows.map((r) => Number(String(r.y)));
          expect(report.summary.toJSON()).toEqual(summarizePairs(xs, ys, { nan: "omit" }).toJSON());
          expect(report.records).toBe(rows.length);
          expect(report.records).toBe(report.summary.count + report.summary.omitted + report.skipped);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("across batch boundaries (3 batches and a bit): PairAccumulator fed batch by batch", async () => {
    const n = 2 * BATCH + 1234;
    const xs = normals(41, n, 100, 15);
    const noise = normals(42, n, 0, 5);
    const ys = xs.map((v, i) => 2 * v + noise[i]! + 1e6);
    const acc = new PairAccumulator();
    for (let i = 0; i < n; i += BATCH) acc.push(xs.subarray(i, i + BATCH), ys.subarray(i, i + BATCH));
    const expected = acc.summary().toJSON();
    let text = "y,x\n";
    for (let i = 0; i < n; i++) text += `${ys[i]},${xs[i]}\n`;
    const bytes = utf8(text);
    await fc.assert(
      fc.asyncProperty(cuts, shifts, async (fractions, offs) => {
        const report = await summarizePairStream(cutShifted(bytes, fractions, offs), { y: "y", x: "x" });
        expect(report.summary.toJSON()).toEqual(expected);
      }),
      { numRuns: 5 },
    );
  });

  it("y is the --column values and x the covariate's: each column agrees with the one-column summary", async () => {
    const xs = normals(7, 3000, 5, 2);
    const ys = normals(8, 3000, 50, 9);
    const text = `x,y\n${Array.from(xs, (v, i) => `${v},${ys[i]}`).join("\n")}`;
    const { summary } = await summarizePairStream([text], { y: "y", x: "x" });
    // The pair kernel and the one-column kernel are different code (lanes and blocks): both are
    // accurate to a few ulps, so they agree to 8ε (the means' double-double parts differ).
    for (const [column, values] of [
      [summary.y, ys],
      [summary.x, xs],
    ] as const) {
      const one = summarize(values);
      expect(column.count).toBe(one.count);
      expect(Math.abs(column.mean - one.mean)).toBeLessThanOrEqual(8 * Number.EPSILON * Math.abs(one.mean));
      expect(Math.abs(column.m2 - one.m2)).toBeLessThanOrEqual(8 * Number.EPSILON * one.m2);
    }
    expect(Math.abs(summary.meanY - 50)).toBeLessThan(1); // y ~ N(50, 9), x ~ N(5, 2)
    expect(Math.abs(summary.meanX - 5)).toBeLessThan(0.2);
  });

  it("header detection with two indexes: a header when either field is not a number", async () => {
    const data = "1,2\n3,5\n4,4\n";
    expect((await summarizePairStream([data], { y: 1, x: 0 })).summary.count).toBe(3);
    expect((await summarizePairStream([`a,b\n${data}`], { y: 1, x: 0 })).summary.count).toBe(3);
    expect((await summarizePairStream([`0,b\n${data}`], { y: 1, x: 0 })).summary.count).toBe(3);
    expect((await summarizePairStream([`x,y\n${data}`], { y: 1, x: 0, header: true })).records).toBe(3);
    const noHeader = await summarizePairStream([data], { y: 1, x: 0, header: false });
    expect(noHeader.summary.toJSON()).toEqual(summarizePairs([1, 3, 4], [2, 5, 4]).toJSON());
  });
});

describe("summarizePairStream: errors and policies, as for one column", () => {
  const csv = "id,revenue,pre\n1,10,9\n2,x,8\n3,12,n/a\n4,,7\n5,13\n6,14,12\n";

  it("E_PARSE names the line, column, column name and text of the field at fault (the leftmost)", async () => {
    const e = await failure(summarizePairStream([csv], { y: "revenue", x: "pre", name: "arm.csv" }));
    expect(e).toMatchObject({
      code: "E_PARSE",
      input: "arm.csv",
      line: 3,
      column: 1,
      columnName: "revenue",
      text: "x",
    });
    const both = await failure(summarizePairStream(["a,b\n1,2\nu,v\n"], { y: "b", x: "a" }));
    expect(both).toMatchObject({ line: 3, column: 0, columnName: "a", text: "u" });
  });

  it("skipInvalid skips the whole pair and lists each record once, with the field at fault", async () => {
    const r = await summarizePairStream([csv], { y: "revenue", x: "pre", skipInvalid: true });
    expect(r.summary.toJSON()).toEqual(summarizePairs([9, 12], [10, 14]).toJSON());
    expect([r.records, r.skipped]).toEqual([6, 4]);
    expect(r.skippedRecords.map((s) => [s.line, s.column, s.text])).toEqual([
      [3, 1, "x"],
      [4, 2, "n/a"],
      [5, 1, ""],
      [6, 2, undefined],
    ]);
    expect(r.skippedRecords[3]!.reason).toBe("the record has 2 field(s), so no column 2");
  });

  it("NaN in either value: E_NAN naming its field, or the pair omitted (counted once)", async () => {
    const text = "y,x\n1,2\nNaN,3\n4,nan\n5,6\nNaN,NaN\n";
    const e = await failure(summarizePairStream([text], { y: "y", x: "x" }));
    expect(e).toMatchObject({ code: "E_NAN", line: 3, column: 0, columnName: "y" });
    const ex = await failure(summarizePairStream(["y,x\n1,NaN\n"], { y: "y", x: "x" }));
    expect(ex).toMatchObject({ code: "E_NAN", line: 2, column: 1, columnName: "x" });
    const r = await summarizePairStream([text], { y: "y", x: "x", nan: "omit" });
    const nan = Number.NaN;
    expect(r.summary.toJSON()).toEqual(
      summarizePairs([2, 3, nan, 6, nan], [1, nan, 4, 5, nan], { nan: "omit" }).toJSON(),
    );
    expect([r.summary.count, r.summary.omitted, r.records]).toEqual([2, 3, 5]);
  });

  it("±Infinity is E_INFINITE naming its field; a NaN in the same pair wins, as in summarizePairs", async () => {
    const e = await failure(summarizePairStream(["y,x\n1,2\n3,-Infinity\n"], { y: "y", x: "x" }));
    expect(e).toMatchObject({ code: "E_INFINITE", line: 3, column: 1, columnName: "x" });
    const r = await summarizePairStream(["y,x\n1,2\nNaN,Infinity\n3,5\n"], { y: "y", x: "x", nan: "omit" });
    expect([r.summary.count, r.summary.omitted]).toEqual([2, 1]);
    expect(() => summarizePairs([2, Infinity, 5], [1, Number.NaN, 3], { nan: "omit" })).not.toThrow();
  });

  it("refuses bad options with E_BAD_ARGUMENT naming them", async () => {
    const cases: [unknown, string][] = [
      [{ x: "pre" }, "options.y"],
      [{ y: "revenue" }, "options.x"],
      [{ y: "revenue", x: -1 }, "options.x"],
      [{ y: "revenue", x: "pre", format: "text" }, "options.format"],
      [{ y: "revenue", x: "pre", clip: [0, 1] }, "options.clip"],
      [{ y: "revenue", x: "pre", column: "revenue" }, "options.column"],
      [{ y: 1, x: "pre", header: false }, "options.header"],
      [{ y: "revenue", x: "pre", delimiter: "ab" }, "options.delimiter"],
    ];
    for (const [options, field] of cases) {
      const e = await failure(summarizePairStream([csv], options as PairIngestOptions));
      expect([e.code, e.field]).toEqual(["E_BAD_ARGUMENT", field]);
    }
    const same = await failure(summarizePairStream([csv], { y: "revenue", x: 1 }));
    expect([same.code, same.field]).toEqual(["E_BAD_ARGUMENT", "options.x"]);
    const missing = await failure(summarizePairStream([csv], { y: "revenue", x: "pre_revenue" }));
    expect(missing.code).toBe("E_FORMAT");
    expect(missing.message).toContain('there is no column "pre_revenue"; the header has "id", "revenue", "pre"');
  });
});

describe("summarizePairFile", () => {
  it("reads plain and gzip-compressed CSV files, with progress, as the stream", async () => {
    const xs = normals(11, 5000, 20, 4);
    const text = `x;y\n${Array.from(xs, (v, i) => `${v};${3 * v + i / 100}`).join("\n")}\n`;
    await writeFile(at("p.csv"), text);
    await writeFile(at("p.csv.gz"), gzipSync(text));
    const expected = await summarizePairStream([text], { y: "y", x: "x", delimiter: ";" });
    let last = 0;
    const plain = await summarizePairFile(at("p.csv"), {
      y: "y",
      x: "x",
      delimiter: ";",
      onProgress: (done) => {
        last = done;
      },
    });
    expect(last).toBe(utf8(text).length);
    expect(plain.summary.toJSON()).toEqual(expected.summary.toJSON());
    const gz = await summarizePairFile(at("p.csv.gz"), { y: "y", x: "x", delimiter: ";" });
    expect(gz.summary.toJSON()).toEqual(expected.summary.toJSON());
    const e = await failure(summarizePairFile(at("none.csv"), { y: "y", x: "x" }));
    expect([e.code, (e as BatchStatsError & { input?: string }).input]).toEqual(["E_IO", at("none.csv")]);
  });
});

describe("batchstats summarize --covariate, then ttest --cuped and ratio", () => {
  const n = 800;
  const preA = normals(21, n, 50, 10);
  const preB = normals(22, n, 50, 10);
  const noiseA = normals(23, n, 0, 4);
  const noiseB = normals(24, n, 0, 4);
  const revA = preA.map((v, i) => 0.8 * v + 12 + noiseA[i]!);
  const revB = preB.map((v, i) => 0.8 * v + 10 + noiseB[i]!);
  const csvOf = (pre: Float64Array, rev: Float64Array) =>
    `user,revenue,revenue_pre\r\n${Array.from(rev, (v, i) => `${i},${v},${pre[i]}`).join("\r\n")}\r\n`;

  beforeAll(async () => {
    await writeFile(at("a.csv"), csvOf(preA, revA));
    await writeFile(at("b.csv"), csvOf(preB, revB));
  });

  it("prints summarizePairs(x = covariate, y = column) of the same values", async () => {
    const run = await runCli(["summarize", at("a.csv"), "--column", "revenue", "--covariate", "revenue_pre", "-q"]);
    expect([run.code, run.stderr]).toEqual([0, ""]);
    expect(JSON.parse(run.stdout)).toEqual(summarizePairs(preA, revA).toJSON());
    expect(PairSummary.fromJSON(run.stdout).meanY).toBe(summarize(revA).mean);
    const byIndex = await runCli(["summarize", at("a.csv"), "--column", "1", "--covariate", "2", "-q"]);
    expect(byIndex.stdout).toBe(run.stdout);
    const piped = await runCli(
      ["summarize", "-", "--format", "csv", "--column", "revenue", "--covariate", "revenue_pre"],
      {
        pipe: at("a.csv"),
      },
    );
    expect(piped.stdout).toBe(run.stdout);
  });

  it("several inputs: the merge of their pair summaries", async () => {
    const run = await runCli([
      "summarize",
      at("a.csv"),
      at("b.csv"),
      "--column",
      "revenue",
      "--covariate",
      "revenue_pre",
    ]);
    expect(run.code).toBe(0);
    const both = PairSummary.fromJSON(run.stdout);
    expect(both.count).toBe(2 * n);
    const all = summarizePairs([...preA, ...preB], [...revA, ...revB]);
    expect(both.meanY).toBeCloseTo(all.meanY, 12);
    expect(both.covariance()).toBeCloseTo(all.covariance(), 9);
  });

  it("ttest --cuped and ratio on the printed files give cupedTest and ratioTest", async () => {
    for (const arm of ["a", "b"]) {
      const run = await runCli(["summarize", at(`${arm}.csv`), "--column", "revenue", "--covariate", "revenue_pre"]);
      expect(run.code).toBe(0);
      await writeFile(at(`${arm}.json`), run.stdout);
    }
    const a = summarizePairs(preA, revA);
    const b = summarizePairs(preB, revB);
    const cuped = await runCli(["ttest", "--cuped", at("a.json"), at("b.json")]);
    expect([cuped.code, cuped.stderr]).toEqual([0, ""]);
    const result = JSON.parse(cuped.stdout);
    expect(result).toEqual(JSON.parse(JSON.stringify(cupedTest(a, b))));
    expect(result.varianceReduction).toBeGreaterThan(0.5); // the covariate explains most of the variance
    const ratio = await runCli(["ratio", "--relative", at("a.json"), at("b.json")]);
    expect(ratio.code).toBe(0);
    expect(JSON.parse(ratio.stdout)).toEqual(JSON.parse(JSON.stringify(ratioTest(a, b, { relative: true }))));
  });

  it("a bad record is exit 2 naming the line and column; --skip-invalid reports it on stderr", async () => {
    await writeFile(at("bad.csv"), "revenue,revenue_pre\n1,2\n3,oops\n5,6\n");
    const run = await runCli(["summarize", at("bad.csv"), "--column", "revenue", "--covariate", "revenue_pre"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('line 3, column 1 ("revenue_pre"): "oops" is not a number');
    const skip = await runCli([
      "summarize",
      at("bad.csv"),
      "--column",
      "revenue",
      "--covariate",
      "revenue_pre",
      "--skip-invalid",
      "-q",
    ]);
    expect(skip.code).toBe(0);
    expect(JSON.parse(skip.stdout)).toEqual(summarizePairs([2, 6], [1, 5]).toJSON());
    expect(skip.stderr).toContain("skipped 1 of 3 records (not numbers), on lines 3");
    await writeFile(at("nan.csv"), "revenue,revenue_pre\n1,2\nNaN,4\n5,6\n");
    const omit = await runCli(["summarize", at("nan.csv"), "--column", "0", "--covariate", "1", "--nan", "omit"]);
    expect(JSON.parse(omit.stdout)).toEqual(summarizePairs([2, 4, 6], [1, Number.NaN, 5], { nan: "omit" }).toJSON());
  });

  it("usage errors (exit 1): --clip, no --column, a non-CSV input, --group-by, a Parquet input", async () => {
    await writeFile(at("v.txt"), "1\n2\n");
    const cases: [string[], RegExp][] = [
      [[at("a.csv"), "--column", "revenue", "--clip", "0,1"], /--clip cannot be used with --covariate/],
      [[at("a.csv")], /--covariate needs --column/],
      [[at("v.txt"), "--column", "0"], /--covariate reads two columns of a CSV; .*v\.txt is read as text/],
      [[at("a.csv"), "--column", "revenue", "--group-by", "user"], /--covariate cannot be used with --group-by/],
      [[at("t.parquet"), "--column", "revenue"], /--covariate cannot be used with --group-by or a Parquet input/],
      [[at("a.csv"), "--column", "revenue_pre"], /the two columns of a pair are one column/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(["summarize", ...args, "--covariate", "revenue_pre"]);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(message);
    }
  });
});
