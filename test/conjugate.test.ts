import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BatchStatsError,
  conjugatePosterior,
  fromCounts,
  merge,
  type NormalInverseGammaPrior,
  Posterior,
  Summary,
  summarize,
} from "../src/index.js";

type Pair = [number, number];
interface NigCase {
  prior: NormalInverseGammaPrior;
  batches: { count: number; mean: number; meanLo: number; m2: number; m2Lo: number }[];
  kappa: Pair;
  mu: Pair;
  alpha: Pair;
  beta: Pair;
  scale?: number;
  intervals?: Record<string, Pair>;
}
interface Fixtures {
  fromCounts: { successes: number; trials: number; mean: Pair; m2: Pair }[];
  nig: NigCase[];
}
const FIX = JSON.parse(readFileSync(new URL("./fixtures/conjugate.json", import.meta.url), "utf8")) as Fixtures;

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof BatchStatsError) return `${e.code} ${e.field ?? ""}`.trim();
    throw e;
  }
  return undefined;
}

/** The correctly rounded double-double of the fraction p/q (BigInt, exact). */
function ddOfFraction(p: bigint, q: bigint): [number, number] {
  const hi = roundFraction(p, q);
  // p/q − hi = (p − hi·q)/q with hi an exact binary fraction m·2^e
  const [m, e] = binary(hi);
  const num = e >= 0 ? p - m * 2n ** BigInt(e) * q : p * 2n ** BigInt(-e) - m * q;
  const den = e >= 0 ? q : q * 2n ** BigInt(-e);
  return [hi, roundFraction(num, den)];
}

function binary(x: number): [bigint, number] {
  if (x === 0) return [0n, 0];
  let e = 0;
  let m = x;
  while (!Number.isInteger(m)) {
    m *= 2;
    e--;
  }
  return [BigInt(m), e];
}

/** RN(p/q) for integers (q > 0), ties to even, by scaling to 54 bits. */
function roundFraction(p: bigint, q: bigint): number {
  if (p === 0n) return 0;
  const neg = p < 0n;
  const a = neg ? -p : p;
  let shift = a.toString(2).length - q.toString(2).length - 54;
  let n = shift >= 0 ? a / (q * 2n ** BigInt(shift)) : (a * 2n ** BigInt(-shift)) / q;
  while (n >= 2n ** 54n) {
    shift++;
    n = shift >= 0 ? a / (q * 2n ** BigInt(shift)) : (a * 2n ** BigInt(-shift)) / q;
  }
  while (n < 2n ** 53n) {
    shift--;
    n = shift >= 0 ? a / (q * 2n ** BigInt(shift)) : (a * 2n ** BigInt(-shift)) / q;
  }
  // n has 54 bits: the 53 kept and a rounding bit; sticky = remainder non-zero
  const exact = shift >= 0 ? n * q * 2n ** BigInt(shift) === a : n * q === a * 2n ** BigInt(-shift);
  let kept = n >> 1n;
  const half = (n & 1n) === 1n;
  if (half && (!exact || (kept & 1n) === 1n)) kept++;
  const value = Number(kept) * 2 ** (shift + 1);
  return neg ? -value : value;
}

