import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import { join } from "node:path";
import { defineConfig, type Options } from "tsup";

/**
 * Builds dist/ from src/ after scripts/build-wasm.mjs has generated the embedded kernel bytes.
 *
 * | entry                    | source                   | output                                        |
 * |--------------------------|--------------------------|-----------------------------------------------|
 * | `batchstats`             | src/index.ts             | dist/index.js + .cjs, .d.ts + .d.cts          |
 * | `batchstats/node`        | src/node/index.ts        | dist/node/index.js + .cjs, .d.ts + .d.cts     |
 * | `batchstats/ingest`      | src/node/ingest.ts       | dist/ingest.js + .cjs, .d.ts + .d.cts         |
 * | `batchstats/sql`         | src/sql/index.ts         | dist/sql.js + .cjs, .d.ts + .d.cts            |
 * | bin `batchstats`         | src/cli/main.ts          | dist/cli.cjs (CommonJS, keeps the shebang)    |
 * | (its plain commands)     | src/cli/fast-commands.ts | dist/cli/fast-commands.cjs (one file)         |
 * | (the commander CLI)      | src/cli/program.ts       | dist/cli/program.cjs, and chunks in dist/cli/ |
 * | worker (loaded by path)  | src/node/range-worker.ts | dist/node/range-worker.js (ESM)               |
 *
 * Every entry is self-contained: each runtime dependency is bundled here (`noExternal`), so the
 * published package has no "dependencies" and a page can load dist/index.js by URL, with no
 * import map and no bundler (no bare specifier and no `node:` import is reachable from it; the
 * browser tests and test/pack.test.ts check that). The licences of the bundled packages go to
 * dist/THIRD_PARTY_LICENSES.txt.
 *
 * Each format of the library is one build with code splitting, so all entries share one copy of the
 * core (one `Summary` class for `batchstats` and `batchstats/node`). The command line is a build of
 * its own (see the last one below).
 * Classes keep their names (`classNames`): printed objects say `Summary`, not `_Summary`.
 *
 * Entries whose source does not exist (yet) are left out.
 */
const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

const present = (entries: Record<string, string>) =>
  Object.fromEntries(Object.entries(entries).filter(([, source]) => existsSync(source)));

const library = present({
  index: "src/index.ts",
  "node/index": "src/node/index.ts",
  ingest: "src/node/ingest.ts",
  sql: "src/sql/index.ts",
});
const worker = present({ "node/range-worker": "src/node/range-worker.ts" });
const cli = present({ cli: "src/cli/main.ts" });
const cliCommands = present({ "cli/fast-commands": "src/cli/fast-commands.ts" });
const cliProgram = present({ "cli/program": "src/cli/program.ts" });

// The builds below run in parallel, so none may clean dist/: do it once, here.
rmSync("dist", { recursive: true, force: true });

/** Bundled packages (name → folder), collected from every build's metafile. */
const bundled = new Map<string, string>();

/** The package folder of a bundled input path (`node_modules/@scope/name/…`), or undefined for our own sources. */
function packageFolder(input: string): string | undefined {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  return match?.[1];
}

/**
 * Packages that ship no licence file, and the package whose files cover them: @assemblyscript/loader is
 * published from lib/loader of the AssemblyScript repository, whose root LICENSE and NOTICE apply.
 */
const LICENCE_FROM: Record<string, string> = { "@assemblyscript/loader": "assemblyscript" };

/** The first file of a folder whose name matches, read, or undefined. */
function readNamed(folder: string, pattern: RegExp): string | undefined {
  const file = readdirSync(folder).find((name) => pattern.test(name));
  return file === undefined ? undefined : readFileSync(join(folder, file), "utf8").trim();
}

/**
 * The licence text of a bundled package: its LICENSE-like file followed by its NOTICE file when it has one
 * (Apache-2.0 asks for both), taken from the package named in LICENCE_FROM when it ships neither.
 */
function licenceText(name: string, folder: string): string {
  const from = LICENCE_FROM[name] === undefined ? folder : join("node_modules", LICENCE_FROM[name]);
  const licence = readNamed(from, /^(licen[cs]e|copying)([-.][\w.-]*)?$/i);
  if (licence === undefined) throw new Error(`${name} (${folder}) ships no licence file: add it to LICENCE_FROM`);
  const notice = readNamed(from, /^notice(\.(md|txt))?$/i);
  const origin = from === folder ? "" : `(from ${LICENCE_FROM[name]}, published from the same repository)\n\n`;
  const note = name === "@assemblyscript/loader" ? LOADER_NOTE : "";
  return note + origin + licence + (notice === undefined ? "" : `\n\n--- NOTICE ---\n\n${notice}`);
}

