/**
 * The Beta distribution seen on the logit scale u = ln(x/(1 − x)), where its density
 * g(u) = x^α (1 − x)^β / B(α, β) is log-concave for every α, β > 0 and peaks at x_m = α/(α + β)
 * (the Beta's mean). Written relative to that peak, with d = u − u_m, D = 1 + x_m·(e^d − 1),
 * r = x/x_m − 1 = (e^d − 1)(1 − x_m)/D and s = (1 − x)/(1 − x_m) − 1 = −(e^d − 1)·x_m/D:
 *
 *   ln g(u) = ln g(u_m) + α·l(r) + β·l(s),   l(t) = ln(1 + t) − t ≤ 0,
 *   ln g(u_m) = ½·ln(αβ/(2π(α + β))) + μ(α + β) − μ(α) − μ(β),
 *
 * μ the Stirling remainder of ln Γ. The linear terms α·r + β·s cancel exactly (x_m = α/n), so
 * nothing cancels: each term is ≤ 0 and computed to a few ulps (l by its atanh series near 0),
 * also for counts of 1e12 where the density lives within 1e-6 of its peak. ln(1 + r) = d − ln D
 * and ln(1 + s) = −ln D in the tails, with D formed without cancellation.
 * @internal
 */

const LN_2PI = 1.8378770664093453;

/** ln(1 + t) − t for t > −1, to a few ulps (series in u = t/(2 + t) for |t| < ½). @internal */
export function log1pmx(t: number, log1pt: number): number {
  if (Math.abs(t) >= 0.5) return log1pt - t;
  return log1pmxSeries(t);
}

/**
 * ln(1 + t) − t for |t| < ½: ln(1 + t) = 2·atanh(u), u = t/(2 + t), t − 2u = t·u, so
 * l(t) = −t·u + 2u³(1/3 + u²/5 + u⁴/7 + …); |u| ≤ ⅓, and the series stops where its tail,
 * below z^k/(2k + 3) with z = u², is under 1e-17 of its first term: 5 terms for z < 1e-4, 9 for
 * z < 1e-2, 17 beyond.
 */
function log1pmxSeries(t: number): number {
  const u = t / (2 + t);
  const z = u * u;
  let poly: number;
  if (z < 1e-4) poly = 1 / 3 + z * (1 / 5 + z * (1 / 7 + z * (1 / 9 + z * (1 / 11))));
  else if (z < 1e-2)
    poly =
      1 / 3 +
      z * (1 / 5 + z * (1 / 7 + z * (1 / 9 + z * (1 / 11 + z * (1 / 13 + z * (1 / 15 + z * (1 / 17 + z / 19)))))));
  else {
    poly = 1 / 35;
    for (let k = 33; k >= 3; k -= 2) poly = 1 / k + z * poly;
  }
  return 2 * u * z * poly - t * u;
}

/** The Stirling remainder μ(z) = ln Γ(z) − (z − ½)·ln z + z − ½·ln 2π, z > 0. @internal */
export function stirlingRemainder(z: number): number {
  let x = z;
  let shift = 0;
  // μ(z) = μ(z + 1) + (z + ½)·ln(1 + 1/z) − 1
  while (x < 10) {
    shift += (x + 0.5) * Math.log1p(1 / x) - 1;
    x += 1;
  }
  const r = 1 / x;
  const r2 = r * r;
  const series =
    r *
    (1 / 12 +
      r2 * (-1 / 360 + r2 * (1 / 1260 + r2 * (-1 / 1680 + r2 * (1 / 1188 + r2 * (-691 / 360360 + r2 * (1 / 156)))))));
  return series + shift;
}

/** ln of the peak density ln g(u_m) on the logit scale. @internal */
export function logitBetaLogPeak(alpha: number, beta: number): number {
  const n = alpha + beta;
  return (
    0.5 * (Math.log(alpha) + Math.log(beta) - Math.log(n) - LN_2PI) +
    stirlingRemainder(n) -
    stirlingRemainder(alpha) -
    stirlingRemainder(beta)
  );
}

/**
 * ln g(u_m + d) − ln g(u_m) for the Beta(α, β) on the logit scale (≤ 0). `xm` = α/n and
 * `ym` = β/n (each rounded once). @internal
 */
export function logitBetaLogRatio(alpha: number, beta: number, xm: number, ym: number, d: number): number {
  if (d === 0) return 0;
  // e^{−|d|} − 1 once: D = y_m + x_m·e^d (d < 0) or e^d·(x_m + y_m·e^{−d}) (d > 0), both sums of
  // positive terms; r and s from it without cancellation, and ln D only where |r| or |s| ≥ ½
  // (near the peak the series needs no logarithm)
  const em = Math.expm1(-Math.abs(d));
  // e^{−|d|} from 1 + em only where no digits cancel (e ≥ ½); beyond, directly (far in a tail
  // 1 + em keeps only ε/e of e's digits: 1e-4 relative at |d| = 27.6)
  const e = Math.abs(d) < 0.5 ? 1 + em : Math.exp(-Math.abs(d));
  const den = d < 0 ? ym + xm * e : xm + ym * e;
  const r = d < 0 ? (em * ym) / den : (-em * ym) / den;
  const s = d < 0 ? (-em * xm) / den : (em * xm) / den;
  if (Math.abs(r) < 0.5 && Math.abs(s) < 0.5) return alpha * log1pmxSeries(r) + beta * log1pmxSeries(s);
  const lnD = d < 0 ? Math.log(den) : d + Math.log(den);
  return alpha * log1pmx(r, d - lnD) + beta * log1pmx(s, -lnD);
}

