/**
 * Both tails of the non-central t at t > 0 (any δ) as integrals of positive functions over the normal
 * variable, so each keeps its relative accuracy however small it is and however large δ is.
 *
 * Method. T = (Z + δ)/W with Z ~ N(0, 1) and W = √(V/ν), V ~ χ²_ν independent. Conditioning on Z, with
 * u = Z + δ and x(u) = (ν/2)·(u/t)²,
 *   P(T > t) = ∫_{u > 0} φ(u − δ)·P(ν/2, x(u)) du,
 *   P(T ≤ t) = Φ(−δ) + ∫_{u > 0} φ(u − δ)·Q(ν/2, x(u)) du,
 * P, Q the regularized incomplete gamma functions (P(W < u/t) = P(ν/2, x(u))). This is the
 * representation P(T ≤ t) = E_V[Φ(t·√(V/ν) − δ)] integrated by parts, so that the χ part is a tail
 * function (computed with relative accuracy, `incompleteGamma`) and the Gaussian factor is exact.
 * The integrand is log-concave for ν ≥ 1 (φ and the χ distribution functions are), a bump of width
 * ≤ 1 in u: its logarithm g, and g′, g″ in closed form, give the mode (safeguarded Newton's method in a
 * bracket that bounds it: the χ factor's log-slope is at most ν/u), and the integral is summed in
 * logarithms relative to the mode in panels walking out from it (21-point Gauss–Kronrod, width ≤ 3
 * local standard deviations and ≤ 10 units of g at the local slope), each halved until the Kronrod and
 * Gauss values agree to 10⁻¹⁴ of the running total, until the integrand is e⁻⁸⁰ below the mode; the
 * part beyond is bounded by e^{g}/|g′| (log-concavity). The integration variable is w = u − δ (the
 * normal variable, exact near the mass) for δ ≥ 0 and w = u for δ < 0 (the mass then sits at u ≈ 0),
 * so no node is rounded at the scale of δ. Cost: 10 to 40 panels of 21 incomplete-gamma values.
 * If the panels do not settle (error estimate above 10⁻¹³ of the total) a BatchStatsError
 * E_NO_CONVERGENCE is thrown rather than a rough value returned.
 * @internal
 */
import { twoProduct } from "../ddouble.js";
import { BatchStatsError } from "../errors.js";
import { gaussKronrod21 } from "./gauss-kronrod.js";
import { incompleteGamma, logGammaFactor } from "./incomplete-gamma.js";
import { normalDensity, normalLogSf, normalLogSfAndHazard, normalSf } from "./normal.js";

const HALF_LN_2PI = 0.9189385332046728;
/** A panel is accepted when |Kronrod − Gauss| ≤ PANEL_TOLERANCE·(running total + panel). */
const PANEL_TOLERANCE = 1e-14;
/** The walk stops where the integrand is e⁻⁸⁰ (1.8·10⁻³⁵) below its mode. */
const CUTOFF = 80;
const MAX_PANELS = 200;
/** Bisections of one panel at most. */
const MAX_DEPTH = 60;
/** Bisections of all panels of one side at most (the cost bound: 21 integrand values each). */
const MAX_BISECTIONS = 300;
const EPSILON = 2.220446049250313e-16; // 2^-52
/** The result is refused (thrown) when the summed error estimates exceed this fraction of it. */
const ACCEPTED_ERROR = 1e-13;

/** A log-concave integrand on (lo, ∞): its logarithm, and with its first two derivatives. */
interface LogIntegrand {
  readonly lo: number;
  log(w: number): number;
  derivatives(w: number): [number, number, number];
  /** |d ln(integrand)/d ln(argument)| of its factors at w: the relative noise of a value in ulps */
  conditioning(w: number): number;
}

/**
 * The normal-variable form: w with u = u0 + w, e^{−(z0 + w)²/2}·F(ν/2, (ν/2)(u/t)²) with F = P for
 * P(T > t) and Q for P(T ≤ t); the constant e^{−z0²/2}/√(2π) is left out.
 */