/**
 * Writes dist/THIRD_PARTY_LICENSES.txt: every bundled package with its version, then each distinct licence
 * text once, headed by the packages that ship it.
 */
function writeLicences(): void {
  const byText = new Map<string, string[]>();
  for (const name of [...bundled.keys()].sort()) {
    const folder = bundled.get(name)!;
    const meta = JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as { version: string };
    const text = licenceText(name, folder);
    byText.set(text, [...(byText.get(text) ?? []), `${name}@${meta.version}`]);
  }
  const rule = "=".repeat(78);
  const sections = [...byText.entries()].map(([text, names]) => `${rule}\n${names.join("\n")}\n${rule}\n\n${text}\n`);
  const head =
    "Generated by the build (tsup.config.ts) — do not edit.\n\n" +
    `batchstats ${pkg.version} bundles code of the ${bundled.size} packages below into dist/. Their licences\n` +
    "follow, each text once, under the names of the packages that ship it.\n\n";
  mkdirSync("dist", { recursive: true });
  writeFileSync("dist/THIRD_PARTY_LICENSES.txt", head + sections.join("\n"));
}

/** An esbuild plugin that records which packages a build bundled and rewrites the licence file. */
const collectLicences = {
  name: "third-party-licences",
  setup(build: { onEnd(callback: (result: { metafile?: { inputs: Record<string, unknown> } }) => void): void }) {
    build.onEnd((result) => {
      for (const input of Object.keys(result.metafile?.inputs ?? {})) {
        const folder = packageFolder(input);
        if (!folder) continue;
        const { name } = JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as { name: string };
        bundled.set(name, folder);
      }
      writeLicences(); // each build adds its packages; the last one to finish writes the whole list
    });
  },
};

/** The part of esbuild's plugin API the plugins below use. */
interface PluginBuild {
  onResolve(
    options: { filter: RegExp },
    callback: (args: { path: string; importer: string; kind: string }) => object | undefined,
  ): void;
  onLoad(options: { filter: RegExp; namespace?: string }, callback: (args: { path: string }) => object): void;
}

/**
 * @assemblyscript/loader (pinned 0.28.20) does two things when imported: it polyfills `Object.hasOwn` (a
 * write to a global, a no-op where the method exists: Node ≥ 16.9 and current browsers) and makes a
 * TextDecoder. The build turns the polyfill into a local function and marks the decoder pure, so that
 * importing batchstats changes nothing (package.json says `"sideEffects": false`). The edit is exact: the
 * build fails if the loader's text is not the one this was written for. THIRD_PARTY_LICENSES.txt says so.
 */
const LOADER_EDITS: [string, string][] = [
  [
    "Object.hasOwn = Object.hasOwn || function(obj, prop) {",
    "const hasOwn = Object.hasOwn || function(obj, prop) { // batchstats build: a local, not a polyfill",
  ],
  ["Object.hasOwn(curr, ", "hasOwn(curr, "],
  ['const utf16 = new TextDecoder("utf-16le"', 'const utf16 = /* @__PURE__ */ new TextDecoder("utf-16le"'],
];
const LOADER_NOTE =
  "Modified by the batchstats build: the Object.hasOwn polyfill became a local function and the module's\n" +
  "TextDecoder is marked pure, so that importing the loader writes no global (see tsup.config.ts).\n\n";

const sideEffectFreeLoader = {
  name: "side-effect-free-loader",
  setup(build: PluginBuild) {
    build.onLoad({ filter: /[\\/]@assemblyscript[\\/]loader[\\/]index\.js$/ }, (args: { path: string }) => {
      let text = readFileSync(args.path, "utf8");
      for (const [from, to] of LOADER_EDITS) {
        if (!text.includes(from)) throw new Error(`${args.path}: "${from}" not found; review LOADER_EDITS`);
        text = text.replaceAll(from, to);
      }
      if (/Object\.hasOwn\s*=/.test(text) || text.includes("Object.hasOwn(")) {
        throw new Error(`${args.path}: Object.hasOwn still used; review LOADER_EDITS`);
      }
      return { contents: text, loader: "js" };
    });
  },
};

