/**
 * The upper tail P(T > t) of Student's t with ν degrees of freedom for t ≥ 1 and finite ν: the
 * regularized incomplete beta ½·I_x(a, ½), x = ν/(ν + t²), a = ν/2, computed in the tail (never
 * as 1 − cdf) with relative accuracy.
 *
 * Method: two representations, each where it is accurate.
 * - Continued fraction (x ≤ 0.4 for any ν; every x for ν < 16): I_x(a, b) = x^a(1 − x)^b/(a·B(a, b))
 *   · 1/(1 + d₁/(1 + d₂/(1 + …))) with d_{2m+1} = −(a + m)(a + b + m)x/((a + 2m)(a + 2m + 1)),
 *   d_{2m} = m(b − m)x/((a + 2m − 1)(a + 2m)) (DLMF 8.17.22; Didonato & Morris 1992, BFRAC), evaluated
 *   by the modified Lentz method. It converges in ≤ 130 steps for t ≥ 1, but its coefficients hold x
 *   itself, so for x near 1 the rounding of x costs ≈ x/(1 − x)·ε: it is used only where that is small.
 * - Large ν (ν ≥ 16, x > 0.4): the asymptotic expansion of Didonato & Morris (1992, BGRAT; Temme 1996,
 *   §11.3.3), derived for b = ½: with s = e^{−v}, T = a − ¼, v₀ = −ln x = ln(1 + t²/ν) and u = T·v₀,
 *     I_x(a, ½) = 1/B(a, ½) · Σ cₙ·T^{−½−2n}·Γ(½ + 2n, u),
 *   where Σ cₙ v^{2n} = (sinh(v/2)/(v/2))^{−½} (coefficients below, radius 2π). Γ(½, u) = √π·erfc(√u);
 *   the higher ones follow upwards by Γ(s + 1, u) = s·Γ(s, u) + u^s e^{−u} (all terms positive), scaled
 *   so that nothing overflows. Every input is a function of v₀ and T, which are exact to a few ulps for
 *   any ν (ν = 10²⁰ included), so no digit is lost to 1 − x. The terms fall like (v₀/2π + n/(πT))²ⁿ.
 * - 1/B(a, ½) = √a·S(a)/√π with S from `logGammaRatioHalfScaled`; x^a = (1 + t²/ν)^{−ν/2} by exp/log1p
 *   when t² ≤ ν (its rounding ≈ t²ε/2, the conditioning of the tail) and by pow otherwise.
 * Below 10⁻³⁰⁵ `t-distribution.ts` switches to the logarithm of the far-tail series (`t-series.ts`).
 * @internal
 */
import { erfcx } from "./error-function.js";
import { logGammaRatioHalfScaled } from "./gamma-ratio.js";

/** Below this the continued fraction serves every x: the large-ν expansion, asymptotic in 1/T, then runs
 * out of accuracy (measured: ≤ 5 ulps from ν = 14 up, 800 ulps at ν = 12, t = 4). */
const CF_MAX_DF = 16;
/** For x up to here the continued fraction loses at most ~x/(1 − x)·ε < 0.7ε. */
const CF_MAX_X = 0.4;
const TINY = 1e-300;
const SQRT_PI = 1.772453850905516;

/**
 * Taylor coefficients cₙ of (sinh(v/2)/(v/2))^{−½} = Σ cₙ v^{2n} (exact rationals −1/48, 1/2560,
 * −61/7741440, … by J. C. P. Miller's power recurrence, rounded); |cₙ| ~ (2π)^{−2n}.
 */