function normalVariable(t: number, df: number, delta: number, upper: boolean): LogIntegrand {
  const a = df / 2;
  const u0 = Math.max(delta, 0);
  const z0 = u0 - delta;
  return {
    lo: -u0,
    log(w) {
      const u = u0 + w;
      const gauss = -z0 * w - 0.5 * w * w;
      if (!(u > 0)) return upper ? -Infinity : gauss;
      const r = u / t;
      const g = incompleteGamma(a, a * r * r);
      return gauss + (upper ? g[2] : g[3]);
    },
    derivatives(w) {
      const u = u0 + w;
      const zz = z0 + w;
      const r = u / t;
      const x = a * r * r;
      const gamma = incompleteGamma(a, x);
      const lnF = upper ? gamma[2] : gamma[3];
      const g = -z0 * w - 0.5 * w * w + lnF;
      // at u = 0 the factor P(ν/2, x) rises like u^ν (slope +∞), Q(ν/2, x) is flat
      if (!(x > 0)) return upper ? [g, Infinity, -Infinity] : [g, -zz, -1];
      if (!Number.isFinite(lnF) || !Number.isFinite(x)) return [g, -zz, -1];
      // x times the hazard (the χ² density in x over F): e^{ln D − ln F}·a, finite where x is tiny;
      // d ln F/du = ±hx·2/u, d² ln F/du² = (±hx·(a − 1 − x) − hx²)·4/u² ± hx·2/u²
      const hx = Math.exp(logGammaFactor(a, x) - lnF) * a;
      const sign = upper ? 1 : -1;
      const curvature = ((sign * hx * (a - 1 - x) - hx * hx) * 4 + sign * hx * 2) / (u * u);
      return [g, -zz + (sign * hx * 2) / u, -1 + curvature];
    },
    conditioning(w) {
      const u = u0 + w;
      const r = u / t;
      const x = a * r * r;
      const gamma = incompleteGamma(a, x);
      const lnF = upper ? gamma[2] : gamma[3];
      if (!(x > 0) || !Number.isFinite(lnF) || !Number.isFinite(x)) return 0;
      return Math.exp(logGammaFactor(a, x) - lnF) * a + Math.abs((z0 + w) * w);
    },
  };
}

/** m(y) = φ(y)/Q(y), the normal hazard. */
function hazard(y: number): number {
  return y >= 0 ? normalLogSfAndHazard(y)[1] : normalDensity(y) / normalSf(y);
}

/**
 * The χ-variable form for large ν: s = √ν + e, e > −√ν, f_χ(s)·Q(z) (upper) or f_χ(s)·Φ(z) with
 * z = t·s/√ν − δ = (t − δ) + t·e/√ν, and f_χ(s) = ν/s·D(ν/2, s²/2), D = x^a e^{−x}/Γ(a + 1) in
 * logarithms with x − a = ((√ν)² − ν + 2√ν·e + e²)/2 formed exactly (an ulp of s would cost √ν·s ulps
 * of the density); the constant ln ν is left out.
 */
function chiVariable(t: number, df: number, delta: number, upper: boolean): LogIntegrand {
  const a = df / 2;
  const centre = Math.sqrt(df);
  const square = twoProduct(centre, centre);
  const offset = square.hi - df + square.lo;
  const k = t / centre;
  const shift = t - delta;
  const sign = upper ? 1 : -1;
  const parts = (e: number): [number, number] => {
    const s = centre + e;
    const deviation = 0.5 * (offset + (2 * centre + e) * e);
    const y = sign * (shift + k * e);
    return [logGammaFactor(a, 0.5 * s * s, deviation) - Math.log(s), y];
  };
  return {
    lo: -centre,
    log(e) {
      if (!(centre + e > 0)) return -Infinity;
      const [chi, y] = parts(e);
      return chi + normalLogSf(y);
    },
    derivatives(e) {
      const s = centre + e;
      if (!(s > 0)) return [-Infinity, Infinity, -Infinity];
      const [chi, y] = parts(e);
      const m = hazard(y);
      // d ln Q(y)/ds = −m·(dy/ds), d² = −m(m − y)·(dy/ds)², dy/ds = sign·k
      return [chi + normalLogSf(y), (df - 1) / s - s - sign * k * m, -(df - 1) / (s * s) - 1 - k * k * m * (m - y)];
    },
    conditioning(e) {
      const s = centre + e;
      if (!(s > 0)) return 0;
      const y = sign * (shift + k * e);
      return Math.abs(df - 1 - s * s) + hazard(y) * Math.abs(k * s);
    },
  };
}

