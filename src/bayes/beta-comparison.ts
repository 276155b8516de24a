/**
 * P(p_a > p_b), the expected losses E[(p_b − p_a)⁺] and E[(p_a − p_b)⁺] for independent
 * p_a ~ Beta(α_a, β_a), p_b ~ Beta(α_b, β_b), by deterministic quadrature (no Monte Carlo).
 *
 * Method: on the logit scale (`logit-grid.ts`) both densities are log-concave. Let Y be the arm
 * with the higher mean and X the other (the order is that of α_Y β_X − α_X β_Y ≥ 0, exact in
 * double-double). The smaller probability and the smaller loss are computed directly, as
 * integrals of positive terms only:
 *
 *   P(p_Y < p_X) = ∫ g_X(u)·F_Y(u) du,      E[(p_X − p_Y)⁺] = ∫ F_Y(u)·S_X(u)·x(1 − x) du,
 *
 * (the second from (p_X − p_Y)⁺ = ∫ 1{p_Y < t < p_X} dt, t = x(u)); F_Y and S_X are cumulative
 * integrals read at every node from the same panel values (the rule's integration matrix). The
 * others follow without cancellation: P(p_Y > p_X) = 1 − P(p_Y < p_X) and
 * E[(p_Y − p_X)⁺] = (μ_Y − μ_X) + E[(p_X − p_Y)⁺], with μ_Y − μ_X = (α_Y β_X − α_X β_Y)/(n_X n_Y).
 * The range is centred on the peak of g_X·g_Y (x* = (α_X + α_Y)/(n_X + n_Y), exact) and reaches
 * where that product has fallen e^{-36} below its peak; Y's mass left of the range (F_Y at its
 * start) and X's right of it are, for arms whose α, β are all ≥ 1000, closed forms (incomplete
 * beta function and partial means, `logPartialMean`), and otherwise integrated with the one arm
 * alone, out to where it has fallen e^{-36} below its value at the range's end: what is cut off
 * is below 1e-15 of the integrand. Arms far apart (each far in its tail where the other lives) are
 * integrated around the product's peak alone (`far-apart.ts`). Errors measured against mpmath at 50 digits
 * (test/compare-rates.test.ts, docs/bayes-conjugate-notes.md). @internal
 */
import { type DD, ddDivNumber, ddMul, ddSub, ddToNumber } from "../ddouble.js";
import { logBetaFactor } from "../distributions/beta-prefactor.js";
import { type BetaTails, incompleteBeta } from "../distributions/incomplete-beta.js";
import {
  armCurvature,
  armEnd,
  armLogRatio,
  armRate,
  armSlope,
  buildGrid,
  cumulative,
  type LogitArm,
  logitArm,
  PANEL_VARIATION,
  WIDE_PANEL_VARIATION,
} from "./logit-grid.js";
import { GL_POINTS } from "../distributions/gauss-legendre.js";
import { farSmallSide } from "./far-apart.js";

/**
 * What is cut off at each end of the range, relative to the integrand near its peak: e^{-36}
 * (2e-16, far below the 1e-10 relative asked of the smaller side and loss; 8 panels instead of 10
 * at counts of 1e9).
 */
const MARGIN = 36;
/** Smallest α, β of both arms for the closed-form masses beyond the range. */
const CLOSED_TAILS = 1000;
/**
 * The loss integrand carries x(1 − x), whose log changes at a rate |1 − 2x| ≤ 1 in u: the panels
 * count it beside the arms' own rates where |u| ≤ LOSS_REACH (beyond, x(1 − x) < e^{-60} and what
 * lies there is below 2e^{-60} absolute). Without it, arms with β ≪ 1, whose densities are nearly
 * flat where x(1 − x) falls as e^{-u}, lost 7e-10 of the loss.
 */
const LOSS_REACH = 60;
/** No mass beyond the grid (the cumulative sums start from 0). */
const NO_TAILS: BetaTails = [0, 0, -Infinity, -Infinity];

/** The comparison of two Beta arms. @internal */
export interface BetaComparison {
  /** P(p_a > p_b) and ln of it. */
  readonly chanceToWin: number;
  readonly logChanceToWin: number;
  /** ln P(p_a < p_b). */
  readonly logChanceToLose: number;
  /** E[(p_b − p_a)⁺] (risk of shipping a) and E[(p_a − p_b)⁺] (of shipping b). */
  readonly lossA: number;
  readonly lossB: number;
}

