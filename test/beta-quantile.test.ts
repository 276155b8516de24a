import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BatchStatsError, conjugatePosterior, Posterior } from "../src/index.js";
import { incompleteBeta } from "../src/distributions/incomplete-beta.js";

const EPS = 2 ** -52;

describe("Beta credible intervals at extreme shapes", () => {
  it("credible intervals of huge posteriors are the mean's neighbours (no reversed intervals)", () => {
    const p = conjugatePosterior({ family: "beta", alpha: 1e308, beta: 1e308 });
    expect(p.mean).toBe(0.5);
    expect(p.credibleInterval(0.95)).toEqual([0.5, 0.5]);
    const q = Posterior.fromJSON({
      format: "batchstats.posterior",
      version: 1,
      family: "beta",
      alpha: 1e308,
      alphaLo: 0,
      beta: 4,
      betaLo: 0,
    });
    expect(q.credibleInterval()).toEqual([1, 1]);
    const [lo, hi] = conjugatePosterior({ family: "beta", alpha: 1e250, beta: 1e250 }).credibleInterval(0.95);
    expect(lo).toBeGreaterThanOrEqual(0.5 - EPS);
    expect(hi).toBeLessThanOrEqual(0.5 + EPS);
  });

  it("intervals are ordered, bracket the mean and hit their tails, for shapes from 1e-3 to 1e300", () => {
    const shape = fc.double({ min: Math.log(1e-3), max: Math.log(1e300), noNaN: true }).map(Math.exp);
    fc.assert(
      fc.property(shape, shape, fc.constantFrom(0.5, 0.95, 0.999999), (a, b, level) => {
        let interval: [number, number];
        try {
          interval = conjugatePosterior({ family: "beta", alpha: a, beta: b }).credibleInterval(level);
        } catch (e) {
          expect(e).toBeInstanceOf(BatchStatsError);
          return;
        }
        const [lo, hi] = interval;
        expect(lo).toBeLessThanOrEqual(hi);
        if (Math.min(a, b) >= 1 && level >= 0.95) {
          // unimodal: the mean lies inside the central 95 % (to its rounding)
          const mean = conjugatePosterior({ family: "beta", alpha: a, beta: b }).mean;
          expect(lo).toBeLessThanOrEqual(mean * (1 + 4 * EPS));
          expect(hi).toBeGreaterThanOrEqual(mean * (1 - 4 * EPS));
        }
        const tail = (1 - level) / 2;
        if (a + b < 2 ** 1000 && lo > 0 && lo < 0.5) {
          // I_lo(a, b) = tail to 1e-9 relative, or lo within a few ulps of the exact root
          const at = incompleteBeta(lo, 1 - lo, a, b)[0];
          const up = incompleteBeta(lo * (1 + 8 * EPS), 1 - lo * (1 + 8 * EPS), a, b)[0];
          const down = incompleteBeta(lo * (1 - 8 * EPS), 1 - lo * (1 - 8 * EPS), a, b)[0];
          const ok = Math.abs(at - tail) <= 1e-9 * tail || (down <= tail * (1 + 1e-9) && up >= tail * (1 - 1e-9));
          expect(ok, `a ${a} b ${b} level ${level} lo ${lo} I ${at}`).toBe(true);
        }
      }),
      { numRuns: 300, seed: 20261202 },
    );
  });
});
