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
  /** The correlation of y with x; 0.7 (with the noise weight C_NOISE) when absent. */
  rho?: number;
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
  const rho = s.rho ?? 0.7;
  const noise = s.rho === undefined ? C_NOISE : Math.sqrt(1 - s.rho * s.rho);
  const y = new Float64Array(s.n);
  for (let i = 0; i < s.n; i++) y[i] = s.ly + s.ky * (rho * ((x[i]! - s.lx) / s.kx) + noise * z[i]!) + s.shift;
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

/**
 * The relative tolerance for `key` of a fixture case: `base` plus what the rounding of the summary's
 * moments (each within δ₀ = 2^-52 relative) can do to a variance formed from them, δ = δ₀·κ with κ
 * the case's `conditioning` (the generator's exact (u²M2y + 2|uvC| + v²M2x)/M2(uy − vx)), carried to
 * each result by its derivative: a standard error and t move by δ/2, Welch's df by up to 2δ (its
 * logarithmic derivative in each variance is at most 2), a p-value by (1 + t²)·δ/2 (Mills' ratio),
 * a confidence bound by (δ/2)·|bound − estimate|/|bound|, a variance reduction 1 − V/U by
 * δ·(1 − r)/r. Means, θ and the unadjusted fields do not depend on such a variance.
 */
export function fixtureTolerance(
  e: Record<string, string | string[]>,
  key: string,
  base: number,
  bound?: string,
): number {
  const delta = 2 ** -52 * Number(e.conditioning ?? 1);
  const t = Number(e.statistic);
  switch (key) {
    case "stderr":
    case "statistic":
      return base + delta / 2;
    case "df":
    case "ratioVariances":
      return base + 2 * delta;
    case "pValue":
      return base + ((1 + t * t) * delta) / 2;
    case "log10PValue":
      return base + ((1 + t * t) * delta) / 2 / Math.abs(Number(e.log10PValue) * Math.LN10);
    case "confidenceInterval": {
      const b = Number(bound);
      return Number.isFinite(b) ? base + ((delta / 2) * Math.abs(b - Number(e.estimate))) / Math.abs(b) : base;
    }
    case "varianceReduction": {
      const r = Number(e.varianceReduction);
      return base + (delta * (1 - r)) / r;
    }
    default:
      return base;
  }
}
