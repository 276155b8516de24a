/**
 * A fast-check campaign through the built command line: random hostile summary files and
 * NDJSON streams (random bytes, byte-order marks, truncated JSON, huge and NaN-like numbers,
 * wrong types, arrays, concatenations) for `merge` and `ttest`, and random text and CSV files
 * for `summarize`. Whatever the input:
 * - the exit code is 0, 1 or 2 — never 3 (an internal failure) nor a crash;
 * - on failure, stdout is empty and stderr is one line `batchstats: … (E_…)`;
 * - stdout never contains "NaN" or "undefined";
 * - on success, what `merge` and `summarize` print reads back with `Summary.fromJSON`, and what
 *   `ttest --json` prints is finite (but for the open bound of a one-sided interval).
 *
 * Spawned processes are slow, so the default run is 300 cases on as many processes at a time
 * as there are cores (+1), and starts no new case after 20 s (≈ 300 cases fit on an idle
 * 2-core machine; a loaded one runs fewer, at least 40, and the log says how many ran).
 * BATCHSTATS_FUZZ_RUNS=<n> runs exactly n cases, without the time limit;
 * BATCHSTATS_FUZZ_SEED=<s> replays a seed (each run prints its seed and counts). A failing
 * case's input is kept in a directory the failure message names.
 */
import { availableParallelism } from "node:os";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Summary, summarize } from "../src/index.js";
import { type CliRun, runCli } from "./support/node-build.js";

const RUNS = Number(process.env.BATCHSTATS_FUZZ_RUNS ?? 300);
const BUDGET_MS = process.env.BATCHSTATS_FUZZ_RUNS === undefined ? 20_000 : Number.POSITIVE_INFINITY;
const MIN_RUNS = Math.min(RUNS, 40);
const SEED = Number(process.env.BATCHSTATS_FUZZ_SEED ?? Date.now() % 2 ** 31);

let dir = "";
let failed = false;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "batchstats-cli-fuzz-"));
});
afterAll(async () => {
  if (!failed) await rm(dir, { recursive: true, force: true });
});

// ---- hostile summaries ------------------------------------------------------------------

const FIELDS = ["format", "version", "count", "mean", "meanLo", "m2", "m2Lo", "omitted"] as const;

/** Numbers and non-numbers that test the edges of every field. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    1,
    -1,
    2,
    0.5,
    2 ** 53 - 1,
    2 ** 53,
    2 ** 53 + 2,
    1e305,
    1e308,
    1.7976931348623157e308,
    -1.7976931348623157e308,
    5e-324,
    -5e-324,
    2.2250738585072014e-308,
    "NaN",
    "Infinity",
    "-Infinity",
    "1",
    "",
    null,
    true,
    false,
    [],
    {},
    [1],
    { hi: 1, lo: 0 },
    "batchstats.summary",
  ),
  fc.double(),
  fc.double({ min: -1e308, max: 1e308, noNaN: true }),
  fc.integer(),
  fc.string({ maxLength: 8 }),
);

/** A valid summary of a few values (sometimes huge or tiny ones). */
const validSummary: fc.Arbitrary<Record<string, unknown>> = fc
  .array(
    fc.oneof(
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      fc.double({ min: -1e150, max: 1e150, noNaN: true }),
      fc.integer({ min: -1000, max: 1000 }),
    ),
    { minLength: 0, maxLength: 12 },
  )
  .map((values) => {
    try {
      return { ...summarize(values).toJSON() } as Record<string, unknown>;
    } catch {
      return { ...summarize([1, 2, 3]).toJSON() } as Record<string, unknown>; // values whose M2 overflows
    }
  });

/** A summary with some fields replaced, removed, or added. */
const mutatedSummary: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    validSummary,
    fc.array(fc.tuple(fc.constantFrom(...FIELDS, "extra", "__proto__"), hostileValue, fc.boolean()), {
      maxLength: 3,
    }),
  )
  .map(([summary, edits]) => {
    const out: Record<string, unknown> = { ...summary };
    for (const [field, value, remove] of edits) {
      if (remove) delete out[field];
      else Object.defineProperty(out, field, { value, enumerable: true, writable: true, configurable: true });
    }
    return out;
  });

