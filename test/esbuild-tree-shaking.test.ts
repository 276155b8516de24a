/**
 * esbuild, like Vite and webpack (test/browser/), drops what an app does not import from the built
 * main entry. esbuild treats a class with a static block or a computed member key as a side effect
 * and keeps it, with everything it references, in every app; this checks that an app importing only
 * `summarize` and `merge` gets none of the A/B layer's classes (posteriors, private summaries). Runs on dist/ (built by `npm test` before vitest).
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { bundleApp } from "./support/app-bundle.js";

const entry = fileURLToPath(new URL("../dist/index.js", import.meta.url));

async function bundle(contents: string): Promise<string> {
  return (await bundleApp(contents)).code;
}

describe.skipIf(!existsSync(entry))("esbuild tree-shakes the main entry", () => {
  it("summarize + merge alone keep no posterior or private summary class", async () => {
    const code = await bundle(`export { summarize, merge } from ${JSON.stringify(entry)};`);
    expect(code).toContain("batchstats.summary"); // the Summary class is there
    expect(code).not.toContain("batchstats.posterior");
    expect(code).not.toContain("batchstats.privateSummary");
    expect(code).not.toContain("batchstats.noisyArm");
  });

  it("the whole entry keeps them (the check above can see them)", async () => {
    const code = await bundle(`export * from ${JSON.stringify(entry)};`);
    expect(code).toContain("batchstats.posterior");
    expect(code).toContain("batchstats.privateSummary");
  });
});
