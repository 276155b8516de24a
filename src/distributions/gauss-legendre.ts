/**
 * The 20-point Gauss–Legendre rule on [−1, 1] and its integration matrix, built once on first use
 * (Newton's method on the Legendre recurrence; nodes and weights to a few ulps).
 *
 * The integration matrix Q has Q[i·m + j] = ∫_{−1}^{t_i} ℓ_j(t) dt, where ℓ_j is the Lagrange
 * polynomial of the nodes: Σ_j Q[i·m + j]·f(t_j) is the integral from −1 to the node t_i of the
 * interpolating polynomial of f (exact for polynomials of degree < m), so cumulative integrals
 * (distribution functions) are read at every node from the same m values of the integrand.
 * @internal
 */

/** Number of nodes. @internal */
export const GL_POINTS = 20;

/** Nodes t_i (ascending), weights w_i, integration matrix Q (row-major m × m). @internal */
export interface GaussLegendreRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
  readonly cumulative: Float64Array;
  /** Its complement R[i·m + j] = w_j − Q[i·m + j] = ∫_{t_i}^{1} ℓ_j(t) dt (integrals to the right end). */
  readonly remaining: Float64Array;
}

let rule: GaussLegendreRule | undefined;

/** P_m(x) and P_m'(x) by the three-term recurrence. */
function legendre(m: number, x: number): [number, number] {
  let p0 = 1;
  let p1 = x;
  for (let k = 2; k <= m; k++) {
    const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
    p0 = p1;
    p1 = p2;
  }
  return [p1, (m * (x * p1 - p0)) / (x * x - 1)];
}

function build(m: number): GaussLegendreRule {
  const nodes = new Float64Array(m);
  const weights = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let x = -Math.cos((Math.PI * (i + 0.75)) / (m + 0.5));
    for (let it = 0; it < 100; it++) {
      const [p, dp] = legendre(m, x);
      const dx = p / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-17) break;
    }
    const [, dp] = legendre(m, x);
    nodes[i] = x;
    weights[i] = 2 / ((1 - x * x) * dp * dp);
  }
  const cumulative = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    const half = (nodes[i]! + 1) / 2; // [−1, t_i] mapped from [−1, 1]
    for (let j = 0; j < m; j++) {
      let sum = 0;
      for (let k = 0; k < m; k++) {
        const t = -1 + half * (nodes[k]! + 1);
        let l = 1;
        for (let q = 0; q < m; q++) if (q !== j) l *= (t - nodes[q]!) / (nodes[j]! - nodes[q]!);
        sum += weights[k]! * l;
      }
      cumulative[i * m + j] = half * sum;
    }
  }
  const remaining = new Float64Array(m * m);
  for (let i = 0; i < m * m; i++) remaining[i] = weights[i % m]! - cumulative[i]!;
  return { nodes, weights, cumulative, remaining };
}

/** The rule (built on the first call). @internal */
export function gaussLegendre(): GaussLegendreRule {
  if (rule === undefined) rule = build(GL_POINTS);
  return rule;
}
