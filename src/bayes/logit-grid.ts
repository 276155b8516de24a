/**
 * Quadrature grid for comparing Beta posteriors on the logit scale, where each density is smooth
 * and log-concave (`distributions/log-beta-density.ts`).
 *
 * Method: arms share one coordinate v, the logit offset from a reference arm's peak; arm k sits at
 * d_k = v + Δ_k with Δ_k = ln(α_ref β_k/(β_ref α_k)) formed from the exact cross product
 * α_ref β_k − β_ref α_k (double-double), so that two posteriors 1e-6 apart at counts of 1e12 are
 * placed to ~1e-22 in v (1e-16 of their width). The range [lo, hi] is cut into panels whose width
 * keeps every active arm's log-density within a variation of c = 4 across the panel
 * (w = c / max_k(|slope_k| + 2·√curvature_k); callers whose arms all have α, β ≥ 1000 may pass
 * c = 7); each panel carries the 20-point Gauss–Legendre
 * rule. Densities are stored as logarithms, with their maximum over the grid, so that nothing
 * underflows when a probability is far below 1e-308 (the caller works in log space).
 * @internal
 */
import { GL_POINTS, gaussLegendre } from "../distributions/gauss-legendre.js";
import {
  logitBetaCurvature,
  logitBetaLogPeak,
  logitBetaLogRatio,
  logitBetaSlope,
} from "../distributions/log-beta-density.js";

/** One Beta arm on the logit scale. @internal */
export interface LogitArm {
  readonly alpha: number;
  readonly beta: number;
  /** α/(α + β) and β/(α + β). */
  readonly xm: number;
  readonly ym: number;
  /** ln g at the peak. */
  readonly peak: number;
  /** √(1/α + 1/β): the logit scale's width near the peak. */
  readonly sigma: number;
}

/**
 * x, 1 − x and x − x_m at offset d from the arm's peak, each to a few ulps relative (no
 * cancellation: from e^{-|d|} and expm1). @internal
 */
export function armRate(arm: LogitArm, d: number): [number, number, number] {
  const { xm, ym } = arm;
  if (d < 0) {
    const e = Math.exp(d);
    const den = ym + xm * e;
    return [(xm * e) / den, ym / den, (xm * ym * Math.expm1(d)) / den];
  }
  const e = Math.exp(-d);
  const den = xm + ym * e;
  return [xm / den, (ym * e) / den, (xm * ym * -Math.expm1(-d)) / den];
}

/** The arm of Beta(α, β) (both positive and finite). @internal */
export function logitArm(alpha: number, beta: number): LogitArm {
  const n = alpha + beta;
  return {
    alpha,
    beta,
    xm: alpha / n,
    ym: beta / n,
    peak: logitBetaLogPeak(alpha, beta),
    sigma: Math.sqrt(1 / alpha + 1 / beta),
  };
}

/** ln g(peak + d) − ln g(peak). @internal */
export function armLogRatio(arm: LogitArm, d: number): number {
  return logitBetaLogRatio(arm.alpha, arm.beta, arm.xm, arm.ym, d);
}

/** d/du ln g at offset d. @internal */
export function armSlope(arm: LogitArm, d: number): number {
  return logitBetaSlope(arm.alpha, arm.beta, arm.xm, arm.ym, d);
}

/** −d²/du² ln g at offset d. @internal */
export function armCurvature(arm: LogitArm, d: number): number {
  return logitBetaCurvature(arm.alpha, arm.beta, arm.xm, arm.ym, d);
}

/**
 * The offset d on side ±1 where the arm's log-density has fallen by `drop` from its peak, or a
 * little beyond (Newton's method on a concave function: after the first step the iterates
 * approach the root from outside). @internal
 */
export function armEnd(arm: LogitArm, side: 1 | -1, drop: number): number {
  let d = side * arm.sigma * Math.sqrt(2 * drop);
  for (let it = 0; it < 30; it++) {
    const f = armLogRatio(arm, d) + drop;
    const slope = logitBetaSlope(arm.alpha, arm.beta, arm.xm, arm.ym, d);
    if (slope === 0 || !Number.isFinite(slope)) break;
    const step = f / slope;
    d -= step;
    if (Math.abs(f) < 0.25 && (side > 0 ? step <= 0 : step >= 0)) break;
  }
  return d;
}

