import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compareRates, conjugatePosterior } from "../src/index.js";

/** Two-arm references with arms far apart (scripts/fixtures/gen_rates_far.py, mpmath at 50 and 60 digits). */
interface FarCase {
  alphaA: number;
  betaA: number;
  alphaB: number;
  betaB: number;
  chanceToWin: number;
  log10ChanceToWin: number;
  log10ChanceToLose: number;
  /** ln of the smaller chance, 30 digits. */
  lnSmall: string;
  lossTreatment: number;
  lossControl: number;
  closedForm?: boolean;
}
const FIX = JSON.parse(readFileSync(new URL("./fixtures/rates-far.json", import.meta.url), "utf8")) as {
  rates: FarCase[];
};

function compare(c: FarCase, swap = false) {
  const a = conjugatePosterior({ family: "beta", alpha: c.alphaA, beta: c.betaA });
  const b = conjugatePosterior({ family: "beta", alpha: c.alphaB, beta: c.betaB });
  return swap ? compareRates(b, a) : compareRates(a, b);
}

/**
 * The tolerance on ln p of the smaller chance: 1e-10 (the contract's relative accuracy of p), or, where
 * |ln p| is beyond 1.4e4, 32 ε·|ln p|: ln p is then a sum of log-densities of that size, at logit
 * offsets rounded to an ulp, where the densities' slopes times the offsets reach a few |ln p|; and a
 * double holds ln p itself only to ε·|ln p| (7.6e-6 at ln p = −6e11).
 */
function tolerance(lnP: number): number {
  return Math.max(1e-10, 32 * Number.EPSILON * Math.abs(lnP));
}

describe("compareRates with arms far apart, against mpmath", () => {
  it("holds the regimes: counts of 1e6 to 1e12, chances down to 1e-6e11, closed forms, both sides of the switch", () => {
    const ln = (c: FarCase) => Number(c.lnSmall);
    expect(FIX.rates.filter((c) => ln(c) < -1e5).length).toBeGreaterThanOrEqual(4);
    expect(FIX.rates.filter((c) => ln(c) < -1e11).length).toBeGreaterThanOrEqual(2);
    expect(FIX.rates.filter((c) => c.closedForm).length).toBeGreaterThanOrEqual(2);
    expect(FIX.rates.some((c) => c.chanceToWin === 1)).toBe(true);
    expect(FIX.rates.some((c) => ln(c) > -2000)).toBe(true);
  });

  it("the smaller chance within 1e-10 relative (32 ε·|ln p| beyond ln p = −1.4e4), the larger within 1e-12", () => {
    let worstRel = 0;
    let worstLn = 0;
    for (const c of FIX.rates) {
      for (const swap of [false, true]) {
        const r = compare(c, swap);
        const want = Number(c.lnSmall);
        const gotLog10 = Math.min(r.log10ChanceToWin, r.log10ChanceToLose);
        const err = Math.abs(gotLog10 * Math.LN10 - want);
        const label = `${JSON.stringify(c)} swapped ${swap}: ln p ${gotLog10 * Math.LN10}`;
        expect(err, label).toBeLessThanOrEqual(tolerance(want));
        worstRel = Math.max(worstRel, err / Math.abs(want));
        if (Math.abs(want) < 1.4e4) worstLn = Math.max(worstLn, err);
        const win = swap ? 1 - c.chanceToWin : c.chanceToWin;
        expect(Math.abs(r.chanceToWin - win), label).toBeLessThanOrEqual(1e-12);
        // the larger side in log form: log10(1 − p) = −p/ln 10 (0 where p is below the smallest double)
        const bigWant = Math.max(c.log10ChanceToWin, c.log10ChanceToLose);
        const bigGot = Math.max(r.log10ChanceToWin, r.log10ChanceToLose);
        expect(Math.abs(bigGot - bigWant), label).toBeLessThanOrEqual(1e-10 * Math.abs(bigWant));
      }
    }
    console.log(
      `compareRates, arms far apart: ln p within ${worstLn.toExponential(2)} (|ln p| < 1.4e4), ${worstRel.toExponential(2)} of |ln p|`,
    );
  });

  it("expected losses within 1e-10 relative (0 where below the smallest double)", () => {
    expect(FIX.rates.filter((c) => Math.min(c.lossTreatment, c.lossControl) > 0).length).toBeGreaterThanOrEqual(3);
    let worst = 0;
    for (const c of FIX.rates) {
      const r = compare(c);
      for (const [got, want] of [
        [r.expectedLoss.treatment, c.lossTreatment],
        [r.expectedLoss.control, c.lossControl],
      ] as const) {
        if (want === 0) expect(got, JSON.stringify(c)).toBe(0);
        else {
          const rel = Math.abs(got - want) / want;
          worst = Math.max(worst, rel);
          expect(rel, JSON.stringify(c)).toBeLessThanOrEqual(1e-10);
        }
      }
    }
    console.log(`compareRates, arms far apart: expected loss ${worst.toExponential(2)} relative`);
  });
});
