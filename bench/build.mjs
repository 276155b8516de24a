// Builds what the benchmarks run, into build/bench/ (git-ignored), from the current sources:
// - lib.mjs: src/ internals (kernels, BatchBuffer, summarize, merge, ttest when present) and the
//   public API as `api`, bundled
//   with esbuild, so the benchmark measures the working tree, never a stale dist/;
// - floor.wasm: bench/floor.wat (the memory-read floor) assembled with binaryen.
// The wasm kernel is rebuilt first (npm run build:wasm) when assembly/ is newer than its bytes.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const out = `${root}build/bench/`;
const generated = `${root}src/backend/wasm-bytes.generated.ts`;

function mtime(path) {
  return existsSync(path) ? statSync(path).mtimeMs : 0;
}

/** Rebuilds the kernel bytes when missing or older than the kernel source or its config. */
function ensureKernel() {
  const newest = Math.max(
    mtime(`${root}assembly/index.ts`),
    mtime(`${root}assembly/pairs.ts`),
    mtime(`${root}asconfig.json`),
  );
  if (Math.min(mtime(generated), mtime(`${root}src/backend/pair-wasm-bytes.generated.ts`)) >= newest) return false;
  execFileSync(process.execPath, [`${root}scripts/build-wasm.mjs`], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  return true;
}

/** The module text that the bundle is made from (ttest only when its file exists). */
function entrySource() {
  const lines = [
    'export { jsKernel } from "./src/backend/js-kernel.ts";',
    'export { WasmKernel, PIECE, FEED, kernelBytes } from "./src/backend/wasm-kernel.ts";',
    'export { CHUNK, BLOCK } from "./src/backend/moments.ts";',
    'export { AUTO_JS_BELOW, AUTO_JS_BELOW_ARRAY, AUTO_JS_BELOW_IN_PLACE, backend, resolveKernel } from "./src/backend/select.ts";',
    'export { summarize, summarizeWith } from "./src/summary/summarize.ts";',
    'export { merge } from "./src/summary/merge.ts";',
    'export { Summary } from "./src/summary/summary.ts";',
    'export { Accumulator } from "./src/summary/accumulator.ts";',
    'export { BatchBuffer } from "./src/summary/batch-buffer.ts";',
    'export { jsPairKernel } from "./src/backend/pair-js-kernel.ts";',
    'export { PAIR_FEED, PAIR_PIECE } from "./src/backend/pair-wasm-kernel.ts";',
    'export { summarizePairs, summarizePairsWith } from "./src/pairs/summarize-pairs.ts";',
    'export { PairBatchBuffer } from "./src/pairs/pair-batch-buffer.ts";',
    'export { srmTest } from "./src/design/srm.ts";',
    'export { power } from "./src/design/power.ts";',
    'export { sampleSize, minimumDetectableEffect } from "./src/design/sample-size.ts";',
    'export { anova } from "./src/effect/anova.ts";',
  ];
  const ttest = existsSync(`${root}src/ttest/ttest.ts`);
  lines.push(ttest ? 'export * as ttestModule from "./src/ttest/ttest.ts";' : "export const ttestModule = undefined;");
  lines.push('export * as api from "./src/index.ts";'); // the whole public API, for the A/B suites
  const lift = existsSync(`${root}src/effect/lift.ts`);
  lines.push(lift ? 'export { lift } from "./src/effect/lift.ts";' : "export const lift = undefined;");
  const bayes = existsSync(`${root}src/bayes/effect-test.ts`);
  lines.push(bayes ? 'export { bayesTest } from "./src/bayes/effect-test.ts";' : "export const bayesTest = undefined;");
  if (existsSync(`${root}src/privacy/privatize.ts`)) {
    lines.push(
      'export { privatize } from "./src/privacy/privatize.ts";',
      'export { PrivacyBudget } from "./src/privacy/privacy-budget.ts";',
      'export { WordStream } from "./src/privacy/random-source.ts";',
      'export { discreteGaussianDraw, gaussianLaplaceScale } from "./src/privacy/discrete-gaussian.ts";',
      'export { discreteLaplaceDraw } from "./src/privacy/discrete-laplace.ts";',
    );
  }
  lines.push(
    existsSync(`${root}src/sequential/sequential-test.ts`)
      ? 'export { sequentialTest } from "./src/sequential/sequential-test.ts";'
      : "export const sequentialTest = undefined;",
    existsSync(`${root}src/multiple/adjust-p-values.ts`)
      ? 'export { adjustPValues } from "./src/multiple/adjust-p-values.ts";\nexport { adjustIntervals } from "./src/multiple/adjust-intervals.ts";\nexport { fromMoments } from "./src/summary/from-moments.ts";'
      : "export const adjustPValues = undefined;",
  );
  return lines.join("\n");
}

/** Builds build/bench/{lib.mjs,floor.wasm}; returns their paths. */
export async function buildBench() {
  mkdirSync(out, { recursive: true });
  const rebuilt = ensureKernel();
  const esbuild = await import("esbuild");
  const version = JSON.parse(readFileSync(`${root}package.json`, "utf8")).version;
  await esbuild.build({
    stdin: { contents: entrySource(), resolveDir: root, sourcefile: "bench-entry.ts", loader: "ts" },
    bundle: true,
    format: "esm",
    platform: "node",
    target: "es2022",
    outfile: `${out}lib.mjs`,
    packages: "external", // dependencies resolve from node_modules at run time
    define: { __BATCHSTATS_VERSION__: JSON.stringify(version) },
    logLevel: "error",
  });
  const binaryen = (await import("binaryen")).default;
  const module = binaryen.parseText(readFileSync(`${root}bench/floor.wat`, "utf8"));
  module.setFeatures(binaryen.Features.MVP | binaryen.Features.SIMD128);
  if (!module.validate()) throw new Error("bench/floor.wat does not validate");
  writeFileSync(`${out}floor.wasm`, module.emitBinary());
  module.dispose();
  return { lib: `${out}lib.mjs`, floor: `${out}floor.wasm`, kernelRebuilt: rebuilt };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const built = await buildBench();
  console.log(JSON.stringify(built));
}