/** The quadrature grid: `count` nodes, their v, weight (panel half-width × GL weight) and per-arm ln g. @internal */
export interface LogitGrid {
  count: number;
  panels: number;
  v: Float64Array;
  weight: Float64Array;
  /** Half-width of each panel. */
  half: Float64Array;
  /** ln g of arm k at node i: logs[k·capacity + i]. */
  logs: Float64Array;
  /** Largest ln g of each arm over the nodes. */
  max: Float64Array;
  capacity: number;
}

/** Log-density variation allowed across a panel. @internal */
export const PANEL_VARIATION = 4;
/** The panel variation for arms whose α, β are all ≥ 1000 (near-normal on the logit scale). @internal */
export const WIDE_PANEL_VARIATION = 7;
/** A grid never has more panels than this (a far wider range would mean an input the callers reject). */
const MAX_PANELS = 4096;

let scratch: LogitGrid | undefined;
/** One panel's scaled densities (reused). */
const PANEL = /* @__PURE__ */ new Float64Array(GL_POINTS);
/** Panel widths of the grid being built (reused, grown as needed). */
let widths = /* @__PURE__ */ new Float64Array(256);

function gridWithCapacity(nodes: number, arms: number): LogitGrid {
  if (scratch !== undefined && scratch.capacity >= nodes && scratch.max.length >= arms) return scratch;
  const capacity = Math.max(nodes, 2 * (scratch?.capacity ?? 0), 64 * GL_POINTS);
  const k = Math.max(arms, scratch?.max.length ?? 2);
  scratch = {
    count: 0,
    panels: 0,
    v: new Float64Array(capacity),
    weight: new Float64Array(capacity),
    half: new Float64Array(Math.ceil(capacity / GL_POINTS)),
    logs: new Float64Array(capacity * k),
    max: new Float64Array(k),
    capacity,
  };
  return scratch;
}

/**
 * Builds the grid over [lo, hi] for `arms` at offsets `delta` (d_k = v + Δ_k); arm k exists only
 * on [activeLo[k], activeHi[k]]: it shapes the panels there, and elsewhere its density is taken
 * as 0 (the caller has shown it negligible). Reuses one
 * scratch grid: the result is valid until the next call. @internal
 */
export function buildGrid(
  arms: readonly LogitArm[],
  delta: readonly number[],
  lo: number,
  hi: number,
  activeLo: readonly number[],
  activeHi: readonly number[],
  variation = PANEL_VARIATION,
): LogitGrid {
  const rule = gaussLegendre();
  const k = arms.length;
  // count the panels first (cheap: slopes only), so the scratch is sized once
  let panels = 0;
  let v = lo;
  while (v < hi && panels < MAX_PANELS) {
    let rate = 0;
    for (let j = 0; j < k; j++) {
      if (v < activeLo[j]! || v > activeHi[j]!) continue;
      const a = arms[j]!;
      const d = v + delta[j]!;
      const s = Math.abs(logitBetaSlope(a.alpha, a.beta, a.xm, a.ym, d));
      const c = logitBetaCurvature(a.alpha, a.beta, a.xm, a.ym, d);
      const r = s + 2 * Math.sqrt(c);
      if (r > rate) rate = r;
    }
    let w = rate > 0 ? variation / rate : hi - v;
    if (w > hi - v || panels === MAX_PANELS - 1) w = hi - v;
    // a panel ends where an arm becomes active or inactive (a narrow arm is never stepped over)
    for (let j = 0; j < k; j++) {
      const a0 = activeLo[j]!;
      const a1 = activeHi[j]!;
      if (a0 > v && a0 < v + w) w = a0 - v;
      if (a1 > v && a1 < v + w) w = a1 - v;
    }
    if (panels === widths.length) {
      const grown = new Float64Array(2 * widths.length);
      grown.set(widths);
      widths = grown;
    }
    widths[panels] = w;
    v += w;
    panels++;
  }
  const grid = gridWithCapacity(panels * GL_POINTS, k);
  const cap = grid.capacity;
  grid.count = panels * GL_POINTS;
  grid.panels = panels;
  for (let j = 0; j < k; j++) grid.max[j] = -Infinity;
  let start = lo;
  let idx = 0;
  for (let p = 0; p < panels; p++) {
    const half = widths[p]! / 2;
    grid.half[p] = half;
    for (let i = 0; i < GL_POINTS; i++) {
      const x = start + half * (rule.nodes[i]! + 1);
      grid.v[idx] = x;
      grid.weight[idx] = half * rule.weights[i]!;
      for (let j = 0; j < k; j++) {
        if (x < activeLo[j]! || x > activeHi[j]!) {
          grid.logs[j * cap + idx] = -Infinity; // negligible there: taken as 0
          continue;
        }
        const a = arms[j]!;
        const l = a.peak + armLogRatio(a, x + delta[j]!);
        grid.logs[j * cap + idx] = l;
        if (l > grid.max[j]!) grid.max[j] = l;
      }
      idx++;
    }
    start += widths[p]!;
  }
  return grid;
}

