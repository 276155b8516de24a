/**
 * cupedTest: against an mpmath/fractions recomputation of GrowthBook's conventions
 * (test/fixtures/pair-tests.json, scripts/fixtures/gen_pair_tests.py) to ≤ 1e-13 relative; the
 * pooled θ of GrowthBook's own test (gbstats tests/test_shared_models.py, compute_theta: 0.01864);
 * edges; and a seeded simulation: with ρ = 0.7 the variance of the adjusted estimate is 1 − ρ² of
 * the unadjusted one within 2 % and 95 % intervals cover at 95 ± 1 %, while known-wrong variants
 * (θ of the wrong sign; a variance that drops the covariance term) fail those checks.
 *
 * Tolerance 1e-13: the inputs are summaries accurate to ~1e-16; the estimate and the variance are
 * formed from them with a few double roundings, amplified at most by the cancellation in
 * M2y − 2θC + θ²M2x (1/(1 − ρ²) ≈ 2 here); p-values and quantiles come from the t functions,
 * accurate to ~1e-14 (docs/ttest-notes.md).
 */
import { describe, expect, it } from "vitest";
import { BatchStatsError } from "../src/errors.js";
import { cupedTest } from "../src/pairs/cuped-test.js";
import { summarizePairs } from "../src/pairs/summarize-pairs.js";
import { expectClose, fixtureArm, fixtureTolerance, pairTests } from "./support/pair-fixtures.js";
import { uniform } from "./support/prng.js";

const TOL = 1e-13;

describe("cupedTest against the mpmath reference", () => {
  it.each(pairTests.cuped.map((c, i) => [i, c] as const))("case %i", (_i, c) => {
    const r = cupedTest(fixtureArm(c.a), fixtureArm(c.b), c.options as never);
    const e = c.expected;
    expect(r.method).toBe("cuped");
    for (const key of [
      "estimate",
      "stderr",
      "statistic",
      "df",
      "pValue",
      "log10PValue",
      "theta",
      "varianceReduction",
      "unadjustedEstimate",
      "unadjustedStderr",
    ] as const) {
      expectClose(r[key] as number, e[key] as string, fixtureTolerance(e, key, TOL), key);
    }
    const ci = e.confidenceInterval as string[];
    for (const i of [0, 1] as const) {
      expectClose(r.confidenceInterval[i], ci[i]!, fixtureTolerance(e, "confidenceInterval", TOL, ci[i]), `ci[${i}]`);
    }
  });
});

describe("GrowthBook's conventions", () => {
  it("pools θ over both arms: gbstats' compute_theta test gives 0.01864", () => {
    // gbstats tests/test_shared_models.py: pre = METRIC_1, post = METRIC_3, both arms alike.
    const arm = summarizePairs([0.3, 0.5, 0.9, 22], [2, 1, 5, 3]);
    expect(Math.round(cupedTest(arm, arm).theta * 1e5) / 1e5).toBe(0.01864);
  });
  it("θ is 0 when the pooled covariate is constant (gbstats returns 0 too)", () => {
    const a = summarizePairs([0, 0, 0], [1, 2, 4]);
    const b = summarizePairs([0, 0, 0], [2, 3, 3]);
    const r = cupedTest(a, b);
    expect(r.theta).toBe(0);
    expect(r.estimate).toBe(r.unadjustedEstimate);
  });
});

