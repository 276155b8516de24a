// Types of web/browser-bundle.mjs.

/** The browser build of batchstats: dist/browser.js, or one made here from dist/index.js. */
export function browserBundle(): Promise<{ path: string; origin: "dist" | "built here" }>;

/** The browser build of batchstats/ingest, made here from dist/ingest.js (for the page's worker). */
export function ingestBundle(): Promise<{ path: string; origin: "built here" }>;
