import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { BatchStatsError } from "../../errors.js";

/**
 * Where the worker script may be, relative to the module that starts workers: beside it
 * (dist/node/index.js of the package build), in node/ below it (shared chunks at the root of
 * dist/), one folder up (the tsc layout, this module in dist/node/files/), or in node/ beside the
 * folder (the command line's commands, dist/cli/*.cjs).
 */
const CANDIDATES = ["./range-worker.js", "./node/range-worker.js", "../range-worker.js", "../node/range-worker.js"];

/**
 * This module's URL: import.meta.url in the ESM build (the CommonJS build defines it as
 * undefined), else the CommonJS module's __filename. An ESM module sees no __filename of its own
 * but may see a global one, such as "[eval]" under `node -e`, so that is never asked first.
 */
function here(): string {
  const url: string | undefined = import.meta.url;
  if (typeof url === "string") return url;
  return pathToFileURL(__filename).href;
}

/**
 * The URL of the range worker script: `explicit` when given (a path or URL), else the first
 * candidate that exists. Workers run built JavaScript, never the TypeScript sources: tests run on
 * the sources pass the built script explicitly. Throws E_WORKER when nothing is found.
 * @internal
 */
export function workerScript(explicit?: string | URL): URL {
  if (explicit !== undefined) {
    if (explicit instanceof URL) return explicit;
    return explicit.startsWith("file:") ? new URL(explicit) : pathToFileURL(explicit);
  }
  const base = here();
  for (const candidate of CANDIDATES) {
    const url = new URL(candidate, base);
    if (existsSync(fileURLToPath(url))) return url;
  }
  throw new BatchStatsError(
    "E_WORKER",
    `cannot find the worker script range-worker.js beside ${fileURLToPath(base)} (run from the built package, ` +
      "or pass workerUrl; if you bundle batchstats/node, copy dist/node/range-worker.js and pass its path)",
    { field: "options.workerUrl" },
  );
}
