/**
 * Quantiles of Student's t distribution, for confidence intervals: levels from the subnormals to
 * 1 − 2⁻⁵³, ν from 10⁻³ (or less) to ∞, including ν ≥ 10¹⁶ and levels within 10⁻¹² of ½.
 *
 * Method: a starting value, then Halley's method in u = ln t on an accurate function, so the
 * quantile is as accurate as that function allows (its error divided by the slope below):
 * - tails (upper-tail level r, P(T > t) = r): H(u) = ln P(T > e^u) − ln r, with H' = −κ,
 *   κ = t·f(t)/P(T > t), and H'' = −κ·(1 − (ν + 1)t²/(ν + t²) + κ). H is concave, so the iteration
 *   cannot run away. Start: the Cornish–Fisher expansion about the normal quantile z (A&S 26.7.5,
 *   to ν⁻⁴) when z² < ν/2; otherwise the power-law tail P ≈ ν^{ν/2−1}t^{−ν}/B(ν/2, ½), i.e.
 *   ln t = ½ ln ν − (ln r + ln(ν·B(ν/2, ½)))/ν; between the two, whichever H is smaller.
 * - centre (level L = P(|T| < t) below P(|T| < 1)): G(u) = ln P(|T| < e^u) − ln L on the positive
 *   central series (`tCentral`), with G' = μ = 2t·f(t)/P(|T| < t) and
 *   G'' = μ·(1 − (ν + 1)t²/(ν + t²) − μ), started at L/(2f(0)) (G is concave with slope → 1 at 0).
 *   So a level of 10⁻¹², or p within 10⁻¹² of ½, keeps its full relative accuracy.
 * - ν ≥ 10¹⁰ in the tails: the Cornish–Fisher expansion alone (the omitted ν⁻⁵ term is below
 *   10⁻⁴⁰ there); ν = ∞: `normal-quantile.ts`.
 * - A central level below ½ whose quantile is ≥ 1 becomes the tail level (1 − L)/2, carried as a
 *   double-double so its rounding is not lost; for ν ≤ 0.1, where such levels reach t ≈ 10³⁰⁰, the
 *   central iteration serves every t (`t-central-small-df.ts` gives P(|T| < t) for t ≥ 1).
 * - The tail residual is ln(P/r) of the ratio while both are normal doubles, so that levels near
 *   10⁻³⁰⁰ do not inherit ulp(ln r) ≈ 10⁻¹³.
 * @internal
 */
import { logGammaRatioHalfScaled } from "./gamma-ratio.js";
import { normalCentralQuantile, normalUpperQuantile } from "./normal-quantile.js";
import { SMALL_DF } from "./t-central-small-df.js";
import { tCentral, tDensity, tLogSf, tSf } from "./t-distribution.js";
import { tUpperTail } from "./t-tail.js";

/** From here on the quantile is the Cornish–Fisher expansion about the normal one. */
const LARGE_DF = 1e10;
const HALLEY_DONE = 9.094947017729282e-13; // 2^-40: a step this small leaves an error below its cube
const MAX_STEPS = 100;
const LN_SQRT_2PI = 0.9189385332046728; // ½·ln 2π
const LOG_MAX = /* @__PURE__ */ Math.log(1.7976931348623157e308); // ln of the largest double
const HALF_LN_PI = 0.5723649429247001;
const SMALLEST_NORMAL = 2.2250738585072014e-308;

/** Cornish–Fisher expansion of the t quantile about the normal quantile z (A&S 26.7.5, four terms). */
function cornishFisher(z: number, df: number): number {
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df;
}

/** ln f(t) for finite ν without overflow (t up to 1.8e308). */
function logDensity(t: number, df: number): number {
  const w = (t * t) / df;
  const log1pW = Number.isFinite(w) ? Math.log1p(w) : 2 * Math.log(t) - Math.log(df) + Math.log1p(df / (t * t));
  return logGammaRatioHalfScaled(df / 2) - LN_SQRT_2PI - ((df + 1) / 2) * log1pW;
}

/** −(ν + 1)t²/(ν + t²) + 1 = 1 + t·f′(t)/f(t). */
function oneplusLogSlope(t: number, df: number): number {
  const t2 = t * t;
  return 1 - (Number.isFinite(t2) ? ((df + 1) * t2) / (df + t2) : df + 1);
}

/**
 * H(u) = ln(P(T > t)/r) at t = e^u, and κ = t·f(t)/P(T > t). The level is r = rHi + rLo (a
 * double-double). While P and r are normal doubles H is ln of their ratio, exact to the accuracy of
 * P; a difference of two logarithms near −700 would carry ulp(700) ≈ 10⁻¹³ of absolute error.
 */
function tailResidual(t: number, df: number, rHi: number, rLo: number): [number, number] {
  const sf = t < 1 ? tSf(t, df) : tUpperTail(t, df);
  let h: number;
  let logSf: number;
  if (sf >= SMALLEST_NORMAL && rHi >= SMALLEST_NORMAL) {
    h = Math.log(sf / rHi) - rLo / rHi;
    logSf = Math.log(sf);
  } else {
    logSf = tLogSf(t, df);
    h = logSf - Math.log(rHi) - rLo / rHi;
  }
  return [h, Math.exp(Math.log(t) + logDensity(t, df) - logSf)];
}

