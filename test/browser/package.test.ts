/**
 * The built package in headless Chromium without a bundler and without an import map: a plain
 * module page, a page whose CSP forbids WebAssembly, and a module Web Worker, each importing the
 * package's own ES module entry by URL (/node_modules/batchstats/dist/index.js, served from dist/).
 * Each computes the same scenario (test/browser/pages/scenario.js) as Node does on the built
 * package, and the numbers must agree to 1e-14.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { parseAst } from "vite";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { PACKAGE_URL } from "../../web/browser-bundle.mjs";
import { type RunningServer, startServer } from "../../web/serve.mjs";
import { normals } from "../support/prng.js";
import { type ScenarioInput, scenario } from "./pages/scenario.js";
import { launchChromium, openPage, skipBrowserTests } from "./support/chromium.js";
import { type Batchstats, differences, loadBuiltPackage, ttestOf } from "./support/reference.js";

// Launching Chromium and building with Vite take seconds, more on a loaded machine.
vi.setConfig({ hookTimeout: 120_000, testTimeout: 120_000 });

const pagesDir = join(import.meta.dirname, "pages");

/** No 'wasm-unsafe-eval': the page may run scripts from its origin but not compile wasm. */
const NO_WASM_POLICY = "default-src 'self'; script-src 'self'";

function datasets(): number[][] {
  return [
    Array.from(normals(11, 40_003, 1e9, 1)), // a huge mean: the pivot and double-double matter
    Array.from(normals(12, 20_000, 5, 2)),
    Array.from(normals(13, 30_000, 5.05, 2.5)),
    [2, 4, 4, 4, 5, 5, 7, 9],
    Array.from(normals(14, 50, 100, 0.001)),
    Array.from(normals(15, 40, 200, 0.001)),
  ];
}

const TESTS: ScenarioInput["tests"] = [
  { a: 1, b: 2, options: {} },
  { a: 1, b: 2, options: { equalVar: true, alternative: "greater", confidenceLevel: 0.9 } },
  { a: 2, b: 1, options: { alternative: "less", confidenceLevel: 0.99 } },
  { a: 1, b: 2, options: { mu: -0.05 } },
  { a: 4, b: 5, options: {} }, // p far below the double range: log10PValue carries it
  { a: 0, b: 3, options: { equalVar: true } },
];

/** Counts `await` outside any function: top-level await would make importers wait. */
function topLevelAwaits(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((sum: number, child) => sum + topLevelAwaits(child), 0);
  if (typeof node !== "object" || node === null) return 0;
  const type = (node as { type?: string }).type ?? "";
  if (/Function/.test(type)) return 0;
  const here = type === "AwaitExpression" || (type === "ForOfStatement" && (node as { await?: boolean }).await) ? 1 : 0;
  return here + Object.values(node).reduce((sum: number, child) => sum + topLevelAwaits(child), 0);
}

