/**
 * Quadrature grid for comparing Beta posteriors on the logit scale, where each density is smooth
 * and log-concave (`distributions/log-beta-density.ts`).
 *
 * Method: arms share one coordinate v, the logit offset from a reference arm's peak; arm k sits at
 * d_k = v + Δ_k with Δ_k = ln(α_ref β_k/(β_ref α_k)) formed from the exact cross product
 * α_ref β_k − β_ref α_k (double-double), so that two posteriors 1e-6 apart at counts of 1e12 are
 * placed to ~1e-22 in v (1e-16 of their width). The range [lo, hi] is cut into panels whose width
 * keeps every active arm's log-density within a variation of c = 4 across the panel
 * (w = c / max_k(|slope_k| + 2·√curvature_k); callers may pass a larger c, 10 where the arms all
 * have α, β ≥ 1000); each panel carries the 20-point Gauss–Legendre
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
  logitBetaTaylor,
  logitBetaTaylorRatio,
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
  /** The Taylor polynomial of ln g about the peak and the |d| up to which it is used (`logitBetaTaylor`). */
  readonly taylor: Float64Array;
  readonly taylorReach: number;
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
  const xm = alpha / n;
  const ym = beta / n;
  const { coefficients, reach } = logitBetaTaylor(alpha, beta, xm, ym);
  return {
    alpha,
    beta,
    xm,
    ym,
    peak: logitBetaLogPeak(alpha, beta),
    sigma: Math.sqrt(1 / alpha + 1 / beta),
    taylor: coefficients,
    taylorReach: reach,
  };
}

