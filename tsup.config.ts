import { existsSync, readFileSync, rmSync } from "node:fs";
import { defineConfig, type Options } from "tsup";

/**
 * Builds dist/ from src/ after scripts/build-wasm.mjs has generated the embedded kernel bytes.
 *
 * | entry                    | source                   | output                                       |
 * |--------------------------|--------------------------|----------------------------------------------|
 * | `batchstats`             | src/index.ts             | dist/index.js + .cjs, .d.ts + .d.cts         |
 * | `batchstats/node`        | src/node/index.ts        | dist/node/index.js + .cjs, .d.ts + .d.cts    |
 * | `batchstats/ingest`      | src/node/ingest.ts       | dist/ingest.js + .cjs, .d.ts + .d.cts        |
 * | (file, by URL)           | src/index.ts             | dist/browser.js (self-contained, minified)   |
 * | bin `batchstats`         | src/cli/main.ts          | dist/cli.js (ESM, keeps the source's shebang) |
 * | worker (loaded by path)  | src/node/range-worker.ts | dist/node/range-worker.js (ESM)              |
 *
 * Entries whose source does not exist (yet) are left out. Runtime dependencies stay external
 * (tsup's default for `dependencies`). Each format is one build with code splitting, so all
 * entries share one copy of the core (one `Summary` class for `batchstats` and `batchstats/node`).
 */
const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

const present = (entries: Record<string, string>) =>
  Object.fromEntries(Object.entries(entries).filter(([, source]) => existsSync(source)));

const library = present({
  index: "src/index.ts",
  "node/index": "src/node/index.ts",
  ingest: "src/node/ingest.ts",
});
const executables = present({ cli: "src/cli/main.ts", "node/range-worker": "src/node/range-worker.ts" });

// The two builds below run in parallel, so neither may clean dist/: do it once, here.
rmSync("dist", { recursive: true, force: true });

const common: Options = {
  target: "es2022",
  platform: "node", // decides externals (node: builtins) only; the core entry uses no Node API
  define: { __BATCHSTATS_VERSION__: JSON.stringify(pkg.version) },
  outDir: "dist",
  tsconfig: "tsconfig.build.json", // src/ only
  removeNodeProtocol: false, // keep `node:` specifiers as written
  splitting: true,
  sourcemap: false, // the output is not minified; maps would double the tarball
  clean: false,
  keepNames: true, // printed objects show `Summary`, not the minifier's `_Summary`
};

export default defineConfig([
  {
    ...common,
    entry: { ...library, ...executables },
    format: ["esm"],
    dts: { entry: library },
  },
  {
    // A self-contained, minified ESM file for pages without a bundler (import map or URL import).
    ...common,
    entry: { browser: "src/index.ts" },
    format: ["esm"],
    platform: "browser",
    noExternal: [/.*/],
    splitting: false,
    dts: false,
    minify: true,
  },
  {
    ...common,
    entry: library,
    format: ["cjs"],
    outExtension: () => ({ js: ".cjs" }),
    dts: true,
    // CommonJS has no import.meta: code that needs its own URL checks `typeof __filename` first
    // (src/node/worker-script.ts), and `import.meta.url` left in a .cjs file is a syntax error.
    esbuildOptions(options) {
      options.define = { ...options.define, "import.meta.url": "undefined" };
    },
  },
]);
