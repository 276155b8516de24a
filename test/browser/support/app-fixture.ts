/**
 * The bundler fixture app (test/fixtures/vite-app: plain ES modules that import "batchstats"
 * and nothing else) as the Vite and webpack tests use it: a copy with the package installed in
 * its node_modules as npm would, the input both pages compute on, what Node computes on it, and
 * the check that a served build's two pages give Node's numbers with the SIMD kernel.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { expect } from "vitest";
import { gzipSync } from "node:zlib";
import { normals } from "../../support/prng.js";
import { type ScenarioInput, scenario } from "../pages/scenario.js";
import { artifactsDir, openPage } from "./chromium.js";
import { type Batchstats, differences, loadBuiltPackage, ttestOf } from "./reference.js";

const root = join(import.meta.dirname, "../../..");
/** The fixture app's sources. */
export const fixture = join(root, "test/fixtures/vite-app");

/** The fixture app's computation (a JS module of the fixture, run in Node too). */
interface AppModule {
  experiment(api: { summarize: unknown; merge: unknown; ttest: unknown }): Record<string, unknown>;
}

/** A copy of the fixture in test-results/browser/<name>/ with the package in its node_modules. */
export function prepareApp(name: string): string {
  const app = join(artifactsDir(), name);
  rmSync(app, { recursive: true, force: true });
  cpSync(fixture, app, { recursive: true });
  cpSync(join(import.meta.dirname, "../pages/scenario.js"), join(app, "scenario.js"));
  const installed = join(app, "node_modules/batchstats");
  mkdirSync(installed, { recursive: true });
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { files?: string[] };
  cpSync(join(root, "package.json"), join(installed, "package.json"));
  for (const entry of pkg.files ?? ["dist"]) {
    if (existsSync(join(root, entry))) cpSync(join(root, entry), join(installed, entry), { recursive: true });
  }
  return app;
}

/**
 * Two one-file apps written into a prepared copy (size-*.js) to measure what batchstats costs, minified
 * and gzipped, in each bundler's production build:
 * - `summarizeMerge` imports `summarize` and `merge` only: what tree-shaking leaves of the package;
 * - `core` imports the summaries and the t-test (`summarize`, `merge`, `Summary`, `fromMoments`, `ttest`);
 * - `whole` imports the module namespace and keeps it: the whole main entry.
 * Each sets `window.sizeApp` and `data-ready`, so the built file can also be run in a page.
 */
export const SIZE_APPS = {
  summarizeMerge: [
    `import { merge, summarize } from "batchstats";`,
    "const merged = merge(summarize([1, 2, 3]), summarize(new Float64Array([4, 5])));",
    "window.sizeApp = merged.toJSON();",
    'document.documentElement.dataset.ready = "true";',
  ].join("\n"),
  core: [
    `import { fromMoments, merge, Summary, summarize, ttest } from "batchstats";`,
    "const merged = merge(summarize([1, 2, 3]), Summary.fromJSON(JSON.parse(JSON.stringify(summarize([4, 5])))));",
    "window.sizeCheck = ttest(merged, fromMoments({ count: 4, mean: 2, std: 1 })).pValue;",
    "window.sizeApp = merged.toJSON();",
    'document.documentElement.dataset.ready = "true";',
  ].join("\n"),
  whole: [
    `import * as batchstats from "batchstats";`,
    "window.batchstats = batchstats;",
    "window.sizeApp = batchstats.merge(batchstats.summarize([1, 2, 3]), batchstats.summarize([4, 5])).toJSON();",
    'document.documentElement.dataset.ready = "true";',
  ].join("\n"),
} as const;

export type SizeApp = keyof typeof SIZE_APPS;

/**
 * The budgets, minified + gzip -9, in bytes (1 KB = 1000 B). The 25 KB set for the whole main entry
 * when it held the summaries and t-tests now holds for those (`core`); the whole entry, which also
 * carries the A/B layer (lift, Bayesian, sequential, multiple testing, design, pairs, privacy,
 * readout), is over it.
 */
export const SIZE_BUDGET: Record<SizeApp, number> = { summarizeMerge: 5_000, core: 25_000, whole: 25_000 };

/** Writes the size apps into `app` (a prepared copy); returns their file names (size-<name>.js). */
export function writeSizeApps(app: string): Record<SizeApp, string> {
  const files = {} as Record<SizeApp, string>;
  for (const [name, code] of Object.entries(SIZE_APPS) as [SizeApp, string][]) {
    files[name] = `size-${name}.js`;
    writeFileSync(join(app, files[name]), `${code}\n`);
  }
  return files;
}

/** The gzip -9 size of built code. */
export function gzipBytes(code: string | Uint8Array): number {
  return gzipSync(code, { level: 9 }).length;
}

/** What a size app computes (the same in every bundler, checked in a page). */
export const SIZE_APP_RESULT = { count: 5, mean: 3 };

/** Is this module batchstats or one of its runtime dependencies (as installed)? */
export function isBatchstatsModule(id: string): boolean {
  return /[\\/]node_modules[\\/](batchstats|@assemblyscript)[\\/]/.test(id);
}

/** The input of the harness page's scenario. */
export const INPUT: ScenarioInput = {
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

/** What Node computes: the scenario on INPUT, and the app's own experiment. */
export interface Expected {
  scenario: ReturnType<typeof scenario>;
  app: Record<string, unknown> | undefined;
}

/** Node's results, from the built package. */
export async function expectedResults(): Promise<Expected> {
  const api: Batchstats = await loadBuiltPackage();
  const ttest = ttestOf(api);
  const appModule = (await import(/* @vite-ignore */ join(fixture, "experiment.js"))) as AppModule;
  return {
    scenario: scenario(api, INPUT),
    app: ttest ? appModule.experiment({ summarize: api.summarize, merge: api.merge, ttest }) : undefined,
  };
}

/**
 * Opens `index.html` and `harness.html` under `base`: both must give Node's numbers (to 1e-14)
 * and run the SIMD kernel.
 */
export async function checkPages(browser: Browser, base: string, expected: Expected): Promise<void> {
  const { page } = await openPage(browser, new URL("index.html", base).href);
  const result = (await page.evaluate(() => (window as unknown as { appResult: unknown }).appResult)) as {
    backend: { name: string };
  };
  expect(result.backend).toEqual({ name: "wasm-simd" });
  if (expected.app) expect(differences(result, expected.app)).toEqual([]);
  await page.close();

  const harness = (await openPage(browser, new URL("harness.html", base).href)).page;
  const actual = (await harness.evaluate(
    (json) => (window as unknown as { runScenario(json: string): unknown }).runScenario(json),
    JSON.stringify(INPUT),
  )) as Expected["scenario"];
  expect(actual.backend).toBe("wasm-simd");
  expect(differences(actual, expected.scenario)).toEqual([]);
  await harness.close();
}
