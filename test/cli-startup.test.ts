/**
 * What each command loads: `--help`, `merge` and `ttest` never load the ingest code
 * (src/node/**) nor the progress bar; `summarize` does (the check can see them). Modules are
 * recorded in the spawned command line by a module-loading hook (`module.register`: ES modules)
 * and, at exit, from the CommonJS cache (the built command line is CommonJS, loaded by `require`);
 * the built dist/ files are recognised by the `// src/…` path comments esbuild writes before each
 * bundled module (the minified build keeps them, see tsup.config.ts), a build of the sources by
 * its file paths. Wall time is measured, not tested (see docs/cli.md for the figures and how to
 * reproduce them). The commands run without commander (src/cli/fast-path.ts) print what they print
 * with it, byte for byte, for any arguments: checked in process against program.ts's `run`.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runFastPath } from "../src/cli/fast-path.js";
import { run } from "../src/cli/program.js";
import { summarize } from "../src/index.js";
import { runInProcess } from "./support/cli-in-process.js";
import { builtSources, cli, root } from "./support/node-build.js";

let dir = "";
const at = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "batchstats-cli-startup-"));
  await writeFile(
    at("hooks.mjs"),
    [
      'import { appendFileSync } from "node:fs";',
      "export async function load(url, context, next) {",
      '  appendFileSync(process.env.BATCHSTATS_LOADED_LOG, url + "\\n");',
      "  return next(url, context);",
      "}",
    ].join("\n"),
  );
  await writeFile(
    at("register.mjs"),
    [
      'import { appendFileSync } from "node:fs";',
      'import { createRequire, register } from "node:module";',
      'import { pathToFileURL } from "node:url";',
      'register("./hooks.mjs", import.meta.url);',
      'process.on("exit", () => {',
      "  for (const path of Object.keys(createRequire(import.meta.url).cache))",
      '    appendFileSync(process.env.BATCHSTATS_LOADED_LOG, pathToFileURL(path).href + "\\n");',
      "});",
    ].join("\n"),
  );
  await writeFile(at("a.json"), JSON.stringify(summarize([1, 2, 3, 4.5])));
  await writeFile(at("b.json"), JSON.stringify(summarize([2, 3, 5, 8])));
  await writeFile(at("x.txt"), "1\n2\n3\n");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * The number grammar, src/node/decoders/number-text.ts, is not ingest code: option values are read
 * with it too (`--confidence`, `--mu`: src/cli/input-options.ts), so every command may load it.
 */
const isNumberGrammar = (source: string) => source.startsWith("node/decoders/number-text.");

/**
 * The source layers a loaded file holds: "node" for src/node/** (but the number grammar),
 * "cli-progress" for the bar, "commander" for the argument parser.
 */
