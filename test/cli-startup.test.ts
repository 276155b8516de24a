/**
 * What each command loads: `--help`, `merge` and `ttest` never load the ingest code
 * (src/node/**) nor the progress bar; `summarize` does (the check can see them). Modules are
 * recorded in the spawned command line by a module-loading hook (`module.register`: ES modules)
 * and, at exit, from the CommonJS cache (the built command line is CommonJS, loaded by `require`);
 * the built dist/ files are recognised by the `// src/…` path comments esbuild writes before each
 * bundled module (the minified build keeps them, see tsup.config.ts), a build of the sources by
 * its file paths. Wall time is measured, not tested (see docs/cli.md for the figures and how to
 * reproduce them).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { summarize } from "../src/index.js";
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

/** The source layers a loaded file holds: "node" for src/node/**, "cli-progress" for the bar. */
function layersOf(url: string): string[] {
  if (!url.startsWith("file:")) return [];
  const path = fileURLToPath(url);
  if (path.includes(`${sep}node_modules${sep}cli-progress${sep}`)) return ["cli-progress"];
  const { kind } = cli();
  if (kind === "dist") {
    if (!path.startsWith(`${join(root, "dist")}${sep}`)) return [];
    // bundled dependencies (cli-progress) are marked `// node_modules/<name>/…` like the sources
    // (the minified build may start the line with the `;` that ends the statement before)
    const sources = readFileSync(path, "utf8").match(/^;?\/\/ (src|node_modules)\/[^\n]+$/gm) ?? [];
    const layers = sources.some((s) => /^;?\/\/ src\/node\//.test(s)) ? ["node"] : [];
    if (sources.some((s) => /^;?\/\/ node_modules\/cli-progress\//.test(s))) layers.push("cli-progress");
    return layers;
  }
  return relative(builtSources(), path).startsWith(`node${sep}`) ? ["node"] : [];
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
  it.each([[["--help"]], [["merge", "A", "B"]], [["ttest", "A", "B"]], [["ttest", "A", "B", "--json"]]])(
    "%j loads neither the ingest code nor the progress bar",
    async (args) => {
      const run = await loaded(args.map((a) => (a === "A" ? at("a.json") : a === "B" ? at("b.json") : a)));
      expect(run.code).toBe(0);
      expect(run.files).toBeGreaterThan(1); // the hook saw the modules
      expect([...run.layers]).toEqual([]);
    },
  );

  it("summarize loads the ingest code (so the check above can see it)", async () => {
    const run = await loaded(["summarize", at("x.txt")]);
    expect(run.code).toBe(0);
    expect(run.layers.has("node")).toBe(true);
    expect(run.layers.has("cli-progress")).toBe(true);
  });
});
