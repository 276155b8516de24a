/**
 * The built package in Node, as a user imports it (`batchstats`, through package.json
 * "exports"), to hold the browser to the same numbers; and the comparison used everywhere.
 */
import type * as Api from "../../../src/index.js";

export type Batchstats = typeof Api;

export type Alternative = "two-sided" | "less" | "greater";

export interface TTestOptions {
  equalVar?: boolean;
  alternative?: Alternative;
  confidenceLevel?: number;
  mu?: number;
}

/** The fields of a t-test result the tests compare (the API). */
export interface TTestResult {
  statistic: number;
  pValue: number;
  log10PValue: number;
  df: number;
  estimate: number;
  stderr: number;
  confidenceInterval: [number, number];
  alternative: Alternative;
  method: string;
  confidenceLevel: number;
}

export type TTest = (a: unknown, b: unknown, options?: TTestOptions) => TTestResult;

/** Imports the built package (dist/) by its name. */
export async function loadBuiltPackage(): Promise<Batchstats> {
  const name = "batchstats"; // a variable: resolved at run time through "exports", not by tsc
  return (await import(/* @vite-ignore */ name)) as Batchstats;
}

/** The package's ttest, or undefined while src/index.ts does not export it yet. */
export function ttestOf(api: object): TTest | undefined {
  const candidate = (api as { ttest?: unknown }).ttest;
  return typeof candidate === "function" ? (candidate as TTest) : undefined;
}

/** Relative tolerance between the browser and Node. */
export const TOLERANCE = 1e-14;

/** |a − b| ≤ 1e-14·max(|a|, |b|), or the same non-finite value (NaN matches NaN). */
export function close(a: number, b: number, tolerance = TOLERANCE): boolean {
  if (Object.is(a, b) || a === b) return true;
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));
}

/** The high part a low-order field corrects: `meanLo` is relative to `mean`, `m2Lo` to `m2`. */
const LOW_PARTS: Record<string, string> = { meanLo: "mean", m2Lo: "m2" };

/**
 * Every numeric leaf of two plain objects or arrays that differs by more than the tolerance.
 * The low part of a double-double (`meanLo`, `m2Lo`) is compared relative to its high part.
 */
export function differences(
  actual: unknown,
  expected: unknown,
  path = "",
  out: string[] = [],
  scale?: number,
): string[] {
  if (typeof expected === "number") {
    const ok =
      typeof actual === "number" &&
      (scale === undefined ? close(actual, expected) : Math.abs(actual - expected) <= TOLERANCE * Math.abs(scale));
    if (!ok) out.push(`${path}: ${String(actual)} ≠ ${expected}`);
  } else if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) out.push(`${path}: length differs`);
    else for (let i = 0; i < expected.length; i++) differences(actual[i], expected[i], `${path}[${i}]`, out);
  } else if (typeof expected === "object" && expected !== null) {
    if (typeof actual !== "object" || actual === null) out.push(`${path}: not an object`);
    else {
      const e = expected as Record<string, unknown>;
      for (const key of Object.keys(e)) {
        const high = LOW_PARTS[key] === undefined ? undefined : e[LOW_PARTS[key]];
        const keyScale = typeof high === "number" ? high : undefined;
        differences((actual as Record<string, unknown>)[key], e[key], `${path}.${key}`, out, keyScale);
      }
    }
  } else if (actual !== expected) {
    out.push(`${path}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`);
  }
  return out;
}
