import { BatchStatsError } from "../errors.js";
import { describeValue, readOptions } from "../options.js";

/**
 * A privacy parameter as the API takes it: zero-concentrated DP `{ rho }` (Bun & Steinke
 * 2016), or `{ epsilon, delta? }` — pure ε-DP without delta (or delta 0), approximate
 * (ε, δ)-DP with it, which is met through zCDP (see `rhoForEpsilonDelta`).
 */
export type PrivacyParameter = { rho: number } | { epsilon: number; delta?: number };

/** A validated privacy parameter: a zCDP ρ or a pure ε. @internal */
export type PrivacyLoss =
  | { readonly kind: "zcdp"; readonly rho: number }
  | { readonly kind: "pure"; readonly epsilon: number };

function positive(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || !(value > 0)) {
    throw new BatchStatsError("E_BAD_ARGUMENT", `${field} must be a finite number > 0, got ${describeValue(value)}`, {
      field,
    });
  }
  return value;
}

/**
 * The ρ of zCDP that gives (ε, δ)-DP by the conversion of Bun & Steinke (2016, Proposition
 * 1.3): ρ-zCDP implies (ρ + 2√(ρ·ln(1/δ)), δ)-DP for every δ > 0, so the largest ρ that
 * meets ε is (√(ln(1/δ) + ε) − √(ln(1/δ)))². (Canonne, Kamath & Steinke 2020 give a tighter
 * conversion; this one is simpler and conservative.) @internal
 */
export function rhoForEpsilonDelta(epsilon: number, delta: number): number {
  const l = Math.log(1 / delta);
  // (√(l + ε) − √l)² = ε² / (√(l + ε) + √l)², the form without cancellation.
  const s = Math.sqrt(l + epsilon) + Math.sqrt(l);
  return (epsilon * epsilon) / (s * s);
}

/** The ε of (ε, δ)-DP that ρ-zCDP implies (Bun & Steinke 2016, Proposition 1.3). @internal */
export function epsilonForRho(rho: number, delta: number): number {
  return rho + 2 * Math.sqrt(rho * Math.log(1 / delta));
}

/** Validates a `{ rho } | { epsilon, delta? }` object. @internal */
export function parsePrivacy(
  value: unknown,
  field: string,
): PrivacyLoss & { given?: { epsilon: number; delta: number } } {
  const o = readOptions(value, ["rho", "epsilon", "delta"] as const, field);
  if (o.rho !== undefined) {
    if (o.epsilon !== undefined || o.delta !== undefined) {
      throw new BatchStatsError("E_BAD_ARGUMENT", `${field} takes either rho or epsilon (with delta), not both`, {
        field,
      });
    }
    return { kind: "zcdp", rho: positive(o.rho, `${field}.rho`) };
  }
  if (o.epsilon === undefined) {
    throw new BatchStatsError("E_BAD_ARGUMENT", `${field} needs rho or epsilon`, { field });
  }
  const epsilon = positive(o.epsilon, `${field}.epsilon`);
  if (o.delta === undefined || o.delta === 0) return { kind: "pure", epsilon };
  const delta = o.delta;
  if (typeof delta !== "number" || !(delta > 0 && delta < 1)) {
    throw new BatchStatsError(
      "E_BAD_ARGUMENT",
      `${field}.delta must be a number in [0, 1), got ${describeValue(delta)}`,
      { field: `${field}.delta` },
    );
  }
  return { kind: "zcdp", rho: rhoForEpsilonDelta(epsilon, delta), given: { epsilon, delta } };
}
