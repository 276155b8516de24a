/** Arms of test/fixtures/pair-tests.json, regenerated from their definitions (scripts/fixtures/gen_pair_tests.py). */
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import type { PairSummary } from "../../src/pairs/pair-summary.js";
import { summarizePairs } from "../../src/pairs/summarize-pairs.js";
import { normals } from "./prng.js";

interface ArmSpec {
  seeds: [number, number];
  n: number;
  lx: number;
  kx: number;
  ly: number;
  ky: number;
  shift: number;
}

export interface PairTestCase {
  a: string;
  b: string;
  options: Record<string, unknown>;
  expected: Record<string, string | string[]>;
}

export const pairTests = JSON.parse(readFileSync(new URL("../fixtures/pair-tests.json", import.meta.url), "utf8")) as {
  arms: Record<string, ArmSpec>;
  cuped: PairTestCase[];
  ratio: PairTestCase[];
};

const C_NOISE = 0.71414284285428498;

/** The pair summary of a fixture arm (x, y) = (covariate or denominator, metric or numerator). */
export function fixtureArm(name: string): PairSummary {
  const s = pairTests.arms[name]!;
  const x = normals(s.seeds[0], s.n, s.lx, s.kx);
  const z = normals(s.seeds[1], s.n, 0, 1);
  const y = new Float64Array(s.n);
  for (let i = 0; i < s.n; i++) y[i] = s.ly + s.ky * (0.7 * ((x[i]! - s.lx) / s.kx) + C_NOISE * z[i]!) + s.shift;
  return summarizePairs(x, y);
}

/** |got − want| ≤ tol·|want| (exact equality for infinities). */
export function expectClose(got: number, want: string, tol: number, what: string): void {
  const w = Number(want);
  if (!Number.isFinite(w)) {
    expect(got, what).toBe(w);
    return;
  }
  const rel = Math.abs(got - w) / Math.abs(w);
  expect(rel, `${what}: got ${got}, want ${want}`).toBeLessThanOrEqual(tol);
}
