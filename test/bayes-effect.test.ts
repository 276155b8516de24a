/**
 * `bayesTest` and its Gaussian losses against test/fixtures/lift-bayes.json
 * (scripts/fixtures/gen_lift_bayes.py: mpmath at 50 digits, the truncated-normal expectations at
 * 100), gbstats's own test-suite cases, the edges and GrowthBook's documented failures.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectedShortfall } from "../src/bayes/gaussian-loss.js";
import { BatchStatsError, type BayesTestOptions, bayesTest, lift } from "../src/index.js";
import { type ExactArm, num, rel, summaryOf } from "./support/summary-of.js";
import { worstErrors } from "./support/worst-errors.js";

interface Quantities {
  name: string;
  chanceToWin: string;
  log10ChanceToWin: string;
  log10ChanceToLose: string;
  riskTreatment: string;
  riskControl: string;
  log10RiskTreatment: string;
  log10RiskControl: string;
}
interface GaussianCase extends Quantities {
  mu: number;
  sigma: number;
  gbstats?: { risk: { control: number; treatment: number } };
}
interface BayesCase extends Quantities {
  a: ExactArm;
  b: ExactArm;
  options: { relative: boolean; prior: BayesTestOptions["prior"]; credibleLevel: number; inverse: boolean };
  dataMean: string;
  dataVariance: string;
  posteriorMean: string;
  posteriorSd: string;
  credibleInterval: [string, string];
  gbstats?: {
    posteriorMean: number;
    posteriorSd: number;
    credibleInterval: [number, number];
    chanceToWin: number;
    risk: { control: number; treatment: number };
  };
}

const fixtures = JSON.parse(readFileSync(new URL("./fixtures/lift-bayes.json", import.meta.url), "utf8")) as {
  bayes: BayesCase[];
  gaussian: GaussianCase[];
};
const record = worstErrors("BAYES_REPORT", "bayesTest: worst relative error against mpmath");

/** A value ≤ 1e-13 relative while ≥ 1e-300; its log10 ≤ 1e-13 relative (absolute near 0) always. */
function checkValue(what: string, got: number, gotLog: number, want: string, wantLog: string, at: string): void {
  const w = num(want);
  if (w >= 1e-300) expect(record(what, rel(got, w), at)).toBeLessThanOrEqual(1e-13);
  else expect(got).toBeLessThan(1e-299);
  const wl = num(wantLog);
  expect(record(`log10 ${what}`, Math.abs(gotLog - wl) / Math.max(1, Math.abs(wl)), at)).toBeLessThanOrEqual(1e-13);
}

