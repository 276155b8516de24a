/**
 * P(arm i has the highest rate) for three or more independent Beta posteriors:
 * ∫ g_i(u)·Π_{j≠i} F_j(u) du on one logit-scale grid (`logit-grid.ts`) covering every arm to
 * e^{-46} below its peak, each F_j read at every node from the rule's integration matrix.
 * @internal
 */
import { type DD, ddToNumber } from "../ddouble.js";
import { crossProduct } from "./beta-comparison.js";
import { GL_POINTS } from "../distributions/gauss-legendre.js";
import { armEnd, buildGrid, cumulative, logitArm } from "./logit-grid.js";

const MARGIN = 46;
/** The panels' log-variation when an arm is U-shaped (see below). */
const U_SHAPED_VARIATION = 0.25;

/** The probabilities, in the order of the arms. @internal */
export function probabilitiesBest(params: readonly { alpha: DD; beta: DD }[]): number[] {
  const k = params.length;
  const arms = params.map((p) => logitArm(ddToNumber(p.alpha), ddToNumber(p.beta)));
  const ref = params[0]!;
  const armRef = arms[0]!;
  // Δ_j = u_0 − u_j = ln(α_0 β_j/(β_0 α_j)), from the exact cross product
  const delta = params.map((p, j) => {
    const arm = arms[j]!;
    const q = ddToNumber(crossProduct(ref.alpha, ref.beta, p.alpha, p.beta)) / (armRef.beta * arm.alpha);
    return Math.abs(q) < 0.5 ? Math.log1p(q) : Math.log(armRef.alpha * arm.beta) - Math.log(armRef.beta * arm.alpha);
  });
  const lo = arms.map((a, j) => armEnd(a, -1, MARGIN) - delta[j]!);
  const hi = arms.map((a, j) => armEnd(a, 1, MARGIN) - delta[j]!);
  // A U-shaped arm (both parameters below 1) puts mass at both ends; its CDF, read from each panel's
  // integration matrix, needs panels of smaller log-variation than its nearly flat density suggests
  // (variation 4 left 1.4e-7 of ⅓ for three Beta(0.001, 0.001) arms; 0.25 leaves 5e-15).
  const uShaped = params.some((p) => p.alpha.hi < 1 && p.beta.hi < 1);
  const grid = buildGrid(
    arms,
    delta,
    Math.min(...lo),
    Math.max(...hi),
    lo,
    hi,
    uShaped ? U_SHAPED_VARIATION : undefined,
  );
  const n = grid.count;
  const panels = grid.panels;
  // each arm's F at every node, and its density relative to each panel's largest (e^{ln g − top},
  // from the same pass: the product below reads it instead of taking the exponentials again)
  const cdfs = arms.map((_, j) => {
    const out = new Float64Array(n);
    const scale = new Float64Array(panels);
    const density = new Float64Array(n);
    const top = new Float64Array(panels);
    cumulative(grid, j, true, out, scale, -Infinity, density, top);
    return { out, scale, density, top };
  });
  const result: number[] = [];
  for (let i = 0; i < k; i++) {
    let sum = 0;
    let sumScale = -Infinity;
    const { density, top: tops } = cdfs[i]!;
    for (let p = 0; p < panels; p++) {
      const top = tops[p]!;
      if (top === -Infinity) continue;
      let scale = top;
      for (let j = 0; j < k; j++) if (j !== i) scale += cdfs[j]!.scale[p]!;
      if (scale === -Infinity) continue;
      let ps = 0;
      for (let t = p * GL_POINTS; t < (p + 1) * GL_POINTS; t++) {
        let prod = grid.weight[t]! * density[t]!;
        for (let j = 0; j < k; j++) if (j !== i) prod *= cdfs[j]!.out[t]!;
        ps += prod;
      }
      if (ps === 0) continue;
      if (sum === 0 || scale >= sumScale) {
        sum = ps + (sum === 0 ? 0 : sum * Math.exp(sumScale - scale));
        sumScale = scale;
      } else sum += ps * Math.exp(scale - sumScale);
    }
    result.push(sum === 0 ? 0 : Math.exp(Math.log(sum) + sumScale));
  }
  return result;
}
