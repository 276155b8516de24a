/**
 * Quantiles of the Beta(a, b) distribution: x with I_x(a, b) = p (`betaQuantile`), and x with
 * 1 − I_x(a, b) = q (`betaUpperQuantile`, for upper tails below 1 − 2⁻⁵³).
 *
 * Method: Newton's method on the logarithm of the smaller tail as a function of u = ln x (or of
 * u = ln(1 − x) when the mass sits above ½, with a and b swapped), dT/du = ±x·f(x)/T, f the density
 * (from `logBetaFactor`: x·f(x) = x^a y^b/(B·y)), safeguarded by a bracket that every evaluation
 * narrows and by bisection whenever a step leaves it. The start is, for a, b ≥ 10, the
 * Cornish–Fisher expansion of the logit ln(x/(1 − x)) = ln G_a − ln G_b (G gamma variables, whose
 * cumulants are ψ(a) − ψ(b), ψ′(a) + ψ′(b), ψ″(a) − ψ″(b), ψ‴(a) + ψ‴(b)): its error is
 * O((a + b)^{-3/2}) of the logit's sd, so at counts of 1e9 one Newton step lands on the root;
 * otherwise the normal approximation on the logit scale, or, in a far tail, the leading power term
 * x ≈ (p·a·B(a, b))^{1/a}. The iteration stops when the step is below 1e-15 relative, or when the
 * step just taken leaves, by Newton's quadratic convergence, an error e ≈ K·step² (K = |f″/(2f′)|
 * of f = ln T(u), from the same evaluation) a hundred times below that; so the result is as
 * accurate as `incompleteBeta` allows (its relative error divided by the slope d ln T/d ln x).
 * @internal
 */
import { logBetaFactor } from "./beta-prefactor.js";
import { incompleteBeta } from "./incomplete-beta.js";
import { normalQuantile } from "./normal-quantile.js";
import { logGamma } from "./log-gamma.js";

const LN_MIN = /* @__PURE__ */ Math.log(5e-324); // ln of the smallest subnormal, −744.4
const MAX_STEPS = 400;
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

/** The logit's mean, sd, skewness and excess kurtosis for Beta(a, b), a, b ≥ 10. */
function logitCumulants(a: number, b: number): [number, number, number, number] {
  const [pa, pa1, pa2, pa3] = polygammas(a);
  const [pb, pb1, pb2, pb3] = polygammas(b);
  const k2 = pa1 + pb1;
  const mean = Math.log(a / b) + (pa - Math.log(a)) - (pb - Math.log(b));
  return [mean, Math.sqrt(k2), (pa2 - pb2) / (k2 * Math.sqrt(k2)), (pa3 + pb3) / (k2 * k2)];
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

/** The logit of the p-quantile of Beta(a, b) (a, b ≥ 10) by Cornish–Fisher, z the normal p-quantile. */
function cornishFisherLogit(z: number, a: number, b: number): number {
  if (a !== lastStart.a || b !== lastStart.b) {
    lastStart.a = a;
    lastStart.b = b;
    lastStart.cumulants = logitCumulants(a, b);
  }
  const [mean, sd, g1, g2] = lastStart.cumulants as [number, number, number, number];
  const z2 = z * z;
  const w = z + ((z2 - 1) * g1) / 6 + ((z2 - 3) * z * g2) / 24 - ((2 * z2 - 5) * z * g1 * g1) / 36;
  return mean + sd * w;
}

/**
 * u = ln x (x the variable of the lower tail of Beta(a, b)) where the tail on `side` ("lower": I_x,
 * "upper": 1 − I_x) has logarithm `lnTarget`.
 */
function solveLog(lnTarget: number, upper: boolean, a: number, b: number): number {
  let lo = LN_MIN;
  let hi = 0;
  // a quantile below the smallest subnormal is 0 (e.g. the 2.5 % point of Beta(10⁻³, 1), 10⁻¹⁶⁰²)
  // (skipped when a ≥ 1 and the target is above ln(MIN·(a + b)): then I_MIN(a, b) ≤
  // (MIN·(a + b))^a/Γ(a + 1) ≤ MIN·(a + b) is below it, and 1 − I_MIN is above every target ≤ ½)
  if (!(a >= 1 && lnTarget > LN_MIN + Math.log(a + b) + 1)) {
    const atMin = incompleteBeta(Number.MIN_VALUE, 1, a, b);
    if ((upper ? atMin[3] : atMin[2]) <= lnTarget === upper) return -Infinity;
  }
  // start: Cornish–Fisher or the normal approximation on the logit scale, or the power term in a
  // far lower tail
  const n = a + b;
  const mean = a / n;
  const sd = Math.sqrt((a * b) / (n * n * (n + 1)));
  // the tail e^{lnTarget} is ≤ ½ (quantileOf): z = ±Φ⁻¹(e^{lnTarget}), so the two ends of an
  // equal-tailed interval share one normal quantile
  const zTail = startQuantile(Math.exp(lnTarget));
  const z = upper ? -zTail : zTail;
  const logit =
    a >= 10 && b >= 10 && Number.isFinite(z)
      ? cornishFisherLogit(z, a, b)
      : Math.log(mean / (1 - mean)) + (z * sd) / (mean * (1 - mean));
  let u = -Math.log1p(Math.exp(-logit));
  if (!upper) {
    // (x^a/(a·B) drops the factor y^b ≈ e^{-bx}: a start only where b·x is small)
    const power = (lnTarget + Math.log(a) + logBetaRough(a, b)) / a;
    if (power < u && b * Math.exp(power) < 0.1) u = power;
  }
  if (!(u > LN_MIN && u < 0)) u = Math.max(LN_MIN / 2, Math.min(-1e-300, u || -1));
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
    // iteration would crawl back to the root one halving at a time)
    const tolerance = 1e-15 * Math.max(1, Math.abs(u));
    // (a tiny step with the tail still far from its target is not convergence: near x = 1, for an
    // arm whose mass sits near 0 (Beta(10⁻³, 10⁶) from a start at its far upper tail), ln T falls
    // by ~b per unit of ln(1 − x) and the Newton step in u = ln x is ~1e-17; bisect instead)
    const far = Math.abs(diff) > FAR_FROM_TARGET;
    if (Math.abs(next - u) <= tolerance && !far) return next;
    if (!(next > lo && next < hi) || !Number.isFinite(next) || (far && Math.abs(next - u) <= tolerance)) {
      next = hi - lo > 1 ? (lo + hi) / 2 : Math.log((Math.exp(lo) + Math.exp(hi)) / 2);
      if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    } else {
      // a Newton step inside the bracket leaves an error ≈ K·step², K = |f″/(2f′)|: f′ = ±x f/T
      // and f″ = f′·(d ln(x f)/du − f′) with d ln(x f)/du = a − (b − 1)·x/y, for either tail
      const curvature = Math.abs(a - ((b - 1) * x) / y - slope) / 2;
      const step = next - u;
      if (100 * curvature * step * step <= tolerance) return next;
    }
    if (Math.abs(next - u) <= tolerance || hi - lo <= tolerance) return next;
    u = next;
  }
  return u;
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
  if (a / (a + b) <= 0.5) return Math.exp(solveLog(lnTarget, upper, a, b));
  // X = 1 − Y, Y ~ Beta(b, a): the lower tail of X is the upper tail of Y
  return -Math.expm1(solveLog(lnTarget, !upper, b, a));
}
