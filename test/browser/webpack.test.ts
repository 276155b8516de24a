/**
 * batchstats in a webpack 5 app: the same fixture app as the Vite test (test/fixtures/vite-app,
 * plain ES modules importing "batchstats"), installed as a user installs it, built by webpack's
 * Node API with nothing but its two entry points — no loader, no plugin, no `resolve.fallback`,
 * no `experiments` — for the web target, in production mode. Served as static files, both pages
 * must give Node's numbers (to 1e-14) with the SIMD kernel.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import webpack from "webpack";
import { type RunningServer, startServer } from "../../web/serve.mjs";
import { checkPages, type Expected, expectedResults, prepareApp } from "./support/app-fixture.js";
import { launchChromium, skipBrowserTests } from "./support/chromium.js";

// Launching Chromium and building with webpack take seconds, more on a loaded machine.
vi.setConfig({ hookTimeout: 120_000, testTimeout: 120_000 });

/** Runs webpack with `config`; resolves with its stats, rejects on any error or warning. */
function runWebpack(config: webpack.Configuration): Promise<webpack.Stats> {
  return new Promise((resolve, reject) => {
    webpack(config, (error, stats) => {
      if (error) return reject(error);
      if (!stats) return reject(new Error("webpack returned no stats"));
      const info = stats.toJson({ all: false, errors: true, warnings: true });
      const problems = [...(info.errors ?? []), ...(info.warnings ?? [])].map((p) => p.message);
      if (problems.length > 0) return reject(new Error(`webpack reported:\n${problems.join("\n\n")}`));
      resolve(stats);
    });
  });
}

/** A page that loads one webpack bundle (a classic script, webpack's default output). */
function page(title: string, bundle: string): string {
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>${title}</title><link rel="icon" href="data:," /></head>
  <body><pre id="out">computing…</pre><script src="./${bundle}"></script></body>
</html>
`;
}

describe.skipIf(skipBrowserTests)("batchstats in a webpack 5 app (entry points only)", () => {
  let browser: Browser;
  let expected: Expected;
  let server: RunningServer;

  beforeAll(async () => {
    const app = prepareApp("webpack-app");
    const outDir = join(app, "dist");
    [browser, expected] = await Promise.all([launchChromium(), expectedResults()]);
    await runWebpack({
      mode: "production",
      context: app,
      entry: { index: "./main.js", harness: "./harness.js" },
      output: { path: outDir, filename: "[name].js" },
      // webpack's size hints (over 244 KiB) are warnings, which fail this test; size is measured in the Vite test.
      performance: { hints: false },
    });
    writeFileSync(join(outDir, "index.html"), page("batchstats in a webpack app", "index.js"));
    writeFileSync(join(outDir, "harness.html"), page("batchstats test harness (webpack)", "harness.js"));
    server = await startServer({ mounts: [{ prefix: "/", dir: outDir }] });
  });

  afterAll(async () => {
    await server?.close();
    await browser?.close();
  });

  it("works built and served as static files: Node's numbers, SIMD kernel", async () => {
    expect(server.url).toMatch(/^http:/);
    await checkPages(browser, server.url, expected);
  });
});
