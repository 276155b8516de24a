/**
 * Built code for the Node tests. Worker threads and the command line run built JavaScript, never
 * the TypeScript sources, so:
 * - `builtSources()` compiles src/ with tsc into node_modules/.cache/batchstats-node-tests/<hash of
 *   src>/ (once per content of src/, shared by test files running in parallel: built beside,
 *   then renamed into place) — a build of exactly the sources under test;
 * - `cli()` is the real executable dist/cli.cjs when the package build has made it (with its
 *   worker script; `npm test` builds first), else cli/main.js of `builtSources()`.
 */
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";

export const root = join(import.meta.dirname, "..", "..");

function hashTree(dir: string, hash = createHash("sha256")): ReturnType<typeof createHash> {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) hashTree(path, hash);
    else hash.update(relative(root, path)).update("\0").update(readFileSync(path)).update("\0");
  }
  return hash;
}

let built: string | undefined;

/** Removes builds of earlier sources, once nothing can still be running them (an hour old). */
function pruneOldBuilds(cache: string): void {
  for (const name of readdirSync(cache)) {
    const path = join(cache, name);
    if (Date.now() - statSync(path).mtimeMs > 3600_000) rmSync(path, { recursive: true, force: true });
  }
}

/** The directory of a tsc build of the current src/ (built on first use). */
export function builtSources(): string {
  if (built !== undefined) return built;
  const cache = join(root, "node_modules", ".cache", "batchstats-node-tests");
  const dir = join(cache, hashTree(join(root, "src")).digest("hex").slice(0, 16));
  if (!existsSync(join(dir, "node", "range-worker.js"))) {
    const tmp = `${dir}.tmp-${process.pid}`;
    mkdirSync(tmp, { recursive: true });
    try {
      execFileSync(
        process.execPath,
        [
          join(root, "node_modules/typescript/bin/tsc"),
          "-p",
          join(root, "tsconfig.build.json"),
          "--outDir",
          tmp,
          "--declaration",
          "false",
          "--sourceMap",
          "false",
          "--noEmitOnError",
          "false",
        ],
        { cwd: root, stdio: "pipe" },
      );
    } catch {
      // Type errors elsewhere in src/ (work in progress) still emit; checked below.
    }
    if (!existsSync(join(tmp, "node", "range-worker.js")))
      throw new Error(`tsc did not build ${tmp}/node/range-worker.js`);
    writeFileSync(join(tmp, "package.json"), '{ "type": "module" }\n');
    try {
      renameSync(tmp, dir);
    } catch {
      rmSync(tmp, { recursive: true, force: true }); // another test file built it first
    }
    pruneOldBuilds(cache);
  }
  built = dir;
  return dir;
}

/** The worker script of `builtSources()`, for `summarizeFile(…, { workerUrl })` in tests on the sources. */
export function testWorkerUrl(): URL {
  return pathToFileURL(join(builtSources(), "node", "range-worker.js"));
}

/** How the tests run the command line: the script and which build it is. */
export interface Cli {
  script: string;
  kind: "dist" | "sources";
}

/** The command line to test (see the header). BATCHSTATS_TEST_CLI=sources forces the build of the sources. */
export function cli(): Cli {
  const dist = join(root, "dist", "cli.cjs");
  if (process.env.BATCHSTATS_TEST_CLI === "sources")
    return { script: join(builtSources(), "cli", "main.js"), kind: "sources" };
  const distWorker = [join(root, "dist", "node", "range-worker.js"), join(root, "dist", "range-worker.js")].some(
    existsSync,
  );
  if (existsSync(dist) && distWorker) return { script: dist, kind: "dist" };
  return { script: join(builtSources(), "cli", "main.js"), kind: "sources" };
}

/** What a run of the command line gave. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the command line (see `cli()`) with `args`. Its stdin is: `stdin` written to a socket
 * (what `spawn` gives), or `{ file }` opened as the process's stdin (`< file`; with `skip`, read
 * that many bytes into first, as an earlier reader of the same stdin would), or `{ pipe }` sent
 * through a real pipe (`cat file | batchstats …`).
 */
export function runCli(
  args: string[],
  stdin?: string | Uint8Array | { file: string; skip?: number } | { pipe: string },
): Promise<CliRun> {
  const { script } = cli();
  return new Promise((resolve, reject) => {
    const quoted = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
    let child: ReturnType<typeof spawn>;
    let fd: number | undefined;
    if (typeof stdin === "object" && "pipe" in stdin) {
      const command = `cat ${quoted(stdin.pipe)} | ${[process.execPath, script, ...args].map(quoted).join(" ")}`;
      child = spawn("sh", ["-c", command], { stdio: ["ignore", "pipe", "pipe"] });
    } else if (typeof stdin === "object" && "file" in stdin) {
      fd = openSync(stdin.file, "r");
      if (stdin.skip !== undefined) readSync(fd, new Uint8Array(stdin.skip), 0, stdin.skip, null); // moves the offset
      child = spawn(process.execPath, [script, ...args], { stdio: [fd, "pipe", "pipe"] });
    } else {
      child = spawn(process.execPath, [script, ...args], { stdio: ["pipe", "pipe", "pipe"] });
      child.stdin!.on("error", () => undefined); // the command may exit before reading all of stdin
      child.stdin!.end(stdin);
    }
    let stdout = "";
    let stderr = "";
    child.stdout!.setEncoding("utf8").on("data", (s: string) => {
      stdout += s;
    });
    child.stderr!.setEncoding("utf8").on("data", (s: string) => {
      stderr += s;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (fd !== undefined) closeSync(fd);
      resolve({ code, stdout, stderr });
    });
  });
}
