/**
 * Replaced at build time by the `version` field of package.json (tsup `define` in
 * tsup.config.ts; vitest `define` in vitest.config.ts for tests run on the sources).
 */
declare const __BATCHSTATS_VERSION__: string | undefined;

/**
 * The version of batchstats, from its package.json at build time (`"0.0.0-dev"` when the
 * sources are run unbuilt without the build-time constant).
 *
 * @example
 * ```ts
 * import { VERSION } from "batchstats";
 * typeof VERSION; // => "string"
 * /^\d+\.\d+\.\d+/.test(VERSION); // => true
 * ```
 */
export const VERSION: string = typeof __BATCHSTATS_VERSION__ === "string" ? __BATCHSTATS_VERSION__ : "0.0.0-dev";
