/**
 * The representations of the incomplete beta function I_x(a, b) that `incomplete-beta.ts` chooses
 * among, each accurate (relative) where it is used. Each returns [value, ln value]; the logarithm is
 * finite where the value underflows.
 *
 * Method (DiDonato & Morris 1992, "Significant digit computation of the incomplete beta function
 * ratios", ACM TOMS 18:360–373, algorithm 708; Temme 1996, "Special functions", §11.3.3):
 * - `powerSeries` (BPSER; DLMF 8.17.7 rearranged): I_x(a, b) = x^a/(a·B(a, b))·(1 + a·Σ_{n≥1} cₙ/(a + n)),
 *   cₙ = cₙ₋₁·(1 − b/n)·x; for b ≤ 1 or b·x ≤ 0.7.
 * - `recurrenceSum` (BUP): I_x(a, b) − I_x(a + n, b) = x^a y^b/(a·B(a, b))·Σ_{i<n} dᵢ,
 *   d₀ = 1, dᵢ = dᵢ₋₁·x·(a + b + i − 1)/(a + i) (positive terms; DLMF 8.17.20).
 * - `lambdaFraction` (BFRAC): the continued fraction of DiDonato & Morris written in λ = a − (a + b)x,
 *   which keeps full accuracy for x near 1 (no 1 − x inside); for a, b > 1 and λ ≥ 0.
 * - `largeAExpansion` (BGRAT): for a ≥ 15, b ≤ 1, I_x(a, b) = M·Σ dₙ·Jₙ with the incomplete gamma
 *   Q(b, z), z = −(a + (b − 1)/2)·ln x, in J₀ (Temme's expansion in powers of 1/(a + (b − 1)/2)).
 * - `largeABExpansion` (BASYM): for a, b ≥ 100 near the mean (λ ≤ 0.03·min(a, b)), Temme's uniform
 *   expansion I_x(a, b) = ½·erfc(√f)·… + Σ corrections in powers of 1/√min(a, b), f = a·ρ(−λ/a) + b·ρ(λ/b).
 * @internal
 */
import { logBetaFactor, logPowerSeriesFactor, betaStirlingCorrection } from "./beta-prefactor.js";
import { erfcx } from "./error-function.js";
import { incompleteGamma } from "./incomplete-gamma.js";
import { log1pmx, logGamma, logGamma1p, logGammaShift } from "./log-gamma.js";

const EPS = 2.220446049250313e-16;

/** [e^{ln}, ln] */
function pair(ln: number): [number, number] {
  return [Math.exp(ln), ln];
}

/** BPSER: I_x(a, b) by the power series (b ≤ 1 or b·x ≤ 0.7; min(a, b) < 10). */
export function powerSeries(a: number, b: number, x: number): [number, number] {
  const lnFactor = logPowerSeriesFactor(a, b, x);
  let sum = 0;
  let c = 1;
  const tol = EPS / (10 * a);
  for (let n = 1; n < 10_000_000; n++) {
    c *= (1 - b / n) * x;
    const w = c / (a + n);
    sum += w;
    if (Math.abs(w) <= tol * Math.max(1, Math.abs(a * sum))) break;
  }
  return pair(lnFactor + Math.log1p(a * sum));
}

/** BUP: I_x(a, b) − I_x(a + n, b), n ≥ 1. */
export function recurrenceSum(a: number, b: number, x: number, y: number, n: number): [number, number] {
  const lnFactor = logBetaFactor(a, b, x, y) - Math.log(a);
  let d = 1;
  let w = 1;
  let lnScale = 0; // the terms can exceed the doubles (a + b = 1e13): keep them scaled
  for (let i = 1; i < n; i++) {
    d *= (x * (a + b + i - 1)) / (a + i);
    w += d;
    if (w > 1e280) {
      w *= 1e-280;
      d *= 1e-280;
      lnScale += 644.7238260383328; // ln 1e280
    }
  }
  return pair(lnFactor + lnScale + Math.log(w));
}