describe("edges", () => {
  const a = summarizePairs([1, 2, 3], [1, 3, 2]);
  it("refuses bad arguments with typed errors", () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as BatchStatsError).code;
      }
      return undefined;
    };
    expect(code(() => cupedTest(a, summarizePairs([1], [1])))).toBe("E_TOO_FEW");
    expect(code(() => cupedTest(a, {} as never))).toBe("E_BAD_ARGUMENT");
    expect(code(() => cupedTest(a, a, { theta: Number.NaN }))).toBe("E_BAD_ARGUMENT");
    expect(code(() => cupedTest(a, a, { mu: 1 } as never))).toBe("E_BAD_ARGUMENT");
    expect(code(() => cupedTest(a, a, { distribution: "z" } as never))).toBe("E_BAD_ARGUMENT");
    const flat = summarizePairs([1, 2, 3], [5, 5, 5]);
    expect(code(() => cupedTest(flat, flat))).toBe("E_ZERO_VARIANCE");
    const zero = summarizePairs([1, 2, 3], [-1, 0, 1]);
    expect(code(() => cupedTest(a, zero, { relative: true }))).toBe("E_ZERO_MEAN");
    expect(() => cupedTest(a, zero)).not.toThrow(BatchStatsError);
  });
});

/** Seeded standard normals: Box–Muller on the counter-based uniforms of test/support/prng.ts. */
function gaussians(seed: number): () => number {
  let j = 0;
  let spare = Number.NaN;
  return () => {
    if (!Number.isNaN(spare)) {
      const v = spare;
      spare = Number.NaN;
      return v;
    }
    const r = Math.sqrt(-2 * Math.log(1 - uniform(seed, j++)));
    const t = 2 * Math.PI * uniform(seed, j++);
    spare = r * Math.sin(t);
    return r * Math.cos(t);
  };
}

describe("simulation: ρ = 0.7, n = 100 per arm, 10 000 experiments (seeded)", () => {
  const K = 10_000;
  const n = 100;
  const effect = 0.2;
  const rho = 0.7;
  const g = gaussians(2013);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const arm = (shift: number) => {
    for (let i = 0; i < n; i++) {
      const u = g();
      x[i] = 5 + u;
      y[i] = 10 + shift + rho * u + Math.sqrt(1 - rho * rho) * g();
    }
    return summarizePairs(x, y);
  };
  const adjusted: number[] = [];
  const unadjusted: number[] = [];
  let covered = 0;
  let coveredWrong = 0;
  const wrongSign: number[] = [];
  for (let k = 0; k < K; k++) {
    const a = arm(effect);
    const b = arm(0);
    const r = cupedTest(a, b);
    adjusted.push(r.estimate);
    unadjusted.push(r.unadjustedEstimate);
    if (r.confidenceInterval[0] <= effect && effect <= r.confidenceInterval[1]) covered++;
    // Wrong variance: var(y) + θ² var(x), the covariance term dropped.
    const th = r.theta;
    const wrongVar =
      (a.varianceY() + th * th * a.varianceX()) / a.count + (b.varianceY() + th * th * b.varianceX()) / b.count;
    const q = (r.confidenceInterval[1] - r.estimate) / r.stderr;
    if (Math.abs(r.estimate - effect) <= q * Math.sqrt(wrongVar)) coveredWrong++;
    if (k < 2000) wrongSign.push(cupedTest(a, b, { theta: -th }).estimate);
  }
  const variance = (v: number[]) => {
    const m = v.reduce((s, t) => s + t, 0) / v.length;
    return v.reduce((s, t) => s + (t - m) ** 2, 0) / (v.length - 1);
  };
  it("the variance of the estimate falls to 1 − ρ² of the unadjusted one, within 2 %", () => {
    const ratio = variance(adjusted) / variance(unadjusted);
    expect(Math.abs(ratio / (1 - rho * rho) - 1)).toBeLessThan(0.02);
    // known-wrong: θ of the wrong sign inflates the variance instead
    const wrong = variance(wrongSign) / variance(unadjusted.slice(0, 2000));
    expect(Math.abs(wrong / (1 - rho * rho) - 1)).toBeGreaterThan(0.5);
  });
  it("95 % intervals cover at 95 ± 1 %; dropping the covariance term does not", () => {
    expect(Math.abs(covered / K - 0.95)).toBeLessThan(0.01);
    expect(Math.abs(coveredWrong / K - 0.95)).toBeGreaterThan(0.01);
  });
});
