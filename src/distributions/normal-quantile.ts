/**
 * Quantiles of the standard normal distribution, with relative accuracy at every level from the
 * smallest subnormal to 1 − 2⁻⁵³ and near the median.
 *
 * Method: a starting value within 5·10⁻⁴, then Halley's method (cubically convergent; two or three
 * steps) on an accurate function of z, so the result is as accurate as that function:
 * - tails (upper-tail level r ≤ ¼): start s − (c₀ + c₁s + c₂s²)/(1 + d₁s + d₂s² + d₃s³), s = √(−2 ln r)
 *   (Hastings' approximation, A&S 26.2.23, |error| < 4.5·10⁻⁴); iterate on ln Q(z) = ln r, whose
 *   derivatives are −m and m(z − m) with the hazard m = φ(z)/Q(z) (no underflow down to 5·10⁻³²⁴);
 * - centre (r > ¼): the central probability P(|Z| < z) = L with L = 1 − 2r (exact), started from the
 *   inverse series z = √(2π)(δ + (2π/3)δ³ + (7π²/15)δ⁵), δ = L/2 (from erf⁻¹, A&S 7.1.6 inverted), and
 *   iterated on the positive erf series, so z keeps full relative accuracy as it tends to 0.
 * @internal
 */
import { normalCentral, normalDensity, normalLogSfAndHazard } from "./normal.js";

const SQRT_2PI = 2.5066282746310002;
const HALLEY_DONE = 9.094947017729282e-13; // 2^-40: a step this small leaves an error below its cube
const MAX_STEPS = 20;

/** z > 0 with P(|Z| < z) = level, for 0 < level < 1 (meant for level ≲ ½). */
export function normalCentralQuantile(level: number): number {
  const delta = level / 2;
  const d2 = delta * delta;
  let z = SQRT_2PI * delta * (1 + d2 * ((2 * Math.PI) / 3 + d2 * ((7 * Math.PI * Math.PI) / 15)));
  for (let i = 0; i < MAX_STEPS; i++) {
    // the relative residual: C − level itself would be subnormal at level = 1e-300
    const s = (normalCentral(z) / level - 1) * (level / (2 * normalDensity(z)));
    const step = s / (1 + (z * s) / 2);
    z -= step;
    if (Math.abs(step) <= HALLEY_DONE * z) break;
  }
  return z;
}

/** The last level asked of normalUpperQuantile and its answer: intervals ask the same level again and again. */
let lastLevel = NaN;
let lastQuantile = NaN;

/** z with Q(z) = P(Z > z) = r, for 0 < r ≤ ½ (the upper-tail quantile, ≥ 0). */
export function normalUpperQuantile(r: number): number {
  if (r !== lastLevel) {
    lastQuantile = upperQuantile(r);
    lastLevel = r;
  }
  return lastQuantile;
}

function upperQuantile(r: number): number {
  if (r === 0) return Infinity;
  if (r > 0.25) return normalCentralQuantile(1 - 2 * r); // exact: 1 − 2r by Sterbenz
  const logR = Math.log(r);
  const s = Math.sqrt(-2 * logR);
  let z = s - (2.515517 + s * (0.802853 + s * 0.010328)) / (1 + s * (1.432788 + s * (0.189269 + s * 0.001308)));
  for (let i = 0; i < MAX_STEPS; i++) {
    const [logQ, m] = normalLogSfAndHazard(z);
    const h = logQ - logR;
    const step = h / m / (1 - (h * (z - m)) / (2 * m));
    z += step;
    if (Math.abs(step) <= HALLEY_DONE * z) break;
  }
  return z;
}

/** Φ⁻¹(p): the z with P(Z ≤ z) = p, for 0 ≤ p ≤ 1 (±Infinity at 0 and 1, NaN outside). */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  return p < 0.5 ? -normalUpperQuantile(p) : normalUpperQuantile(1 - p); // 1 − p exact for p ≥ ½
}
