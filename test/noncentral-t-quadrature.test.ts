/**
 * The non-central t where Lenth's series cannot go (δ from 10³ to 10⁹ with t from δ/10 to 4δ, df 1 to 10)
 * and on the far side of δ (tails down to 10⁻³⁰⁰ and below), against mpmath at 50 digits
 * (test/fixtures/noncentral-t.json, written by scripts/fixtures/gen_noncentral_t.py: two quadratures,
 * over the normal and over the χ variable, agreeing to 10⁻²⁵), and power() there.
 *
 * Tolerance (ε = 2⁻⁵²): a tail P is held to K·ε·(1 + κ + |ln P|) relative, κ = (|δ·∂P/∂δ| + |t·∂P/∂t|)/P
 * its conditioning on the inputs (stored with the reference): κ·ε is what the rounding of u/t and of
 * u = δ + w costs at every node, ε·|ln P| the rounding of the logarithm the integral is summed in
 * (the integrand is e^{g} with g a sum of terms of size |ln P|), K = 16 the code's own few roundings
 * per node (incomplete gamma ~2 ulps, normal tail, the Kronrod sum). Below the smallest normal double
 * a tail only has to be nonzero while it is representable.
 *
 * `NCT_REPORT=1 npx vitest run test/noncentral-t-quadrature.test.ts` prints the worst errors.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { power } from "../src/design/power.js";
import { gaussKronrod21 } from "../src/distributions/gauss-kronrod.js";
import { nctCdf, nctSf } from "../src/distributions/noncentral-t.js";
import { worstErrors } from "./support/worst-errors.js";

const EPS = 2 ** -52;
const K = 16;

interface Row {
  df: number;
  delta: number;
  t: number;
  sf: string;
  cdf: string;
  lnSf: string;
  lnCdf: string;
  kappaSf: string;
  kappaCdf: string;
}
interface PowerRow {
  effectSize: number;
  nobs1: number;
  alpha: number;
  power: string;
  kappa: string;
}
const fixture = JSON.parse(readFileSync(new URL("./fixtures/noncentral-t.json", import.meta.url), "utf8")) as {
  nct: Row[];
  power: PowerRow[];
};
const record = worstErrors("NCT_REPORT", "worst errors of the non-central t vs mpmath (50 digits)", 40);

function check(what: string, got: number, exactText: string, kappaText: string, at: string): void {
  const exact = Number(exactText);
  expect(got >= 0 && got <= 1, `${at} ${what}: ${got} is a probability`).toBe(true);
  if (exact >= 2.2250738585072014e-308) {
    const rel = Math.abs(got - exact) / exact;
    record(`${what} (relative)`, rel, at);
    const scale = EPS * (1 + Number(kappaText) + Math.abs(Math.log(exact)));
    const units = record(`${what} in ε(1 + κ + |ℓ|)`, rel / scale, at);
    expect(units, `${at} ${what}: got ${got}, exact ${exactText}`).toBeLessThanOrEqual(K);
  } else if (exact >= 1e-320) {
    expect(got, `${at} ${what}: not 0 while representable`).toBeGreaterThan(0);
  } else {
    expect(got, `${at} ${what}: below the subnormals`).toBeLessThan(1e-300);
  }
}

describe("21-point Gauss–Kronrod rule", () => {
  it("integrates x^k exactly on [−1, 1]: Kronrod to degree 31, its Gauss rule to degree 19", () => {
    for (let k = 0; k <= 31; k++) {
      const exact = k % 2 === 0 ? 2 / (k + 1) : 0;
      const [kronrod, gauss] = gaussKronrod21((x) => x ** k, -1, 1);
      expect(Math.abs(kronrod - exact), `Kronrod, degree ${k}`).toBeLessThanOrEqual(8 * EPS);
      if (k <= 19) expect(Math.abs(gauss - exact), `Gauss, degree ${k}`).toBeLessThanOrEqual(8 * EPS);
    }
    // degree 20 is beyond the 10-point Gauss rule, within the Kronrod rule
    const [kronrod, gauss] = gaussKronrod21((x) => x ** 20, -1, 1);
    expect(Math.abs(kronrod - 2 / 21)).toBeLessThanOrEqual(8 * EPS);
    expect(Math.abs(gauss - 2 / 21)).toBeGreaterThan(1e-6);
  });
});

describe("non-central t by quadrature against mpmath", () => {
  it(`${fixture.nct.length} points: δ to 1e9 with t from δ/10 to 4δ, and the far side of δ`, () => {
    for (const r of fixture.nct) {
      const at = `t=${r.t} df=${r.df} δ=${r.delta}`;
      const band = Math.abs(r.delta) >= 1000 ? "band" : "far side";
      check(`${band} sf`, nctSf(r.t, r.df, r.delta), r.sf, r.kappaSf, at);
      check(`${band} cdf`, nctCdf(r.t, r.df, r.delta), r.cdf, r.kappaCdf, at);
    }
  });

  it("the two tails add up to 1 to rounding", () => {
    for (const r of fixture.nct) {
      const sum = nctSf(r.t, r.df, r.delta) + nctCdf(r.t, r.df, r.delta);
      expect(Math.abs(sum - 1), `t=${r.t} df=${r.df} δ=${r.delta}`).toBeLessThanOrEqual(1e-13);
    }
  });

  it("the far side is small, not 0, while representable (it was 0 whenever a bound put it below 2⁻⁶⁰)", () => {
    // P(T ≤ 1.96) at df = 1, δ = 37 is about 1.9e-63 (mpmath row in the fixture)
    const row = fixture.nct.find((r) => r.df === 1 && r.delta === 37 && r.t === 1.96);
    expect(row).toBeDefined();
    const got = nctCdf(1.96, 1, 37);
    expect(got).toBeGreaterThan(0);
    expect(Math.abs(got - Number(row!.cdf)) / Number(row!.cdf)).toBeLessThan(1e-12);
  });
});

describe("power() at huge noncentrality and a tiny alpha", () => {
  it.each(fixture.power)("effect $effectSize, nobs1 $nobs1, alpha $alpha", (r) => {
    const got = power({ effectSize: r.effectSize, nobs1: r.nobs1, alpha: r.alpha });
    const at = `d=${r.effectSize} n=${r.nobs1} α=${r.alpha}`;
    check("power", got, r.power, r.kappa, at);
  });

  it("power({ effectSize: 1e6, nobs1: 2, alpha: 1e-12 }) is the mpmath value (it was a truncated series' 0.633)", () => {
    // df = 2, δ = 1e6, c ≈ 7.07e5 ≥ δ/2: the series would need ~1.4e7 terms
    const got = power({ effectSize: 1e6, nobs1: 2, alpha: 1e-12 });
    const row = fixture.power.find((p) => p.effectSize === 1e6 && p.nobs1 === 2 && p.alpha === 1e-12);
    expect(Math.abs(got - Number(row!.power))).toBeLessThan(1e-14);
  });
});
