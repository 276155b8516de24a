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
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first`);
  if (mtime(cached) < mtime(entry)) {
    const { build } = await import("vite");
    const result = await build({
      configFile: false,
      logLevel: "silent",
      root,
      build: {
        lib: { entry, formats: ["es"], fileName: "browser" },
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
    const temp = `${cached}.${process.pid}.tmp`;
    writeFileSync(temp, chunks[0].code);
    renameSync(temp, cached);
  }
  return { path: cached, origin: "built here" };
}