function layersOf(url: string): string[] {
  if (!url.startsWith("file:")) return [];
  const path = fileURLToPath(url);
  if (path.includes(`${sep}node_modules${sep}cli-progress${sep}`)) return ["cli-progress"];
  if (path.includes(`${sep}node_modules${sep}commander${sep}`)) return ["commander"];
  const { kind } = cli();
  if (kind === "dist") {
    if (!path.startsWith(`${join(root, "dist")}${sep}`)) return [];
    // bundled dependencies (cli-progress) are marked `// node_modules/<name>/…` like the sources
    // (the minified build may start the line with the `;` that ends the statement before)
    const text = readFileSync(path, "utf8");
    const sources = text.match(/^;?\/\/ (src|node_modules)\/[^\n]+$/gm) ?? [];
    const nodeSources = sources.map((s) => s.replace(/^;?\/\/ src\//, "")).filter((s) => s.startsWith("node/"));
    const layers = nodeSources.some((s) => !isNumberGrammar(s)) ? ["node"] : [];
    if (sources.some((s) => /^;?\/\/ node_modules\/cli-progress\//.test(s))) layers.push("cli-progress");
    // commander, bundled, by a string of its own (its path comment is missing where node_modules is a link)
    if (text.includes('"commander.unknownOption"')) layers.push("commander");
    return layers;
  }
  const source = relative(builtSources(), path).split(sep).join("/");
  return source.startsWith("node/") && !isNumberGrammar(source) ? ["node"] : [];
}

/** Runs the command line with the hook and returns the layers it loaded, and its exit code. */
async function loaded(args: string[]): Promise<{ layers: Set<string>; files: number; code: number | null }> {
  const log = at(`loaded-${args[0]}.log`);
  await writeFile(log, "");
  const child = spawnSync(
    process.execPath,
    ["--import", pathToFileURL(at("register.mjs")).href, cli().script, ...args],
    {
      env: { ...process.env, BATCHSTATS_LOADED_LOG: log },
      encoding: "utf8",
    },
  );
  const urls = (await readFile(log, "utf8")).split("\n").filter((u) => u !== "");
  return { layers: new Set(urls.flatMap(layersOf)), files: urls.length, code: child.status };
}

describe("each command loads only what it uses", () => {
  const files = (args: string[]) => args.map((a) => (a === "A" ? at("a.json") : a === "B" ? at("b.json") : a));

  it("--help loads commander, and neither the ingest code nor the progress bar", async () => {
    const run = await loaded(["--help"]);
    expect(run.code).toBe(0);
    expect(run.files).toBeGreaterThan(1); // the hook saw the modules
    expect([...run.layers]).toEqual(["commander"]);
  });

  // A plain call of these commands runs without commander (src/cli/fast-path.ts).
  it.each([
    [["merge", "A", "B"]],
    [["ttest", "A", "B"]],
    [["ttest", "A", "B", "--json", "--lift", "--confidence=0.9"]],
    [["bayes", "A", "B", "--credible", "0.9"]],
    [["--version"]],
  ])("%j loads neither the ingest code, the progress bar nor commander", async (args) => {
    const run = await loaded(files(args));
    expect(run.code).toBe(0);
    expect(run.files).toBeGreaterThan(1);
    expect([...run.layers]).toEqual([]);
  });

  it("a usage error is commander's: ttest with one summary", async () => {
    const run = await loaded(files(["ttest", "A"]));
    expect(run.code).toBe(1);
    expect([...run.layers]).toEqual(["commander"]);
  });

  it("summarize loads the ingest code (so the check above can see it)", async () => {
    const run = await loaded(["summarize", at("x.txt")]);
    expect(run.code).toBe(0);
    expect(run.layers.has("node")).toBe(true);
    expect(run.layers.has("cli-progress")).toBe(true);
  });
});

/** What a run printed, and its exit code; `code` undefined when the fast path declined the arguments. */
/** Runs `argv` through `runner` in this process, stdin holding one summary. */
const printed = (runner: typeof run | typeof runFastPath, argv: string[]) =>
  runInProcess(runner, argv, JSON.stringify(summarize([1, 2, 4])));

describe("the commands run without commander print what commander's CLI prints", () => {
  const A = () => at("a.json");
  const B = () => at("b.json");

  it.each([
    [["ttest", "A", "B"]],
    [["ttest", "--json", "A", "B", "--equal-var", "--alternative", "less", "--confidence", "0.9", "--mu=-1"]],
    [["ttest", "A", "B", "--lift"]],
    [["ttest", "A", "B", "--lift=fieller", "--json"]],
    [["ttest", "A", "B", "--lift", "--alternative=greater"]],
    [["ttest", "A", "-"]],
    [["ttest", "-", "-"]], // an error of the command: exit code 1, one line on stderr
    [["ttest", "A", "missing.json"]],
    [["merge", "A", "B", "-"]],
    [["merge", "A"]],
    [["bayes", "A", "B", "--absolute", "--prior", "0,0.09", "--prior-scale", "absolute", "--inverse"]],
    [["bayes", "A", "B", "--json", "--credible=0.8"]],
    [["--version"]],
    [["-V"]],
  ])("%j is run by the fast path, as commander's CLI runs it", async (args) => {
    const argv = args.map((a) => (a === "A" ? A() : a === "B" ? B() : a));
    const fast = await printed(runFastPath, argv);
    expect(fast.code).not.toBeUndefined();
    expect(fast).toEqual(await printed(run, argv));
  });

  it.each([
    [["ttest", "A"]],
    [["ttest", "A", "B", "C"]],
    [["ttest", "A", "B", "--lift", "A"]], // commander takes A as the method
    [["ttest", "A", "B", "--confidence", "2"]],
    [["ttest", "A", "B", "--mu", "1", "--mu", "2"]],
    [["ttest", "A", "B", "--json=1"]],
    [["ttest", "A", "B", "--cuped"]],
    [["ttest", "A", "B", "-h"]],
    [["ttest", "--", "A", "B"]],
    [["ttest", "A", "-1"]],
    [["merge"]],
    [["bayes", "A", "B", "--prior-scale", "log"]],
    [["summarize", "x.txt"]],
    [["--help"]],
    [[]],
  ])("%j is left to commander", async (args) => {
    const argv = args.map((a) => (a === "A" ? A() : a === "B" ? B() : a));
    expect(await printed(runFastPath, argv)).toEqual({ code: undefined, out: "", err: "" });
  });

  it("whatever the arguments: the fast path declines them, or prints what commander prints", async () => {
    const value = fc.constantFrom("0.9", "0.5", "0", "1", "2", "-1", "1e400", "nan", " 0.5", "0x1", "");
    const piece = fc.oneof(
      fc.constantFrom(["A"], ["B"], ["-"], ["--json"], ["--equal-var"], ["--absolute"], ["--inverse"], ["--lift"]),
      fc.constantFrom(["--lift=fieller"], ["--lift", "delta"], ["--lift", "A"], ["--alternative=less"], ["--mu=-3"]),
      fc.constantFrom("two-sided", "less", "greater", "both").map((h) => ["--alternative", h]),
      fc
        .tuple(fc.constantFrom("--confidence", "--mu", "--credible", "--confidence="), value)
        .map(([o, v]) => (o.endsWith("=") ? [o + v] : [o, v])),
      fc.constantFrom(["--prior", "0,0.09"], ["--prior", "1,-1"], ["--prior-scale", "absolute"], ["--prior-scale=x"]),
      fc.constantFrom(["--"], ["-h"], ["--help"], ["-V"], ["--version"], ["--cuped"], ["--unknown"], ["--json="]),
    );
    // Options in any order, with the two summaries put among them at random places (most calls have
    // the right number of positional arguments, so that the fast path runs often); the pieces may add
    // more ("A", "B", "-") or options that it must decline.
    const arbitrary = fc.tuple(fc.array(piece, { maxLength: 5 }), fc.nat(), fc.nat()).map(([pieces, i, j]) => {
      const args = pieces.flat();
      args.splice(i % (args.length + 1), 0, "A");
      args.splice(j % (args.length + 1), 0, "B");
      return args;
    });
    let ran = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("ttest", "merge", "bayes"), arbitrary, async (command, rest) => {
        const argv = [command, ...rest].map((a) => (a === "A" ? A() : a === "B" ? B() : a));
        const fast = await printed(runFastPath, argv);
        if (fast.code === undefined) {
          expect(fast).toEqual({ code: undefined, out: "", err: "" });
        } else {
          ran++;
          expect(fast).toEqual(await printed(run, argv));
        }
      }),
      { numRuns: 400, seed: 20261203 },
    );
    expect(ran).toBeGreaterThan(50); // the property saw the fast path run
  }, 60_000);
});
