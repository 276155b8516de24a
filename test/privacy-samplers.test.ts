/**
 * The exact samplers against their exact distributions: χ² goodness of fit of 10⁶ seeded draws
 * per scale (must pass), the same draws against the pmf of a scale 5 % larger (must fail: the
 * test has the power to see a wrong scale), and the Number paths against the BigInt paths on the
 * same random words (they must agree draw for draw).
 */
import { describe, expect, it } from "vitest";
import { bernoulli, bernoulliExp, bernoulliExpBig } from "../src/privacy/bernoulli-exp.js";
import {
  discreteGaussianDraw,
  discreteGaussianPmf,
  gaussianLaplaceScale,
  integerSqrt,
} from "../src/privacy/discrete-gaussian.js";
import { discreteLaplaceDraw, discreteLaplacePmf } from "../src/privacy/discrete-laplace.js";
import { WordStream } from "../src/privacy/random-source.js";
import { uniformBelow, uniformBelowBig } from "../src/privacy/uniform.js";
import { SeededRandom } from "./support/seeded-random.js";

const DRAWS = 1_000_000;
const MIN_EXPECTED = 200;

/**
 * Pearson's χ² of observed counts (values −m…m, index x + m) against a pmf on the same range,
 * with bins merged from the tails inwards until each expects ≥ 200 (coarse bins keep the power at large scales); returns the Wilson–Hilferty
 * z score of the statistic (≈ N(0, 1) under the null; > 3.72 has probability 1e-4).
 */
function chiSquareZ(counts: Float64Array, pmf: (x: number) => number, m: number, n: number): number {
  const expected: number[] = [];
  const observed: number[] = [];
  let e = 0;
  let o = 0;
  let outside = 1;
  for (let i = 0; i < counts.length; i++) outside -= pmf(i - m);
  // Everything beyond ±m is pooled with the outermost bins (half each side: the pmfs are symmetric).
  e = (outside / 2) * n;
  const suffix = new Float64Array(counts.length + 1); // expected counts from i on, with the upper tail
  suffix[counts.length] = (outside / 2) * n;
  for (let i = counts.length - 1; i >= 0; i--) suffix[i] = suffix[i + 1]! + pmf(i - m) * n;
  for (let i = 0; i < counts.length; i++) {
    e += pmf(i - m) * n;
    o += counts[i]!;
    if (e >= MIN_EXPECTED && suffix[i + 1]! >= MIN_EXPECTED) {
      expected.push(e);
      observed.push(o);
      e = 0;
      o = 0;
    }
  }
  expected[expected.length - 1]! += e;
  observed[observed.length - 1]! += o;
  let chi2 = 0;
  for (let i = 0; i < expected.length; i++) chi2 += (observed[i]! - expected[i]!) ** 2 / expected[i]!;
  const k = expected.length - 1;
  return ((chi2 / k) ** (1 / 3) - (1 - 2 / (9 * k))) / Math.sqrt(2 / (9 * k));
}

function histogram(draw: () => number, m: number): Float64Array {
  const counts = new Float64Array(2 * m + 1);
  for (let i = 0; i < DRAWS; i++) {
    const y = draw();
    counts[Math.max(0, Math.min(2 * m, y + m))]!++;
  }
  return counts;
}

function gaussianPmfFn(sigma2: number): (x: number) => number {
  const m = Math.ceil(40 * Math.sqrt(sigma2)) + 10;
  const p = discreteGaussianPmf(sigma2, m);
  return (x) => (Math.abs(x) > m ? 0 : p[x + m]!);
}

describe("discrete Gaussian", () => {
  it.each([1, 7, 100, 2000, 1_500_000])("σ² = %d: 10⁶ draws fit the exact pmf, not that of σ·1.05", (sigma2) => {
    const words = new WordStream(new SeededRandom(sigma2));
    const t = gaussianLaplaceScale(sigma2);
    const sigma = Math.sqrt(sigma2);
    const m = Math.ceil(6 * sigma); // beyond 6σ: pooled into the outer bins
    const counts = histogram(() => discreteGaussianDraw(words, sigma2, t), m);
    expect(chiSquareZ(counts, gaussianPmfFn(sigma2), m, DRAWS)).toBeLessThan(3.72);
    expect(chiSquareZ(counts, gaussianPmfFn(sigma2 * 1.05 ** 2), m, DRAWS)).toBeGreaterThan(10);
  });
});

