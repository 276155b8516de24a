/**
 * The upper tail of Fisher's F distribution with (d₁, d₂) degrees of freedom, computed in the tail:
 * P(F > f) = I_x(d₂/2, d₁/2) with x = d₂/(d₂ + d₁f) and 1 − x = d₁f/(d₂ + d₁f) both formed directly
 * (no 1 − x), from `incompleteBeta` (DLMF 8.17; A&S 26.6.2); d₂ = ∞ is the χ²(d₁) tail of d₁f.
 * @internal
 */
import { incompleteBeta } from "./incomplete-beta.js";
import { incompleteGamma } from "./incomplete-gamma.js";

/** [P(F > f), ln P(F > f)] for d₁, d₂ > 0, f ≥ 0. */
function fTail(f: number, d1: number, d2: number): [number, number] {
  if (Number.isNaN(f) || !(d1 > 0) || !(d2 > 0)) return [Number.NaN, Number.NaN];
  if (f <= 0) return [1, 0];
  if (f === Infinity) return [0, -Infinity];
  if (d2 === Infinity) {
    // the limit d₂ → ∞: d₁F ~ χ²(d₁)
    const g = incompleteGamma(d1 / 2, (d1 * f) / 2);
    return [g[1], g[3]];
  }
  let x: number;
  let y: number;
  const d1f = d1 * f;
  if (d1f > d2) {
    const r = d2 / d1f; // x = r/(1 + r)
    x = r / (1 + r);
    y = 1 / (1 + r);
  } else {
    const r = d1f / d2;
    x = 1 / (1 + r);
    y = r / (1 + r);
  }
  const tails = incompleteBeta(x, y, d2 / 2, d1 / 2);
  return [tails[0], tails[2]];
}

/** P(F > f) for F ~ F(d1, d2); relative accuracy in the tail (exp(fLogSf) below 1e-300). */
export function fSf(f: number, d1: number, d2: number): number {
  return fTail(f, d1, d2)[0];
}

/** ln P(F > f), finite where the tail underflows. */
export function fLogSf(f: number, d1: number, d2: number): number {
  return fTail(f, d1, d2)[1];
}