/** The starting value for the upper tail at level r (ln r = logR) and finite ν < LARGE_DF. */
function tailStart(r: number, rLo: number, df: number): number {
  const logR = Math.log(r);
  const z = normalUpperQuantile(Math.min(r, 0.5));
  const normalLike = cornishFisher(z, df);
  // ln(ν·B(ν/2, ½)) = ln ν + ½ ln π − ½ ln(ν/2) − ln S(ν/2)
  const logNuB = 0.5 * Math.log(2 * df) + HALF_LN_PI - logGammaRatioHalfScaled(df / 2);
  const powerLaw = Math.exp(Math.min(LOG_MAX, 0.5 * Math.log(df) - (logR + logNuB) / df));
  if (z * z < df / 2) return normalLike;
  if (z * z > 4 * df || !(normalLike > 0)) return powerLaw;
  const [hNormal] = tailResidual(normalLike, df, r, rLo);
  const [hPower] = tailResidual(powerLaw, df, r, rLo);
  return Math.abs(hNormal) < Math.abs(hPower) ? normalLike : powerLaw;
}

/** t > 0 with P(T > t) = r + rLo for finite ν, 0 < r < ½ (rLo: the low part of a double-double). */
function tailHalley(r: number, rLo: number, df: number): number {
  // Beyond the doubles? Only for ν < 1 or r below the Cauchy tail at 1.8e308 (≈ 1.8e-309).
  if ((df < 1 || r < 1e-300) && tLogSf(Number.MAX_VALUE, df) > Math.log(r) + rLo / r) return Infinity;
  let t = tailStart(r, rLo, df);
  for (let i = 0; i < MAX_STEPS; i++) {
    const [h, kappa] = tailResidual(t, df, r, rLo);
    const newton = h / kappa;
    const denominator = 1 + (h * (oneplusLogSlope(t, df) + kappa)) / (2 * kappa);
    const step = denominator > 0.5 ? newton / denominator : newton;
    t = Math.min(Number.MAX_VALUE, t * Math.exp(step));
    if (Math.abs(step) <= HALLEY_DONE) break;
  }
  return t;
}

/** t > 0 with P(|T| < t) = level < P(|T| < 1), for finite ν (Halley on ln of the central series). */
function centralHalley(level: number, df: number): number {
  let t = level / (2 * tDensity(0, df));
  for (let i = 0; i < MAX_STEPS; i++) {
    const c = tCentral(t, df);
    const mu = Math.exp(Math.LN2 + Math.log(t) + logDensity(t, df) - Math.log(c));
    const g = Math.log(c / level); // the ratio: ln c − ln level would carry ulp(ln level)
    const newton = -g / mu;
    const denominator = 1 - (g * (oneplusLogSlope(t, df) - mu)) / (2 * mu);
    const step = denominator > 0.5 ? newton / denominator : newton;
    t = Math.min(Number.MAX_VALUE, t * Math.exp(step));
    if (Math.abs(step) <= HALLEY_DONE) break;
  }
  return t;
}

/** The upper-tail quantile: t ≥ 0 with P(T > t) = r, 0 < r ≤ ¼ (or any r < ½ whose t ≥ 1). */
function upperQuantile(r: number, df: number, rLo = 0): number {
  if (df === Infinity) return normalUpperQuantile(r);
  if (df >= LARGE_DF) return cornishFisher(normalUpperQuantile(r), df);
  return tailHalley(r, rLo, df);
}

/** t with P(|T| < t) = level, 0 < level < ½. */
function centralQuantile(level: number, df: number): number {
  if (df === Infinity) return normalCentralQuantile(level);
  if (df <= SMALL_DF) return tCentral(Number.MAX_VALUE, df) < level ? Infinity : centralHalley(level, df);
  if (df >= LARGE_DF || level < tCentral(1, df)) return centralHalley(level, df);
  // (1 − level)/2 as hi + lo exactly (TwoSum), so the rounding of 1 − level is kept
  const s = 1 - level;
  const e = 1 - s - level;
  return upperQuantile(s / 2, df, e / 2);
}

/**
 * The t ≥ 0 with P(|T| ≤ t) = level: the multiplier of the standard error in a two-sided
 * confidence interval at confidence `level` (0.95 → 1.96 for ν = ∞).
 */
export function tCentralQuantile(level: number, df: number): number {
  if (Number.isNaN(level) || !(df > 0) || level < 0 || level > 1) return Number.NaN;
  if (level === 0) return 0;
  if (level === 1) return Infinity;
  // 1 − level is exact for level ≥ ½ (Sterbenz), and halving is exact.
  if (level >= 0.5) return upperQuantile((1 - level) / 2, df);
  return centralQuantile(level, df);
}

/** The lower-tail quantile: the t with P(T ≤ t) = p. */
export function tQuantile(p: number, df: number): number {
  if (Number.isNaN(p) || !(df > 0) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const delta = p - 0.5; // exact for p ≥ ¼ (Sterbenz)
  if (delta === 0) return 0;
  if (Math.abs(delta) < 0.25) {
    const q = tCentralQuantile(2 * Math.abs(delta), df);
    return delta < 0 ? -q : q;
  }
  return p < 0.5 ? -upperQuantile(p, df) : upperQuantile(1 - p, df);
}
