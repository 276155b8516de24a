/**
 * Two everywhere-accurate series for Student's t with ν degrees of freedom, used where an
 * incomplete beta in x = ν/(ν + t²) cannot give relative accuracy: the central probability
 * P(|T| < t) near t = 0, and ln P(T > t) in the far tail where P underflows (p < 10⁻³⁰⁰).
 *
 * Method. With x = ν/(ν + t²), P(T > t) = ½·I_x(ν/2, ½) and P(|T| < t) = I_{1−x}(½, ν/2).
 * DLMF 8.17.8 (A&S 26.5.4) writes I_z(a, b) = z^a (1 − z)^b / (a·B(a, b)) · ₂F₁(a + b, 1; a + 1; z).
 *
 * - Central, z = t²/(ν + t²), a = ½, b = ν/2: the ₂F₁ series has positive terms with ratio
 *   (a + b + k)·z/(a + 1 + k) → no cancellation (the t analogue of A&S 7.1.6 for erf).
 * - Far tail, a = ν/2, b = ½: Pfaff's transformation (DLMF 15.8.1) gives
 *   ₂F₁(a + ½, 1; a + 1; x) = (1 − x)⁻¹ · ₂F₁(1, ½; a + 1; −ν/t²), whose terms have ratio
 *   −(2k + 1)/t² · ν/(ν + 2k + 2). For t² ≥ 100 it converges (ν < t²) or is used as an asymptotic
 *   series whose smallest term is below 10⁻²¹ (ν ≥ t²); for ν → ∞ it is the Laplace series of
 *   Mills' ratio, 1 − 1/t² + 3/t⁴ − … (A&S 26.2.12). Every factor of the prefix is kept in
 *   logarithms, so nothing over- or underflows for any ν, including 10³⁰⁰.
 *
 * The Beta function enters as 1/B(c, ½) = Γ(c + ½)/(Γ(c)·√π) = √(c/π)·S(c) with
 * S(c) = Γ(c + ½)/(Γ(c)·√c) → 1 from `logGammaRatioHalfScaled`; the √c is merged with the other
 * factors so that every logarithm added is O(1) or is the one large term, a·ln x ≈ −t²/2.
 * @internal
 */
import { logGammaRatioHalfScaled } from "./gamma-ratio.js";

const TWO_OVER_SQRT_PI = 1.1283791670955126; // 2/√π
const TERM_TOLERANCE = 1e-17;
const MAX_TERMS = 100_000;

/**
 * P(|T| < t) for t > 0 and finite ν > 0, to a few ulps (formed directly, not as exp of its
 * logarithm, which would carry ulp(ln P) ≈ 10⁻¹³ at P = 10⁻³⁰⁰).
 * Cost grows like t²·ν/(ν + t²): use it where P(|T| < t) ≲ 0.9.
 */
export function centralSeries(t: number, df: number): number {
  const b = df / 2;
  const w = (t * t) / df; // t²/ν
  const log1pW = Math.log1p(w);
  const z = w / (1 + w); // t²/(ν + t²)
  let term = 1;
  let sum = 1;
  for (let k = 0; k < MAX_TERMS; k++) {
    term *= ((0.5 + b + k) * z) / (1.5 + k);
    sum += term;
    if (term <= sum * TERM_TOLERANCE) break;
  }
  // z^½ (1 − z)^b / (½·B(½, b)) · sum = 2/√π · √(z·b) · S(b) · (1 − z)^b · sum, √(z·b) = t/√(2(1 + w))
  const rootZb = t / Math.sqrt(2 * (1 + w));
  return TWO_OVER_SQRT_PI * rootZb * Math.exp(logGammaRatioHalfScaled(b) - b * log1pW) * sum;
}

/**
 * ln P(T > t) for t² ≥ 100 and finite ν > 0 (the far tail), to a few ulps of |ln P|.
 * Returns NaN if t² < 100, where the series is not meant to be used.
 */
export function logFarTailSeries(t: number, df: number): number {
  if (!(t * t >= 100)) return Number.NaN;
  const a = df / 2;
  const w = (t * t) / df; // t²/ν, may overflow for huge t
  // ln x = −ln(1 + t²/ν);  ln(1 − x) = −ln(1 + ν/t²)
  const logX = Number.isFinite(w) ? -Math.log1p(w) : Math.log(df) - 2 * Math.log(t);
  const y = 1 / w; // ν/t²
  let term = 1;
  let sum = 1;
  for (let k = 0; k < MAX_TERMS; k++) {
    const next = term * (-(2 * k + 1) / (t * t)) * (df / (df + 2 * k + 2));
    if (!(Math.abs(next) < Math.abs(term)) && y >= 1) break; // asymptotic: stop at the smallest term
    term = next;
    sum += term;
    if (Math.abs(term) <= sum * TERM_TOLERANCE) break;
  }
  // ½ · x^a (1 − x)^{−½} / (a·B(a, ½)) · sum, where (1 − x)^{−½}/a·√(a/π)
  // = √((ν + t²)/(π·a·t²)) = √(2/π · (1/t² + 1/ν)).
  const logScale = 0.5 * (Math.LN2 - Math.log(Math.PI) + Math.log(1 / (t * t) + 1 / df));
  return -Math.LN2 + a * logX + logScale + logGammaRatioHalfScaled(a) + Math.log(sum);
}