const SINHC_POWER = [
  1, -0.020833333333333332, 0.000390625, -7.879670965608466e-6, 1.6967665791721782e-7, -3.805064191721906e-9,
  8.748377596315407e-11, -2.044523359411974e-12, 4.833351797967704e-14, -1.152434101767386e-15, 2.76605204359937e-17,
  -6.67428195089166e-19, 1.61745507718158e-20, -3.93397792009138e-22, 9.597634062586047e-24, -2.347690291162632e-25,
  5.7558703875442666e-27, -1.414008810826549e-28, 3.479869365059028e-30, -8.577466165340376e-32, 2.1172351041679865e-33,
  -5.232780285737599e-35, 1.2947835769777707e-36, -3.2071412978037775e-38, 7.951627314205514e-40,
  -1.973224903040875e-41,
];

/** The continued fraction 1/(1 + d₁/(1 + d₂/…)) of I_x(a, ½) (modified Lentz). */
function betaFraction(a: number, x: number): number {
  const b = 0.5;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 10_000; m++) {
    const m2 = 2 * m;
    let aa = (((m * (b - m)) / (a + m2 - 1)) * x) / (a + m2); // divided in turn: no overflow for ν ≤ 1.8e308
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = -((a + m) / (a + m2)) * ((a + b + m) / (a + m2 + 1)) * x;
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) <= 2e-16) break;
  }
  return h;
}

/** The sum Σ cₙ·Γ(½ + 2n, u)·e^u·u^{−½}·T^{−2n} of the large-ν expansion (v₀ = u/T). */
function largeDfSum(u: number, v0: number, T: number): number {
  const rootU = Math.sqrt(u);
  let gamma = (SQRT_PI * erfcx(rootU)) / rootU; // Γ(½, u)·e^u·u^{−½}
  let sum = gamma;
  const T2 = T * T;
  let v0Power = 1; // v₀^{2n}
  for (let n = 0; n + 1 < SINHC_POWER.length; n++) {
    const s = 2 * n + 0.5;
    gamma = ((s * (s + 1)) / T2) * gamma + ((s + 1) * v0Power) / T2 + (v0Power * v0) / T;
    v0Power *= v0 * v0;
    const term = SINHC_POWER[n + 1]! * gamma;
    sum += term;
    if (Math.abs(term) <= 1e-17 * sum) break;
  }
  return sum;
}

/** x^a = (1 + t²/ν)^{−ν/2} for t ≥ 1 and finite ν, rounded at the conditioning of the tail. */
function xPowA(t: number, df: number): number {
  const w = (t * t) / df;
  if (w <= 1) return Math.exp((-df / 2) * Math.log1p(w));
  if (Number.isFinite(1 + w)) return (1 + w) ** (-df / 2);
  // x = (√ν/t)²/(1 + ν/t²) with ν/t² < 10⁻³⁰⁸: (1 + ν/t²)^{−ν/2} = 1 to double precision.
  return (Math.sqrt(df) / t) ** df;
}

/** x = ν/(ν + t²), also where t² or the sum overflows. */
function xOf(t: number, df: number): number {
  const sum = df + t * t;
  return Number.isFinite(sum) ? df / sum : df / t / t;
}

/** P(T > t) for t ≥ 1 and finite ν > 0; may underflow below 10⁻³⁰⁵ (`t-distribution.ts` then uses logarithms). */
export function tUpperTail(t: number, df: number): number {
  const a = df / 2;
  const scale = Math.exp(logGammaRatioHalfScaled(a));
  const x = xOf(t, df);
  if (df < CF_MAX_DF || x <= CF_MAX_X) {
    // ½·x^a·(1 − x)^½/(a·B(a, ½)) with (1 − x)^½/(a·B) = S(a)·√(2/(πν(1 + ν/t²))); here ν/t² ≤ 16
    const prefix = 0.5 * scale * Math.sqrt(2 / (Math.PI * df * (1 + df / (t * t))));
    return prefix * xPowA(t, df) * betaFraction(a, x);
  }
  const v0 = Math.log1p((t * t) / df);
  const T = a - 0.25;
  const u = T * v0;
  return 0.5 * Math.sqrt((a * v0) / Math.PI) * scale * Math.exp(-u) * largeDfSum(u, v0, T);
}