/** The mode of g in [lo, hi] (g′(lo) ≥ 0 ≥ g′(hi), or an end): safeguarded Newton's method. */
function findMode(f: LogIntegrand, lo: number, hi: number, start: number): number {
  let a = lo;
  let b = hi;
  let w = Math.min(Math.max(start, a), b);
  for (let i = 0; i < 200; i++) {
    const [, g1, g2] = f.derivatives(w);
    if (g1 === 0) return w;
    if (g1 > 0) a = w;
    else b = w;
    let next = g2 < 0 ? w - g1 / g2 : Number.NaN;
    if (!(next > a && next < b)) next = a + (b - a) / 2;
    const step = Math.abs(next - w);
    w = next;
    if (step <= 1e-13 * (1 + Math.abs(w)) || b - a <= 1e-13 * (1 + Math.abs(w))) break;
  }
  return w;
}

/**
 * ∫ f over [a, b] by the Kronrod rule, bisected where |Kronrod − Gauss| > tol(value) (an integrable
 * end singularity such as u^ν at u = 0 is met by a geometric chain of halvings).
 * @returns [value, summed |Kronrod − Gauss|]
 */
function adaptive(
  f: (x: number) => number,
  a: number,
  b: number,
  tol: (v: number) => number,
  budget: { panels: number },
  depth = 0,
): [number, number] {
  const [k, g] = gaussKronrod21(f, a, b);
  const e = Math.abs(k - g);
  if (e <= tol(k)) return [k, e];
  if (depth === MAX_DEPTH || --budget.panels <= 0) return [k, Infinity];
  const m = a + (b - a) / 2;
  const [left, eLeft] = adaptive(f, a, m, tol, budget, depth + 1);
  const [right, eRight] = adaptive(f, m, b, tol, budget, depth + 1);
  return [left + right, eLeft + eRight];
}

/** Σ ∫ e^{g − gMax} over the panels from the mode towards +∞ (dir 1) or down to lo (dir −1). */
function walk(f: LogIntegrand, mode: number, gMax: number, dir: 1 | -1, tolerance: number): [number, number] {
  const lo = f.lo;
  const integrand = (w: number) => Math.exp(f.log(w) - gMax);
  let p = mode;
  let [g, g1, g2] = f.derivatives(p);
  let total = 0;
  let error = 0;
  let width = 1;
  const tol = (v: number) => tolerance * (total + Math.abs(v));
  const budget = { panels: MAX_BISECTIONS };
  for (let panel = 0; panel < MAX_PANELS; panel++) {
    const room = dir < 0 ? p - lo : Infinity;
    if (!(room > 0)) return [total, error];
    if (g2 < 0) width = 3 / Math.sqrt(-g2);
    const h = Math.min(width, g1 !== 0 ? 10 / Math.abs(g1) : width, room);
    const [k, e] = dir > 0 ? adaptive(integrand, p, p + h, tol, budget) : adaptive(integrand, p - h, p, tol, budget);
    if (e === Infinity) return [total, e];
    total += k;
    error += e;
    p = dir > 0 ? p + h : p - h;
    if (dir < 0 && h >= room) return [total, error];
    [g, g1, g2] = f.derivatives(p);
    if (g - gMax < -CUTOFF) {
      // log-concave beyond p: the rest is at most e^{g(p)}/|g′(p)|
      const slope = Math.abs(g1);
      const rest = slope > 0 ? Math.exp(g - gMax) / slope : Infinity;
      return [total, error + (dir > 0 || rest < room ? rest : Math.exp(g - gMax) * room)];
    }
  }
  return [total, Infinity];
}

/**
 * ln ∫ e^{g} over (lo, ∞) given the mode, or NaN when the panels do not settle. The integrand's own
 * rounding is ~ε·|g| (its logarithm is a sum of terms of that size), so the tolerances are that noise
 * floor where it is above 10⁻¹⁴ (it is what the input's rounding costs anyway: the tail is e^{g}).
 */
