/**
 * batchstats in a Vite app with no Vite configuration (test/fixtures/vite-app), installed as a
 * user installs it: the fixture is copied to test-results/browser/vite-app/ and the package
 * (package.json and its "files") into its node_modules/batchstats/. Then:
 * - `vite build`, served as static files: the app's result and the shared scenario match Node
 *   to 1e-14 with the SIMD kernel; the gzip size batchstats adds to the app is measured;
 * - the Vite dev server: the same, through Vite's dependency pre-bundling.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser } from "playwright-core";
import { build, createServer, type Rolldown, type ViteDevServer } from "vite";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type RunningServer, startServer } from "../../web/serve.mjs";
import { checkPages, type Expected, expectedResults, isBatchstatsModule, prepareApp } from "./support/app-fixture.js";
import { artifactsDir, launchChromium, skipBrowserTests } from "./support/chromium.js";

// Launching Chromium and building with Vite take seconds, more on a loaded machine.
vi.setConfig({ hookTimeout: 120_000, testTimeout: 120_000 });

describe.skipIf(skipBrowserTests)("batchstats in a Vite app (no Vite configuration)", () => {
  let browser: Browser;
  let app: string;
  let expected: Expected;

  beforeAll(async () => {
    app = prepareApp("vite-app");
    [browser, expected] = await Promise.all([launchChromium(), expectedResults()]);
  });

  afterAll(async () => {
    await browser?.close();
  });

  describe("production build", () => {
    let server: RunningServer;
    let outDir: string;

    beforeAll(async () => {
      outDir = join(app, "dist");
      await build({
        root: app,
        configFile: false,
        logLevel: "silent",
        build: {
          outDir,
          emptyOutDir: true,
          rolldownOptions: { input: { index: join(app, "index.html"), harness: join(app, "harness.html") } },
        },
      });
      server = await startServer({ mounts: [{ prefix: "/", dir: outDir }] });
    });

    afterAll(async () => {
      await server?.close();
    });

    it("works built and served as static files: Node's numbers, SIMD kernel", async () => {
      await checkPages(browser, server.url, expected);
    });

    it("costs the app a measured number of gzip bytes (batchstats in its own chunk)", async () => {
      const measured = join(app, "dist-size");
      const result = (await build({
        root: app,
        configFile: false,
        logLevel: "silent",
        build: {
          outDir: measured,
          emptyOutDir: true,
          rolldownOptions: {
            input: join(app, "index.html"),
            output: { manualChunks: (id: string) => (isBatchstatsModule(id) ? "batchstats" : undefined) },
          },
        },
      })) as Rolldown.RolldownOutput;
      const chunks = result.output.filter((item): item is Rolldown.OutputChunk => item.type === "chunk");
      const ours = chunks.find((chunk) => chunk.name === "batchstats");
      expect(ours, "a batchstats chunk").toBeDefined();
      const rest = chunks.filter((chunk) => chunk !== ours);
      const modules = Object.keys(ours!.modules).map((id) => id.replace(/^.*node_modules[\\/]/, ""));
      const figures = {
        batchstatsBytes: Buffer.byteLength(ours!.code),
        batchstatsGzip: gzipSync(ours!.code, { level: 9 }).length,
        appBytes: rest.reduce((sum, chunk) => sum + Buffer.byteLength(chunk.code), 0),
        modules: modules.length,
        entry: modules.find((m) => m.startsWith("batchstats")),
      };
      writeFileSync(join(artifactsDir(), "vite-size.json"), `${JSON.stringify(figures, null, 2)}\n`);
      console.log(
        `[browser] batchstats adds ${figures.batchstatsGzip} B gzip (${figures.batchstatsBytes} B) to the Vite app`,
      );
      expect(figures.batchstatsGzip).toBeGreaterThan(1_000);
      expect(figures.batchstatsGzip).toBeLessThan(150_000);
    });
  });

  describe("dev server", () => {
    let dev: ViteDevServer;

    beforeAll(async () => {
      dev = await createServer({
        root: app,
        configFile: false,
        logLevel: "silent",
        server: { host: "127.0.0.1", port: 0, strictPort: true, hmr: false },
      });
      await dev.listen();
    });

    afterAll(async () => {
      await dev?.close();
    });

    it("works under `vite` (dependencies pre-bundled on the fly): Node's numbers, SIMD kernel", async () => {
      const base = dev.resolvedUrls?.local[0];
      expect(base).toBeDefined();
      await checkPages(browser, base!, expected);
    });
  });
});
