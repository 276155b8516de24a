// batchstats as a page without a bundler loads it: the package's own ES module entry, dist/index.js,
// with the chunks it imports. The build makes them browser-safe (every dependency inlined, the wasm
// kernel embedded, no bare specifier, no Node built-in), so a page imports the file by URL:
//
//   <script type="module">import { summarize } from "/node_modules/batchstats/dist/index.js";</script>
//
// Used by web/serve.mjs (`npm run demo`, and the browser tests' server), which serves dist/ at
// PACKAGE_URL. This module only finds the files and checks that the build is there.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));

/** Where web/serve.mjs serves the package's dist/ folder, as npm would install it next to a page. */
export const PACKAGE_URL = "/node_modules/batchstats/dist/";

/**
 * The specifiers a module's text imports (static, re-exported, side-effect and dynamic imports).
 * Comments are dropped first: the build keeps JSDoc, whose examples `import … from "batchstats"`.
 */
export function importedSpecifiers(text) {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  return [...code.matchAll(/\b(?:from|import)\s*\(?\s*"([^"]+)"/g)].map((m) => m[1]);
}

/**
 * An entry (default the main one; "ingest.js" for batchstats/ingest) and its module graph: `dir`
 * (dist/), `entry` ("index.js"), `url` (where the server
 * serves it) and `files`, the entry and every chunk it imports, in load order. Throws when dist/ is
 * not built, or when a file of the graph imports anything but a sibling file.
 * @returns {{ dir: string, entry: string, url: string, files: string[] }}
 */
export function browserEntry(entry = "index.js") {
  const dir = `${root}dist/`;
  if (!existsSync(`${dir}${entry}`)) throw new Error(`${dir}${entry} is missing: run \`npm run build\` first`);
  const files = [];
  const visit = (file) => {
    if (files.includes(file)) return;
    files.push(file);
    for (const specifier of importedSpecifiers(readFileSync(`${dir}${file}`, "utf8"))) {
      if (!/^\.\/[\w.-]+\.js$/.test(specifier)) {
        throw new Error(`dist/${file} imports "${specifier}": a page without a bundler cannot load it`);
      }
      visit(specifier.slice(2));
    }
  };
  visit(entry);
  return { dir, entry, url: `${PACKAGE_URL}${entry}`, files };
}