/** Text edits of serialised JSON: truncation, inserted bytes, number literals JSON.stringify never writes. */
const textEdit: fc.Arbitrary<(text: string) => string> = fc.oneof(
  fc.constant((t: string) => t),
  fc.constant((t: string) => t),
  fc.nat().map((n) => (t: string) => t.slice(0, n % (t.length + 1))),
  fc.tuple(fc.nat(), fc.string({ maxLength: 4, unit: "binary" })).map(
    ([n, s]) =>
      (t: string) =>
        t.slice(0, n % (t.length + 1)) + s + t.slice(n % (t.length + 1)),
  ),
  fc
    .constantFrom(
      "1e999",
      "-1e999",
      "1e-400",
      "NaN",
      "Infinity",
      "0x10",
      "1.",
      ".5",
      "-",
      "01",
      "1e+308",
      "9".repeat(400),
    )
    .map((literal) => (t: string) => t.replace(/-?\d[\d.e+-]*/, literal)),
  fc.constant((t: string) => t.replace(/"(\w+)":/, '"$1":0,"$1":')), // a duplicated key
);

const serialised: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(validSummary, mutatedSummary, mutatedSummary),
    fc.constantFrom(undefined, 1, 2),
    textEdit,
    fc.boolean(),
  )
  .map(([summary, indent, edit, bom]) => (bom ? "\uFEFF" : "") + edit(JSON.stringify(summary, null, indent)));

/** The bytes of a summary input: one summary, NDJSON, an array, concatenations, or random bytes. */
const summaryInput: fc.Arbitrary<Uint8Array> = fc.oneof(
  serialised.map((s) => Buffer.from(s)),
  fc
    .tuple(
      fc.array(fc.oneof(serialised, fc.constantFrom("", "  ", "\r")), { minLength: 1, maxLength: 12 }),
      fc.boolean(),
    )
    .map(([lines, crlf]) => Buffer.from(lines.join(crlf ? "\r\n" : "\n"))),
  fc
    .array(fc.oneof(validSummary, mutatedSummary), { maxLength: 6 })
    .chain((items) => textEdit.map((edit) => Buffer.from(edit(JSON.stringify(items))))),
  fc.array(serialised, { minLength: 2, maxLength: 4 }).map((parts) => Buffer.from(parts.join(""))),
  fc.uint8Array({ maxLength: 300 }),
  fc.constantFrom(
    Buffer.from(""),
    Buffer.from("\uFEFF"),
    Buffer.from(`${"[".repeat(100_000)}${"]".repeat(100_000)}`),
    Buffer.from(`{"format":${"[".repeat(50_000)}`),
  ),
);

// ---- hostile text and CSV -----------------------------------------------------------------

const field: fc.Arbitrary<string> = fc.oneof(
  fc.double().map(String),
  fc.integer().map(String),
  fc.constantFrom(
    "NaN",
    "nan",
    "inf",
    "-Infinity",
    "1e999",
    "1e-400",
    "",
    " 1 ",
    '"2"',
    '"a""b"',
    "0x1p3",
    "1,5",
    "+3",
    "-",
  ),
  fc.string({ maxLength: 6 }),
);

const csvOrText: fc.Arbitrary<{ bytes: Uint8Array; args: string[] }> = fc
  .tuple(
    fc.array(fc.array(field, { minLength: 1, maxLength: 4 }), { minLength: 0, maxLength: 30 }),
    fc.constantFrom(",", ";", "\t"),
    fc.constantFrom("\n", "\r\n"),
    fc.boolean(), // BOM
    fc.constantFrom<string[]>(
      ["--format", "text"],
      ["--format", "csv"],
      ["--format", "csv", "--column", "1"],
      ["--format", "csv", "--column", "b"],
      ["--format", "csv", "--no-header"],
      ["--format", "csv", "--delimiter", ";"],
      ["--format", "csv", "--column", ""],
    ),
    fc.subarray(["--nan", "omit", "--skip-invalid"]),
  )
  .map(([rows, delimiter, newline, bom, format, extra]) => ({
    bytes: Buffer.from((bom ? "\uFEFF" : "") + rows.map((r) => r.join(delimiter)).join(newline)),
    args: [
      ...format,
      ...(extra.includes("--nan") ? ["--nan", "omit"] : []),
      ...(extra.includes("--skip-invalid") ? ["--skip-invalid"] : []),
    ],
  }));

// ---- cases ------------------------------------------------------------------------------

type Case =
  | { kind: "merge-file"; input: Uint8Array; second: boolean }
  | { kind: "merge-stdin"; input: Uint8Array }
  | { kind: "ttest"; input: Uint8Array; json: boolean; flags: string[] }
  | { kind: "summarize"; input: Uint8Array; args: string[]; stdin: boolean };

const VALID = JSON.stringify(summarize([1, 2, 3.5, 4, 10]));