/** BFRAC: I_x(a, b) for a, b > 1, λ = a − (a + b)x ≥ 0 (x at or below the mean). */
export function lambdaFraction(a: number, b: number, x: number, y: number, lambda: number): [number, number] {
  const lnFactor = logBetaFactor(a, b, x, y);
  const c = lambda + 1;
  const c0 = b / a;
  const c1 = 1 / a + 1;
  const yp1 = y + 1;
  let p = 1;
  let s = a + 1;
  let an = 0;
  let bn = 1;
  let anp1 = 1;
  let bnp1 = c / c1;
  let r = c1 / c;
  for (let n = 1; n < 10_000_000; n++) {
    let t = n / a;
    const w = n * (b - n) * x;
    let e = a / s;
    const alpha = p * (p + c0) * e * e * (w * x);
    e = (t + 1) / (c1 + t + t);
    const beta = n + w / s + e * (c + n * yp1);
    p = t + 1;
    s += 2;
    t = alpha * an + beta * anp1;
    an = anp1;
    anp1 = t;
    t = alpha * bn + beta * bnp1;
    bn = bnp1;
    bnp1 = t;
    const r0 = r;
    r = anp1 / bnp1;
    if (Math.abs(r - r0) <= EPS * r) break;
    an /= bnp1;
    bn /= bnp1;
    anp1 = r;
    bnp1 = 1;
  }
  return pair(lnFactor + Math.log(r));
}

const BGRAT_TERMS = 30;

/**
 * BGRAT: I_x(a, b) for a ≥ 15, b ≤ 1 (x near 1, y = 1 − x): M·Σ dₙJₙ, M = e^{−z}z^b x^{…}/(Γ(b)·…),
 * J₀ = Q(b, z)·Γ(b)e^z z^{−b}, Jₙ by the upward recurrence, dₙ the coefficients of
 * (sinh(t/2)/(t/2))^{b−1}. `lnAdd`: the logarithm of a value already accumulated (or −∞), used for the
 * stopping rule only.
 */
export function largeAExpansion(a: number, b: number, x: number, y: number, lnAdd = -Infinity): [number, number] {
  const bm1 = b - 1;
  const nu = a + 0.5 * bm1;
  const lnx = y > 0.375 ? Math.log(x) : Math.log1p(-y);
  const z = -nu * lnx;
  // ln r = ln(e^{−z}·z^b/Γ(b))·x^{…}: r = b·z^b/Γ(b + 1)·x^a·x^{(b−1)/2} = z^b e^{−z}/Γ(b)
  const lnGammaB1 = b <= 1.5 ? logGamma1p(b) : logGamma(b + 1);
  const lnR = Math.log(b) - lnGammaB1 + b * Math.log(z) + nu * lnx;
  // u = r/(Γ(a + b)/Γ(a) · ν^{−b}) : ln Γ(a + b) − ln Γ(a) = b·ln a + shift(b, a)
  const lnU = lnR - (-(b * Math.log(a) + logGammaShift(b, a)) + b * Math.log(nu));
  // q/r = Q(b, z)/(z^b e^{−z}/Γ(b))
  const g = incompleteGamma(b, z);
  const lnQOverR = g[3] - (b * Math.log(z) - z - (lnGammaB1 - Math.log(b)));
  const l = lnAdd === -Infinity ? 0 : Math.exp(lnAdd - lnU);
  const v = 0.25 / (nu * nu);
  const t2 = 0.25 * lnx * lnx;
  let j = Math.exp(lnQOverR);
  let sum = j;
  let t = 1;
  let cn = 1;
  let n2 = 0;
  const c: number[] = [];
  const d: number[] = [];
  for (let n = 1; n <= BGRAT_TERMS; n++) {
    const bp2n = b + n2;
    j = (bp2n * (bp2n + 1) * j + (z + bp2n + 1) * t) * v;
    n2 += 2;
    t *= t2;
    cn /= n2 * (n2 + 1);
    c.push(cn);
    let s = 0;
    let coef = b - n;
    for (let i = 1; i < n; i++) {
      s += coef * c[i - 1]! * d[n - 1 - i]!;
      coef += b;
    }
    d.push(bm1 * cn + s / n);
    const dj = d[n - 1]! * j;
    sum += dj;
    if (Math.abs(dj) <= EPS * (sum + l)) break;
  }
  return pair(lnU + Math.log(sum));
}