/** The packages only the CLI uses (CommonJS code that `require`s Node built-ins: events, readline, node:fs…). */
const CLI_PACKAGES = /[\\/]node_modules[\\/](commander|cli-progress)[\\/]/;

/**
 * Fails the build when bundled CommonJS code `require`s a Node built-in: in an ES module that call
 * throws at run time ("Dynamic require … is not supported"), and in a browser it has nothing to load.
 */
const noBuiltinRequire = {
  name: "no-builtin-require",
  setup(build: PluginBuild) {
    build.onResolve({ filter: /.*/ }, (args) =>
      args.kind === "require-call" && isBuiltin(args.path)
        ? { errors: [{ text: `${args.importer} requires the Node built-in "${args.path}"` }] }
        : undefined,
    );
  },
};

/**
 * Gives self-referencing classes their own name back. esbuild bundles a top-level class whose body
 * refers to it as `var Summary = class _Summary {…}`, and that class is then called "_Summary"
 * (printed objects would say `_Summary {…}`); the inner binding is renamed to the outer one, which
 * holds the same class. (The build does not use esbuild's `keepNames`: the `__name` calls and
 * `static { __name(this, …) }` blocks it adds are side effects to a bundler, which then keeps
 * code an application never calls, and they cost bytes in every app.)
 */
const classNames = {
  name: "class-names",
  renderChunk(code: string) {
    let named = code;
    for (const [, outer] of code.matchAll(/^var ([\w$]+) = class _\1\b/gm)) {
      named = named.replace(new RegExp(`(?<![\\w$.])_${outer}(?![\\w$])`, "g"), outer!);
    }
    // An anonymous `var BatchBuffer = class {…}` is named too: the CommonJS build lowers its fields
    // afterwards into `(_class3 = class {…}, _class3)`, where the class would get no name from the `var`.
    named = named.replace(/^var ([\w$]+) = class(?= extends | \{)/gm, "var $1 = class $1");
    return { code: named };
  },
};

/**
 * commander `require`s node:child_process when it loads, for executable subcommands, which batchstats
 * does not have; loading it costs the start of every command (it loads net, dgram and more). The CLI
 * build gives commander an object that requires it on first use instead.
 */
const lazyChildProcess = {
  name: "lazy-child-process",
  setup(build: PluginBuild) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      CLI_PACKAGES.test(args.importer) ? { path: "child_process", namespace: "lazy-child-process" } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "lazy-child-process" }, () => ({
      contents: 'module.exports = new Proxy({}, { get: (_, key) => require("node:child_process")[key] });',
      loader: "js",
    }));
  },
};

/**
 * The bin's own build (dist/cli.cjs) holds the argument check of fast-path.ts and nothing else: the
 * commands it runs (fast-commands.ts) and the commander CLI (program.ts) are the files of their own
 * builds, required by path when needed. The build fails if commander or the progress bar gets in.
 */
const CLI_PARTS: Record<string, string> = {
  "./fast-commands.js": "./cli/fast-commands.cjs",
  "./program.js": "./cli/program.cjs",
};
const cliParts = {
  name: "cli-parts",
  setup(build: PluginBuild) {
    build.onResolve({ filter: /^\.\/(fast-commands|program)\.js$/ }, (args) =>
      /[\\/]src[\\/]cli[\\/][\w-]+\.ts$/.test(args.importer)
        ? { path: CLI_PARTS[args.path], external: true }
        : undefined,
    );
    build.onResolve({ filter: /^(commander|cli-progress)$/ }, (args) => ({
      errors: [{ text: `${args.importer} imports ${args.path}: the bin's own file must not load it` }],
    }));
  },
};

/**
 * The comments terser keeps: licence notices, and the `// src/…` (`// node_modules/…`) line esbuild writes
 * before each bundled module, which says where the code below it comes from (test/cli-startup.test.ts reads
 * them to tell which layers a command loads). A RegExp, not a function: tsup passes the options to the
 * worker that writes the .d.ts files, and a function cannot be sent there.
 */
const KEPT_COMMENT = /^ \S+\.[cm]?[jt]sx?$|@preserve|@license|@cc_on|^\**!/i;