const cases: fc.Arbitrary<Case> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant("merge-file" as const), input: summaryInput, second: fc.boolean() }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("merge-stdin" as const), input: summaryInput }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("ttest" as const),
      input: summaryInput,
      json: fc.boolean(),
      flags: fc.constantFrom<string[]>(
        [],
        ["--equal-var"],
        ["--alternative", "less"],
        ["--alternative", "greater", "--confidence", "0.999999999999"],
        ["--mu", "1e300"],
      ),
    }),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({ input: csvOrText, stdin: fc.boolean() })
      .map(({ input, stdin }) => ({ kind: "summarize" as const, input: input.bytes, args: input.args, stdin })),
  },
);

/** Writes the case's files and runs it. */
async function runCase(c: Case, k: number): Promise<{ args: string[]; run: CliRun }> {
  const file = join(dir, `case-${k}.in`);
  await writeFile(file, c.input);
  let args: string[];
  let stdin: string | Uint8Array | undefined;
  if (c.kind === "merge-file") {
    const valid = join(dir, "valid.json");
    args = c.second ? ["merge", valid, file] : ["merge", file];
  } else if (c.kind === "merge-stdin") {
    args = ["merge", "-"];
    stdin = c.input;
  } else if (c.kind === "ttest") {
    args = ["ttest", file, join(dir, "valid.json"), ...c.flags, ...(c.json ? ["--json"] : [])];
  } else {
    args = ["summarize", c.stdin ? "-" : file, ...c.args];
    if (c.stdin) stdin = c.input;
  }
  return { args, run: await runCli(args, stdin) };
}

/** What must hold of every run; returns the problem, or undefined. */
function problem(c: Case, run: CliRun): string | undefined {
  if (run.code !== 0 && run.code !== 1 && run.code !== 2) return `exit code ${run.code}`;
  if (/NaN|undefined/.test(run.stdout)) return "NaN or undefined on stdout";
  if (run.code !== 0) {
    if (run.stdout !== "") return "output on stdout with a failure";
    if (!/^batchstats: [^\n]* \(E_[A-Z_]+\)\n$/.test(run.stderr)) return "stderr is not one typed line";
    return undefined;
  }
  if (c.kind === "ttest") {
    if (!c.json) return /^Welch|^Student/.test(run.stdout) ? undefined : "not a report";
    const r = JSON.parse(run.stdout) as Record<string, unknown>;
    for (const key of ["statistic", "pValue", "log10PValue", "df", "estimate", "stderr"]) {
      if (typeof r[key] !== "number") return `${key} is not a number`;
    }
    const ci = r.confidenceInterval as unknown[];
    const nulls = ci.filter((x) => x === null).length;
    if (nulls > (r.alternative === "two-sided" ? 0 : 1)) return "an interval bound is null";
    return undefined;
  }
  try {
    Summary.fromJSON(run.stdout.trim());
  } catch (error) {
    return `stdout does not read back: ${(error as Error).message}`;
  }
  if (c.kind === "summarize" && run.stderr !== "" && !/^(batchstats: [^\n]*skipped[^\n]*\n)+$/.test(run.stderr)) {
    return "unexpected stderr on success";
  }
  if (c.kind !== "summarize" && run.stderr !== "") return "stderr on success";
  return undefined;
}

describe("fuzz: hostile inputs through the built command line", () => {
  it(`up to ${RUNS} random cases: exit 0/1/2, one typed error line, no NaN, readable output`, async () => {
    await writeFile(join(dir, "valid.json"), VALID);
    const all = fc.sample(cases, { numRuns: RUNS, seed: SEED });
    const counts: Record<string, Record<string, number>> = {};
    const problems: string[] = [];
    let next = 0;
    const started = Date.now();
    const worker = async () => {
      while (next < all.length && (next < MIN_RUNS || Date.now() - started < BUDGET_MS)) {
        const k = next++;
        const c = all[k]!;
        const { args, run } = await runCase(c, k);
        const kind = counts[c.kind] ?? {};
        counts[c.kind] = kind;
        kind[`exit ${run.code}`] = (kind[`exit ${run.code}`] ?? 0) + 1;
        const found = problem(c, run);
        if (found !== undefined) {
          problems.push(
            `case ${k} (${args.join(" ")}): ${found}\n  stdout: ${run.stdout.slice(0, 300)}\n  stderr: ${run.stderr.slice(0, 600)}`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: availableParallelism() + 1 }, worker));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`fuzz: ${next} of ${RUNS} cases, seed ${SEED}, ${seconds} s: ${JSON.stringify(counts)}`);
    if (problems.length > 0) failed = true;
    expect(problems, `seed ${SEED}; inputs kept in ${dir}`).toEqual([]);
  }, 600_000);
});