describe.skipIf(skipBrowserTests)("batchstats in Chromium without a bundler", () => {
  let browser: Browser;
  let server: RunningServer;
  let api: Batchstats;
  let input: ScenarioInput;
  let expected: ReturnType<typeof scenario>;

  beforeAll(async () => {
    [browser, server, api] = await Promise.all([
      launchChromium(),
      startServer({
        mounts: [{ prefix: "/pages/", dir: pagesDir }],
        headers: (path) => (path === "/pages/csp.html" ? { "Content-Security-Policy": NO_WASM_POLICY } : undefined),
      }),
      loadBuiltPackage(),
    ]);
    input = { datasets: datasets(), tests: TESTS };
    expected = scenario(api, input);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(path: string): Promise<Page> {
    return (await openPage(browser, new URL(path, server.url).href)).page;
  }

  it("the ES module entry loads by URL: it and its chunks import only each other, the wasm inside", () => {
    const { dir, files } = server.entry;
    const codes = files.map((file) => readFileSync(join(dir, file), "utf8"));
    console.log(`[browser] batchstats main entry: ${files.join(" + ")}, ${codes.join("").length} B`);
    for (const [i, code] of codes.entries()) {
      const ast = parseAst(code);
      // Static imports and re-exports name sibling files of dist/ only: no bare name, no node: built-in.
      for (const node of ast.body) {
        const source = "source" in node && node.source ? String(node.source.value) : null;
        if (source !== null) expect(source, `${files[i]}: ${node.type}`).toMatch(/^\.\/[\w.-]+\.js$/);
      }
      // (BigInt literals, of the privacy samplers, are written as text: JSON has no BigInt.)
      const text = JSON.stringify(ast, (_, v) => (typeof v === "bigint" ? String(v) : v));
      expect(text, files[i]).not.toContain('"ImportExpression"'); // no import(): nothing fetched later
      expect(topLevelAwaits(ast), files[i]).toBe(0);
      expect(code, files[i]).not.toMatch(/["']node:/);
      expect(code, files[i]).not.toMatch(/\brequire\s*\(\s*["'][^"']+["']\s*\)/); // no CommonJS left
    }
    expect(codes.some((code) => code.includes("0061736d"))).toBe(true); // "\0asm" in hex: embedded, never fetched
  });

  it("Node agrees with itself first: the built package runs the SIMD kernel here", () => {
    expect(expected.backend).toBe("wasm-simd");
    if (!ttestOf(api)) console.warn("[browser] ttest is not exported by the built package yet: t-tests not compared");
  });

  /** Runs the scenario in a page; t-tests dropped when the Node build has none to compare with. */
  async function runInPage(page: Page): Promise<typeof expected> {
    const actual = (await page.evaluate(
      (json) => (window as unknown as { runScenario(json: string): unknown }).runScenario(json),
      JSON.stringify(input),
    )) as typeof expected;
    if (expected.ttests === null) actual.ttests = null;
    else expect(actual.ttests).not.toBeNull();
    return actual;
  }

  it("a plain <script type=module> page imports it by URL, no import map, and gets Node's numbers with SIMD", async () => {
    const page = await open("/pages/plain.html");
    expect(await page.locator('script[type="importmap"]').count()).toBe(0);
    // The page's own files and the package's entry with its chunks: no .wasm fetched, nothing else.
    const requested = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
    expect(requested.map((url) => new URL(url).pathname).sort()).toEqual(
      ["/pages/plain.js", "/pages/scenario.js", ...server.entry.files.map((file) => `${PACKAGE_URL}${file}`)].sort(),
    );
    const backend = await page.evaluate(() => (window as unknown as { batchstats: Batchstats }).batchstats.backend());
    expect(backend).toEqual({ name: "wasm-simd" });
    expect(differences(await runInPage(page), expected)).toEqual([]);
    await page.close();
  });

  it("falls back to the JS kernel, with the same numbers, when the page's CSP forbids WebAssembly", async () => {
    const page = await open("/pages/csp.html");
    const compiles = await page.evaluate(() => (window as unknown as { wasmCompiles: string }).wasmCompiles);
    expect(compiles).toMatch(/CompileError|EvalError|Content Security Policy|wasm-unsafe-eval/i);
    const backend = await page.evaluate(() => (window as unknown as { batchstats: Batchstats }).batchstats.backend());
    expect(backend.name).toBe("js");
    expect(backend.reason).toMatch(/could not be instantiated/);
    const actual = await runInPage(page);
    expect(actual.backend).toBe("js");
    expect(differences({ ...actual, backend: "" }, { ...expected, backend: "" })).toEqual([]);
    await page.close();
  });

  it("a module Web Worker summarizes batches posted to it; merged, they match Node", async () => {
    const page = await open("/pages/worker.html");
    expect(await page.locator('script[type="importmap"]').count()).toBe(0);
    const values = input.datasets[1]!;
    const batches: number[][] = [];
    for (let i = 0; i < values.length; i += 2_500) batches.push(values.slice(i, i + 2_500));
    const reply = (await page.evaluate(
      (data) => (window as unknown as { summarizeInWorker(b: number[][]): Promise<unknown> }).summarizeInWorker(data),
      batches,
    )) as { summaries: unknown[]; backend: { name: string } };
    expect(reply.backend.name).toBe("wasm-simd");
    expect(reply.summaries).toHaveLength(batches.length);

    // Each batch exactly as Node summarizes it…
    const nodeBatches = batches.map((b) => JSON.parse(JSON.stringify(api.summarize(Float64Array.from(b)))));
    expect(differences(reply.summaries, nodeBatches)).toEqual([]);
    // …and their merge equals the summary of all values.
    const merged = api.merge(...reply.summaries.map((s) => api.Summary.fromJSON(s)));
    const whole = api.summarize(Float64Array.from(values));
    expect(merged.count).toBe(whole.count);
    expect(differences([merged.mean, merged.variance()], [whole.mean, whole.variance()])).toEqual([]);
    await page.close();
  });
});