/**
 * The output is compacted by terser, as the last step of each build: comments and whitespace go, and local
 * variables get short names; nothing else changes (no `compress`: the code is the code esbuild wrote).
 * Every function and class keeps its name (`keep_fnames`, `keep_classnames`), so stack traces and printed
 * objects read as the sources (`Summary {…}`), and exported functions are called by their export names; a
 * statement starts a line where it can (`semicolons: false`), so a trace's line number says where. The
 * `@__PURE__` annotations stay (`preserve_annotations`): applications' bundlers need them to drop what they
 * do not use (esbuild's own minifier would remove them). Parsing the entry is most of the cost of importing
 * it (see bench/footprint.mjs), and the installed package is smaller by a third.
 */
const TERSER = {
  compress: false,
  mangle: { keep_classnames: true, keep_fnames: true },
  format: { comments: KEPT_COMMENT, preserve_annotations: true, semicolons: false },
} as const;

const common: Options = {
  target: "es2022",
  platform: "node", // decides how `node:` built-ins resolve (left as imports); the core entry uses none
  define: { __BATCHSTATS_VERSION__: JSON.stringify(pkg.version) },
  outDir: "dist",
  tsconfig: "tsconfig.build.json", // src/ only
  removeNodeProtocol: false, // keep `node:` specifiers as written
  noExternal: [/.*/], // bundle every dependency: the package installs nothing else
  splitting: true,
  minify: "terser", // see TERSER
  terserOptions: TERSER,
  sourcemap: false, // the names are kept (see TERSER): a stack trace reads without a map
  clean: false,
  metafile: false, // the plugin asks esbuild for it; tsup would also write it into dist/
  esbuildPlugins: [sideEffectFreeLoader, collectLicences],
  plugins: [classNames],
  esbuildOptions(options) {
    options.metafile = true;
  },
};

export default defineConfig([
  {
    ...common,
    entry: { ...library, ...worker },
    format: ["esm"],
    dts: { entry: library },
    esbuildPlugins: [sideEffectFreeLoader, noBuiltinRequire, collectLicences],
    plugins: [classNames],
  },
  {
    ...common,
    entry: library,
    format: ["cjs"],
    outExtension: () => ({ js: ".cjs" }),
    dts: true,
    // CommonJS has no import.meta: code that needs its own URL uses __filename when import.meta.url
    // is undefined (src/node/worker-script.ts), and `import.meta.url` left in a .cjs file is a syntax error.
    esbuildOptions(options) {
      options.metafile = true;
      options.define = { ...options.define, "import.meta.url": "undefined" };
    },
  },
  {
    // The command line starts in a fresh process for every call, so it is built apart from the library,
    // for start-up: CommonJS, which Node loads without its ES module loader, in three parts (see
    // cliParts), so that what a command loads is what it uses. A plain `ttest`, `merge` or `bayes` loads
    // two files: the bin, which checks the arguments, and fast-commands.cjs, which runs them (one file:
    // each file a command requires costs its resolution and compilation, ~0.4 ms). Anything else loads
    // commander (program.ts), split among its commands, which it imports when they run; the chunks go
    // to dist/cli/. See docs/cli.md, "Startup".
    ...common,
    entry: cli,
    format: ["cjs"],
    outExtension: () => ({ js: ".cjs" }),
    splitting: false,
    esbuildPlugins: [cliParts, collectLicences],
    esbuildOptions(options) {
      options.metafile = true;
      // `import()` of the other parts becomes `require`: an import() would start the ES module loader
      options.supported = { ...options.supported, "dynamic-import": false };
      options.define = { ...options.define, "import.meta.url": "undefined" };
    },
  },
  {
    ...common,
    entry: cliCommands,
    format: ["cjs"],
    outExtension: () => ({ js: ".cjs" }),
    splitting: false,
    esbuildPlugins: [sideEffectFreeLoader, collectLicences],
    esbuildOptions(options) {
      options.metafile = true;
      options.define = { ...options.define, "import.meta.url": "undefined" };
    },
  },
  {
    ...common,
    entry: cliProgram,
    format: ["cjs"],
    outExtension: () => ({ js: ".cjs" }),
    esbuildPlugins: [sideEffectFreeLoader, lazyChildProcess, collectLicences],
    esbuildOptions(options) {
      options.metafile = true;
      options.chunkNames = "cli/[name]-[hash]";
      options.define = { ...options.define, "import.meta.url": "undefined" };
    },
  },
]);
