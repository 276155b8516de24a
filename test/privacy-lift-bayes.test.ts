/**
 * lift and bayesTest on private summaries: the delta (and Fieller) 95 % intervals of the lift
 * cover the true lift in at least 94 % of seeded simulated experiments at several privacy levels
 * and sizes, while the naive interval — the same released means, variances and counts treated as
 * exact summaries — undercovers there; bayesTest's posterior is wider on private summaries than on
 * the exact ones; and on exact summaries both functions return what they returned before private
 * arms were accepted, bit for bit (test/fixtures/exact-effects-regression.json, recorded from the
 * earlier build by scripts/fixtures/record_exact_effects.mjs).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  anova,
  BatchStatsError,
  bayesTest,
  fromMoments,
  lift,
  type PrivateSummary,
  privatize,
  sequentialTest,
  Summary,
  summarize,
  ttest,
} from "../src/index.js";
import { armStats } from "../src/effect/effect-moments.js";
import { SeededRandom } from "./support/seeded-random.js";

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (error) {
    return error instanceof BatchStatsError ? error.code : String(error);
  }
  return undefined;
}

// a ~ 100·U^1.5 (mean 40), b ~ 100·U² (mean 100/3): true lift (40 − 100/3)/(100/3) = 0.2.
const TRUE_LIFT = (40 - 100 / 3) / (100 / 3);

function covers([lo, hi]: [number, number]): boolean {
  return lo <= TRUE_LIFT && TRUE_LIFT <= hi;
}

/** Whether a Fieller confidence set, read with its `intervalKind`, contains the true lift. */
function fiellerCovers(r: { confidenceInterval: [number, number]; intervalKind: string }): boolean {
  const [lo, hi] = r.confidenceInterval;
  if (r.intervalKind === "exclusive") return TRUE_LIFT <= lo || TRUE_LIFT >= hi;
  return lo <= TRUE_LIFT && TRUE_LIFT <= hi; // bounded, half-line, unbounded (±Infinity bounds)
}

function simulate(privacy: { rho: number } | { epsilon: number }, n: number, runs: number, seed: number) {
  const random = new SeededRandom(seed);
  const word = new Uint32Array(1);
  const uniform = (): number => (random.getRandomValues(word)[0]! + 0.5) / 2 ** 32;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  let delta = 0;
  let fieller = 0;
  let naive = 0;
  let exact = 0;
  for (let k = 0; k < runs; k++) {
    for (let i = 0; i < n; i++) {
      x[i] = 100 * uniform() ** 1.5;
      y[i] = 100 * uniform() ** 2;
    }
    const sx = summarize(x, { clip: [0, 100] });
    const sy = summarize(y, { clip: [0, 100] });
    if (covers(lift(sx, sy).confidenceInterval)) exact++;
    const a = privatize(sx, { bounds: [0, 100], privacy, random });
    const b = privatize(sy, { bounds: [0, 100], privacy, random });
    if (a.count < 2 || b.count < 2 || b.mean === 0) continue; // no interval is possible: counted as not covered
    if (covers(lift(a, b).confidenceInterval)) delta++;
    if (fiellerCovers(lift(a, b, { method: "fieller" }))) fieller++;
    const asExact = (p: PrivateSummary) => fromMoments({ count: p.count, mean: p.mean, variance: p.variance() });
    try {
      if (covers(lift(asExact(a), asExact(b)).confidenceInterval)) naive++;
    } catch {
      // both released variances clamped to 0: the naive interval does not exist (not covered)
    }
  }
  return { delta: delta / runs, fieller: fieller / runs, naive: naive / runs, exact: exact / runs };
}

describe("coverage of lift on private summaries (seeded simulation, 1000 experiments each)", () => {
  // Monte Carlo sd of a coverage near 0.96 over 1000 runs: 0.006.
  it.each([
    [{ rho: 0.01 }, 200],
    [{ rho: 0.1 }, 60],
    [{ epsilon: 0.1 }, 2000],
    [{ epsilon: 1 }, 60],
  ] as const)("%j, n = %d: delta and Fieller coverage ≥ 0.94; the naive interval's < 0.90", (privacy, n) => {
    const r = simulate(privacy, n, 1000, 3 * n + ("rho" in privacy ? 1 : 2));
    // the delta method on the exact summaries is near nominal here (0.93–0.96): the simulation is sound
    expect(r.exact).toBeGreaterThanOrEqual(0.92);
    expect(r.delta).toBeGreaterThanOrEqual(0.94);
    expect(r.fieller).toBeGreaterThanOrEqual(0.94);
    expect(r.naive).toBeLessThan(0.9);
  });
});

