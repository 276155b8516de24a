// The footprint of the package as a user installs it (part of suite "startup", bench/suites/startup.mjs):
// `npm pack` of dist/ (rebuilt first when older than the sources), installed into an empty project, then
// measured side by side with bare Node in fresh processes:
//
//   import       `import("batchstats")` of the main entry
//   first        the import + a first summarize() of two arms + a first ttest(): the first result
//   cli          `batchstats ttest a.json b.json` (the package's bin) on two small stored summaries
//   bare         bare Node running the same child script with nothing to do: the baseline of import, first
//   node         `node -e 0`: the baseline of cli (a command line starts no ES module loader unless it is one)
//
// Each round runs every variant once, in an order that rotates, so load from other work hits all alike;
// a row's "extra" is the median over rounds of (variant − its baseline) of the same round. Also: the modules the
// import loads, the packages and bytes the install adds, and the size of the main entry in a browser
// bundle (esbuild, minified + gzip -9): all of it, and what tree-shaking leaves for summarize + merge.
//
// Alone, to compare with another build of the package (e.g. a tarball of an older version):
//   node bench/footprint.mjs [--runs=21] [--tarball=batchstats-x.y.z.tgz]   (prints the results as JSON)
import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { median } from "./harness.mjs";

const root = fileURLToPath(new URL("../", import.meta.url));
const child = fileURLToPath(new URL("./footprint-child.mjs", import.meta.url));
const preload = fileURLToPath(new URL("./footprint-preload.cjs", import.meta.url));
const counter = pathToFileURL(fileURLToPath(new URL("./footprint-count.mjs", import.meta.url))).href;
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** Newest modification time of the files under a path. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** Sum of the sizes of the files under a folder. */
function bytesUnder(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += bytesUnder(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

/** The environment of npm and of the measured processes: none of the npm_* variables of `npm run bench`. */
function cleanEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("npm_")) delete env[key];
  return env;
}

/** Rebuilds dist/ (npm run build) when it is missing or older than what it is built from. */
export function ensureDist() {
  const built = newest(`${root}dist/index.js`);
  const sources = Math.max(newest(`${root}src`), newest(`${root}tsup.config.ts`), newest(`${root}package.json`));
  if (built >= sources) return false;
  process.stderr.write("  dist/ is older than the sources: npm run build\n");
  execFileSync(npm, ["run", "build"], { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: cleanEnv() });
  return true;
}

/**
 * Installs `tarball`, or else a `npm pack` of dist/, into an empty project in `dir`; returns what the
 * install holds.
 */
export function install(dir, tarball) {
  const env = cleanEnv();
  const packed = tarball
    ? { filename: tarball, size: statSync(tarball).size, unpackedSize: Number.NaN }
    : JSON.parse(
        execFileSync(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], { cwd: root, env }),
      )[0];
  const project = join(dir, "project");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "footprint", private: true, type: "module" }));
  const args = ["install", "--no-audit", "--no-fund", "--ignore-scripts", tarball ?? join(dir, packed.filename)];
  try {
    execFileSync(npm, [...args, "--offline"], { cwd: project, env, stdio: "ignore" });
  } catch {
    execFileSync(npm, [...args, "--prefer-offline"], { cwd: project, env, stdio: "ignore" }); // a dependency to fetch
  }
  const modules = join(project, "node_modules");
  const lock = JSON.parse(readFileSync(join(modules, ".package-lock.json"), "utf8"));
  const others = Object.keys(lock.packages)
    .map((path) => path.replace(/^.*node_modules\//, ""))
    .filter((name) => name !== "batchstats");
  return {
    project,
    package: join(modules, "batchstats"),
    tarballBytes: packed.size,
    unpackedBytes: packed.unpackedSize,
    otherPackages: others,
    installedBytes: bytesUnder(modules),
  };
}

/** One fresh process; returns its wall time (from here), and what the preload and the child reported. */
export function spawnOnce(args, cwd) {
  const t = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ["--require", preload, ...args], { cwd, encoding: "utf8", env: cleanEnv() });
  const wallMs = Number(process.hrtime.bigint() - t) / 1e6;
  if (run.status !== 0) throw new Error(`node ${args.join(" ")} exited ${run.status}: ${run.stderr}`);
  const line = run.stderr.split("\n").find((l) => l.startsWith("@@footprint "));
  if (!line) throw new Error(`node ${args.join(" ")}: no footprint line`);
  return { wallMs, ...JSON.parse(line.slice("@@footprint ".length)), stdout: run.stdout };
}

