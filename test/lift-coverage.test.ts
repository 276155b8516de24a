/**
 * Coverage of `lift`'s 95 % intervals by seeded simulation. Each replicate draws the summaries of
 * two normal samples straight from their exact sampling distributions (mean ~ N(μ, σ²/n),
 * M2 ~ σ²·χ²(n − 1), independent), so 10 000 replicates of both methods take about a second.
 *
 * With R replicates the binomial standard error of a coverage near 0.95 is √(0.95·0.05/R)
 * ≈ 0.0022 at R = 10 000, so the ±1 % band is 4.6 standard errors wide: a correct method fails it
 * with probability < 1e-5, and the seed makes the run deterministic anyway. Figures at 20 000
 * replicates are in docs/lift-bayes-notes.md.
 */
import { describe, expect, it } from "vitest";
import { type LiftOptions, lift, Summary } from "../src/index.js";

/** mulberry32: a small seeded uniform generator on (0, 1). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
}

function normal(u: () => number): number {
  return Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** Gamma(shape, 1) by Marsaglia & Tsang (2000); shape ≥ 1 here. */
function gamma(u: () => number, shape: number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(u);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const w = u();
    if (Math.log(w) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

interface Arm {
  n: number;
  mu: number;
  sigma: number;
}

function draw(u: () => number, arm: Arm): Summary {
  const mean = arm.mu + (arm.sigma / Math.sqrt(arm.n)) * normal(u);
  const m2 = arm.sigma * arm.sigma * 2 * gamma(u, (arm.n - 1) / 2); // σ²·χ²(n − 1)
  return Summary.fromJSON({
    format: "batchstats.summary",
    version: 1,
    count: arm.n,
    mean,
    meanLo: 0,
    m2,
    m2Lo: 0,
    omitted: 0,
  });
}

function contains(r: { confidenceInterval: [number, number]; intervalKind: string }, x: number): boolean {
  const [lo, hi] = r.confidenceInterval;
  return r.intervalKind === "exclusive" ? x <= lo || x >= hi : x >= lo && x <= hi;
}

/** The known-wrong delta method: the control's variance left out (var = s²a/(na·μb²)). */
function wrongDeltaCovers(a: Summary, b: Summary, q: number, truth: number): boolean {
  const est = (a.mean - b.mean) / Math.abs(b.mean);
  const se = Math.sqrt(a.variance() / a.count) / Math.abs(b.mean);
  return Math.abs(est - truth) <= q * se;
}

interface Coverage {
  delta: number;
  fieller: number;
  wrong: number;
  fiellerUnbounded: number;
}

function coverage(a: Arm, b: Arm, reps: number, seed: number, options: LiftOptions = {}): Coverage {
  const u = rng(seed);
  const truth = (a.mu - b.mu) / Math.abs(b.mu);
  let delta = 0;
  let fieller = 0;
  let wrong = 0;
  let unbounded = 0;
  for (let i = 0; i < reps; i++) {
    const sa = draw(u, a);
    const sb = draw(u, b);
    const d = lift(sa, sb, { ...options, method: "delta" });
    const f = lift(sa, sb, { ...options, method: "fieller" });
    if (contains(d, truth)) delta++;
    if (contains(f, truth) || f.intervalKind === "unbounded") fieller++;
    if (f.intervalKind !== "bounded") unbounded++;
    // the same critical value as the delta interval: (hi − est)/stderr
    if (wrongDeltaCovers(sa, sb, (d.confidenceInterval[1] - d.estimate) / d.stderr, truth)) wrong++;
  }
  return { delta: delta / reps, fieller: fieller / reps, wrong: wrong / reps, fiellerUnbounded: unbounded / reps };
}

const REPS = 10000;

describe("lift: coverage of the 95 % intervals (seeded simulation)", () => {
  it("large samples, moderate lift: delta and Fieller both within ±1 % of 95 %; dropping the control's variance fails", () => {
    const c = coverage({ n: 2000, mu: 10.5, sigma: 8 }, { n: 2000, mu: 10, sigma: 8 }, REPS, 1);
    expect(Math.abs(c.delta - 0.95)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(c.fieller - 0.95)).toBeLessThanOrEqual(0.01);
    expect(c.wrong).toBeLessThan(0.94); // the known-wrong variant undercovers (≈ 0.80)
  });

  it("normal reference, large lift, equal noise: both within ±1 %", () => {
    const c = coverage({ n: 500, mu: 15, sigma: 10 }, { n: 500, mu: 10, sigma: 10 }, REPS, 2, {
      distribution: "normal",
    });
    expect(Math.abs(c.delta - 0.95)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(c.fieller - 0.95)).toBeLessThanOrEqual(0.01);
    expect(c.wrong).toBeLessThan(0.94);
  });

  it("large lift, noisy control: delta undercovers (≈ 0.92), Fieller stays within ±1 %", () => {
    const c = coverage({ n: 50, mu: 2, sigma: 1 }, { n: 50, mu: 1, sigma: 2 }, REPS, 3);
    expect(c.delta).toBeLessThan(0.93);
    expect(Math.abs(c.fieller - 0.95)).toBeLessThanOrEqual(0.01);
  });

  it("control mean not significantly non-zero: Fieller's rays and whole lines keep the coverage", () => {
    const c = coverage({ n: 20, mu: 1.5, sigma: 2 }, { n: 20, mu: 0.6, sigma: 2 }, REPS, 4);
    expect(c.fiellerUnbounded).toBeGreaterThan(0.2);
    expect(Math.abs(c.fieller - 0.95)).toBeLessThanOrEqual(0.01);
    expect(c.delta).toBeLessThan(0.9);
  });

  it("a Fieller set for the sample sign alone (the known-wrong variant) undercovers there", () => {
    // the one-sign set holds L exactly when the pivot at ρ = 1 + sign(x̄b)·L is accepted
    const u = rng(4);
    const a = { n: 20, mu: 1.5, sigma: 2 };
    const b = { n: 20, mu: 0.6, sigma: 2 };
    const truth = (a.mu - b.mu) / b.mu;
    let covered = 0;
    for (let i = 0; i < REPS; i++) {
      const sa = draw(u, a);
      const sb = draw(u, b);
      const d = lift(sa, sb);
      const q = (d.confidenceInterval[1] - d.estimate) / d.stderr;
      const rho = 1 + Math.sign(sb.mean) * truth;
      const va = sa.variance() / sa.count;
      const vb = sb.variance() / sb.count;
      if (Math.abs(sa.mean - rho * sb.mean) <= q * Math.sqrt(va + rho * rho * vb)) covered++;
    }
    expect(covered / REPS).toBeLessThan(0.92); // ≈ 0.90: it misses whenever x̄b < 0
  });
});