describe("Gaussian losses against mpmath (100 digits), z from −1e8 to 1e8", () => {
  for (const c of fixtures.gaussian) {
    it(c.name, () => {
      const [t, lt] = expectedShortfall(c.mu, c.sigma);
      const [k, lk] = expectedShortfall(-c.mu, c.sigma);
      checkValue("risk", t, lt, c.riskTreatment, c.log10RiskTreatment, c.name);
      checkValue("risk", k, lk, c.riskControl, c.log10RiskControl, c.name);
      if (c.gbstats) {
        expect(k.toFixed(10)).toBe(c.gbstats.risk.control.toFixed(10));
        expect(t.toFixed(10)).toBe(c.gbstats.risk.treatment.toFixed(10));
      }
    });
  }

  it("control − treatment = μ (the two expectations differ by the mean)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -50, max: 50, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        (z, sigma) => {
          const mu = z * sigma;
          const [t] = expectedShortfall(mu, sigma);
          const [k] = expectedShortfall(-mu, sigma);
          expect(Math.abs(k - t - mu)).toBeLessThanOrEqual(4e-16 * (Math.abs(mu) + sigma));
          expect(t).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});

describe("bayesTest against mpmath (50 digits)", () => {
  for (const c of fixtures.bayes) {
    it(c.name, () => {
      const r = bayesTest(summaryOf(c.a), summaryOf(c.b), c.options);
      // data: the double-double estimate (1 rounding) and about 8 roundings of the variance
      expect(record("data.mean", rel(r.data.mean, num(c.dataMean)), c.name)).toBeLessThanOrEqual(2 ** -52);
      expect(record("data.variance", rel(r.data.variance, num(c.dataVariance)), c.name)).toBeLessThanOrEqual(2e-15);
      expect(record("posterior.mean", rel(r.posterior.mean, num(c.posteriorMean)), c.name)).toBeLessThanOrEqual(1e-14);
      expect(record("posterior.sd", rel(r.posterior.sd, num(c.posteriorSd)), c.name)).toBeLessThanOrEqual(1e-15);
      checkValue("chanceToWin", r.chanceToWin, r.log10ChanceToWin, c.chanceToWin, c.log10ChanceToWin, c.name);
      // 1 − chanceToWin only through its log (its value is 10^log10ChanceToLose)
      const wl = num(c.log10ChanceToLose);
      expect(
        record("log10ChanceToLose", Math.abs(r.log10ChanceToLose - wl) / Math.max(1, Math.abs(wl)), c.name),
      ).toBeLessThanOrEqual(1e-13);
      checkValue(
        "risk.treatment",
        r.risk.treatment,
        r.log10Risk.treatment,
        c.riskTreatment,
        c.log10RiskTreatment,
        c.name,
      );
      checkValue("risk.control", r.risk.control, r.log10Risk.control, c.riskControl, c.log10RiskControl, c.name);
      for (let i = 0; i < 2; i++) {
        const want = num(c.credibleInterval[i] as string);
        const got = r.credibleInterval[i] as number;
        // a bound near 0 cancels: held to 1e-13 of max(|bound|, sd)
        expect(
          record("credibleInterval", Math.abs(got - want) / Math.max(Math.abs(want), r.posterior.sd), c.name),
        ).toBeLessThanOrEqual(1e-13);
      }
    });
  }
});

describe("bayesTest against gbstats's own test suite (5 decimals, as those tests round)", () => {
  for (const c of fixtures.bayes.filter((x) => x.gbstats !== undefined)) {
    it(c.name, () => {
      const g = c.gbstats as NonNullable<BayesCase["gbstats"]>;
      const r = bayesTest(summaryOf(c.a), summaryOf(c.b), c.options);
      const round = (x: number) => Math.round(x * 1e5) / 1e5;
      expect(round(r.posterior.mean)).toBe(g.posteriorMean);
      expect(round(r.posterior.sd)).toBe(g.posteriorSd);
      expect(r.credibleInterval.map(round)).toEqual(g.credibleInterval);
      expect(round(r.chanceToWin)).toBe(g.chanceToWin);
      expect(round(r.risk.control)).toBe(g.risk.control);
      expect(round(r.risk.treatment)).toBe(g.risk.treatment);
    });
  }

  it("a relative prior N(1, 1): the absolute and relative analyses agree on the chance to win to 2 places", () => {
    const [rel, abs] = ["gbstats relative prior, relative", "gbstats relative prior, absolute"].map((name) => {
      const c = fixtures.bayes.find((x) => x.name === name) as BayesCase;
      return bayesTest(summaryOf(c.a), summaryOf(c.b), c.options);
    });
    expect(Math.abs((rel?.chanceToWin ?? 0) - (abs?.chanceToWin ?? 1))).toBeLessThan(0.005);
  });
});

describe("bayesTest: GrowthBook's failures, edges and options", () => {
  const a = { count: 100, mean: 0, m2: 4950 };
  const b = { count: 100, mean: 0, m2: 4950 };
  it("the losing side's risk at z = −20 and −40 is the true tiny value (gbstats: 0), chances below 1e-300 have logs", () => {
    const r = bayesTest(summaryOf({ ...a, mean: -20 }), summaryOf(b), { relative: false });
    expect(r.risk.control).toBeGreaterThan(1e-92);
    expect(r.chanceToWin).toBeGreaterThan(1e-89);
    const far = bayesTest(summaryOf({ ...a, mean: -40 }), summaryOf(b), { relative: false });
    expect(far.chanceToWin).toBe(0);
    expect(far.log10ChanceToWin).toBeCloseTo(-349.4, 0);
    expect(far.log10Risk.control).toBeCloseTo(-351.0396, 3);
    // an inverse metric's chance to win in its tail (gbstats: 1 − sf)
    const inv = bayesTest(summaryOf({ ...a, mean: 10 }), summaryOf(b), { relative: false, inverse: true });
    expect(inv.chanceToWin).toBeGreaterThan(7e-24);
    expect(inv.chanceToWin).toBeLessThan(8e-24);
  });

  it("an absolute prior is rescaled for a relative analysis (and back)", () => {
    const ta = { count: 400, mean: 10.2, m2: 3.9e4 };
    const tb = { count: 500, mean: 10, m2: 5.1e4 };
    const viaAbs = bayesTest(summaryOf(ta), summaryOf(tb), { prior: { mean: 0.5, variance: 0.04, scale: "absolute" } });
    const viaRel = bayesTest(summaryOf(ta), summaryOf(tb), { prior: { mean: 0.05, variance: 0.0004 } });
    expect(viaAbs.prior).toEqual(viaRel.prior);
    expect(viaAbs.posterior.mean).toBe(viaRel.posterior.mean);
  });

  it("zero variance in both arms: a defined answer, never “no result”", () => {
    const constant = (mean: number) => summaryOf({ count: 5, mean, m2: 0 });
    const up = bayesTest(constant(2), constant(1));
    expect(up.posterior).toEqual({ mean: 1, sd: 0 });
    expect([up.chanceToWin, up.risk.treatment, up.risk.control]).toEqual([1, 0, 1]);
    expect(up.credibleInterval).toEqual([1, 1]);
    const tie = bayesTest(constant(1), constant(1), { prior: { mean: 0.3, variance: 1 } });
    expect(tie.chanceToWin).toBe(0.5);
    expect(tie.posterior.sd).toBe(0);
    expect(JSON.parse(JSON.stringify(up)).log10ChanceToLose).toBe(null);
  });

  it("a control mean of 0: E_ZERO_MEAN on the relative scale, fine on the absolute one", () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as BatchStatsError).code;
      }
      return "none";
    };
    expect(code(() => bayesTest([1, 2, 3], [-1, 0, 1]))).toBe("E_ZERO_MEAN");
    expect(bayesTest([1, 2, 3], [-1, 0, 1], { relative: false }).posterior.mean).toBe(2);
    expect(
      code(() =>
        bayesTest([1, 2, 3], [-1, 0, 1], { relative: false, prior: { mean: 0, variance: 1, scale: "relative" } }),
      ),
    ).toBe("E_ZERO_MEAN");
    expect(code(() => bayesTest([1, 2], [2, 3], { prior: { mean: 0, variance: 0 } }))).toBe("E_BAD_ARGUMENT");
    expect(code(() => bayesTest([1, 2], [2, 3], { prior: "jeffreys" as "flat" }))).toBe("E_BAD_ARGUMENT");
    expect(
      code(() => bayesTest([1, 2], [2, 3], { prior: { mean: 0, variance: 1, proper: true } as unknown as "flat" })),
    ).toBe("E_BAD_ARGUMENT");
    expect(code(() => bayesTest([1, 2], [2, 3], { credibleLevel: 0 }))).toBe("E_BAD_ARGUMENT");
    expect(code(() => bayesTest([1, 2], [2, 3], { inverse: "yes" as unknown as boolean }))).toBe("E_BAD_ARGUMENT");
    expect(code(() => bayesTest([1], [2, 3]))).toBe("E_TOO_FEW");
  });

  it("never NaN from finite summaries", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e6, noNaN: true }).filter((x) => x !== 0),
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        fc.boolean(),
        fc.boolean(),
        (ma, mb, m2a, m2b, relative, inverse) => {
          const r = bayesTest(summaryOf({ count: 7, mean: ma, m2: m2a }), summaryOf({ count: 9, mean: mb, m2: m2b }), {
            relative,
            inverse,
          });
          for (const x of [
            r.chanceToWin,
            r.risk.treatment,
            r.risk.control,
            ...r.credibleInterval,
            r.log10ChanceToLose,
          ]) {
            expect(Number.isNaN(x)).toBe(false);
          }
        },
      ),
    );
  });
});