describe("fromCounts", () => {
  it("gives the correctly rounded double-double of k/n and k(n − k)/n (fractions fixtures)", () => {
    expect(FIX.fromCounts.length).toBeGreaterThan(100);
    for (const c of FIX.fromCounts) {
      const s = fromCounts({ successes: c.successes, trials: c.trials });
      expect(s.count).toBe(c.trials);
      expect([s.mean, s.meanLo]).toEqual(c.mean);
      expect([s.m2, s.m2Lo]).toEqual(c.m2);
    }
  });

  it("is correctly rounded for random counts (BigInt reference)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, u) => {
          const k = Math.min(n, Math.floor(u * n));
          const s = fromCounts({ successes: k, trials: n });
          expect([s.mean, s.meanLo]).toEqual(ddOfFraction(BigInt(k), BigInt(n)));
          expect([s.m2, s.m2Lo]).toEqual(ddOfFraction(BigInt(k) * BigInt(n - k), BigInt(n)));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("agrees with summarize of the 0/1 values (its M2 is one double, within an ulp)", () => {
    const values = [1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 1];
    const s = summarize(values);
    const c = fromCounts({ successes: 5, trials: 11 });
    expect([c.count, c.mean, c.meanLo]).toEqual([s.count, s.mean, s.meanLo]);
    expect(Math.abs(c.m2 - s.m2)).toBeLessThanOrEqual(2 ** -52 * c.m2);
  });

  it("handles the empty and constant edges", () => {
    expect(fromCounts({ successes: 0, trials: 0 }).count).toBe(0);
    const all = fromCounts({ successes: 4, trials: 4 });
    expect([all.mean, all.m2]).toEqual([1, 0]);
    const none = fromCounts({ successes: 0, trials: 4 });
    expect([none.mean, none.m2]).toEqual([0, 0]);
  });

  it("refuses hostile counts with typed errors naming the field", () => {
    expect(code(() => fromCounts({ successes: 5, trials: 4 }))).toBe("E_BAD_ARGUMENT counts.successes");
    expect(code(() => fromCounts({ successes: -1, trials: 4 }))).toBe("E_BAD_ARGUMENT counts.successes");
    expect(code(() => fromCounts({ successes: 1.5, trials: 4 }))).toBe("E_BAD_ARGUMENT counts.successes");
    expect(code(() => fromCounts({ successes: 1, trials: 2 ** 53 }))).toBe("E_BAD_ARGUMENT counts.trials");
    expect(code(() => fromCounts({ successes: 1, trials: Number.NaN }))).toBe("E_BAD_ARGUMENT counts.trials");
    expect(code(() => fromCounts({ successes: 1 } as never))).toBe("E_BAD_ARGUMENT counts.trials");
    expect(code(() => fromCounts({ successes: 1, trials: 2, extra: 1 } as never))).toBe("E_BAD_ARGUMENT counts.extra");
    expect(code(() => fromCounts(null as never))).toBe("E_BAD_ARGUMENT counts");
    expect(code(() => fromCounts([1, 2] as never))).toBe("E_BAD_ARGUMENT counts");
    expect(code(() => fromCounts({ successes: "1", trials: 2 } as never))).toBe("E_BAD_ARGUMENT counts.successes");
    fc.assert(
      fc.property(fc.anything(), (x) => {
        try {
          fromCounts(x as never);
        } catch (e) {
          expect(e).toBeInstanceOf(BatchStatsError);
        }
      }),
      { numRuns: 500 },
    );
  });
});

/** |got − want| in units of the ulp of want. */
function ulps(got: number, want: number): number {
  if (got === want) return 0;
  const ulp = 2 ** (Math.floor(Math.log2(Math.abs(want))) - 52);
  return Math.abs(got - want) / ulp;
}

function summaryOf(b: NigCase["batches"][number]): Summary {
  return Summary.fromJSON({ format: "batchstats.summary", version: 1, omitted: 0, ...b });
}

describe("Normal–Inverse-Gamma posterior", () => {
  it("matches the exact rational update to within 1 ulp, batch by batch and merged (fractions fixtures)", () => {
    expect(FIX.nig.length).toBeGreaterThanOrEqual(40);
    let worst = 0;
    for (const c of FIX.nig) {
      const prior = conjugatePosterior(c.prior);
      const batches = c.batches.map(summaryOf);
      const sequential = batches.reduce((p, s) => p.update(s), prior);
      const once = prior.update(merge(batches));
      for (const p of [sequential, once]) {
        const j = p.toJSON() as unknown as Record<string, number>;
        for (const key of ["kappa", "mu", "alpha", "beta"] as const) {
          const e = ulps(j[key] as number, c[key][0]);
          worst = Math.max(worst, e);
          expect(e, `${key} of ${JSON.stringify(c.prior)}`).toBeLessThanOrEqual(1);
        }
      }
    }
    expect(worst).toBeLessThanOrEqual(1);
  });

  it("gives the Student-t credible interval of the mean (mpmath, 50 digits)", () => {
    let n = 0;
    for (const c of FIX.nig) {
      if (c.intervals === undefined) continue;
      const p = c.batches.map(summaryOf).reduce((q, s) => q.update(s), conjugatePosterior(c.prior));
      expect(Math.abs(p.meanMarginal().scale - (c.scale as number))).toBeLessThanOrEqual(
        4 * 2 ** -52 * (c.scale as number),
      );
      for (const [level, [lo, hi]] of Object.entries(c.intervals)) {
        const [glo, ghi] = p.credibleInterval(Number(level));
        const width = hi - lo;
        // t quantile ~1e-14 relative, the scale 2 ulps: the bounds to 1e-14 of the half-width
        // (plus an ulp of the location)
        const tol = 1e-14 * width + 2 ** -52 * Math.abs(lo + hi);
        expect(Math.abs(glo - lo)).toBeLessThanOrEqual(tol);
        expect(Math.abs(ghi - hi)).toBeLessThanOrEqual(tol);
        n++;
      }
    }
    expect(n).toBeGreaterThan(40);
  });

  it("with the reference prior, the credible interval is the classical t interval", () => {
    const s = summarize([3.1, 4.7, 2.2, 5.9, 4.4, 3.8]);
    const p = conjugatePosterior({ family: "normal-inverse-gamma" }).update(s);
    const m = p.meanMarginal();
    expect(m.df).toBe(5);
    expect(m.location).toBe(s.mean);
    expect(Math.abs(m.scale - s.sem())).toBeLessThanOrEqual(2 * 2 ** -52 * s.sem());
  });

  it("update batch by batch equals update once with the merged summary, in any split and order (fast-check)", () => {
    const value = fc.oneof(
      fc.integer({ min: -1000, max: 1000 }),
      fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
      fc.double({ min: 1e9 - 1, max: 1e9 + 1, noNaN: true }),
    );
    const prior = fc.oneof(
      fc.constant<NormalInverseGammaPrior>({ family: "normal-inverse-gamma" }),
      fc.record({
        family: fc.constant("normal-inverse-gamma" as const),
        kappa: fc.double({ min: 0, max: 100, noNaN: true }),
        mu: fc.double({ min: -100, max: 100, noNaN: true }),
        alpha: fc.double({ min: -0.5, max: 10, noNaN: true }),
        beta: fc.double({ min: 0, max: 100, noNaN: true }),
      }),
    );
    fc.assert(
      fc.property(
        prior,
        fc.array(fc.array(value, { minLength: 0, maxLength: 20 }), { minLength: 1, maxLength: 8 }),
        (pr, parts) => {
          let batches: Summary[];
          try {
            batches = parts.map((b) => summarize(b));
            merge(batches);
          } catch (e) {
            // values within ~1e-154 of each other: their M2 is below the double range (typed, elsewhere tested)
            fc.pre(!(e instanceof BatchStatsError && e.code === "E_UNDERFLOW"));
            throw e;
          }
          const start = conjugatePosterior(pr);
          const sequential = batches.reduce((p, s) => p.update(s), start);
          const reversed = [...batches].reverse().reduce((p, s) => p.update(s), start);
          const once = start.update(merge(batches));
          for (const other of [reversed, once]) {
            for (const key of ["kappa", "mu", "alpha", "beta"] as const) {
              const a = sequential[key] as number;
              const b = other[key] as number;
              // both are the double nearest the same exact value (error of order ε² before rounding);
              // β's between-batch terms carry the merge's own rounding: a few ulps at most
              expect(ulps(a, b), key).toBeLessThanOrEqual(key === "beta" || key === "mu" ? 2 : 0);
            }
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it("round-trips through JSON bit for bit and refuses hostile JSON with typed errors", () => {
    const p = conjugatePosterior({ family: "normal-inverse-gamma", kappa: 0.3, mu: 1.1 }).update(
      summarize([1, 2, 3.3]),
    );
    const back = Posterior.fromJSON(JSON.stringify(p));
    expect(back.toJSON()).toEqual(p.toJSON());
    const good = p.toJSON() as unknown as Record<string, unknown>;
    const cases: [unknown, string][] = [
      ["{", "E_BAD_SUMMARY"],
      [null, "E_BAD_SUMMARY"],
      [{ ...good, format: "batchstats.summary" }, "E_BAD_SUMMARY format"],
      [{ ...good, version: 2 }, "E_BAD_SUMMARY version"],
      [{ ...good, family: "gamma" }, "E_BAD_SUMMARY family"],
      [{ ...good, extra: 1 }, "E_BAD_SUMMARY extra"],
      [{ ...good, kappa: -1, kappaLo: 0 }, "E_BAD_SUMMARY kappa"],
      [{ ...good, beta: Number.NaN }, "E_BAD_SUMMARY beta"],
      [{ ...good, alpha: -1 }, "E_BAD_SUMMARY alpha"],
      [{ ...good, muLo: 1 }, "E_BAD_SUMMARY muLo"],
      [
        { format: "batchstats.posterior", version: 1, family: "beta", alpha: 0, alphaLo: 0, beta: 1, betaLo: 0 },
        "E_BAD_SUMMARY alpha",
      ],
    ];
    for (const [input, want] of cases)
      expect(
        code(() => Posterior.fromJSON(input)),
        JSON.stringify(input),
      ).toBe(want);
    fc.assert(
      fc.property(fc.anything(), (x) => {
        try {
          Posterior.fromJSON(x);
        } catch (e) {
          expect(e).toBeInstanceOf(BatchStatsError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("decides every edge with a typed error", () => {
    const ref = conjugatePosterior({ family: "normal-inverse-gamma" });
    expect(code(() => ref.mean)).toBe("E_TOO_FEW kappa");
    expect(code(() => ref.update(summarize([4])).credibleInterval())).toBe("E_TOO_FEW alpha");
    expect(ref.update(summarize([4])).mean).toBe(4);
    expect(code(() => ref.update(summarize([4, 4, 4])).credibleInterval())).toBe("E_ZERO_VARIANCE beta");
    expect(code(() => ref.update(summarize([1, 2])).credibleInterval(1))).toBe("E_BAD_ARGUMENT level");
    expect(code(() => ref.update(summarize([Number.NaN], { nan: "propagate" })))).toBe("E_NAN data");
    expect(code(() => ref.update([1, 2] as never))).toBe("E_BAD_ARGUMENT data");
    expect(code(() => conjugatePosterior({ family: "normal-inverse-gamma", kappa: -1 }))).toBe(
      "E_BAD_ARGUMENT prior.kappa",
    );
    expect(code(() => conjugatePosterior({ family: "normal-inverse-gamma", alpha: -1 }))).toBe(
      "E_BAD_ARGUMENT prior.alpha",
    );
    expect(code(() => conjugatePosterior({ family: "normal-inverse-gamma", beta: Number.POSITIVE_INFINITY }))).toBe(
      "E_BAD_ARGUMENT prior.beta",
    );
    expect(code(() => conjugatePosterior({ family: "poisson" } as never))).toBe("E_BAD_ARGUMENT prior.family");
    expect(code(() => conjugatePosterior({ family: "beta", kappa: 1 } as never))).toBe("E_BAD_ARGUMENT prior.kappa");
    expect(code(() => conjugatePosterior(undefined as never))).toBe("E_BAD_ARGUMENT prior");
    // counts update a Normal–Inverse-Gamma posterior as the summary of 0/1 values
    const c = ref.update({ successes: 3, trials: 10 });
    expect(c.toJSON()).toEqual(ref.update(fromCounts({ successes: 3, trials: 10 })).toJSON());
    // the update is immutable
    expect(Object.isFrozen(c)).toBe(true);
    expect(ref.alpha).toBe(-0.5);
  });
});

describe("Beta posterior", () => {
  it("adds successes and failures, with counts or a summary of 0/1 values", () => {
    const prior = conjugatePosterior({ family: "beta", alpha: 0.5, beta: 0.5 });
    const p = prior.update({ successes: 3, trials: 10 }).update(summarize([1, 0, 1]));
    expect([p.alpha, p.beta]).toEqual([5.5, 8.5]);
    expect(p.mean).toBe(5.5 / 14);
    const big = conjugatePosterior({ family: "beta", alpha: 0.1, beta: 0.3 }).update({
      successes: 2 ** 52,
      trials: 2 ** 53 - 1,
    });
    const j = big.toJSON() as { alpha: number; alphaLo: number; beta: number; betaLo: number };
    // α = 2^52 + 0.1 and β = 2^52 − 1 + 0.3 kept exactly as double-doubles (0.1 and 0.3 as doubles)
    expect(j.alpha + 0).toBe(2 ** 52);
    expect(j.alphaLo).toBe(0.1);
    expect(j.beta).toBe(2 ** 52 - 0.5);
    expect(j.betaLo).toBe(0.3 - 0.5); // exact (Sterbenz): β = (2^52 − ½) + (0.3 − ½)
    expect(code(() => prior.update(summarize([0.5, 1])))).toBe("E_BAD_ARGUMENT data");
    expect(code(() => prior.update({ successes: 4, trials: 3 }))).toBe("E_BAD_ARGUMENT data.successes");
    expect(code(() => conjugatePosterior({ family: "beta", alpha: 0 }))).toBe("E_BAD_ARGUMENT prior.alpha");
    const [lo, hi] = conjugatePosterior({ family: "beta" }).update({ successes: 3, trials: 10 }).credibleInterval(0.9);
    expect(lo).toBeLessThan(4 / 12);
    expect(hi).toBeGreaterThan(4 / 12);
    const back = Posterior.fromJSON(JSON.parse(JSON.stringify(big)));
    expect(back.toJSON()).toEqual(big.toJSON());
  });
});

describe("Normal–Inverse-Gamma credible interval at tiny df", () => {
  const nig = (alpha: number) =>
    Posterior.fromJSON({
      format: "batchstats.posterior",
      version: 1,
      family: "normal-inverse-gamma",
      kappa: 3,
      kappaLo: 0,
      mu: 1,
      muLo: 0,
      alpha,
      alphaLo: 0,
      beta: 2,
      betaLo: 0,
    });
  it("a bound beyond the double range is E_OVERFLOW (t quantile ≈ 40^(1/df) at df = 2α), never ±Infinity", () => {
    for (const alpha of [1e-10, 1e-5, 1e-3]) {
      expect(code(() => nig(alpha).credibleInterval(0.95))).toBe("E_OVERFLOW credibleInterval");
    }
    // df 0.02: the quantile ≈ 8e63 is representable, the interval finite and centred on mu
    const [lo, hi] = nig(0.01).credibleInterval(0.95);
    expect(Number.isFinite(lo) && Number.isFinite(hi)).toBe(true);
    expect(hi).toBeGreaterThan(1e64);
    expect(lo).toBe(2 - hi);
  });
});