/**
 * Cumulative mass of arm k at every node, from the left (`fromLeft`) or from the right: node i of
 * panel p holds out[i]·e^{scale[p]}, counting e^{logStart}, the arm's mass beyond the grid's
 * first end (given by the caller; none by default). Returns ln of the mass at the grid's other end. The scale only grows in the direction of accumulation (the
 * largest ln g met so far), so nothing overflows, and a mass far below 1e-308 keeps its digits.
 * Reads the rule's integration matrix. @internal
 */
export function cumulative(
  grid: LogitGrid,
  k: number,
  fromLeft: boolean,
  out: Float64Array,
  scale: Float64Array,
  logStart = -Infinity,
): number {
  const { cumulative: q, weights } = gaussLegendre();
  const m = GL_POINTS;
  const base = k * grid.capacity;
  const g = PANEL;
  // the mass beyond the grid's first end, e^{logStart} (none by default)
  let mass = logStart > -Infinity ? 1 : 0;
  let e = logStart;
  for (let step = 0; step < grid.panels; step++) {
    const p = fromLeft ? step : grid.panels - 1 - step;
    const o = p * m;
    let top = -Infinity;
    for (let j = 0; j < m; j++) {
      const l = grid.logs[base + o + j]!;
      if (l > top) top = l;
    }
    if (top > e) {
      mass = mass === 0 ? 0 : mass * Math.exp(e - top);
      e = top;
    }
    scale[p] = e;
    if (top === -Infinity) {
      for (let i = 0; i < m; i++) out[o + i] = mass;
      continue;
    }
    const h = grid.half[p]!;
    let total = 0;
    for (let j = 0; j < m; j++) {
      g[j] = Math.exp(grid.logs[base + o + j]! - e);
      total += weights[j]! * g[j]!;
    }
    for (let i = 0; i < m; i++) {
      let s = 0;
      if (fromLeft) for (let j = 0; j < m; j++) s += q[i * m + j]! * g[j]!;
      else for (let j = 0; j < m; j++) s += (weights[j]! - q[i * m + j]!) * g[j]!;
      out[o + i] = mass + h * Math.max(s, 0);
    }
    mass += h * total;
  }
  return Math.log(mass) + e;
}

/** The largest ln g of arm k on each panel (−Infinity where it is absent). @internal */
export function panelMax(grid: LogitGrid, k: number, out: Float64Array): void {
  const m = GL_POINTS;
  const base = k * grid.capacity;
  for (let p = 0; p < grid.panels; p++) {
    let top = -Infinity;
    for (let j = 0; j < m; j++) {
      const l = grid.logs[base + p * m + j]!;
      if (l > top) top = l;
    }
    out[p] = top;
  }
}
