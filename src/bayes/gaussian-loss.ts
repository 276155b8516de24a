/**
 * Expected losses and tail probabilities of a normal variable X ~ N(μ, σ²), with relative accuracy
 * at every z = μ/σ and logarithms where the values underflow. @internal
 *
 * E[max(0, −X)] = σ·G(z) and E[max(0, X)] = σ·G(−z), with G(z) = φ(z) − z·Q(z) (Q the upper
 * tail; the closed form σφ(z) − μΦ(−z) of the truncated-normal expectation).
 *
 * Method:
 * - z < 1.5: G(z) = φ(z) − z·Q(z) directly (the subtraction costs at most a factor 3.4 of an
 *   ulp there); for z ≤ −1.5, G(z) = |z| + G(|z|) (E[max(0, −X)] = |μ| + E[max(0, X)]), a sum of
 *   positive terms.
 * - z ≥ 1.5: with the Mills ratio R = Q/φ = z/(2f), f = u + ½ − T the Legendre continued fraction
 *   of erfcx (DLMF 8.9.2; u = z²/2, T = (1·½)/(u + 5/2 − (2·3/2)/(u + 9/2 − …)), the same fraction
 *   and depth as `erfcx`), 1 − zR = (1 − 2T)/(2f) exactly, so G(z) = φ(z)·(1 − 2T)/(2f) is
 *   formed without the cancellation of φ(z)(1 − zR(z)) (which loses z² ulps: 1600 at z = 40,
 *   where GrowthBook's `(1 − cdf)·E[…]` is already wrong in the 2nd digit at z = 8).
 *   T ≤ 0.12 here, so 1 − 2T loses nothing. Beyond z = 10⁸, G = φ(z)/z²·(1 − 3/z²).
 * - φ(z) is e^{−h²/4}·e^{−h²/4}·e^{−(z − h)(z + h)/2}/√(2π) with h the leading 24 bits of z (h²/4
 *   exact; Cody's device), the factors applied to σ·(…) last, so σG(z) is accurate down to the
 *   subnormals even for large σ; ln G(z) = −z²/2 − ½ln 2π + ln((1 − 2T)/(2f)) for the log forms.
 * - z = μ/σ is rounded, and G's relative sensitivity to z is z·δz (z² ulps: 1e-13 at z = 30); the
 *   rounding error δ = (μ − zσ)/σ (TwoProduct, exact) is put back as the factor e^{−zδ}.
 */
import { twoProduct } from "../ddouble.js";
import { normalDensity, normalSf } from "../distributions/normal.js";

const INV_SQRT_2PI = 0.3989422804014327;
const HALF_LN_2PI = 0.9189385332046728;
const FRACTION_FROM = 1.5;

/** (1 − 2T)/(2f) = G(z)/φ(z) for z ≥ 1.5, from Legendre's fraction (see the module comment). */
function lossRatio(z: number): number {
  if (z > 1e8) {
    const r = 1 / (z * z);
    return r * (1 - 3 * r);
  }
  const u = 0.5 * z * z;
  const depth = Math.ceil(110 / u) + 5;
  let f = u + 2 * depth + 0.5;
  for (let k = depth; k >= 2; k--) f = u + 2 * k - 1.5 - (k * (k - 0.5)) / f;
  const t = 0.5 / f;
  return (1 - 2 * t) / (2 * (u + 0.5 - t));
}

/** σ·φ(z)·ratio for z ≥ 0, the exponential applied last in three exact-argument factors. */
function scaledDensity(sigma: number, z: number, ratio: number): number {
  if (z > 60) return 0; // e^{−1800}·σ/z² < 1e-470 for every double σ
  const h = Math.fround(z);
  const e4 = Math.exp(-0.25 * h * h);
  return sigma * INV_SQRT_2PI * ratio * Math.exp(-0.5 * (z - h) * (z + h)) * e4 * e4;
}

/** ln G(z) for z ≥ 1.5. */
function logLossTail(z: number): number {
  return -0.5 * z * z - HALF_LN_2PI + Math.log(lossRatio(z));
}

/** E[max(0, −X)] for X ~ N(μ, σ²), σ > 0 (z = μ/σ), as [value, log10 value]. */
export function expectedShortfall(mu: number, sigma: number): [number, number] {
  const z = mu / sigma;
  if (z >= FRACTION_FROM) {
    const delta = roundingOf(mu, sigma, z);
    const zdelta = delta === 0 ? 0 : z * delta; // z may be Infinity (μ/σ beyond the doubles)
    const value = scaledDensity(sigma, z, lossRatio(z) * Math.exp(-zdelta));
    const log10 = value > 1e-300 ? Math.log10(value) : (Math.log(sigma) + logLossTail(z) - zdelta) / Math.LN10;
    return [value, log10];
  }
  let value: number;
  if (z > -FRACTION_FROM) value = sigma * (normalDensity(z) - z * normalSf(z));
  else {
    const delta = roundingOf(mu, sigma, z);
    value = -mu + scaledDensity(sigma, -z, delta === 0 ? lossRatio(-z) : lossRatio(-z) * Math.exp(-z * delta));
  }
  return [value, Math.log10(value)];
}

/** δ = μ/σ − z for the rounded quotient z (μ − zσ formed exactly by TwoProduct). */
function roundingOf(mu: number, sigma: number, z: number): number {
  if (!Number.isFinite(z) || Math.abs(z) > 1e150) return 0;
  const p = twoProduct(z, sigma);
  return (mu - p.hi - p.lo) / sigma;
}
