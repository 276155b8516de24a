import { twoProduct, twoSum } from "../ddouble.js";
import { BatchStatsError } from "../errors.js";
import { describeValue } from "../options.js";
import { ascendingOrder } from "./ascending-order.js";
import { hommelSorted } from "./hommel.js";

/**
 * A multiple-testing correction, by the names R's `p.adjust` and statsmodels' `multipletests`
 * use: `"bonferroni"`, `"sidak"`, `"holm"`, `"holm-sidak"`, `"hochberg"`, `"hommel"` (these
 * control the family-wise error rate) and `"bh"` (Benjamini–Hochberg), `"by"`
 * (Benjamini–Yekutieli) (these control the false discovery rate).
 */
export type PValueAdjustment = "bonferroni" | "sidak" | "holm" | "holm-sidak" | "hochberg" | "hommel" | "bh" | "by";

const METHODS: readonly PValueAdjustment[] = [
  "bonferroni",
  "sidak",
  "holm",
  "holm-sidak",
  "hochberg",
  "hommel",
  "bh",
  "by",
];

/**
 * Adjusted p-values for a family of m hypotheses, in the order of the input, so that rejecting
 * every hypothesis whose adjusted value is ≤ α controls the family-wise error rate (or, for
 * `"bh"` and `"by"`, the false discovery rate) at α.
 *
 * Method (pᵢ sorted ascending as p₍ᵢ₎; every value is capped at 1):
 * - `"bonferroni"`: m·p. `"sidak"`: 1 − (1 − p)^m, formed as −expm1(m·log1p(−p)) so that small
 *   p keep every digit (statsmodels' formula).
 * - `"holm"` (Holm 1979): running maximum over i of (m − i + 1)·p₍ᵢ₎. `"holm-sidak"`: running
 *   maximum of 1 − (1 − p₍ᵢ₎)^(m − i + 1) (statsmodels).
 * - `"hochberg"` (Hochberg 1988): running minimum from the largest of (m − i + 1)·p₍ᵢ₎.
 * - `"bh"` (Benjamini & Hochberg 1995): running minimum from the largest of (m/i)·p₍ᵢ₎.
 *   `"by"` (Benjamini & Yekutieli 2001): the same times Hₘ = 1 + 1/2 + … + 1/m (summed in
 *   double-double, so Hₘ is correctly rounded).
 * - `"hommel"` (Hommel 1988): closed testing with Simes' test, R's exact definition computed in
 *   O(m log m) (see `hommelSorted`), not an approximation.
 * These are R's `p.adjust` formulas (and statsmodels' for the Šidák pair), to a few ulps.
 *
 * Tied p-values get equal adjusted values; −0 reads as 0. An empty array gives `[]`.
 * `pValues` must be an array (or typed array) of numbers in [0, 1]: anything else is
 * `E_BAD_ARGUMENT` with the `index` of the first offending entry; an unknown method is
 * `E_BAD_ARGUMENT` (`field: "method"`).
 *
 * @example
 * ```ts
 * import { adjustPValues } from "batchstats";
 * adjustPValues([0.01, 0.04, 0.03, 0.005], "holm");  // => [0.03, 0.06, 0.06, 0.02]
 * adjustPValues([0.01, 0.04, 0.02, 0.005], "bh");    // => [0.02, 0.04, 0.026666666666666665, 0.02]
 * adjustPValues([0.01, 0.02, 0.03], "hommel");       // => [0.03, 0.03, 0.03]
 * ```
 */