function logIntegral(f: LogIntegrand, mode: number): number {
  const at = Math.max(mode, f.lo);
  const gMax = f.log(at);
  if (gMax === -Infinity) return -Infinity;
  const noise = 4 * EPSILON * (1 + Math.abs(gMax) + f.conditioning(at));
  const tolerance = Math.max(PANEL_TOLERANCE, noise);
  const [right, errRight] = walk(f, at, gMax, 1, tolerance);
  const [left, errLeft] = at > f.lo ? walk(f, at, gMax, -1, tolerance) : [0, 0];
  const total = right + left;
  if (!(errRight + errLeft <= Math.max(ACCEPTED_ERROR, 10 * noise) * total)) return Number.NaN;
  return gMax + Math.log(total);
}

/** ln(e^p + e^q). */
function logAdd(p: number, q: number): number {
  const hi = Math.max(p, q);
  return hi === -Infinity ? -Infinity : hi + Math.log1p(Math.exp(Math.min(p, q) - hi));
}

function notConverged(t: number, df: number, delta: number): never {
  throw new BatchStatsError(
    "E_NO_CONVERGENCE",
    `the non-central t tail at t = ${t}, df = ${df}, noncentrality ${delta} could not be computed to 1e-13 (quadrature did not settle)`,
    { field: "noncentrality" },
  );
}

/**
 * Above this many degrees of freedom (and for t ≤ 4√ν, where the normal factor is no sharper than the χ
 * density) the χ-variable form is used: the incomplete gamma would cost O(√ν) per node.
 */
const CHI_VARIABLE_DF = 200;
/** The normal-variable form is not tried above this many degrees of freedom (t > 4√ν there). */
const NORMAL_VARIABLE_MAX_DF = 1e5;

/**
 * ln P(T > t) (upper) or ln P(T ≤ t) for T ~ non-central t(df, δ), t > 0, df > 0 finite, δ finite.
 * @internal
 */
export function nctLogTailQuadrature(t: number, df: number, delta: number, upper: boolean): number {
  let result: number;
  if (df > CHI_VARIABLE_DF && t <= 4 * Math.sqrt(df)) {
    // the χ factor peaks at s = √(ν − 1) (e ≈ −1/(2√ν)); the normal tail pulls the mode below it
    // (upper) or above it (lower)
    const f = chiVariable(t, df, delta, upper);
    let mode: number;
    if (upper) mode = findMode(f, f.lo, 0, 0);
    else {
      let hi = 1;
      while (f.derivatives(hi)[1] > 0 && hi < 1e300) hi *= 2;
      mode = findMode(f, -1, hi, 0);
    }
    result = logIntegral(f, mode) + Math.log(df);
  } else {
    // the normal-variable form costs O(√ν) per node near x = ν/2: refused rather than slow
    if (df > NORMAL_VARIABLE_MAX_DF) notConverged(t, df, delta);
    const f = normalVariable(t, df, delta, upper);
    const lo = f.lo;
    // the mode: for P the χ factor's log-slope lies in [0, ν/u], so g′ ≥ 0 at w = max(lo, 0) and
    // g′ ≤ 0 at w = max(lo, 0) + √ν; for Q it is ≤ 0, so the mode lies in [lo, max(lo, 0)]
    const from = Math.max(lo, 0);
    const mode = upper
      ? findMode(f, from, from + Math.sqrt(df), from + Math.min(Math.sqrt(df), df / Math.abs(delta)) / 2)
      : from === lo
        ? lo
        : findMode(f, lo, from, -(df * delta) / (t * t + df));
    const z0 = Math.max(delta, 0) - delta;
    const scale = -0.5 * z0 * z0 - HALF_LN_2PI;
    // P(T ≤ t) = Φ(−δ) + the integral, which is at most √(2π)·(its peak) (g″ ≤ −1): below 10⁻²⁰ of
    // Φ(−δ) it is not needed
    const lnPhi = upper ? -Infinity : normalLogSf(delta);
    const peak = f.log(Math.max(mode, lo)) + scale;
    if (!upper && peak < lnPhi - 47) result = lnPhi;
    else result = logAdd(lnPhi, logIntegral(f, mode) + scale);
  }
  if (Number.isNaN(result)) notConverged(t, df, delta);
  return result;
}
