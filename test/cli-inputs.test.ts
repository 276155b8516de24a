/**
 * Summary inputs of `merge` and `ttest`, as users produce them: files with a UTF-8 byte-order
 * mark, `cat *.json | batchstats merge -`, NDJSON (one summary per line, blank lines ignored),
 * JSON arrays, in files and on stdin; errors naming the input and the line or array index; a
 * cap on one JSON value; and merges of hundreds of thousands of summaries on stdin (folded one
 * at a time, so constant stack). Expected values: the library's `merge` of the same summaries.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { merge, Summary, summarize } from "../src/index.js";
import { ttest } from "../src/ttest/ttest.js";
import { runCli } from "./support/node-build.js";
import { normals } from "./support/prng.js";

let dir = "";
const at = (name: string) => join(dir, name);
const BOM = "\uFEFF";

/** Summaries of slices of a seeded sample: realistic mean and M2 with non-zero low parts. */
function parts(seed: number, k: number): Summary[] {
  const values = normals(seed, k * 7, 100, 3);
  return Array.from({ length: k }, (_, i) => summarize(values.subarray(7 * i, 7 * i + 2 + (i % 6))));
}
const json = (s: Summary) => JSON.stringify(s);
const parse = (stdout: string) => Summary.fromJSON(stdout.trim());

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "batchstats-cli-inputs-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("summary inputs: BOM, NDJSON, arrays, concatenation", () => {
  const [s1, s2, s3, s4] = parts(7, 4) as [Summary, Summary, Summary, Summary];
  const all = merge(s1, s2, s3, s4).toJSON();

  it("accepts a summary file with a UTF-8 byte-order mark, in merge and ttest", async () => {
    await writeFile(at("bom1.json"), `${BOM}${json(s1)}\n`);
    await writeFile(at("bom2.json"), `${BOM}${JSON.stringify(s2.toJSON(), null, 2)}`); // pretty, no newline
    const merged = await runCli(["merge", at("bom1.json"), at("bom2.json")]);
    expect([merged.code, merged.stderr]).toEqual([0, ""]);
    expect(parse(merged.stdout).toJSON()).toEqual(merge(s1, s2).toJSON());
    const t = await runCli(["ttest", at("bom1.json"), at("bom2.json"), "--json"]);
    expect([t.code, t.stderr]).toEqual([0, ""]);
    expect(JSON.parse(t.stdout)).toEqual(JSON.parse(JSON.stringify(ttest(s1, s2))));
  });

  it("merges cat *.json on stdin: files with or without a final newline, with or without a BOM", async () => {
    // What `cat a.json b.json c.json d.json` sends: the files back to back.
    const files = [
      `${json(s1)}\n`,
      `${BOM}${json(s2)}`,
      `${json(s3)}`,
      `${BOM}${JSON.stringify(s4.toJSON(), null, 1)}\n`,
    ];
    await writeFile(at("cat.txt"), files.join(""));
    const run = await runCli(["merge", "-"], { pipe: at("cat.txt") });
    expect([run.code, run.stderr]).toEqual([0, ""]);
    expect(parse(run.stdout).toJSON()).toEqual(all);
  });

  it("reads NDJSON (blank lines and CRLF) and JSON arrays, in files and on stdin", async () => {
    await writeFile(at("parts.ndjson"), `\r\n${json(s1)}\r\n\r\n${json(s2)}\r\n   \n`);
    await writeFile(at("parts.array.json"), JSON.stringify([s3, s4]));
    for (const [args, stdin] of [
      [["merge", at("parts.ndjson"), at("parts.array.json")], undefined],
      [["merge", "-", at("parts.array.json")], `${json(s1)}\n\n${json(s2)}\n`],
      [["merge", at("parts.ndjson"), "-"], `${BOM}[${json(s3)},\n${json(s4)}]`],
      [["merge", "-"], `[${json(s1)}, ${json(s2)}]\n[]\n${json(s3)}\n[${json(s4)}]\n`],
    ] as const) {
      const run = await runCli([...args], stdin);
      expect([run.code, run.stderr]).toEqual([0, ""]);
      expect(parse(run.stdout).toJSON()).toEqual(all);
    }
  });

  it("names the input and the line of a bad summary in NDJSON, and the index in an array", async () => {
    const bad = { ...s2.toJSON(), m2: -1 };
    await writeFile(at("bad.ndjson"), `${json(s1)}\n\n${JSON.stringify(bad)}\n${json(s3)}\n`);
    const line = await runCli(["merge", at("bad.ndjson")]);
    expect([line.code, line.stdout, line.stderr]).toEqual([
      2,
      "",
      `batchstats: ${at("bad.ndjson")}, line 3: invalid summary: m2 must be non-negative, got -1 (E_BAD_SUMMARY)\n`,
    ]);
    const index = await runCli(["merge", "-"], `\n[${json(s1)},\n${json(s2)}, {"count": 1}]\n`);
    expect([index.code, index.stderr]).toEqual([
      2,
      "batchstats: <stdin>, line 2, array index 2: invalid summary: format is missing (E_BAD_SUMMARY)\n",
    ]);
    const truncated = await runCli(["merge", "-"], `${json(s1)}\n${json(s2).slice(0, 40)}`);
    expect([truncated.code, truncated.stderr]).toEqual([
      2,
      expect.stringMatching(
        /^batchstats: <stdin>, line 2: invalid summary: .*cut off by the end of the input.*\(E_BAD_SUMMARY\)\n$/,
      ),
    ]);
  });

  it("ttest: a file must hold exactly one summary, and says so when it holds several", async () => {
    await writeFile(at("one.json"), json(s1));
    for (const [content, where] of [
      [`${json(s1)}\n${json(s2)}\n`, "line 2"],
      [JSON.stringify([s1, s2]), "line 1, array index 1"],
    ] as const) {
      await writeFile(at("several.json"), content);
      const run = await runCli(["ttest", at("several.json"), at("one.json")]);
      expect([run.code, run.stdout, run.stderr]).toEqual([
        2,
        "",
        `batchstats: ${at("several.json")}, ${where}: ${at("several.json")} holds more than one summary, and exactly one is needed here (merge them into one first with batchstats merge) (E_BAD_SUMMARY)\n`,
      ]);
    }
  });

  it("an empty input is an error (a failed job's output), an empty array is not", async () => {
    await writeFile(at("empty.json"), "");
    const run = await runCli(["merge", at("one.json"), at("empty.json")]);
    expect([run.code, run.stderr]).toEqual([
      2,
      expect.stringMatching(/^batchstats: .*empty\.json: invalid summary: the input is empty .*\(E_BAD_SUMMARY\)\n$/),
    ]);
    const none = await runCli(["merge", "-"], "[]\n");
    expect([none.code, parse(none.stdout).count]).toEqual([0, 0]);
  });

  it("refuses one JSON value over 16 MiB with E_FORMAT (memory holds one value at a time)", async () => {
    const huge = `[${`${json(s1)},`.repeat(Math.ceil((17 << 20) / (json(s1).length + 1)))}${json(s1)}]`;
    const run = await runCli(["merge", "-"], `${json(s2)}\n${huge}\n`);
    expect([run.code, run.stdout, run.stderr]).toEqual([
      2,
      "",
      "batchstats: <stdin>, line 2: a JSON value longer than 16777216 characters; a summary is a few hundred (write many summaries as NDJSON, one per line) (E_FORMAT)\n",
    ]);
  });
});

describe("many summaries: merged one at a time", () => {
  it("merges 200 000 summaries of NDJSON on stdin, as the library folds them", async () => {
    const k = 200_000;
    const summaries = parts(11, k);
    await writeFile(at("many.ndjson"), `${summaries.map(json).join("\n")}\n`);
    let expected = Summary.empty();
    for (const s of summaries) expected = merge(expected, s); // the fold the command line does
    const run = await runCli(["merge", "-"], { pipe: at("many.ndjson") }); // cat many.ndjson | batchstats merge -
    expect([run.code, run.stderr]).toEqual([0, ""]);
    expect(parse(run.stdout).toJSON()).toEqual(expected.toJSON());
    // And the same summaries as one array file (12 MiB: under the cap).
    await writeFile(at("many.json"), JSON.stringify(summaries.slice(0, 60_000)));
    let first = Summary.empty();
    for (const s of summaries.slice(0, 60_000)) first = merge(first, s);
    const array = await runCli(["merge", at("many.json")]);
    expect([array.code, array.stderr]).toEqual([0, ""]);
    expect(parse(array.stdout).toJSON()).toEqual(first.toJSON());
  }, 120_000);
});
