/**
 * Quantiles of the Beta(a, b) distribution: x with I_x(a, b) = p (`betaQuantile`), and x with
 * 1 − I_x(a, b) = q (`betaUpperQuantile`, for upper tails below 1 − 2⁻⁵³).
 *
 * Method: Newton's method on the logarithm of the smaller tail as a function of u = ln x, x the
 * smaller of the quantile and 1 − the quantile (a root above ½ is found as 1 − the root of the
 * mirrored Beta(b, a) problem, decided by the tail at ½, or without it by Cantelli's inequality when the
 * mass lies far below ½), dT/du = ±x·f(x)/T, f the density (from
 * `logBetaFactor`: x·f(x) = x^a y^b/(B·y)), safeguarded by a bracket that every evaluation narrows
 * and by bisection whenever a step leaves it, or ln T is so large (past 2⁴⁰) that the slope, a
 * difference of two such numbers, is rounding. The start is, for a, b ≥ 10, the Cornish–Fisher
 * expansion of the logit ln(x/(1 − x)) = ln G_a − ln G_b (G gamma variables, whose cumulants are
 * ψ(a) − ψ(b), ψ′(a) + ψ′(b), ψ″(a) − ψ″(b), ψ‴(a) + ψ‴(b)): its error is O(min(a, b)^{-3/2}) of
 * the logit's sd, so for min(a, b) ≥ 10¹² it is the quantile itself (no iteration; no evaluation
 * of I_x, whose λ = a − (a + b)x is then resolved only to ulp(x)·(a + b)); otherwise the normal
 * approximation on the logit scale, or, in a far tail, the leading power term
 * x ≈ (p·a·B(a, b))^{1/a}. One parameter more than 2⁸⁰ times the other (and than 1) is replaced by
 * 2⁸⁰ times the other, the quantile rescaled (the small side tends to a gamma variable over the
 * large parameter): so a + b never overflows. The iteration stops when the step is below 1e-15
 * relative (a few ulps of x), or when the step just taken leaves, by Newton's quadratic
 * convergence, an error e ≈ K·step² (K = |f″/(2f′)| of f = ln T(u), from the same evaluation, once
 * ln T is within 10⁻⁴ of its target) a hundred times below that; or, a residual ln T − target that
 * the rounding of u explains (below 16ε·|u|·slope) being convergence, after at most 400 steps with
 * E_NO_CONVERGENCE.
 * @internal
 */
import { BatchStatsError } from "../errors.js";
import { logBetaFactor } from "./beta-prefactor.js";
import { incompleteBeta } from "./incomplete-beta.js";
import { normalQuantile } from "./normal-quantile.js";
import { logGamma } from "./log-gamma.js";

const LN_MIN = /* @__PURE__ */ Math.log(5e-324); // ln of the smallest subnormal, −744.4
const LN_HALF = -0.6931471805599453; // ln ½
const EPS = 2.220446049250313e-16;
const MAX_STEPS = 400;
/** |ln T| above which ln(x·f/T), a difference of two such numbers, is too rounded for a Newton step. */
const LN_TAIL_TRUSTED = 1099511627776; // 2^40
/** min(a, b) from which the Cornish–Fisher logit is the quantile to double precision. */
const DIRECT_CORNISH_FISHER = 1e12;
/** max/min(a, b) from which the small side is rescaled (rescaledQuantile). */
const RATIO_LIMIT = 1.2089258196146292e24; // 2^80
/** |ln T − ln target| above which a tiny Newton step is not taken for convergence. */
const FAR_FROM_TARGET = 1e-6;

