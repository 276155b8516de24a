import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { betaQuantile, betaUpperQuantile } from "../src/distributions/beta-quantile.js";

interface Row {
  a: number;
  b: number;
  p: number;
  upper: boolean;
  x: string;
}
const fixture = JSON.parse(readFileSync(new URL("./fixtures/beta-quantile.json", import.meta.url), "utf8")) as {
  quantiles: Row[];
};

const cantelli = JSON.parse(
  readFileSync(new URL("./fixtures/beta-quantile-cantelli.json", import.meta.url), "utf8"),
) as { quantiles: Row[] };

const EPS = 2 ** -52;

/** The quantile's error in units of the Beta's sd (or relative to x, whichever is larger). */
function error(got: number, r: Row): number {
  const want = Number(r.x);
  const n = r.a + r.b;
  const sd = Math.sqrt(((r.a / n) * (r.b / n)) / (n + 1));
  return Math.abs(got - want) / Math.max(Math.min(sd, 1), Math.abs(want) * EPS);
}

describe("Beta quantile at extreme shapes against mpmath (scripts/fixtures/gen_beta_quantile.py)", () => {
  it(`${fixture.quantiles.length} quantiles`, () => {
    for (const r of fixture.quantiles) {
      const got = r.upper ? betaUpperQuantile(r.p, r.a, r.b) : betaQuantile(r.p, r.a, r.b);
      const want = Number(r.x);
      // small shapes: relative to x (the distance to 0 or to 1, whichever the quantile is near);
      // large shapes (sd below a few ulps of x): within the rounding of x, 8 ulps
      if (Math.min(r.a, r.b) >= 1e6)
        expect(Math.abs(got - want), JSON.stringify(r)).toBeLessThanOrEqual(8 * EPS * want + 1e-3 * error(want, r));
      else {
        const near1 = want > 0.5;
        const d = near1 ? 1 - got : got;
        const dw = near1 ? 1 - want : want;
        // (1 − x for a quantile near 1 is only as accurate as x's rounding, ε/2; d ln x/d ln I is
        // ~1/a near 0 (I ≈ x^a/(a·B)), so the tail's own rounding is amplified by 1/min(a, b))
        const condition = Math.max(1, 1 / Math.min(r.a, r.b));
        expect(Math.abs(d - dw), JSON.stringify(r)).toBeLessThanOrEqual(1e-13 * condition * dw + (near1 ? EPS : 0));
      }
    }
  });

  it(`${cantelli.quantiles.length} quantiles on both sides of the shortcut past the tail at ½ (scripts/fixtures/gen_beta_quantile_cantelli.py)`, () => {
    // half of them decided by Cantelli's bound, half by the tail at ½: the same accuracy either way
    for (const r of cantelli.quantiles) {
      const got = r.upper ? betaUpperQuantile(r.p, r.a, r.b) : betaQuantile(r.p, r.a, r.b);
      const want = Number(r.x);
      const near1 = want > 0.5;
      const d = near1 ? 1 - got : got;
      const dw = near1 ? 1 - want : want;
      const condition = Math.max(1, 1 / Math.min(r.a, r.b));
      expect(Math.abs(d - dw), JSON.stringify(r)).toBeLessThanOrEqual(1e-13 * condition * dw + (near1 ? EPS : 0));
    }
  });
});