const E0 = 1.1283791670955126; // 2/√π
const E1 = 0.3535533905932738; // 2^{−3/2}
const BASYM_TERMS = 20;
/** BASYM_TERMS + 2, as a literal (a bundler drops the unused arrays only when their length is one). */
const BASYM_LENGTH = 22;

/** Coefficient scratch of largeABExpansion (reused: no allocation per call). */
const BASYM_A0 = /* @__PURE__ */ new Float64Array(BASYM_LENGTH);
const BASYM_B0 = /* @__PURE__ */ new Float64Array(BASYM_LENGTH);
const BASYM_C = /* @__PURE__ */ new Float64Array(BASYM_LENGTH);
const BASYM_D = /* @__PURE__ */ new Float64Array(BASYM_LENGTH);

/** BASYM: I_x(a, b) for a, b ≥ 100 and 0 ≤ λ = a − (a + b)x ≤ 0.03·min(a, b). */
export function largeABExpansion(a: number, b: number, lambda: number): [number, number] {
  let h: number;
  let r0: number;
  let r1: number;
  let w0: number;
  if (a < b) {
    h = a / b;
    r0 = 1 / (1 + h);
    r1 = (b - a) / b;
    w0 = 1 / Math.sqrt(a * (1 + h));
  } else {
    h = b / a;
    r0 = 1 / (1 + h);
    r1 = (b - a) / a;
    w0 = 1 / Math.sqrt(b * (1 + h));
  }
  const f = -(a * log1pmx(-lambda / a) + b * log1pmx(lambda / b));
  const z0 = Math.sqrt(f);
  const z = (0.5 * z0) / E1;
  const z2 = f + f;
  const a0 = BASYM_A0.fill(0);
  const b0 = BASYM_B0.fill(0);
  const c = BASYM_C.fill(0);
  const d = BASYM_D.fill(0);
  a0[1] = (2 / 3) * r1;
  c[1] = -0.5 * a0[1]!;
  d[1] = -c[1]!;
  let j0 = (0.5 / E0) * erfcx(z0);
  let j1 = E1;
  let sum = j0 + d[1]! * w0 * j1;
  let s = 1;
  const h2 = h * h;
  let hn = 1;
  let w = w0;
  let znm1 = z;
  let zn = z2;
  for (let n = 2; n <= BASYM_TERMS; n += 2) {
    hn *= h2;
    a0[n] = (2 * r0 * (1 + h * hn)) / (n + 2);
    const np1 = n + 1;
    s += hn;
    a0[np1] = (2 * r1 * s) / (n + 3);
    for (let i = n; i <= np1; i++) {
      const r = -0.5 * (i + 1);
      b0[1] = r * a0[1]!;
      for (let m = 2; m <= i; m++) {
        let bsum = 0;
        for (let jj = 1; jj < m; jj++) bsum += (jj * r - (m - jj)) * a0[jj]! * b0[m - jj]!;
        b0[m] = r * a0[m]! + bsum / m;
      }
      c[i] = b0[i]! / (i + 1);
      let dsum = 0;
      for (let jj = 1; jj < i; jj++) dsum += d[i - jj]! * c[jj]!;
      d[i] = -(dsum + c[i]!);
    }
    j0 = E1 * znm1 + (n - 1) * j0;
    j1 = E1 * zn + n * j1;
    znm1 *= z2;
    zn *= z2;
    w *= w0;
    const t0 = d[n]! * w * j0;
    w *= w0;
    const t1 = d[np1]! * w * j1;
    sum += t0 + t1;
    if (Math.abs(t0) + Math.abs(t1) <= EPS * sum) break;
  }
  return pair(Math.log(E0) - f - betaStirlingCorrection(a, b) + Math.log(sum));
}