let cumY = /* @__PURE__ */ new Float64Array(0);
let cumX = /* @__PURE__ */ new Float64Array(0);
let scaleY = /* @__PURE__ */ new Float64Array(0);
let scaleX = /* @__PURE__ */ new Float64Array(0);
let topX = /* @__PURE__ */ new Float64Array(0);
let densityX = /* @__PURE__ */ new Float64Array(0);

/** α_y β_x − α_x β_y as a double-double (exact to ~2^-104 relative). @internal */
export function crossProduct(ay: DD, by: DD, ax: DD, bx: DD): DD {
  return ddSub(ddMul(ay, bx), ddMul(ax, by));
}

/** ln(num/den) for num = den + k (k = num − den known accurately). */
function logRatio(k: number, den: number, num: number): number {
  const q = k / den;
  return Math.abs(q) < 0.5 ? Math.log1p(q) : Math.log(num) - Math.log(den);
}

/** ln(e^a + e^b). */
function logAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/** ln g_X(v + Δ) + ln g_Y(v) − (their peaks), its slope and curvature in v. */
function productAt(x: LogitArm, y: LogitArm, delta: number, v: number): [number, number, number] {
  const f = armLogRatio(x, v + delta) + armLogRatio(y, v);
  const s = armSlope(x, v + delta) + armSlope(y, v);
  const c = armCurvature(x, v + delta) + armCurvature(y, v);
  return [f, s, c];
}

/**
 * Where ln(g_X·g_Y) has fallen MARGIN below its value at its peak v* on each side (Newton's
 * method on a concave function, approaching from outside: the range is never too short).
 */
function productRange(x: LogitArm, y: LogitArm, delta: number, vStar: number): [number, number] {
  const [top, , curv] = productAt(x, y, delta, vStar);
  const ends: [number, number] = [vStar, vStar];
  for (const side of [-1, 1] as const) {
    let v = vStar + side * Math.sqrt((2 * MARGIN) / curv);
    for (let it = 0; it < 40; it++) {
      const [f, s] = productAt(x, y, delta, v);
      const step = (f - top + MARGIN) / s;
      if (!Number.isFinite(step) || s === 0) break;
      v -= step;
      if (Math.abs(f - top + MARGIN) < 0.25 && side * step <= 0) break;
    }
    ends[side < 0 ? 0 : 1] = v;
  }
  return ends;
}

/**
 * The small side for X below Y: ln P(p_Y < p_X) and ln E[(p_X − p_Y)⁺]. `k` = α_Y β_X − α_X β_Y ≥ 0.
 */
