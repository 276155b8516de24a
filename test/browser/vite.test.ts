/**
 * batchstats in a Vite app with no Vite configuration (test/fixtures/vite-app), installed as a
 * user installs it: the fixture is copied to test-results/browser/vite-app/ and the package
 * (package.json and its "files") into its node_modules/batchstats/. Then:
 * - `vite build`, served as static files: the app's result and the shared scenario match Node
 *   to 1e-14 with the SIMD kernel; the gzip size batchstats adds to the app is measured;
 * - the Vite dev server: the same, through Vite's dependency pre-bundling.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { build, createServer, type Rolldown, type ViteDevServer } from "vite";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type RunningServer, startServer } from "../../web/serve.mjs";
import { normals } from "../support/prng.js";
import { type ScenarioInput, scenario } from "./pages/scenario.js";
import { artifactsDir, launchChromium, openPage, skipBrowserTests } from "./support/chromium.js";
import { type Batchstats, differences, loadBuiltPackage, ttestOf } from "./support/reference.js";

// Launching Chromium and building with Vite take seconds, more on a loaded machine.
vi.setConfig({ hookTimeout: 120_000, testTimeout: 120_000 });

const root = join(import.meta.dirname, "../..");
const fixture = join(root, "test/fixtures/vite-app");

/** The fixture app's computation (a JS module of the fixture, run in Node too). */
interface AppModule {
  experiment(api: { summarize: unknown; merge: unknown; ttest: unknown }): Record<string, unknown>;
}

/** A copy of the fixture with the package installed in its node_modules, as npm would. */
function prepareApp(): string {
  const app = join(artifactsDir(), "vite-app");
  rmSync(app, { recursive: true, force: true });
  cpSync(fixture, app, { recursive: true });
  cpSync(join(import.meta.dirname, "pages/scenario.js"), join(app, "scenario.js"));
  const installed = join(app, "node_modules/batchstats");
  mkdirSync(installed, { recursive: true });
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { files?: string[] };
  cpSync(join(root, "package.json"), join(installed, "package.json"));
  for (const entry of pkg.files ?? ["dist"]) {
    if (existsSync(join(root, entry))) cpSync(join(root, entry), join(installed, entry), { recursive: true });
  }
  return app;
}

/** Is this module batchstats or one of its runtime dependencies (as installed)? */
function isBatchstatsModule(id: string): boolean {
  return /[\\/]node_modules[\\/](batchstats|@stdlib|@assemblyscript|debug|ms)[\\/]/.test(id);
}

const INPUT: ScenarioInput = {
  datasets: [
    Array.from(normals(21, 30_011, 1e9, 1)),
    Array.from(normals(22, 5_000, 5, 2)),
    Array.from(normals(23, 6_000, 5.1, 2.5)),
  ],
  tests: [
    { a: 1, b: 2, options: {} },
    { a: 1, b: 2, options: { equalVar: true, alternative: "less", confidenceLevel: 0.99 } },
  ],
};

describe.skipIf(skipBrowserTests)("batchstats in a Vite app (no Vite configuration)", () => {
  let browser: Browser;
  let api: Batchstats;
  let app: string;
  let expected: ReturnType<typeof scenario>;
  let expectedApp: Record<string, unknown> | undefined;

  beforeAll(async () => {
    app = prepareApp();
    [browser, api] = await Promise.all([launchChromium(), loadBuiltPackage()]);
    expected = scenario(api, INPUT);
    const ttest = ttestOf(api);
    const appModule = (await import(/* @vite-ignore */ join(fixture, "experiment.js"))) as AppModule;
    expectedApp = ttest ? appModule.experiment({ summarize: api.summarize, merge: api.merge, ttest }) : undefined;
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(url: string): Promise<Page> {
    return (await openPage(browser, url)).page;
  }

  /** The app page and the harness page agree with Node. */
  async function checkPages(base: string): Promise<void> {
    const page = await open(new URL("index.html", base).href);
    const result = (await page.evaluate(() => (window as unknown as { appResult: unknown }).appResult)) as {
      backend: { name: string };
    };
    expect(result.backend).toEqual({ name: "wasm-simd" });
    if (expectedApp) expect(differences(result, expectedApp)).toEqual([]);
    await page.close();

    const harness = await open(new URL("harness.html", base).href);
    const actual = (await harness.evaluate(
      (json) => (window as unknown as { runScenario(json: string): unknown }).runScenario(json),
      JSON.stringify(INPUT),
    )) as typeof expected;
    expect(actual.backend).toBe("wasm-simd");
    expect(differences(actual, expected)).toEqual([]);
    await harness.close();
  }

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
      await checkPages(server.url);
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
      await checkPages(base!);
    });
  });
});