describe("discrete Laplace", () => {
  it.each([1, 3, 50, 4000])("scale %d: 10⁶ draws fit the exact pmf, not that of scale·1.05", (t) => {
    const words = new WordStream(new SeededRandom(1000 + t));
    const m = Math.ceil(12 * t);
    const counts = histogram(() => discreteLaplaceDraw(words, t), m);
    expect(chiSquareZ(counts, (x) => discreteLaplacePmf(x, t), m, DRAWS)).toBeLessThan(3.72);
    expect(chiSquareZ(counts, (x) => discreteLaplacePmf(x, t * 1.05), m, DRAWS)).toBeGreaterThan(10);
  });
});

describe("exact building blocks", () => {
  it("Bernoulli(exp(−γ)) has the right frequency for γ below and above 1 (binomial z < 4)", () => {
    const words = new WordStream(new SeededRandom(7));
    for (const [num, den] of [
      [1, 3],
      [1, 1],
      [7, 2],
      [0, 5],
      [123456789, 98765432],
    ] as const) {
      const n = 200_000;
      let hits = 0;
      for (let i = 0; i < n; i++) if (bernoulliExp(words, num, den)) hits++;
      const p = Math.exp(-num / den);
      const z = (hits - n * p) / Math.sqrt(n * p * (1 - p) + 1e-300);
      if (num === 0) expect(hits).toBe(n);
      else expect(Math.abs(z)).toBeLessThan(4);
    }
  });

  it("a deliberately wrong γ (× 1.05) is seen by the same frequency test", () => {
    const words = new WordStream(new SeededRandom(8));
    const n = 200_000;
    let hits = 0;
    for (let i = 0; i < n; i++) if (bernoulliExp(words, 21, 20)) hits++;
    const p = Math.exp(-1);
    expect(Math.abs((hits - n * p) / Math.sqrt(n * p * (1 - p)))).toBeGreaterThan(4);
  });

  it("the Number and BigInt paths read the same words and give the same answers", () => {
    const pick = new SeededRandom(11);
    const u = new Uint32Array(3);
    for (let trial = 0; trial < 1000; trial++) {
      pick.getRandomValues(u);
      const den = (u[0]! % 2 ** 20) + 1 + (trial % 3 === 0 ? 2 ** 40 : 0);
      const num = trial % 2 === 0 ? u[1]! % (den + 1) : (u[1]! * 37 + u[2]!) % (5 * den);
      const a = new WordStream(new SeededRandom(trial));
      const b = new WordStream(new SeededRandom(trial));
      for (let k = 0; k < 20; k++) {
        expect(bernoulliExp(a, num, den)).toBe(bernoulliExpBig(b, BigInt(num), BigInt(den)));
      }
      expect(a.word()).toBe(b.word()); // the same number of words was read
      const n = den * 1000 + 1;
      expect(BigInt(uniformBelow(a, n))).toBe(uniformBelowBig(b, BigInt(n)));
    }
  });

  it("uniform integers are uniform (χ² over 1000 cells) and Bernoulli(1/2) is fair", () => {
    const words = new WordStream(new SeededRandom(3));
    for (const n of [1000, 1000 * 2 ** 30 + 999]) {
      const counts = new Float64Array(1000);
      for (let i = 0; i < DRAWS / 2; i++) counts[uniformBelow(words, n) % 1000]!++;
      const pmf = (): number => 1 / 1000;
      expect(chiSquareZ(counts, pmf, 0, DRAWS / 2)).toBeLessThan(3.72);
    }
    let heads = 0;
    for (let i = 0; i < 100_000; i++) if (bernoulli(words, 1, 2)) heads++;
    expect(Math.abs(heads - 50_000) / Math.sqrt(25_000)).toBeLessThan(4);
  });

  it("integerSqrt is exact up to 2^53", () => {
    for (const n of [0, 1, 2, 3, 4, 15, 16, 17, 2 ** 52 - 1, 2 ** 52, 2 ** 53 - 1, 94906265 ** 2, 94906265 ** 2 - 1]) {
      const s = integerSqrt(n);
      expect(BigInt(s) ** 2n <= BigInt(n)).toBe(true);
      expect(BigInt(s + 1) ** 2n > BigInt(n)).toBe(true);
    }
  });
});