function smallSide(x: LogitArm, y: LogitArm, k: number): [number, number] {
  // Δ = u_Y − u_X = ln(α_Y β_X/(β_Y α_X)): X's offset from Y's peak is d_X = v + Δ
  const bYaX = y.beta * x.alpha;
  const delta = logRatio(k, bYaX, y.alpha * x.beta);
  // peak of g_X·g_Y at x* = (α_X + α_Y)/(n_X + n_Y): v* = ln(x*/(1 − x*)) − u_Y
  const den = (x.beta + y.beta) * y.alpha;
  const vStar = logRatio(-k, den, (x.alpha + y.alpha) * y.beta);
  // the integrand lives where g_X·g_Y is within e^{-MARGIN} of its peak: [lo, hi] (both arms
  // shape the panels there); F_Y(lo) and S_X(hi) come from Y alone on its left and X alone on
  // its right, out to where each has fallen e^{-MARGIN} below its value at lo (hi)
  const [lo, hi] = productRange(x, y, delta, vStar);
  // each arm far in its tail at v*: the integrands around the peak of g_X·g_Y alone (`far-apart.ts`)
  const far = farSmallSide(x, y, delta, vStar, lo, hi);
  if (far !== undefined) return far;
  // beyond the range one arm's density alone matters. With every parameter ≥ CLOSED_TAILS the
  // arms are far from 0 and 1 and their masses there come from the incomplete beta function
  // (F_Y(lo), S_X(hi)) and the one-arm pieces of the integrals in closed form (logPartialMean);
  // otherwise Y is integrated alone left of lo and X alone right of hi, out to where each has
  // fallen e^{-MARGIN} below its value at the range's end
  const closed = Math.min(x.alpha, x.beta, y.alpha, y.beta) >= CLOSED_TAILS;
  let tailY: BetaTails = NO_TAILS;
  let tailX: BetaTails = NO_TAILS;
  let xl = 0;
  let yl = 0;
  let gl = 0;
  let xh = 0;
  let yh = 0;
  let gh = 0;
  let yStart = lo;
  let xEnd = hi;
  if (closed) {
    [xl, yl, gl] = armRate(y, lo);
    tailY = incompleteBeta(xl, yl, y.alpha, y.beta);
    [xh, yh, gh] = armRate(x, hi + delta);
    tailX = incompleteBeta(xh, yh, x.alpha, x.beta);
  } else {
    yStart = Math.min(lo, armEnd(y, -1, MARGIN - armLogRatio(y, lo)));
    xEnd = Math.max(hi, armEnd(x, 1, MARGIN - armLogRatio(x, hi + delta)) - delta);
  }
  const variation = closed ? WIDE_PANEL_VARIATION : PANEL_VARIATION;
  // u = v + u_Y, u_Y = ln(α_Y/β_Y) the logit of Y's peak
  const uY = Math.log(y.alpha) - Math.log(y.beta);
  const extra = { rate: 1, lo: -LOSS_REACH - uY, hi: LOSS_REACH - uY };
  const grid = buildGrid([x, y], [delta, 0], yStart, xEnd, [lo, yStart], [xEnd, hi], variation, extra);
  const n = grid.count;
  const panels = grid.panels;
  if (cumY.length < n) {
    cumY = new Float64Array(grid.capacity);
    cumX = new Float64Array(grid.capacity);
    densityX = new Float64Array(grid.capacity);
  }
  if (scaleY.length < panels) {
    scaleY = new Float64Array(2 * panels);
    scaleX = new Float64Array(2 * panels);
    topX = new Float64Array(2 * panels);
  }
  const logFyHi = cumulative(grid, 1, true, cumY, scaleY, tailY[2]); // F_Y = cumY·e^{scaleY}
  // S_X = cumX·e^{scaleX}; g_X = densityX·e^{topX} (each panel in its own scale)
  const logSxLo = cumulative(grid, 0, false, cumX, scaleX, tailX[3], densityX, topX);
  // sums of positive terms, panel by panel, each panel in its own scale e^{u}
  const p = new ScaledSum();
  const loss = new ScaledSum();
  for (let q = 0; q < panels; q++) {
    const o = q * GL_POINTS;
    const tx = topX[q]!;
    let ps = 0;
    let ls = 0;
    for (let i = o; i < o + GL_POINTS; i++) {
      const fy = cumY[i]!;
      if (fy === 0) continue;
      const w = grid.weight[i]!;
      ps += w * densityX[i]! * fy;
      // x(1 − x) at the node, from Y's peak: x_m y_m e^v / (y_m + x_m e^v)²
      const v = grid.v[i]!;
      const e = Math.exp(-Math.abs(v));
      const d = v < 0 ? y.ym + y.xm * e : y.xm + y.ym * e;
      ls += ((w * fy * cumX[i]! * (y.xm * y.ym)) / (d * d)) * e;
    }
    if (ps > 0) p.add(ps, tx + scaleY[q]!);
    if (ls > 0) loss.add(ls, scaleX[q]! + scaleY[q]!);
  }
  // right of hi: ∫ g_X F_Y ≈ F_Y(hi)·S_X(hi) and ∫ F_Y S_X dt ≈ F_Y(hi)·E[(p_X − t_hi)⁺];
  // left of lo: ∫ F_Y S_X dt ≈ S_X(lo)·E[(t_lo − p_Y)⁺] (what is left out is below
  // S_X(hi)·S_Y(hi) and F_X(lo)·F_Y(lo), e^{-MARGIN} of the product's peak, as before)
  if (closed) {
    p.add(1, logFyHi + tailX[3]);
    const lx = logPartialMean(x, xh, yh, -gh, tailX[3]);
    if (lx > -Infinity) loss.add(1, logFyHi + lx);
    const ly = logPartialMean(y, xl, yl, gl, tailY[2]);
    if (ly > -Infinity) loss.add(1, logSxLo + ly);
  }
  return [p.log(), loss.log()];
}