/** Two small stored summaries (as `batchstats summarize` writes them) for the CLI row. */
export async function summaryFiles(dir, entryUrl) {
  const lib = await import(entryUrl);
  const a = lib.summarize(Float64Array.from({ length: 1000 }, (_, i) => 10 + Math.sin(i)));
  const b = lib.summarize(Float64Array.from({ length: 1200 }, (_, i) => 10.05 + Math.cos(i)));
  writeFileSync(join(dir, "a.json"), `${JSON.stringify(a)}\n`);
  writeFileSync(join(dir, "b.json"), `${JSON.stringify(b)}\n`);
}

/** The main entry in a browser bundle, minified + gzip -9 (esbuild; the browser tests measure Vite, webpack). */
export async function browserSizes(project) {
  const esbuild = await import("esbuild");
  const size = async (contents) => {
    const result = await esbuild.build({
      stdin: { contents, resolveDir: project, loader: "js" },
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      write: false,
      logLevel: "error",
    });
    const code = result.outputFiles[0].contents;
    return { bytes: code.length, gzip: gzipSync(code, { level: 9 }).length };
  };
  return {
    whole: await size('export * from "batchstats";'),
    summarizeMerge: await size('export { summarize, merge } from "batchstats";'),
  };
}

/**
 * Runs the footprint measurement: `runs` rounds of every variant. Returns the medians (wall and CPU ms,
 * RSS at exit, peak RSS) of each variant, each row's extra over bare Node, and the package figures.
 */
export async function footprint({ runs, tarball }) {
  const rebuilt = tarball ? false : ensureDist();
  const dir = mkdtempSync(join(tmpdir(), "batchstats-footprint-"));
  try {
    const installed = install(dir, tarball && resolve(tarball));
    const entryUrl = pathToFileURL(join(installed.package, "dist", "index.js")).href;
    const { bin } = JSON.parse(readFileSync(join(installed.package, "package.json"), "utf8"));
    const cli = join(installed.package, typeof bin === "string" ? bin : bin.batchstats);
    await summaryFiles(dir, entryUrl);
    const variants = {
      bare: [child, "bare"],
      node: ["-e", "0"],
      import: [child, "import", entryUrl],
      first: [child, "first", entryUrl],
      cli: [cli, "ttest", join(dir, "a.json"), join(dir, "b.json")],
    };
    const ids = Object.keys(variants);
    for (const id of ids) spawnOnce(variants[id], dir); // warm the file cache; not counted
    const samples = Object.fromEntries(ids.map((id) => [id, []]));
    for (let round = 0; round < runs; round++) {
      for (let k = 0; k < ids.length; k++) {
        const id = ids[(k + round) % ids.length];
        samples[id].push(spawnOnce(variants[id], dir));
      }
    }
    const cliOutput = samples.cli[0].stdout;
    if (!/t = .*p-value = /.test(cliOutput)) throw new Error(`unexpected CLI output: ${cliOutput}`);
    const keys = ["wallMs", "cpuMs", "rss", "maxRss"];
    const medians = {};
    const extra = {};
    for (const id of ids) {
      medians[id] = Object.fromEntries(keys.map((key) => [key, median(samples[id].map((s) => s[key]))]));
      // The child script's own timings (the CLI prints its report instead).
      const inProcess =
        id === "cli" || id === "node" ? [] : samples[id].map((s) => JSON.parse(s.stdout.trim() || "{}"));
      for (const step of ["importMs", "summarizeMs", "ttestMs", "libraryRss"]) {
        const values = inProcess.map((r) => r[step]).filter((x) => typeof x === "number");
        if (values.length) medians[id][step] = median(values);
      }
      if (id === "bare" || id === "node") continue;
      // Paired: each round's variant minus the same round's baseline process.
      const base = samples[id === "cli" ? "node" : "bare"];
      extra[id] = Object.fromEntries(
        keys.map((key) => [key, median(samples[id].map((s, i) => s[key] - base[i][key]))]),
      );
    }
    const counted = spawnSync(process.execPath, ["--import", counter, child, "import", entryUrl], {
      encoding: "utf8",
      env: cleanEnv(),
    });
    const modulesLine = counted.stderr.split("\n").find((l) => l.startsWith("@@modules "));
    return {
      runs,
      rebuilt,
      medians,
      extra,
      modules: modulesLine ? JSON.parse(modulesLine.slice("@@modules ".length)) : null,
      install: {
        tarballBytes: installed.tarballBytes,
        unpackedBytes: installed.unpackedBytes,
        otherPackages: installed.otherPackages,
        installedBytes: installed.installedBytes,
      },
      browser: await browserSizes(installed.project),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const option = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const result = await footprint({ runs: Number(option("runs") ?? 21), tarball: option("tarball") });
  console.log(JSON.stringify(result, null, 1));
}
