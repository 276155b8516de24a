// The browser build of batchstats: one self-contained ES module (the embedded wasm kernel, the
// @stdlib t distribution converted from CommonJS, no bare specifiers, no Node built-ins), so a
// page without a bundler can `import { summarize, ttest } from "batchstats"` through an import map.
//
// The package ships it as dist/browser.js (see docs/browser-notes.md for the build step). Until
// that step is part of `npm run build`, this module makes the same file from dist/index.js with
// Vite's library mode and caches it in node_modules/.cache/batchstats-web/ (rebuilt when
// dist/index.js is newer). Used by web/serve.mjs (`npm run demo`) and by test/browser/.
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const shipped = `${root}dist/browser.js`;
const entry = `${root}dist/index.js`;
const cacheDir = `${root}node_modules/.cache/batchstats-web/`;
const cached = `${cacheDir}browser.js`;

function mtime(path) {
  return existsSync(path) ? statSync(path).mtimeMs : -1;
}

/**
 * The path of the browser bundle and where it came from: `"dist"` when the package build made
 * dist/browser.js, `"built here"` when it was made from dist/index.js by this module.
 * @returns {Promise<{ path: string, origin: "dist" | "built here" }>}
 */
export async function browserBundle() {
  if (existsSync(shipped) && mtime(shipped) >= mtime(entry)) return { path: shipped, origin: "dist" };
  return { path: await bundleHere(entry, cached, "browser"), origin: "built here" };
}

/**
 * The browser build of batchstats/ingest (the byte decoders: `summarizeStream` for web streams),
 * one self-contained ES module made from dist/ingest.js like the above, for the page's worker.
 * @returns {Promise<{ path: string, origin: "built here" }>}
 */
export async function ingestBundle() {
  return { path: await bundleHere(`${root}dist/ingest.js`, `${cacheDir}ingest.js`, "ingest"), origin: "built here" };
}

/** Bundles `from` into one file `to` with Vite's library mode (unless `to` is newer), and returns `to`. */
async function bundleHere(from, to, fileName) {
  if (!existsSync(from)) throw new Error(`${from} is missing: run \`npm run build\` first`);
  if (mtime(to) < mtime(from)) {
    const { build } = await import("vite");
    const result = await build({
      configFile: false,
      logLevel: "silent",
      root,
      build: {
        lib: { entry: from, formats: ["es"], fileName },
        write: false,
        minify: true,
        target: "es2022",
        sourcemap: false,
        emptyOutDir: false,
      },
    });
    const output = (Array.isArray(result) ? result[0] : result).output;
    const chunks = output.filter((item) => item.type === "chunk");
    if (chunks.length !== 1) throw new Error(`expected one chunk in the browser bundle, got ${chunks.length}`);
    mkdirSync(cacheDir, { recursive: true });
    // Write then rename: test files running in parallel may build at the same time.
    const temp = `${to}.${process.pid}.tmp`;
    writeFileSync(temp, chunks[0].code);
    renameSync(temp, to);
  }
  return to;
}