export function adjustPValues(pValues: ArrayLike<number>, method: PValueAdjustment): number[] {
  const m = checkMethod(method);
  const p = readPValues(pValues);
  const n = p.length;
  const out: number[] = new Array(n);
  if (n === 0) return out;
  if (m === "bonferroni") {
    for (let i = 0; i < n; i++) out[i] = Math.min(1, n * p[i]!);
    return out;
  }
  if (m === "sidak") {
    for (let i = 0; i < n; i++) out[i] = sidak(p[i]!, n);
    return out;
  }
  const order = ascendingOrder(p);
  const sorted = new Float64Array(n);
  for (let k = 0; k < n; k++) sorted[k] = p[order[k]!]!;
  const adjusted = new Float64Array(n);
  switch (m) {
    case "holm": {
      let run = 0;
      for (let i = 0; i < n; i++) {
        const v = Math.min(1, (n - i) * sorted[i]!);
        if (v > run) run = v;
        adjusted[i] = run;
      }
      break;
    }
    case "holm-sidak": {
      let run = 0;
      for (let i = 0; i < n; i++) {
        const v = sidak(sorted[i]!, n - i);
        if (v > run) run = v;
        adjusted[i] = run;
      }
      break;
    }
    case "hochberg": {
      let run = 1;
      for (let i = n - 1; i >= 0; i--) {
        const v = (n - i) * sorted[i]!;
        if (v < run) run = v;
        adjusted[i] = run;
      }
      break;
    }
    case "bh":
    case "by": {
      const h = m === "by" ? harmonic(n) : 1;
      let run = 1;
      for (let i = n - 1; i >= 0; i--) {
        const v = ((h * n) / (i + 1)) * sorted[i]!;
        if (v < run) run = v;
        adjusted[i] = run;
      }
      break;
    }
    case "hommel": {
      hommelSorted(sorted, adjusted);
      // closed testing is monotone in p: make it so in floating point too
      for (let i = 1; i < n; i++) if (adjusted[i]! < adjusted[i - 1]!) adjusted[i] = adjusted[i - 1]!;
      break;
    }
  }
  // Tied p-values share the value of their first position.
  let value = adjusted[0]!;
  for (let k = 0; k < n; k++) {
    if (k === 0 || sorted[k] !== sorted[k - 1]!) value = adjusted[k]!;
    out[order[k]!] = value;
  }
  return out;
}

/** 1 − (1 − p)^k without cancellation (k ≥ 1). */
function sidak(p: number, k: number): number {
  if (p === 1) return 1;
  const v = -Math.expm1(k * Math.log1p(-p));
  return Math.min(v, 1);
}

/** Hₙ = Σ 1/k, k = 1..n, summed in double-double and rounded once. */
function harmonic(n: number): number {
  let hi = 0;
  let lo = 0;
  for (let k = n; k >= 1; k--) {
    const x = 1 / k;
    const kx = twoProduct(k, x); // k·x exactly; 1/k − x = (1 − k·x)/k, and 1 − kx.hi is exact
    const s = twoSum(hi, x);
    hi = s.hi;
    lo += s.lo + (1 - kx.hi - kx.lo) / k;
  }
  return hi + lo;
}

function checkMethod(method: unknown): PValueAdjustment {
  if (typeof method !== "string" || !(METHODS as readonly string[]).includes(method)) {
    throw new BatchStatsError(
      "E_BAD_ARGUMENT",
      `method must be one of ${METHODS.map((x) => JSON.stringify(x)).join(", ")}, got ${describeValue(method)}`,
      { field: "method" },
    );
  }
  return method as PValueAdjustment;
}

/** A copy of the p-values as doubles (−0 as 0), each checked to be a number in [0, 1]. */
function readPValues(pValues: unknown): Float64Array {
  const isArray = Array.isArray(pValues);
  if (!isArray && !(ArrayBuffer.isView(pValues) && !(pValues instanceof DataView))) {
    throw new BatchStatsError("E_BAD_ARGUMENT", `pValues must be an array of numbers, got ${describeValue(pValues)}`, {
      field: "pValues",
    });
  }
  const list = pValues as ArrayLike<unknown>;
  const n = list.length;
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = list[i]!;
    if (typeof v !== "number" || !(v >= 0 && v <= 1)) {
      throw new BatchStatsError("E_BAD_ARGUMENT", `pValues[${i}] must be a number in [0, 1], got ${describeValue(v)}`, {
        field: "pValues",
        index: i,
      });
    }
    p[i] = v + 0;
  }
  return p;
}
