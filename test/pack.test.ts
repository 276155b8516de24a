/**
 * The published package, as a consumer gets it: `npm pack` the built dist/ (run `npm run build`
 * first; `npm test` does), lint the tarball with publint and Are the Types Wrong, then install it
 * into fresh temporary projects — Node ESM `import`, Node CJS `require`, and a strict TypeScript
 * consumer (`moduleResolution: nodenext`, `.ts` and `.cts` files) — and run the same computation
 * in each, compared with the sources. Temporary directories are removed afterwards.
 *
 * The package bundles its dependencies, so an install adds almost nothing beside it: the test counts
 * the installed packages and their bytes on disk and holds them to the budget below. Whatever the
 * consumers install besides (TypeScript's `@types/node`) comes from the npm registry
 * (`--prefer-offline`: the cache filled by `npm ci` is enough when nothing changed).
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as api from "../src/index.js";
import { importedSpecifiers } from "../web/browser-bundle.mjs";

const root = join(import.meta.dirname, "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  name: string;
  version: string;
  devDependencies: Record<string, string>;
};
const hasNode = existsSync(join(root, "src/node/index.ts"));
const hasCli = existsSync(join(root, "src/cli/main.ts"));
const hasSql = existsSync(join(root, "src/sql/index.ts"));
const exported = api as Record<string, unknown>;
const hasTtest = typeof exported.ttest === "function";
const hasVersion = typeof exported.VERSION === "string";

/** What `npm pack --json` says of a tarball. */
interface Packed {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string }[];
}

interface Run {
  stdout: string;
  stderr: string;
}

