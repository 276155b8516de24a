/**
 * The `batchstats` executable, run as a user runs it (a child process on generated files; see
 * support/node-build.ts for which build): results equal the library's, and every kind of bad
 * input ends with its exit code and a message naming the file, line and text.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { merge, Summary, summarize } from "../src/index.js";
import { ttest } from "../src/ttest/ttest.js";
import { cli, runCli } from "./support/node-build.js";
import { f32Bytes, f64Bytes } from "./support/node-inputs.js";
import { normals } from "./support/prng.js";

let dir = "";
const at = (name: string) => join(dir, name);
const a = normals(1, 50_000, 10, 2);
const b = normals(2, 30_000, 10.05, 2.5);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "batchstats-cli-"));
  await mkdir(at("dir"));
  await writeFile(at("a.f64"), f64Bytes(a));
  await writeFile(at("b.txt"), `${Array.from(b, String).join("\r\n")}\r\n`);
  await writeFile(at("b.csv"), `id,"value"\n${Array.from(b, (v, i) => `${i},"${v}"`).join("\n")}\n`);
  console.log(`testing the command line ${cli().script} (${cli().kind} build)`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const parse = (stdout: string) => Summary.fromJSON(stdout.trim());

describe("summarize", () => {
  it("prints the summary JSON of a binary file, as the library computes it", async () => {
    const run = await runCli(["summarize", at("a.f64")]);
    expect(run).toEqual({ code: 0, stdout: `${JSON.stringify(summarize(a))}\n`, stderr: "" });
  });

  it("reads text and CSV (by name, by index), and stdin", async () => {
    const expected = JSON.stringify(summarize(b));
    for (const args of [
      [at("b.txt")],
      [at("b.csv"), "--column", "value"],
      [at("b.csv"), "--format", "csv", "--column", "1"],
      ["-", "--format", "text"],
    ]) {
      const run = await runCli(["summarize", ...args], `${Array.from(b, String).join("\n")}\n`);
      expect([run.code, run.stdout.trim(), run.stderr]).toEqual([0, expected, ""]);
    }
  });

  it("reads stdin redirected from a file (with workers) and from a pipe", async () => {
    const expected = JSON.stringify(summarize(a));
    for (const stdin of [{ file: at("a.f64") }, { pipe: at("a.f64") }]) {
      const run = await runCli(["summarize", "-", "--format", "f64le", "--workers", "2"], stdin);
      expect([run.code, run.stdout.trim(), run.stderr]).toEqual([0, expected, ""]);
    }
    const bad = await runCli(["summarize", "-"], { pipe: at("b.csv") });
    expect([bad.code, bad.stderr]).toEqual([
      2,
      expect.stringMatching(/^batchstats: <stdin>, line 1: "id,\\"value\\"" is not a number/),
    ]);
  });

  it("prints one summary for all its inputs", async () => {
    await writeFile(at("a.f32"), f32Bytes(a.subarray(0, 1000)));
    const run = await runCli(["summarize", at("a.f64"), at("b.txt"), at("a.f32")]);
    expect(run.code).toBe(0);
    const all = parse(run.stdout);
    const expected = merge(
      summarize(a),
      summarize(b),
      summarize(Float64Array.from(Float32Array.from(a.subarray(0, 1000)))),
    );
    expect(all.toJSON()).toEqual(expected.toJSON());
  });

  it("splits a large file among worker threads, with the same summary", async () => {
    const big = normals(3, 5_000_000, 1e6, 3); // 40 MB: two ranges (32 MiB and the rest)
    await writeFile(at("big.f64"), f64Bytes(big));
    const one = await runCli(["summarize", at("big.f64")]);
    const two = await runCli(["summarize", "--workers", "2", at("big.f64")]);
    expect([two.code, two.stderr]).toEqual([0, ""]); // stderr is not a terminal: no progress bar
    expect(two.stdout).toBe(one.stdout);
    const s = parse(two.stdout);
    const expected = summarize(big);
    expect(s.count).toBe(expected.count);
    expect(Math.abs(s.mean - expected.mean)).toBeLessThanOrEqual(2 ** -52 * expected.mean);
    expect(Math.abs(s.variance() - expected.variance())).toBeLessThanOrEqual(1e-14 * expected.variance());
  });

  it("omits NaNs with --nan omit, counting them", async () => {
    const run = await runCli(["summarize", "-", "--nan", "omit"], "1\nNaN\n3\n");
    expect(parse(run.stdout).toJSON()).toEqual({ ...summarize([1, 3]).toJSON(), omitted: 1 });
  });

  it("skips invalid records with --skip-invalid and says how many, and where", async () => {
    const lines = Array.from({ length: 40 }, (_, i) => (i % 4 === 1 ? `x${i}` : String(i)));
    await writeFile(at("dirty.txt"), lines.join("\n"));
    const run = await runCli(["summarize", "--skip-invalid", at("dirty.txt")]);
    expect(run.code).toBe(0);
    expect(parse(run.stdout).count).toBe(30);
    expect(run.stderr).toBe(
      `batchstats: ${at("dirty.txt")}: skipped 10 of 40 records (not numbers), on lines 2, 6, 10, 14, 18, 22, 26, 30, 34, 38\n`,
    );
  });
});

describe("merge", () => {
  it("merges summaries written by summarize into the summary of all the values", async () => {
    const half = a.length / 2;
    await writeFile(at("a1.f64"), f64Bytes(a.subarray(0, half)));
    await writeFile(at("a2.f64"), f64Bytes(a.subarray(half)));
    for (const part of ["a1", "a2"]) {
      const run = await runCli(["summarize", at(`${part}.f64`)]);
      await writeFile(at(`${part}.json`), run.stdout);
    }
    const run = await runCli(["merge", at("a1.json"), at("a2.json")]);
    expect(run.code).toBe(0);
    const merged = parse(run.stdout);
    const whole = summarize(a);
    expect([merged.count, merged.mean, merged.variance()]).toEqual([whole.count, whole.mean, whole.variance()]);
  });

  it("reads a summary from stdin", async () => {
    const s = JSON.stringify(summarize([1, 2, 3]));
    await writeFile(at("s.json"), s);
    const run = await runCli(["merge", "-", at("s.json")], s);
    expect(parse(run.stdout).toJSON()).toEqual(merge(summarize([1, 2, 3]), summarize([1, 2, 3])).toJSON());
  });
});

describe("ttest", () => {
  /** summarize each half of each sample, merge the halves, and return the merged summary files. */
  async function pipeline(): Promise<[string, string]> {
    const out: string[] = [];
    for (const [name, values] of [
      ["A", a],
      ["B", b],
    ] as const) {
      const half = Math.floor(values.length / 2);
      await writeFile(at(`${name}1.f64`), f64Bytes(values.subarray(0, half)));
      await writeFile(at(`${name}2.txt`), Array.from(values.subarray(half), String).join("\n"));
      for (const part of [`${name}1.f64`, `${name}2.txt`]) {
        const run = await runCli(["summarize", at(part)]);
        expect(run.code).toBe(0);
        await writeFile(at(`${part}.json`), run.stdout);
      }
      const merged = await runCli(["merge", at(`${name}1.f64.json`), at(`${name}2.txt.json`)]);
      expect(merged.code).toBe(0);
      await writeFile(at(`${name}.json`), merged.stdout);
      out.push(at(`${name}.json`));
    }
    return out as [string, string];
  }

  it("summarize → merge → ttest gives the library's p-value on the raw data", async () => {
    const [fileA, fileB] = await pipeline();
    // The library on the same pieces: summaries of each half, merged.
    const halves = (x: Float64Array) =>
      merge(summarize(x.subarray(0, x.length / 2)), summarize(x.subarray(x.length / 2)));
    for (const [flags, options] of [
      [[], {}],
      [["--equal-var"], { equalVar: true }],
      [["--alternative", "less", "--confidence", "0.9"], { alternative: "less", confidenceLevel: 0.9 }],
      [["--mu", "-0.05", "--alternative", "greater"], { mu: -0.05, alternative: "greater" }],
    ] as const) {
      const run = await runCli(["ttest", fileA, fileB, "--json", ...flags]);
      expect([run.code, run.stderr]).toEqual([0, ""]);
      const fromCli = JSON.parse(run.stdout);
      const fromPieces = ttest(halves(a), halves(b), options);
      expect(fromCli).toEqual(JSON.parse(JSON.stringify(fromPieces)));
      // Against the raw data summarized at once: the merged summaries differ from the one-shot ones
      // around the 32nd digit, which can move the estimate (and so p) by an ulp or two.
      const fromRaw = ttest(a, b, options);
      expect(Math.abs(fromCli.pValue - fromRaw.pValue)).toBeLessThanOrEqual(1e-14 * fromRaw.pValue);
      expect(fromCli.df).toBe(fromRaw.df);
    }
  });

  it("prints a readable report", async () => {
    const run = await runCli(["ttest", at("A.json"), at("B.json")]);
    expect(run.code).toBe(0);
    const r = ttest(a, b);
    const six = (x: number) => String(Number(x.toPrecision(6)));
    expect(run.stdout).toBe(
      [
        "Welch two-sample t-test",
        `  a (${at("A.json")}): n = 50000, mean = ${six(summarize(a).mean)}, sd = ${six(summarize(a).std())}`,
        `  b (${at("B.json")}): n = 30000, mean = ${six(summarize(b).mean)}, sd = ${six(summarize(b).std())}`,
        `  t = ${six(r.statistic)}, df = ${six(r.df)}, p-value = ${six(r.pValue)}`,
        "  alternative hypothesis: mean(a) − mean(b) ≠ 0",
        `  mean(a) − mean(b) = ${six(r.estimate)}, standard error ${six(r.stderr)}`,
        `  95% confidence interval: [${six(r.confidenceInterval[0])}, ${six(r.confidenceInterval[1])}]`,
        "",
      ].join("\n"),
    );
  });

  it("reports too few values as bad input", async () => {
    await writeFile(at("one.json"), JSON.stringify(summarize([1])));
    const run = await runCli(["ttest", at("one.json"), at("A.json")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^batchstats: .*\(E_TOO_FEW\)\n$/);
  });

  it("refuses a bad confidence level as a usage error", async () => {
    const run = await runCli(["ttest", at("A.json"), at("B.json"), "--confidence", "95"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--confidence <level>' argument '95' is invalid/);
  });
});

describe("bad input: exit code 2 and a message naming it", () => {
  const cases: [string, () => Promise<string[]>, RegExp][] = [
    [
      "a malformed number in text: file, line and text",
      async () => {
        await writeFile(at("bad.txt"), "1\n2\n\n3.5.1\n4\n");
        return ["summarize", at("bad.txt")];
      },
      /^batchstats: .*bad\.txt, line 4: "3\.5\.1" is not a number \(use skipInvalid, or --skip-invalid, to skip such records\) \(E_PARSE\)\n$/,
    ],
    [
      "a malformed number in CSV: file, line, column and text",
      async () => {
        await writeFile(at("bad.csv"), 'a,b\r\n1,2\r\n3,"4\r\n5"\r\n6,n/a\r\n');
        return ["summarize", "--column", "b", at("bad.csv")];
      },
      /^batchstats: .*bad\.csv, line 3, column 1 \("b"\): "4\\r\\n5" is not a number .*\(E_PARSE\)\n$/,
    ],
    [
      "a CSV column that does not exist",
      async () => ["summarize", "--column", "latency", at("b.csv")],
      /^batchstats: .*b\.csv, line 1: there is no column "latency"; the header has "id", "value" \(E_FORMAT\)\n$/,
    ],
    [
      "a binary file whose size is not a multiple of the value size",
      async () => {
        await writeFile(at("short.f64"), new Uint8Array(8 * 3 + 2));
        return ["summarize", at("short.f64")];
      },
      /^batchstats: .*short\.f64, byte 24: the file is 26 bytes, not a multiple of 8 .* \(E_FORMAT\)\n$/,
    ],
    [
      "a NaN in binary data: which value, which byte",
      async () => {
        await writeFile(at("nan.f64"), f64Bytes([1, 2, Number.NaN]));
        return ["summarize", at("nan.f64")];
      },
      /^batchstats: .*nan\.f64, value 2, byte 16: the value is NaN \(use nan: "omit", or --nan omit, to skip NaNs\) \(E_NAN\)\n$/,
    ],
    [
      "NaN written in text, with the default --nan raise",
      async () => ["summarize", "-", "--skip-invalid"],
      /^batchstats: <stdin>, line 2: the value is NaN .*\(E_NAN\)\n$/,
    ],
    [
      "a file that does not exist",
      async () => ["summarize", at("b.txt"), at("missing.txt")],
      /^batchstats: .*missing\.txt: cannot read: no such file \(ENOENT\) \(E_IO\)\n$/,
    ],
    [
      "a directory",
      async () => ["summarize", at("dir")],
      /^batchstats: .*dir: cannot read: is a directory \(E_IO\)\n$/,
    ],
    [
      "a summary file that is not JSON",
      async () => {
        await writeFile(at("notjson.json"), "count: 3");
        return ["merge", at("notjson.json")];
      },
      /^batchstats: .*notjson\.json, line 1: invalid summary: not a JSON object or array: found "count: 3" .*\(E_BAD_SUMMARY\)\n$/,
    ],
    [
      "the first of several bad summaries",
      async () => {
        await writeFile(at("neg.json"), JSON.stringify({ ...summarize([1, 2]).toJSON(), m2: -1 }));
        return ["merge", at("b.txt"), at("neg.json")];
      },
      /^batchstats: .*b\.txt, line 1: invalid summary: not a JSON object or array: found "-?[\d.]+\\r\\n.*\(E_BAD_SUMMARY\)\n$/,
    ],
    [
      "a data file given to merge",
      async () => {
        await writeFile(at("data.f64"), new Uint8Array(2 << 20));
        return ["merge", at("data.f64")];
      },
      /^batchstats: .*data\.f64, line 1: invalid summary: not a JSON object or array: found binary data \(byte 0x00\) .*use batchstats summarize\) \(E_BAD_SUMMARY\)\n$/,
    ],
    [
      "a summary file that does not exist",
      async () => ["merge", at("nope.json")],
      /^batchstats: .*nope\.json: cannot read: no such file \(ENOENT\) \(E_IO\)\n$/,
    ],
  ];

  it.each(cases)("%s", async (_name, setup, message) => {
    const run = await runCli(await setup(), "1\nnan\n2\n");
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(message);
    expect(run.code).toBe(2);
  });

  it("names the bad field of a summary", async () => {
    const run = await runCli(["merge", at("neg.json")]);
    expect([run.code, run.stderr]).toEqual([
      2,
      `batchstats: ${at("neg.json")}, line 1: invalid summary: m2 must be non-negative, got -1 (E_BAD_SUMMARY)\n`,
    ]);
  });
});

describe("usage errors: exit code 1", () => {
  it.each([
    [["summarize", "--workers", "0", "x"], /--workers <n>' argument '0' is invalid/],
    [["summarize", "--format", "json", "x"], /argument 'json' is invalid. Allowed choices are f64le, f32le, text, csv/],
    [["summarize", "--bogus", "x"], /unknown option '--bogus'/],
    [["summarize"], /missing required argument 'inputs'/],
    [["summarize", "-", "-"], /stdin \(-\) can be read only once \(E_BAD_ARGUMENT\)/],
    [["frobnicate"], /unknown command 'frobnicate'/],
    [[], /Usage: batchstats/],
  ])("%j", async (args, message) => {
    const run = await runCli(args as string[]);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe("");
    expect(run.code).toBe(1);
  });

  it("prints help and the version on stdout, exit code 0", async () => {
    const help = await runCli(["summarize", "--help"]);
    expect([help.code, help.stderr]).toEqual([0, ""]);
    expect(help.stdout).toMatch(/--skip-invalid/);
    const version = await runCli(["--version"]);
    expect([version.code, version.stdout]).toEqual([0, expect.stringMatching(/^\d+\.\d+\.\d+\S*\n$/)]);
  });
});