/** d/du ln g at offset d: α − n·x (x the point's rate). @internal */
export function logitBetaSlope(alpha: number, beta: number, xm: number, ym: number, d: number): number {
  const n = alpha + beta;
  if (d < 0) {
    const e = Math.exp(d);
    return alpha - (n * xm * e) / (ym + xm * e);
  }
  const e = Math.exp(-d);
  return alpha - (n * xm) / (xm + ym * e);
}

/** −d²/du² ln g at offset d: n·x(1 − x). @internal */
export function logitBetaCurvature(alpha: number, beta: number, xm: number, ym: number, d: number): number {
  const n = alpha + beta;
  const e = Math.exp(-Math.abs(d));
  // x(1 − x) = x_m y_m e^d/(y_m + x_m e^d)² (symmetric form for either sign of d)
  const den = d < 0 ? ym + xm * Math.exp(d) : xm + ym * e;
  return d < 0 ? (n * xm * ym * Math.exp(d)) / (den * den) : (n * xm * ym * e) / (den * den);
}

/** Degree of the Taylor polynomial of `logitBetaTaylor`. */
const TAYLOR_DEGREE = 8;
/** What the Taylor polynomial may leave out of ln g, absolute (2⁻⁵⁶). */
const TAYLOR_TOLERANCE = 1.3877787807814457e-17; // 2^-56

/**
 * The Taylor polynomial of ln g(u_m + d) − ln g(u_m) in d, for large α + β, where the density
 * lives within |d| ≪ 1 of its peak: coefficients c_2 … c_8 (index k − 2) and the reach, the
 * largest |d| where the polynomial is within 2⁻⁵⁶ of the function.
 *
 * Method: ln g = α·u − n·ln(1 + e^u) + const, so the k-th derivative is −n·σ^{(k−1)}(u) for k ≥ 2,
 * σ(u) = x the logistic function, whose derivatives are polynomials in p = x(1 − x) and
 * q = 1 − 2x (σ′ = p, p′ = p·q, q′ = −2p): σ″ = pq, σ‴ = p(q² − 2p), σ⁗ = pq³ − 8p²q,
 * σ⁽⁵⁾ = pq⁴ − 22p²q² + 16p³, σ⁽⁶⁾ = pq⁵ − 52p²q³ + 136p³q, σ⁽⁷⁾ = pq⁶ − 114p²q⁴ + 720p³q² − 272p⁴.
 * σ is analytic with |σ| ≤ 1 on the strip |Im u| ≤ π/2, so by Cauchy's estimate on the circle of
 * radius π/2, |σ^{(j)}|/j! ≤ (2/π)^j and the terms of degree k > 8 sum to at most
 * n·|d|·(2|d|/π)^8/(9·(1 − 2|d|/π)): the reach is where that is 2⁻⁵⁶ (e.g. 2.7e-3 at n = 1e9,
 * where the grid's nodes lie within 1.4e-3 of the peak). @internal
 */
export function logitBetaTaylor(
  alpha: number,
  beta: number,
  xm: number,
  ym: number,
): { coefficients: Float64Array; reach: number } {
  const n = alpha + beta;
  const p = xm * ym;
  const q = ym - xm;
  const q2 = q * q;
  const p2 = p * p;
  const sigmaDerivatives = [
    p,
    p * q,
    p * (q2 - 2 * p),
    p * q * q2 - 8 * p2 * q,
    p * q2 * q2 - 22 * p2 * q2 + 16 * p2 * p,
    p * q2 * q2 * q - 52 * p2 * q2 * q + 136 * p2 * p * q,
    p * q2 * q2 * q2 - 114 * p2 * q2 * q2 + 720 * p2 * p * q2 - 272 * p2 * p2,
  ];
  const coefficients = new Float64Array(TAYLOR_DEGREE - 1);
  let factorial = 1;
  for (let k = 2; k <= TAYLOR_DEGREE; k++) {
    factorial *= k;
    coefficients[k - 2] = (-n * sigmaDerivatives[k - 2]!) / factorial;
  }
  // n·d·(2d/π)^K/(K + 1) = tolerance, then 10 % less for the factor 1/(1 − 2d/π) (d ≤ 0.1)
  const K = TAYLOR_DEGREE;
  const reach = Math.min(0.1, 0.9 * ((TAYLOR_TOLERANCE * (K + 1)) / (n * (2 / Math.PI) ** K)) ** (1 / (K + 1)));
  return { coefficients, reach };
}

/** The polynomial of `logitBetaTaylor` at d (valid for |d| ≤ its reach). @internal */
export function logitBetaTaylorRatio(c: Float64Array, d: number): number {
  return d * d * (c[0]! + d * (c[1]! + d * (c[2]! + d * (c[3]! + d * (c[4]! + d * (c[5]! + d * c[6]!))))));
}