/** ln g(peak + d) − ln g(peak): the Taylor polynomial near the peak, the closed form beyond. @internal */
export function armLogRatio(arm: LogitArm, d: number): number {
  if (Math.abs(d) <= arm.taylorReach) return logitBetaTaylorRatio(arm.taylor, d);
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
/**
 * The panel variation for arms whose α, β are all ≥ 1000 (near-normal on the logit scale): the
 * errors against mpmath are those of 7 up to 12, and grow from 14 on (1e-12 at 14, 7e-10 at 16,
 * in the expected loss). @internal
 */
export const WIDE_PANEL_VARIATION = 10;
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

/** A rate of change of the log-integrand beyond the arms' own, on [lo, hi] of v. @internal */
export interface ExtraRate {
  readonly rate: number;
  readonly lo: number;
  readonly hi: number;
}

/**
 * A panel wider than this has its width checked against the largest rate over the whole panel
 * (`checkedWidth`): across a narrower one the curvature n·x(1 − x) changes by at most e^{w}, since
 * d ln(x(1 − x))/du = 1 − 2x, and the rate at the panel's start stands for the panel.
 */
const WIDTH_CHECKED = 0.5;

/**
 * The width of the panel starting at v, for a first width w from the rate at v alone: shrunk until
 * the panel's variation bound holds with the largest rate over [v, v + w]. A width from the rate
 * at the start alone steps over an arm's peak when the log-density is nearly flat there (α or
 * β ≪ 1: slope → α on the left, curvature ∝ e^u, so the first width is ~4/α). Per arm the rate's
 * supremum is exact: the slope α − n·x is monotone in u, so its largest magnitude is at an end,
 * and the curvature n·x(1 − x) is unimodal with its maximum n/4 at x = ½ (d = ln(β/α)).
 */
function checkedWidth(
  arms: readonly LogitArm[],
  delta: readonly number[],
  activeLo: readonly number[],
  activeHi: readonly number[],
  v: number,
  w: number,
  variation: number,
  extra: ExtraRate | undefined,
): number {
  for (let it = 0; it < 60; it++) {
    const end = v + w;
    let rate = extra !== undefined && end > extra.lo && v < extra.hi ? extra.rate : 0;
    for (let j = 0; j < arms.length; j++) {
      if (end < activeLo[j]! || v > activeHi[j]!) continue;
      const a = arms[j]!;
      const d0 = Math.max(v, activeLo[j]!) + delta[j]!;
      const d1 = Math.min(end, activeHi[j]!) + delta[j]!;
      const s = Math.max(Math.abs(armSlope(a, d0)), Math.abs(armSlope(a, d1)));
      const half = Math.log(a.beta / a.alpha); // x = ½ there
      const c = half > d0 && half < d1 ? (a.alpha + a.beta) / 4 : Math.max(armCurvature(a, d0), armCurvature(a, d1));
      const r = s + 2 * Math.sqrt(c);
      if (r > rate) rate = r;
    }
    if (rate * w <= variation) return w;
    w = Math.max(variation / rate, w / 4);
  }
  return w;
}

/**
 * Builds the grid over [lo, hi] for `arms` at offsets `delta` (d_k = v + Δ_k); arm k exists only
 * on [activeLo[k], activeHi[k]]: it shapes the panels there, and elsewhere its density is taken
 * as 0 (the caller has shown it negligible). `extra` adds a rate to the panels' bound on part of
 * the range (a factor of the integrand other than the densities). Reuses one
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
  extra?: ExtraRate,
): LogitGrid {
  const rule = gaussLegendre();
  const k = arms.length;
  // count the panels first (cheap: slopes only), so the scratch is sized once
  let panels = 0;
  let v = lo;
  while (v < hi && panels < MAX_PANELS) {
    let rate = extra !== undefined && v >= extra.lo && v < extra.hi ? extra.rate : 0;
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
    if (w > WIDTH_CHECKED && panels < MAX_PANELS - 1)
      w = checkedWidth(arms, delta, activeLo, activeHi, v, w, variation, extra);
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
 * first end (given by the caller; none by default). Returns ln of the mass at the grid's other end.
 * The scale only grows in the direction of accumulation (the largest ln g met so far), so nothing
 * overflows, and a mass far below 1e-308 keeps its digits. Reads the rule's integration matrix.
 * With `density` and `top`, also writes each node's density relative to its panel's largest,
 * density[i] = e^{ln g_i − top[p]} (top[p] = −Infinity and density 0 where the arm is absent). @internal
 */
export function cumulative(
  grid: LogitGrid,
  k: number,
  fromLeft: boolean,
  out: Float64Array,
  scale: Float64Array,
  logStart = -Infinity,
  density?: Float64Array,
  top?: Float64Array,
): number {
  const rule = gaussLegendre();
  const weights = rule.weights;
  const q = fromLeft ? rule.cumulative : rule.remaining;
  const m = GL_POINTS;
  const base = k * grid.capacity;
  const logs = grid.logs;
  const g = PANEL;
  // the mass beyond the grid's first end, e^{logStart} (none by default)
  let mass = logStart > -Infinity ? 1 : 0;
  let e = logStart;
  for (let step = 0; step < grid.panels; step++) {
    const p = fromLeft ? step : grid.panels - 1 - step;
    const o = p * m;
    let peak = -Infinity;
    for (let j = 0; j < m; j++) {
      const l = logs[base + o + j]!;
      if (l > peak) peak = l;
    }
    if (top !== undefined) top[p] = peak;
    if (peak > e) {
      mass = mass === 0 ? 0 : mass * Math.exp(e - peak);
      e = peak;
    }
    scale[p] = e;
    if (peak === -Infinity) {
      for (let i = 0; i < m; i++) out[o + i] = mass;
      if (density !== undefined) density.fill(0, o, o + m);
      continue;
    }
    const h = grid.half[p]!;
    // the panel's densities in its own scale e^{peak}, then in the running scale e^{e}
    const down = Math.exp(peak - e);
    let total = 0;
    for (let j = 0; j < m; j++) {
      const own = Math.exp(logs[base + o + j]! - peak);
      if (density !== undefined) density[o + j] = own;
      const gj = own * down;
      g[j] = gj;
      total += weights[j]! * gj;
    }
    panelIntegrals(q, g, out, o, mass, h);
    mass += h * total;
  }
  return Math.log(mass) + e;
}

/**
 * out[o + i] = mass + h·max(Σ_j q[i·m + j]·g[j], 0) for the m = 20 nodes of a panel: the
 * integration matrix times the panel's densities, with the densities held in locals (the sums in
 * the order of the plain loop, so the results are the same to the bit; 2–3× faster in V8).
 */
function panelIntegrals(q: Float64Array, g: Float64Array, out: Float64Array, o: number, mass: number, h: number): void {
  if (GL_POINTS !== 20) {
    for (let i = 0, r = 0; i < GL_POINTS; i++, r += GL_POINTS) {
      let s = 0;
      for (let j = 0; j < GL_POINTS; j++) s += q[r + j]! * g[j]!;
      out[o + i] = mass + h * Math.max(s, 0);
    }
    return;
  }
  const g0 = g[0]!;
  const g1 = g[1]!;
  const g2 = g[2]!;
  const g3 = g[3]!;
  const g4 = g[4]!;
  const g5 = g[5]!;
  const g6 = g[6]!;
  const g7 = g[7]!;
  const g8 = g[8]!;
  const g9 = g[9]!;
  const g10 = g[10]!;
  const g11 = g[11]!;
  const g12 = g[12]!;
  const g13 = g[13]!;
  const g14 = g[14]!;
  const g15 = g[15]!;
  const g16 = g[16]!;
  const g17 = g[17]!;
  const g18 = g[18]!;
  const g19 = g[19]!;
  for (let i = 0, r = 0; i < 20; i++, r += 20) {
    const s =
      q[r]! * g0 +
      q[r + 1]! * g1 +
      q[r + 2]! * g2 +
      q[r + 3]! * g3 +
      q[r + 4]! * g4 +
      q[r + 5]! * g5 +
      q[r + 6]! * g6 +
      q[r + 7]! * g7 +
      q[r + 8]! * g8 +
      q[r + 9]! * g9 +
      q[r + 10]! * g10 +
      q[r + 11]! * g11 +
      q[r + 12]! * g12 +
      q[r + 13]! * g13 +
      q[r + 14]! * g14 +
      q[r + 15]! * g15 +
      q[r + 16]! * g16 +
      q[r + 17]! * g17 +
      q[r + 18]! * g18 +
      q[r + 19]! * g19;
    out[o + i] = mass + h * Math.max(s, 0);
  }
}