describe("bayesTest and lift on private summaries", () => {
  const random = new SeededRandom(21);
  const values = (n: number, k: number) => Array.from({ length: n }, (_, i) => ((i * k) % 11) + (i % 3));
  const sa = summarize(values(400, 7), { clip: [0, 14] });
  const sb = summarize(values(400, 5), { clip: [0, 14] });
  const pa = privatize(sa, { bounds: [0, 14], privacy: { rho: 0.5 }, random });
  const pb = privatize(sb, { bounds: [0, 14], privacy: { rho: 0.5 }, random });
  const la = privatize(sa, { bounds: [0, 14], privacy: { epsilon: 1 }, random });

  it("bayesTest has a wider posterior on private summaries than on the exact ones (both scales, with a prior)", () => {
    for (const options of [{}, { relative: false }, { prior: { mean: 0, variance: 0.01 } }]) {
      const exact = bayesTest(sa, sb, options);
      for (const [a, b] of [
        [pa, pb],
        [pa, sb],
        [sa, pb],
        [la, pb],
      ] as const) {
        const noisy = bayesTest(a, b, options);
        expect(noisy.posterior.sd).toBeGreaterThan(exact.posterior.sd);
        expect(noisy.data.variance).toBeGreaterThan(exact.data.variance);
        const width = (r: typeof exact) => r.credibleInterval[1] - r.credibleInterval[0];
        expect(width(noisy)).toBeGreaterThan(width(exact));
      }
    }
  });

  it("the variance of each private mean is s²/n plus the release's noise variance (one shared core)", () => {
    const arm = armStats(pa, "a", 2, 1);
    expect(arm.noise).toBeDefined();
    expect(arm.noise!.variance).toBeGreaterThan(0);
    // bayesTest's likelihood and lift's standard error are the same delta-method variance
    const v = bayesTest(pa, pb).data.variance;
    expect(Math.abs(v - lift(pa, pb).stderr ** 2)).toBeLessThanOrEqual(4 * Number.EPSILON * v); // √ then ²
    // the absolute effect's variance is the ttest standard error² on the same private arms
    expect(bayesTest(pa, pb, { relative: false }).data.variance).toBeCloseTo(ttest(pa, pb).stderr ** 2, 12);
    expect(lift(pa, pb).df).toBeCloseTo(ttest(pa, pb).df, 6);
  });

  it("lift is wider on private summaries, and a Laplace release is inflated for heavier tails", () => {
    expect(lift(pa, pb).stderr).toBeGreaterThan(lift(sa, sb).stderr);
    expect(lift(la, sb).stderr).toBeGreaterThan(lift(sa, sb).stderr);
    const fieller = lift(pa, pb, { method: "fieller" });
    expect(fieller.intervalKind).toBe("bounded");
    const exactF = lift(sa, sb, { method: "fieller" }).confidenceInterval;
    expect(fieller.confidenceInterval[1] - fieller.confidenceInterval[0]).toBeGreaterThan(exactF[1] - exactF[0]);
  });

  it("a noisy count below 2 is E_TOO_FEW; functions without noise accounting still refuse", () => {
    let tiny: PrivateSummary | undefined;
    for (let seed = 1; seed < 200 && tiny === undefined; seed++) {
      const p = privatize(summarize([1], { clip: [0, 10] }), {
        bounds: [0, 10],
        privacy: { rho: 0.01 },
        random: new SeededRandom(seed),
      });
      if (p.count < 2) tiny = p;
    }
    expect(tiny).toBeDefined();
    expect(codeOf(() => lift(tiny, pb))).toBe("E_TOO_FEW");
    expect(codeOf(() => bayesTest(pa, tiny))).toBe("E_TOO_FEW");
    expect(codeOf(() => armStats(pa, "a"))).toBe("E_BAD_ARGUMENT");
    expect(codeOf(() => sequentialTest(pa, sb))).toBe("E_BAD_ARGUMENT");
    expect(codeOf(() => anova([sa, pb]))).toBe("E_BAD_ARGUMENT");
  });
});

interface RegressionCase {
  name: string;
  fn: "lift" | "bayesTest";
  a: unknown;
  b: unknown;
  options: Record<string, unknown>;
  result?: unknown;
  error?: string;
}

/** The fixture's encoding: non-finite numbers and −0 as strings, so every double compares exactly. */
function encode(_key: string, v: unknown): unknown {
  if (typeof v === "number" && (!Number.isFinite(v) || Object.is(v, -0))) return Object.is(v, -0) ? "-0" : String(v);
  return v;
}

describe("exact summaries: unchanged, bit for bit", () => {
  const fixture = JSON.parse(
    readFileSync(new URL("./fixtures/exact-effects-regression.json", import.meta.url), "utf8"),
  );
  const cases = fixture.cases as RegressionCase[];

  it(`${cases.length} recorded lift and bayesTest results`, () => {
    expect(cases.length).toBeGreaterThan(90);
    for (const c of cases) {
      const a = Summary.fromJSON(c.a);
      const b = Summary.fromJSON(c.b);
      const run = () => (c.fn === "lift" ? lift(a, b, c.options as never) : bayesTest(a, b, c.options as never));
      if (c.error !== undefined) {
        expect(codeOf(run), `${c.fn} ${c.name} ${JSON.stringify(c.options)}`).toBe(c.error);
      } else {
        const now = JSON.parse(JSON.stringify(run(), encode));
        expect(now, `${c.fn} ${c.name} ${JSON.stringify(c.options)}`).toStrictEqual(c.result);
      }
    }
  });
});