/**
 * ln E[(c − p)⁺] (gap = c − x_m < 0 side: pass lnT = ln F(c)) or ln E[(p − c)⁺] (pass −(c − x_m)
 * as `gap` and lnT = ln S(c)) for p ~ Beta(α, β): from I_c(α + 1, β) = I_c(α, β) − c^α(1 − c)^β/(α·B),
 * E = T·(gap + x_m·c^α(1 − c)^β/(α·B·T)). The two terms cancel by about 1/z² (z the distance
 * from the mean in sds): two digits at the range's ends. −Infinity when rounding leaves no positive value.
 */
function logPartialMean(arm: LogitArm, c: number, oneMinusC: number, gap: number, lnT: number): number {
  if (lnT === -Infinity) return -Infinity;
  const ratio = Math.exp(logBetaFactor(arm.alpha, arm.beta, c, oneMinusC) - lnT) / arm.alpha;
  const bracket = gap + arm.xm * ratio;
  return bracket > 0 ? lnT + Math.log(bracket) : -Infinity;
}

/** A sum of positive terms b·e^{eb} kept as value·e^{scale}, scale the largest exponent met. */
class ScaledSum {
  value = 0;
  scale = -Infinity;

  add(b: number, eb: number): void {
    if (this.value === 0 || eb >= this.scale) {
      this.value = b + (this.value === 0 ? 0 : this.value * Math.exp(this.scale - eb));
      this.scale = eb;
    } else this.value += b * Math.exp(eb - this.scale);
  }

  /** ln of the sum. */
  log(): number {
    return Math.log(this.value) + this.scale;
  }
}

/** The order of (α_a, β_a) and (α_b, β_b), lexicographic on the double-doubles: −1, 0 or 1. */
function compareParameters(aa: DD, ba: DD, ab: DD, bb: DD): number {
  for (const [x, y] of [
    [aa.hi, ab.hi],
    [aa.lo, ab.lo],
    [ba.hi, bb.hi],
    [ba.lo, bb.lo],
  ] as const) {
    if (x !== y) return x > y ? 1 : -1;
  }
  return 0;
}

/**
 * The comparison of Beta(α_a, β_a) with Beta(α_b, β_b) (positive, finite parameters as
 * double-doubles). @internal
 */
export function compareBetas(aa: DD, ba: DD, ab: DD, bb: DD): BetaComparison {
  const k = crossProduct(aa, ba, ab, bb); // α_a β_b − α_b β_a: ≥ 0 when a has the higher mean
  const armA = logitArm(ddToNumber(aa), ddToNumber(ba));
  const armB = logitArm(ddToNumber(ab), ddToNumber(bb));
  // Equal means: which side is integrated is decided by the parameters, so that swapping the arms
  // swaps the answers exactly; identical arms give ½ exactly.
  const tie = k.hi === 0 && k.lo === 0;
  const order = tie ? compareParameters(aa, ba, ab, bb) : 0;
  const aHigher = tie ? order >= 0 : k.hi >= 0;
  const kk = Math.abs(ddToNumber(k));
  const [side, logLossSmall] = aHigher ? smallSide(armB, armA, kk) : smallSide(armA, armB, kk);
  const logSmall = tie && order === 0 ? -Math.LN2 : side;
  const small = tie && order === 0 ? 0.5 : Math.exp(logSmall);
  const lossSmall = Math.exp(logLossSmall);
  // μ_high − μ_low = k/(n_a n_b)
  const meanGap = ddToNumber(
    ddDivNumber(
      ddDivNumber({ hi: Math.abs(k.hi), lo: k.hi < 0 ? -k.lo : k.lo }, armA.alpha + armA.beta),
      armB.alpha + armB.beta,
    ),
  );
  const lossBig = meanGap + lossSmall;
  const logBig = tie && order === 0 ? -Math.LN2 : Math.log1p(-small) + 0; // +0, not −0, when small is 0
  return aHigher
    ? { chanceToWin: 1 - small, logChanceToWin: logBig, logChanceToLose: logSmall, lossA: lossSmall, lossB: lossBig }
    : { chanceToWin: small, logChanceToWin: logSmall, logChanceToLose: logBig, lossA: lossBig, lossB: lossSmall };
}

export { logAdd };