describe("lift and bayesTest over the whole double range", () => {
  it("return no NaN and throw only typed errors for any finite summaries", () => {
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
    const spread = fc.double({ min: 0, noNaN: true, noDefaultInfinity: true });
    const count = fc.integer({ min: 2, max: 1e9 });
    fc.assert(
      fc.property(
        count,
        finite,
        spread,
        count,
        finite,
        spread,
        fc.constantFrom<"delta" | "fieller">("delta", "fieller"),
        fc.constantFrom<"two-sided" | "less" | "greater">("two-sided", "less", "greater"),
        fc.boolean(),
        (na, ma, m2a, nb, mb, m2b, method, alternative, relative) => {
          let a: ReturnType<typeof summaryOf>;
          let b: ReturnType<typeof summaryOf>;
          try {
            a = summaryOf({ count: na, mean: ma, m2: m2a });
            b = summaryOf({ count: nb, mean: mb, m2: m2b });
          } catch {
            return; // not a valid summary (e.g. M2 too large for its count and mean)
          }
          const calls = [
            () => lift(a, b, { method, alternative }),
            () => bayesTest(a, b, { relative, inverse: !relative }),
          ];
          for (const call of calls) {
            let text = "";
            try {
              text = JSON.stringify(call(), (_k, v) => (typeof v === "number" && Number.isNaN(v) ? "NaN!" : v));
            } catch (e) {
              expect(e).toBeInstanceOf(BatchStatsError);
            }
            expect(text).not.toContain("NaN!");
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});