/** Runs a command; rejects with its output when it exits non-zero. */
function run(file: string, args: string[], cwd: string): Promise<Run> {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key.startsWith("npm_package_") || key.startsWith("npm_lifecycle_")) delete env[key];
  }
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd, env, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      if (error)
        reject(new Error(`${file} ${args.join(" ")} (in ${cwd}) failed: ${error.message}\n${stdout}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** The install budget: packages besides batchstats, and bytes of node_modules (batchstats included). */
const MAX_OTHER_PACKAGES = 5;
const MAX_INSTALLED_BYTES = 2_000_000; // 2 MB

const bin = (name: string) => join(root, "node_modules", ".bin", name);

/** Newest modification time under a directory (files only). */
function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function duBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) total += duBytes(p);
    else if (entry.isFile()) total += statSync(p).size;
  }
  return total;
}

// The computation every consumer runs, in the same words. Two arms, summarized in batches, stored
// as JSON, read back and merged; then the t-test (when the entry exports it).
const A = [12.1, 11.4, 13.8, 12.9, 12.2, 11.7, 13.1, 12.6];
const B = [13.4, 12.8, 14.1, 13.9, 12.7, 14.4, 13.3];
/** A binary file big enough for `summarizeFile` to start two workers (ranges are ≥ 16 MiB). */
const FILE_VALUES = 4_300_000;
const fileValues = () => Float64Array.from({ length: FILE_VALUES }, (_, i) => (i % 7) + 0.5);

const BODY = `
async function main() {
  const a = merge(summarize(${JSON.stringify(A.slice(0, 3))}), summarize(new Float64Array(${JSON.stringify(A.slice(3))})));
  const b = Summary.fromJSON(JSON.stringify(summarize(${JSON.stringify(B)})));
  const out = {
    count: a.count + b.count,
    meanA: a.mean,
    varianceB: b.variance(),
    ${hasTtest ? "ttest: ttest(a, b)," : ""}
    ${hasVersion ? "version: VERSION," : ""}
  };
  ${
    hasNode
      ? `// Two worker threads: the worker script must be found inside the installed package.
  const report = await node.summarizeFile(process.argv[2] ?? "", { format: "f64le", workers: 2 });
  const file = { records: report.records, count: report.summary.count, mean: report.summary.mean };
  console.log(JSON.stringify({ ...out, file }));`
      : "console.log(JSON.stringify(out));"
  }
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;
const NAMES = ["merge", "summarize", "Summary", ...(hasTtest ? ["ttest"] : []), ...(hasVersion ? ["VERSION"] : [])];

function expected(): unknown {
  const { merge, summarize, Summary } = api;
  const a = merge(summarize(A.slice(0, 3)), summarize(new Float64Array(A.slice(3))));
  const b = Summary.fromJSON(JSON.stringify(summarize(B)));
  const out: Record<string, unknown> = { count: a.count + b.count, meanA: a.mean, varianceB: b.variance() };
  if (hasTtest) out.ttest = (exported.ttest as (x: unknown, y: unknown) => unknown)(a, b);
  if (hasVersion) out.version = pkg.version;
  if (hasNode) {
    const file = summarize(fileValues());
    out.file = { records: FILE_VALUES, count: file.count, mean: file.mean };
  }
  return JSON.parse(JSON.stringify(out));
}

// Names survive the build: each exported function and class is called by its export name, and a printed
// summary says `Summary` (bundlers rename clashing bindings, e.g. `_Summary` for a class that names itself).
const NAMES_CHECK = `
const wrong = [];
for (const [entry, module] of Object.entries(entries)) {
  for (const [name, value] of Object.entries(module)) {
    if (typeof value === "function" && value.name !== name) wrong.push(\`\${entry}: \${name} is called \${value.name}\`);
  }
}
console.log(JSON.stringify({ wrong, printed: inspect(entries.batchstats.summarize([1, 2])).split(" ")[0] }));
`;
const NAMES_ESM = [
  `import { inspect } from "node:util";`,
  `import * as batchstats from "batchstats";`,
  hasNode ? `import * as node from "batchstats/node";` : "const node = {};",
  hasSql ? `import * as sql from "batchstats/sql";` : "const sql = {};",
  "const entries = { batchstats, node, sql };",
  NAMES_CHECK,
].join("\n");
const NAMES_CJS = [
  `const { inspect } = require("node:util");`,
  `const entries = { batchstats: require("batchstats"), node: ${hasNode ? `require("batchstats/node")` : "{}"}, sql: ${hasSql ? `require("batchstats/sql")` : "{}"} };`,
  NAMES_CHECK,
].join("\n");

// No import-time side effects ("sideEffects": false in package.json, true in fact): with the built-ins
// frozen, any write to one while the entries load throws; the global object gains and loses no name.
const SIDE_EFFECTS_CHECK = (load: string) => `
const frozen = [Object, Object.prototype, Array, Array.prototype, Function.prototype, Math, JSON, Reflect, Number,
  Number.prototype, String, String.prototype, Symbol, Promise, Promise.prototype, WebAssembly, ArrayBuffer,
  ArrayBuffer.prototype, Float64Array, Float64Array.prototype, Error, Error.prototype, TextDecoder,
  TextDecoder.prototype];
for (const object of frozen) Object.freeze(object);
const before = Object.getOwnPropertyNames(globalThis);
${load}
const after = Object.getOwnPropertyNames(globalThis);
console.log(JSON.stringify({ added: after.filter((n) => !before.includes(n)), removed: before.filter((n) => !after.includes(n)) }));
`;
const SIDE_EFFECTS_ESM = SIDE_EFFECTS_CHECK(
  `await import("batchstats");${hasNode ? ` await import("batchstats/node");` : ""}${hasSql ? ` await import("batchstats/sql");` : ""}`,
);
const SIDE_EFFECTS_CJS = SIDE_EFFECTS_CHECK(
  `require("batchstats");${hasNode ? ` require("batchstats/node");` : ""}${hasSql ? ` require("batchstats/sql");` : ""}`,
);

/** Packages installed in a project (node_modules/.package-lock.json, which npm writes), batchstats excluded. */
function installedPackages(dir: string): string[] {
  const lock = JSON.parse(readFileSync(join(dir, "node_modules", ".package-lock.json"), "utf8")) as {
    packages: Record<string, unknown>;
  };
  return Object.keys(lock.packages)
    .map((path) => path.replace(/^.*node_modules\//, ""))
    .filter((name) => name !== "batchstats");
}

const CONSUMERS: Record<string, { files: Record<string, string>; deps: string[]; commands: string[][] }> = {
  esm: {
    deps: [],
    files: {
      "package.json": JSON.stringify({ name: "consumer-esm", private: true, type: "module" }),
      "main.js": [
        `import { ${NAMES.join(", ")} } from "batchstats";`,
        hasNode ? `import * as node from "batchstats/node";` : "",
        BODY,
      ].join("\n"),
      "names.js": NAMES_ESM,
      "side-effects.js": SIDE_EFFECTS_ESM,
    },
    commands: [["node", "main.js", "../values.f64"]],
  },
  cjs: {
    deps: [],
    files: {
      "package.json": JSON.stringify({ name: "consumer-cjs", private: true, type: "commonjs" }),
      "main.js": [
        `"use strict";`,
        `const { ${NAMES.join(", ")} } = require("batchstats");`,
        hasNode ? `const node = require("batchstats/node");` : "",
        `if (require("batchstats/package.json").version !== ${JSON.stringify(pkg.version)}) throw new Error("package.json");`,
        BODY,
      ].join("\n"),
      "names.js": NAMES_CJS,
      "side-effects.js": SIDE_EFFECTS_CJS,
    },
    commands: [["node", "main.js", "../values.f64"]],
  },
  typescript: {
    deps: ["@types/node@20"], // TypeScript itself: this repository's (the exact devDependency)
    files: {
      "package.json": JSON.stringify({ name: "consumer-ts", private: true, type: "module" }),
      "tsconfig.json": JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noUncheckedIndexedAccess: true,
          exactOptionalPropertyTypes: true,
          verbatimModuleSyntax: true,
          skipLibCheck: false, // our .d.ts / .d.cts files must type-check too
          noEmitOnError: true,
          types: ["node"],
          outDir: "out",
        },
        include: ["main.ts", "require.cts"],
      }),
      "main.ts": [
        `import { ${NAMES.join(", ")}, type SummaryJSON, BatchStatsError } from "batchstats";`,
        hasNode ? `import * as node from "batchstats/node";` : "",
        `import required from "./require.cjs";`,
        `const json: SummaryJSON = summarize([1, 2]).toJSON();`,
        `const err: BatchStatsError | undefined = undefined;`,
        `if (json.count !== 2 || err !== undefined || required.helper() !== 2) throw new Error("types");`,
        hasTtest
          ? `const typed: { statistic: number; pValue: number; df: number } = ttest(summarize([1, 2, 4]), [2, 3, 6]);`
          : "",
        BODY,
      ].join("\n"),
      // A CommonJS module in the same project: its types come from the `require` condition (.d.cts).
      "require.cts": [
        `import batchstats = require("batchstats");`,
        `function helper(): number {`,
        `  const s: batchstats.Summary = batchstats.summarize([1, 2, 3]);`,
        `  return s.mean;`,
        `}`,
        `export = { helper };`,
      ].join("\n"),
    },
    commands: [
      ["tsc", "-p", "."], // type-checks (errors fail the test: noEmitOnError) and emits out/
      ["node", "out/main.js", "../values.f64"],
    ],
  },
};

describe("package tarball", () => {
  let work = "";
  let tarball = "";
  let packed: Packed = { filename: "", size: 0, unpackedSize: 0, files: [] };

  beforeAll(async () => {
    const dist = join(root, "dist", "index.js");
    if (!existsSync(dist)) throw new Error("dist/ is missing: run `npm run build` (npm test does) before this test");
    if (newest(join(root, "src")) > statSync(dist).mtimeMs) {
      console.warn("pack test: dist/ is older than src/, so this tests the previous build (`npm test` rebuilds first)");
    }
    work = await mkdtemp(join(tmpdir(), "batchstats-pack-"));
    // --ignore-scripts: dist/ is already built; `prepare` would rebuild it under the other tests' feet.
    const { stdout } = await run(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", work], root);
    packed = (JSON.parse(stdout) as Packed[])[0]!;
    tarball = join(work, packed.filename);
    await writeFile(join(work, "values.f64"), new Uint8Array(fileValues().buffer));
  }, 120_000);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("holds dist/ and nothing from the sources", () => {
    const paths = packed.files.map((f) => f.path).sort();
    for (const p of paths) expect(p).toMatch(/^(dist\/|package\.json$|README\.md$|LICENSE$|CHANGELOG\.md$)/);
    for (const p of ["dist/index.js", "dist/index.cjs", "dist/index.d.ts", "dist/index.d.cts", "LICENSE"])
      expect(paths).toContain(p);
    if (hasNode) {
      for (const p of ["dist/node/index.js", "dist/node/index.cjs", "dist/node/index.d.ts", "dist/node/index.d.cts"]) {
        expect(paths).toContain(p);
      }
    }
    if (hasCli) expect(paths).toContain("dist/cli.cjs");
    if (hasSql)
      for (const p of ["dist/sql.js", "dist/sql.cjs", "dist/sql.d.ts", "dist/sql.d.cts"]) expect(paths).toContain(p);
    expect(paths).toContain("dist/THIRD_PARTY_LICENSES.txt");
    // The main entry with the chunks it imports: what a bundler or a <script type=module> loads. Every
    // import is a sibling file, so a page can load it by URL: no bare name, no Node built-in, no require.
    const loaded = new Set<string>();
    const load = (file: string) => {
      if (loaded.has(file)) return;
      loaded.add(file);
      const text = readFileSync(join(root, "dist", file), "utf8");
      expect(text, file).not.toMatch(/\brequire\s*\(/);
      for (const specifier of importedSpecifiers(text)) {
        expect(specifier, `${file} imports ${specifier}`).toMatch(/^\.\/[\w.-]+\.js$/);
        load(specifier.slice(2));
      }
    };
    load("index.js");
    const browser = Buffer.concat([...loaded].map((file) => readFileSync(join(root, "dist", file))));
    console.log(
      `tarball ${packed.size} B (unpacked ${packed.unpackedSize} B, ${paths.length} files); browser entry ` +
        `${[...loaded].join(" + ")}: ${browser.length} B, gzip -9 ${gzipSync(browser, { level: 9 }).length} B`,
    );
  });

  it("depends on nothing and carries the licences of what it bundles", () => {
    const published = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Record<string, unknown>;
    for (const field of ["dependencies", "optionalDependencies", "bundleDependencies"]) {
      expect(published[field], field).toBeUndefined();
    }
    // Peers only where they are optional (DuckDB for batchstats/sql): npm installs none of them.
    const peers = Object.keys((published.peerDependencies as Record<string, string> | undefined) ?? {});
    const meta = (published.peerDependenciesMeta ?? {}) as Record<string, { optional?: boolean }>;
    for (const name of peers) expect(meta[name]?.optional, `${name} is an optional peer`).toBe(true);
    const licences = readFileSync(join(root, "dist", "THIRD_PARTY_LICENSES.txt"), "utf8");
    // The headers name `package@version`, one a line, between rules of "=".
    const named = [...licences.matchAll(/^((?:@[\w.-]+\/)?[\w.-]+)@(\d[\w.+-]*)$/gm)].map((m) => [m[1]!, m[2]!]);
    expect(named.map(([name]) => name)).toContain("@assemblyscript/loader"); // the kernel's loader, always bundled
    // Each is a package at a version this repository's lock file installs (at the top or nested).
    const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as {
      packages: Record<string, { version?: string }>;
    };
    const locked = new Set(
      Object.entries(lock.packages).map(([path, meta]) => `${path.replace(/^.*node_modules\//, "")}@${meta.version}`),
    );
    for (const [name, version] of named) expect(locked, `${name}@${version}`).toContain(`${name}@${version}`);
    // Everything bundled from node_modules (the build's own list of inputs is not kept): the packages whose
    // code the built files cite by their esbuild path comments.
    const cited = new Set<string>();
    for (const file of packed.files.map((f) => f.path).filter((p) => /\.c?js$/.test(p))) {
      const text = readFileSync(join(root, file), "utf8");
      for (const m of text.matchAll(/^\/\/ node_modules\/((?:@[\w.-]+\/)?[\w.-]+)\//gm)) cited.add(m[1]!);
    }
    for (const name of cited)
      expect(
        named.map(([n]) => n),
        `licence of ${name}`,
      ).toContain(name);
  });

  it("passes publint --strict with no messages", async () => {
    const { stdout } = await run(bin("publint"), ["run", tarball, "--strict"], root);
    expect(stdout).not.toMatch(/Errors:|Warnings:|Suggestions:/);
  }, 60_000);

  it("passes Are the Types Wrong (strict profile) with no problems", async () => {
    const { stdout } = await run(bin("attw"), [tarball, "--format", "json"], root);
    const analysis = JSON.parse(stdout) as { analysis: { problems: unknown[] } };
    expect(analysis.analysis.problems).toEqual([]);
  }, 60_000);

  describe("installed in fresh projects", () => {
    it.concurrent.for(Object.keys(CONSUMERS))(
      "%s: installs and computes what the sources compute",
      { timeout: 180_000 },
      async (name, { expect }) => {
        const consumer = CONSUMERS[name]!;
        const dir = join(work, name);
        await mkdir(dir);
        for (const [file, text] of Object.entries(consumer.files)) await writeFile(join(dir, file), text);
        await run(npm, ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball, ...consumer.deps], dir);
        let last: Run = { stdout: "", stderr: "" };
        for (const [cmd, ...args] of consumer.commands) {
          last = await run(cmd === "node" ? process.execPath : bin(cmd!), args, dir);
        }
        expect(JSON.parse(last.stdout)).toEqual(expected());
        if (hasCli) await run(join(dir, "node_modules", ".bin", "batchstats"), ["--help"], dir);
        if (consumer.files["names.js"]) {
          const names = await run(process.execPath, ["names.js"], dir);
          expect(JSON.parse(names.stdout)).toEqual({ wrong: [], printed: "Summary" });
          const effects = await run(process.execPath, ["side-effects.js"], dir);
          expect(JSON.parse(effects.stdout)).toEqual({ added: [], removed: [] });
        }
        if (consumer.deps.length === 0) {
          // Nothing but batchstats was asked for: all of node_modules is what batchstats costs.
          const others = installedPackages(dir);
          const bytes = duBytes(join(dir, "node_modules"));
          console.log(
            `${name} consumer: ${others.length} packages besides batchstats (${others.join(", ") || "none"}); ` +
              `node_modules ${bytes} B (${relative(work, dir)})`,
          );
          expect(others.length).toBeLessThanOrEqual(MAX_OTHER_PACKAGES);
          expect(bytes).toBeLessThanOrEqual(MAX_INSTALLED_BYTES);
        }
      },
    );
  });
});