/** ln B(a, b) for the starting value only (needs no great accuracy). */
function logBetaRough(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** ψ(z), ψ′(z), ψ″(z), ψ‴(z) for z ≥ 10 to ~1e-12 relative (enough for a start): the asymptotic series. */
function polygammas(z: number): [number, number, number, number] {
  const r = 1 / z;
  const r2 = r * r;
  const psi = Math.log(z) - r / 2 - r2 * (1 / 12 - r2 * (1 / 120 - r2 * (1 / 252 - r2 / 240)));
  const psi1 = r + r2 / 2 + r * r2 * (1 / 6 - r2 * (1 / 30 - r2 * (1 / 42 - r2 / 30)));
  const psi2 = -r2 - r * r2 - r2 * r2 * (1 / 2 - r2 * (1 / 6 - r2 * (1 / 6 - (r2 * 3) / 10)));
  const psi3 = 2 * r * r2 + 3 * r2 * r2 + r * r2 * r2 * (2 - r2 * (1 - r2 * (4 / 3 - r2 * 3)));
  return [psi, psi1, psi2, psi3];
}

/** The logit's mean less ln(a/b), sd, skewness and excess kurtosis for Beta(a, b), a, b ≥ 10. */
function logitCumulants(a: number, b: number): [number, number, number, number] {
  const [pa, pa1, pa2, pa3] = polygammas(a);
  const [pb, pb1, pb2, pb3] = polygammas(b);
  const k2 = pa1 + pb1;
  // the mean less ln(a/b), kept apart so that a far-from-½ mean's large logarithm is not rounded in
  const meanShift = pa - Math.log(a) - (pb - Math.log(b));
  // (past min(a, b) = 10¹⁰⁰ the skewness and kurtosis, O(min^{-1/2}) and O(1/min), are 0 to double
  // precision, and their ratios of underflowed powers would be 0/0)
  if (Math.min(a, b) > 1e100) return [meanShift, Math.sqrt(k2), 0, 0];
  return [meanShift, Math.sqrt(k2), (pa2 - pb2) / (k2 * Math.sqrt(k2)), (pa3 + pb3) / (k2 * k2)];
}

/** The last (a, b) and p given to the start, and what they gave: an interval asks for both ends of one Beta. */
const lastStart = { a: NaN, b: NaN, cumulants: [0, 0, 0, 0], p: NaN, z: 0 };

/** The normal p-quantile for a start (the last one kept). */
function startQuantile(p: number): number {
  if (p !== lastStart.p) {
    lastStart.p = p;
    lastStart.z = normalQuantile(p);
  }
  return lastStart.z;
}

/** The logit less ln(a/b) of the p-quantile of Beta(a, b) (a, b ≥ 10) by Cornish–Fisher, z the normal p-quantile. */
function cornishFisherShift(z: number, a: number, b: number): number {
  if (a !== lastStart.a || b !== lastStart.b) {
    lastStart.a = a;
    lastStart.b = b;
    lastStart.cumulants = logitCumulants(a, b);
  }
  const [shift, sd, g1, g2] = lastStart.cumulants as [number, number, number, number];
  const z2 = z * z;
  const w = z + ((z2 - 1) * g1) / 6 + ((z2 - 3) * z * g2) / 24 - ((2 * z2 - 5) * z * g1 * g1) / 36;
  return shift + sd * w;
}

/**
 * u = ln x (x the variable of the lower tail of Beta(a, b)) where the tail on `upper` ("lower": I_x,
 * "upper": 1 − I_x) has logarithm `lnTarget`. A root above ½ is found as 1 − (the root of the
 * mirrored problem, Beta(b, a) with the other tail, below ½) and returned as ln(1 − y): so the
 * iteration always runs in the logarithm of the smaller of x, 1 − x, and a quantile within 10⁻¹⁷ of
 * 1 keeps its distance to 1 to full relative accuracy. Where Cantelli's inequality already places
 * the root below ½ (`rootBelowHalf`: a mean many sds below ½, as for conversion rates at large
 * counts) the tail at ½ is not evaluated: the same branch, one incomplete beta function fewer.
 */
function solveLog(lnTarget: number, upper: boolean, a: number, b: number): number {
  if (rootBelowHalf(lnTarget, upper, a, b)) return solveBelowHalf(lnTarget, upper, a, b);
  const atHalf = incompleteBeta(0.5, 0.5, a, b);
  const lnHalf = upper ? atHalf[3] : atHalf[2];
  if (lnTarget === lnHalf) return LN_HALF;
  // the lower tail increases with x, the upper decreases: is the root above ½?
  if (lnTarget > lnHalf !== upper) return Math.log1p(-Math.exp(solveBelowHalf(lnTarget, !upper, b, a)));
  return solveBelowHalf(lnTarget, upper, a, b);
}

/**
 * Whether the root lies below ½ by Cantelli's inequality alone, without the tail at ½: for a ≤ b
 * (the callers' side, mean μ ≤ ½) and s = ½ − μ, P(X ≥ ½) ≤ σ²/(σ² + s²) = 1/(1 + r) with
 * r = s²/σ² = (b − a)²(a + b + 1)/(4ab). The upper tail at ½ is then below a target q (the root
 * lies left of ½) once that bound is below q/2, and the lower tail at ½ is above ¾ > p for every
 * target p ≤ ½ once it is below ¼ (the factors of 2 cover rounding in the bound and in ln T at ½,
 * so the branch taken is the one the tail at ½ would give). False when unsure (also for NaN).
 */
function rootBelowHalf(lnTarget: number, upper: boolean, a: number, b: number): boolean {
  if (!(lnTarget <= LN_HALF) || !(a <= b)) return false;
  const t = (b - a) / (2 * Math.sqrt(a) * Math.sqrt(b));
  const bound = 1 / (1 + t * t * (a + b + 1));
  return upper ? bound < Math.exp(lnTarget) / 2 : bound < 0.25;
}

/** solveLog for a root known to lie in (0, ½]. */
function solveBelowHalf(lnTarget: number, upper: boolean, a: number, b: number): number {
  let lo = LN_MIN;
  let hi = LN_HALF;
  // a quantile below the smallest subnormal is 0 (e.g. the 2.5 % point of Beta(10⁻³, 1), 10⁻¹⁶⁰²)
  // (skipped when a ≥ 1 and the target is above ln(MIN·(a + b)): then I_MIN(a, b) ≤
  // (MIN·(a + b))^a/Γ(a + 1) ≤ MIN·(a + b) is below it, and 1 − I_MIN is above every target ≤ ½)
  if (!(a >= 1 && lnTarget > LN_MIN + Math.log(a + b) + 1)) {
    const atMin = incompleteBeta(Number.MIN_VALUE, 1, a, b);
    if ((upper ? atMin[3] : atMin[2]) <= lnTarget === upper) return -Infinity;
  }
  // start: Cornish–Fisher or the normal approximation on the logit scale, or the power term in a
  // far lower tail (mean and sd without the products a·b, (a + b)², which overflow past 1e154)
  const mean = 1 / (1 + b / a);
  const sd = (Math.sqrt(mean) * Math.sqrt(1 / (1 + a / b))) / Math.sqrt(a + b + 1);
  // the tail e^{lnTarget} is ≤ ½ (quantileOf): z = ±Φ⁻¹(e^{lnTarget}), so the two ends of an
  // equal-tailed interval share one normal quantile
  const zTail = startQuantile(Math.exp(lnTarget));
  const z = upper ? -zTail : zTail;
  const logit =
    a >= 10 && b >= 10 && Number.isFinite(z)
      ? Math.log(a / b) + cornishFisherShift(z, a, b)
      : Math.log(mean / (1 - mean)) + (z * sd) / (mean * (1 - mean));
  let u = -Math.log1p(Math.exp(-logit));
  if (!upper) {
    // (x^a/(a·B) drops the factor y^b ≈ e^{-bx}: a start only where b·x is small)
    const power = (lnTarget + Math.log(a) + logBetaRough(a, b)) / a;
    if (power < u && b * Math.exp(power) < 0.1) u = power;
  }
  if (!(u > LN_MIN && u <= hi)) u = Math.max(LN_MIN / 2, Math.min(hi, u || -1));
  for (let step = 0; step < MAX_STEPS; step++) {
    const x = Math.exp(u);
    const y = -Math.expm1(u);
    if (x === 0) return u;
    const tails = incompleteBeta(x, y, a, b);
    const lnT = upper ? tails[3] : tails[2];
    const diff = lnT - lnTarget;
    if (diff === 0) return u;
    // the lower tail increases with u, the upper decreases
    if (diff > 0 !== upper) hi = u;
    else lo = u;
    const lnSlope = logBetaFactor(a, b, x, y) - Math.log(y) - lnT; // ln(x f/T)
    const slope = (upper ? -1 : 1) * Math.exp(lnSlope);
    let next = u - diff / slope;
    // converged: a step this small is taken before the bracket test (the step that lands on the
    // bracket's end just moved there would otherwise be replaced by a bisection, and the
    // iteration would crawl back to the root one halving at a time); u = ln x with x ≤ ½ is
    // resolved to ~ε·max(1, |u|), so this tolerance is a few units in the last place of x
    const tolerance = 1e-15 * Math.max(1, Math.abs(u));
    // (a tiny step with the tail still far from its target, beyond what a rounding of u can move
    // it (slope·ε·|u|), is not convergence: a start in a far tail, where ln T is steep; bisect)
    const far =
      Math.abs(diff) > FAR_FROM_TARGET && Math.abs(diff) > 16 * EPS * Math.max(1, Math.abs(u)) * Math.abs(slope);
    if (Math.abs(next - u) <= tolerance && !far) return next;
    // (past |ln T| = 2⁴⁰ the slope is the rounding of a difference of two such numbers: bisect)
    const untrusted = Math.abs(lnT) > LN_TAIL_TRUSTED;
    if (untrusted || !(next > lo && next < hi) || !Number.isFinite(next) || (far && Math.abs(next - u) <= tolerance)) {
      next = hi - lo > 1 ? (lo + hi) / 2 : Math.log((Math.exp(lo) + Math.exp(hi)) / 2);
      if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    } else {
      // a Newton step inside the bracket leaves an error ≈ K·step², K = |f″/(2f′)|: f′ = ±x f/T
      // and f″ = f′·(d ln(x f)/du − f′) with d ln(x f)/du = a − (b − 1)·x/y, for either tail
      // (K is taken at u: trusted only once ln T is within 10⁻⁴ of its target, so that f″ does not
      // change much over the step; from a far start on a nearly linear ln T, Beta(1, 0.007) at
      // 5·10⁻⁷, K at u is ~0 and the step's error is not)
      const curvature = Math.abs(a - ((b - 1) * x) / y - slope) / 2;
      const step = next - u;
      if (Math.abs(diff) <= 1e-4 && 100 * curvature * step * step <= tolerance) return next;
    }
    if (Math.abs(next - u) <= tolerance || hi - lo <= tolerance) return next;
    u = next;
  }
  throw new BatchStatsError(
    "E_NO_CONVERGENCE",
    `the Beta(${a}, ${b}) quantile with ln tail ${lnTarget} did not converge in ${MAX_STEPS} steps`,
    { field: "alpha" },
  );
}

function badArguments(p: number, a: number, b: number): boolean {
  return !(p >= 0 && p <= 1) || !(a > 0) || !(b > 0) || !Number.isFinite(a) || !Number.isFinite(b);
}

/** x with P(X ≤ x) = p for X ~ Beta(a, b) (p ∈ [0, 1]; NaN otherwise). */
export function betaQuantile(p: number, a: number, b: number): number {
  if (badArguments(p, a, b)) return Number.NaN;
  if (p === 0) return 0;
  if (p === 1) return 1;
  return quantileOf(p <= 0.5 ? Math.log(p) : Math.log1p(-p), p > 0.5, a, b);
}

/** x with P(X > x) = q for X ~ Beta(a, b): betaQuantile(1 − q) without rounding 1 − q. */
export function betaUpperQuantile(q: number, a: number, b: number): number {
  if (badArguments(q, a, b)) return Number.NaN;
  if (q === 0) return 1;
  if (q === 1) return 0;
  return quantileOf(q <= 0.5 ? Math.log(q) : Math.log1p(-q), q <= 0.5, a, b);
}

/** The quantile where the tail on `upper` has logarithm lnTarget; in 1 − x when the mass lies above ½. */
function quantileOf(lnTarget: number, upper: boolean, a: number, b: number): number {
  if (Math.min(a, b) >= DIRECT_CORNISH_FISHER) return cornishFisherQuantile(lnTarget, upper, a, b);
  // one parameter 2⁸⁰ times the other (and above 1): the small side is G_s/L (see rescaledQuantile)
  if (b > Math.max(a, 1) * RATIO_LIMIT) return rescaledQuantile(lnTarget, upper, a, b);
  if (a > Math.max(b, 1) * RATIO_LIMIT) return 1 - rescaledQuantile(lnTarget, !upper, b, a);
  if (a / (a + b) <= 0.5) return Math.exp(solveLog(lnTarget, upper, a, b));
  // X = 1 − Y, Y ~ Beta(b, a): the lower tail of X is the upper tail of Y
  return -Math.expm1(solveLog(lnTarget, !upper, b, a));
}

/**
 * For min(a, b) ≥ 10¹²: the Cornish–Fisher logit (four exact cumulants); the omitted terms are
 * O(min^{-3/2}) of the logit's sd ~ min^{-1/2}, times z⁴: below 2·10⁻¹⁸ relative in x for |z| ≤ 38; x = 1/(1 + (b/a)·e^{−d}) with d the logit less ln(a/b), so that no
 * large logarithm is rounded.
 */
function cornishFisherQuantile(lnTarget: number, upper: boolean, a: number, b: number): number {
  const zTail = startQuantile(Math.exp(lnTarget));
  const z = upper ? -zTail : zTail;
  const d = cornishFisherShift(z, a, b);
  return 1 / (1 + (b / a) * Math.exp(-d));
}

/**
 * The lower-side quantile for b > max(a, 1)·2⁸⁰: X·b and X′·L (X′ ~ Beta(a, L), L = max(a, 1)·2⁸⁰ ≪ b)
 * both tend to G_a ~ Gamma(a), their quantiles differing by O((a + 1)/L) < 2⁻⁸⁰ relative; so x =
 * x′·L/b, where a + b and the iteration at b (up to 1.8e308) are never needed.
 */
function rescaledQuantile(lnTarget: number, upper: boolean, a: number, b: number): number {
  const limit = Math.max(a, 1) * RATIO_LIMIT;
  return (quantileOf(lnTarget, upper, a, limit) * limit) / b;
}
