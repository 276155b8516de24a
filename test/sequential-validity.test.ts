/**
 * Always-valid: A/A experiments watched after every batch. 2 000 seeded runs of 100 looks, 20
 * new values per arm per look (normal, mean 10, sd 1), n = 40 … 4 000 in all; each method
 * "rejects" the first time its p-value is ≤ α = 0.05. The rejection rate over all looks must
 * stay ≤ α + 1 % for both sequential methods, while the fixed-horizon Welch t-test read at the
 * same looks (the known-wrong way to peek) must exceed it — the simulation's own proof that it
 * can see an inflated error rate. One-sided tests (α = 0.05, "greater"; 1 000 runs) are held to the same.
 * Measured (SEQ_REPORT=1): two-sided CS 1.75 %, mSPRT 1.50 %, t-test 37.4 %; one-sided CS 1.0 %,
 * mSPRT 1.4 %, t-test 31 % (the one-sided figures for 1 000 runs are printed by the test).
 */
import { describe, expect, it } from "vitest";
import { sequentialTest } from "../src/sequential/sequential-test.js";
import { fromMoments } from "../src/summary/from-moments.js";
import { ttest } from "../src/ttest/ttest.js";

/** mulberry32: a small seeded uniform generator. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Arm {
  n: number;
  mean: number;
  m2: number;
}

function simulate(alternative: "two-sided" | "greater", seed: number, RUNS: number) {
  const uniform = rng(seed);
  const normal = () => {
    const u = 1 - uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
  const LOOKS = 100;
  const BATCH = 20;
  const rejected = { "asymptotic-cs": 0, msprt: 0, ttest: 0 };
  const add = (arm: Arm) => {
    for (let k = 0; k < BATCH; k++) {
      const x = 10 + normal();
      arm.n++;
      const d = x - arm.mean;
      arm.mean += d / arm.n;
      arm.m2 += d * (x - arm.mean);
    }
  };
  for (let run = 0; run < RUNS; run++) {
    const a: Arm = { n: 0, mean: 0, m2: 0 };
    const b: Arm = { n: 0, mean: 0, m2: 0 };
    let cs = false;
    let ms = false;
    let tt = false;
    for (let look = 0; look < LOOKS && !(cs && ms && tt); look++) {
      add(a);
      add(b);
      const sa = fromMoments({ count: a.n, mean: a.mean, variance: a.m2 / (a.n - 1) });
      const sb = fromMoments({ count: b.n, mean: b.mean, variance: b.m2 / (b.n - 1) });
      if (!cs && sequentialTest(sa, sb, { alternative }).pValue <= 0.05) cs = true;
      if (!ms && sequentialTest(sa, sb, { method: "msprt", alternative }).pValue <= 0.05) ms = true;
      if (!tt && ttest(sa, sb, { alternative }).pValue <= 0.05) tt = true;
    }
    if (cs) rejected["asymptotic-cs"]++;
    if (ms) rejected.msprt++;
    if (tt) rejected.ttest++;
  }
  return {
    "asymptotic-cs": rejected["asymptotic-cs"] / RUNS,
    msprt: rejected.msprt / RUNS,
    ttest: rejected.ttest / RUNS,
  };
}

describe("sequential tests stay valid under continuous peeking (A/A)", () => {
  it.each([
    ["two-sided", 20261202, 2000],
    ["greater", 7, 1000],
  ] as const)(
    "%s (%i, %i runs)",
    (alternative, seed, runs) => {
      const rate = simulate(alternative, seed, runs);
      if (process.env.SEQ_REPORT) console.log(alternative, rate);
      expect(rate["asymptotic-cs"]).toBeLessThanOrEqual(0.06);
      expect(rate.msprt).toBeLessThanOrEqual(0.06);
      // the fixed-horizon t-test, peeked at 100 times, is far above α: the simulation can see it
      expect(rate.ttest).toBeGreaterThan(0.06);
      expect(rate.ttest).toBeGreaterThan(2 * Math.max(rate["asymptotic-cs"], rate.msprt));
    },
    60000,
  );
});
