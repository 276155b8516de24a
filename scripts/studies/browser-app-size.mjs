#!/usr/bin/env node
// What batchstats adds to a browser app that imports only summaries (summarize, merge,
// Summary.fromJSON), built by Vite with no configuration: once from the package's main entry
// (dist/index.js, what `import … from "batchstats"` resolves to) and once from the
// self-contained dist/browser.js. Prints the minified and gzip -9 size of the app's JavaScript.
// The app with the t-test is measured by test/browser/vite.test.ts (test-results/browser/vite-size.json).
// Needs `npm run build`. Usage: node scripts/studies/browser-app-size.mjs
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "vite";

const root = resolve(".");
const app = mkdtempSync(join(tmpdir(), "batchstats-size-"));
mkdirSync(join(app, "node_modules"));
symlinkSync(root, join(app, "node_modules", "batchstats"), "dir");

const body = `const s = merge(summarize([1, 2, 3]), Summary.fromJSON(JSON.stringify(summarize([4, 5]))));
document.body.textContent = String(s.variance());
`;
const apps = {
  "main entry (dist/index.js)": `import { summarize, merge, Summary } from "batchstats";\n${body}`,
  "dist/browser.js": `import { summarize, merge, Summary } from "./node_modules/batchstats/dist/browser.js";\n${body}`,
};

function jsBytes(dir) {
  let raw = 0;
  let gzip = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      const inner = jsBytes(path);
      raw += inner.raw;
      gzip += inner.gzip;
    } else if (name.endsWith(".js")) {
      const bytes = readFileSync(path);
      raw += bytes.length;
      gzip += gzipSync(bytes, { level: 9 }).length;
    }
  }
  return { raw, gzip };
}

try {
  const rows = {};
  for (const [label, source] of Object.entries(apps)) {
    const entry = join(app, "main.js");
    writeFileSync(entry, source);
    const outDir = join(app, "out");
    await build({
      root: app,
      configFile: false,
      logLevel: "silent",
      build: { outDir, emptyOutDir: true, rolldownOptions: { input: { index: entry } } },
    });
    const { raw, gzip } = jsBytes(outDir);
    rows[label] = { "minified bytes": raw, "gzip -9 bytes": gzip };
  }
  console.table(rows);
} finally {
  rmSync(app, { recursive: true, force: true });
}
