/**
 * A closed stdout (`batchstats … | head -1`) ends the command line quietly: exit code 141 (128 +
 * SIGPIPE, as a shell reports `yes | head -1`), nothing on stderr — for every command, on the fast
 * path and through commander, whether it writes one line or many. Run as a child process (the
 * built command line, see test/support/node-build.ts) behind a real pipe.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT_CLOSED_PIPE } from "../src/cli/closed-pipe.js";
import { summarize } from "../src/index.js";
import { cli } from "./support/node-build.js";

let dir = "";
const GROUPS = 5000;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "batchstats-pipe-"));
  await writeFile(join(dir, "values.txt"), "1\n2\n3\n");
  await writeFile(join(dir, "a.json"), JSON.stringify(summarize([1, 2, 3, 4])));
  await writeFile(join(dir, "b.json"), JSON.stringify(summarize([2, 3, 4, 5, 7])));
  const rows = Array.from({ length: 4 * GROUPS }, (_, k) => `g${k % GROUPS},${k}`);
  await writeFile(join(dir, "groups.csv"), `arm,v\n${rows.join("\n")}\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * Runs the command line with `args`, its stdout a pipe into `reader` (a shell command), and gives
 * its exit code, what it wrote to stderr and what the reader printed. The command starts after a
 * pause, so a reader such as `true` is already gone: every write fails.
 */
function piped(args: string[], reader: string): Promise<{ code: number; stderr: string; read: string }> {
  const codeFile = join(dir, "code");
  const script = `{ sleep 0.3; "$0" "$@"; echo $? >&3; } 3>'${codeFile}' | ${reader}`;
  return new Promise((resolve, reject) => {
    const child = spawn("sh", ["-c", script, process.execPath, cli().script, ...args], { cwd: dir });
    let stderr = "";
    let read = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => {
      read += s;
    });
    child.stderr.setEncoding("utf8").on("data", (s: string) => {
      stderr += s;
    });
    child.on("error", reject);
    child.on("close", () => {
      readFile(codeFile, "utf8").then((code) => resolve({ code: Number(code), stderr, read }), reject);
    });
  });
}

describe("a closed stdout ends the command quietly", () => {
  it.each([
    ["summarize", ["summarize", "-q", "values.txt"]],
    ["summarize --group-by (DuckDB)", ["summarize", "-q", "--group-by", "arm", "--column", "v", "groups.csv"]],
    ["merge (fast path)", ["merge", "a.json", "b.json"]],
    ["ttest (fast path)", ["ttest", "a.json", "b.json"]],
    ["ttest --json (commander)", ["ttest", "--json", "--lift", "delta", "a.json", "b.json"]],
    ["--help", ["--help"]],
    ["sql", ["sql", "--dialect", "duckdb", "--from", "t", "--value", "x", "--group-by", "g"]],
  ])("%s into a pipe already closed", async (_, args) => {
    const r = await piped(args, "true");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(EXIT_CLOSED_PIPE);
  });

  it("summarize --group-by | head -1: the first group, then a quiet end", async () => {
    const args = ["summarize", "-q", "--group-by", "arm", "--column", "v", "groups.csv"];
    const r = await piped(args, "head -1");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(EXIT_CLOSED_PIPE);
    expect(JSON.parse(r.read).group).toEqual({ arm: expect.stringMatching(/^g\d+$/) });
  });
});
