/**
 * The upper tail Q = P(a·T₁ + b·T₂ > δ) and the excess E[(a·T₁ + b·T₂ − δ)⁺] of the sum of two
 * independent scaled Student t variables (δ ≥ 0, so Q ≤ ½), in log form, by adaptive quadrature.
 *
 * Method. Write A = a·T₁ (density f_A, survival S_A), B = b·T₂, and let c ∈ [0, δ] be a crossing
 * point: a stationary point of the joint density f_B(y)·f_A(δ − y) on the line A + B = δ, found by
 * bisection of its log-derivative (closed form). Splitting {A + B > δ} at B = c and A = δ − c gives
 *   Q = ∫_{y<c} f_B(y)·S_A(δ − y) dy + ∫_{x<δ−c} f_A(x)·S_B(δ − x) dx + S_B(c)·S_A(δ − c),
 * (the same with S replaced by the excess G(z) = E[(· − z)⁺] for the expected loss), so
 * - every survival function is taken at a non-negative argument, where it is computed in its tail;
 * - neither integral has a single heavy tail: as y → −∞ both factors decay, like |y|^(−ν₁−ν₂−1);
 * - the mass near the crossing point sits at the end of both ranges, where nodes cluster.
 * Each range is cut at the density's centre 0 and at a point m between 0 and the end e, and mapped by
 * y = ±w·sinh u from 0 (w = that arm's scale) and from e (w = the smallest of both scales and the
 * curvature scale at c), so a feature of scale w at distance d costs O(log(d/w)) in u, for heavy
 * and light tails alike. The integrand is evaluated as ln f + ln S (`tLogSf`), relative to a common
 * scale e^M, so nothing underflows at any Q (ln Q is finite for any finite input).
 * Panels of the 15-point Gauss–Kronrod rule (7-point Gauss embedded) are bisected, worst first, until
 * Σ|K − G| ≤ 10⁻¹⁵·(K sum); the left tails are extended panel by panel until the bound
 * ∫_{−∞}^{y} f_B(·)S_A(δ − ·) ≤ F_B(y)·S_A(δ − y) (monotone factors) is below 10⁻¹⁸ of the sum, and that
 * bound is added to the error. The Kronrod sum is returned; `relativeError` is the (pessimistic)
 * bound Σ|K − G| + tails over the sum. References: Piessens et al., QUADPACK (1983), QK15/QAG.
 * @internal
 */
import { logGammaRatioHalfScaled } from "../distributions/gamma-ratio.js";
import { tLogSf } from "../distributions/t-distribution.js";

/** One scaled t: degrees of freedom and scale. */
export interface ScaledT {
  readonly df: number;
  readonly scale: number;
}

/** The result of `tSumTail`. */
export interface SumTail {
  /** ln Q. */
  readonly logTail: number;
  /** Q = P(a·T₁ + b·T₂ > δ) (0 where it underflows: see `logTail`). */
  readonly tail: number;
  /** E[(a·T₁ + b·T₂ − δ)⁺] (NaN unless requested and both df > 1; 0 where it underflows: see `logExcess`). */
  readonly excess: number;
  /** ln E[(a·T₁ + b·T₂ − δ)⁺] (−∞ where the excess is 0; NaN with `excess`). */
  readonly logExcess: number;
  /** Bound on the relative quadrature error of Q (and of the excess), from the Kronrod/Gauss difference. */
  readonly relativeError: number;
  /** Integrand evaluations. */
  readonly evaluations: number;
}

const XGK = [
  0.9914553711208126, 0.9491079123427585, 0.8648644233597691, 0.7415311855993945, 0.5860872354676911,
  0.4058451513773972, 0.2077849550078985, 0,
];
const WGK = [
  0.02293532201052922, 0.06309209262997854, 0.1047900103222502, 0.1406532597155259, 0.1690047266392679,
  0.1903505780647854, 0.2044329400752989, 0.2094821410847278,
];
/** Gauss weights of the nodes XGK[1], XGK[3], XGK[5], XGK[7]. */
const WG = [0.1294849661688697, 0.2797053914892767, 0.3818300505051189, 0.4179591836734694];
const LN_SQRT_2PI = 0.9189385332046728;
const REL_TOL = 2e-14;
const TAIL_TOL = /* @__PURE__ */ Math.log(1e-16);
const EPS = 2.220446049250313e-16;
const TAIL_STEP = 1.5;
/**
 * A bound on the work per call (the error bound is reported when it stops there): light tails need
 * 180–300 evaluations, tails of df ≪ 1 or centres 10¹⁵ scales apart up to ~3000.
 */
const MAX_EVALUATIONS = 6000;
const LOG_SMALLEST_NORMAL = -708;
/** Below this ratio of the scales the narrow arm is taken as a point. */
const NEGLIGIBLE_SCALE = 1e-200;
/** u beyond which sinh would overflow (the left tails of df ≪ 1 stop here). */
const MAX_U = 700;

/** A scaled t with its log-density constant. */
interface Arm {
  df: number;
  scale: number;
  /** ln f(0) of the scaled variable: ln(Γ((ν+1)/2)/(Γ(ν/2)√(νπ))) − ln scale. */
  logPeak: number;
  /** Whether the excess is finite (ν > 1). */
  finiteMean: boolean;
}

function armOf(t: ScaledT): Arm {
  return {
    df: t.df,
    scale: t.scale,
    logPeak: logGammaRatioHalfScaled(t.df / 2) - LN_SQRT_2PI - Math.log(t.scale),
    finiteMean: t.df > 1,
  };
}

function logDensity(arm: Arm, x: number): number {
  const z = x / arm.scale;
  const w = (z * z) / arm.df;
  // ln(1 + z²/ν) also where z² overflows
  const log1pw = Number.isFinite(w) ? Math.log1p(w) : 2 * Math.log(Math.abs(z)) - Math.log(arm.df);
  return arm.logPeak - ((arm.df + 1) / 2) * log1pw;
}

/** d/dx ln f(x) and d²/dx² ln f(x) of a scaled t. */
function logSlope(arm: Arm, x: number): number {
  const v = arm.df * arm.scale * arm.scale;
  return (-(arm.df + 1) * x) / (v + x * x);
}
function logCurvature(arm: Arm, x: number): number {
  const v = arm.df * arm.scale * arm.scale;
  const d = v + x * x;
  return (-(arm.df + 1) * (v - x * x)) / (d * d);
}

/**
 * G(z)/S(z) for a scaled t at z ≥ 0, with G(z) = E[(X − z)⁺] = s·((ν + c²)/(ν − 1)·f(c) − c·S(c)),
 * c = z/s, from ln f(c) and ln S(c) (standardized).
 */
function excessRatio(arm: Arm, z: number, logS: number): number {
  const c = z / arm.scale;
  const hazard = Math.exp(logDensity(arm, z) + Math.log(arm.scale) - logS);
  // (≥ 0; for c ≥ 1 arranged so that nothing overflows for huge c, where c·hazard → ν)
  if (c < 1) return Math.max(0, arm.scale * (((arm.df + c * c) / (arm.df - 1)) * hazard - c));
  return Math.max(0, arm.scale * c * (((arm.df / c / c + 1) / (arm.df - 1)) * (c * hazard) - 1));
}

/** The size of the terms that cancel in `excessRatio` (its rounding is ~ε times this). */
function excessRatioSize(z: number, ratio: number): number {
  return Math.abs(ratio) + 2 * Math.abs(z);
}

/** One integration range: ∫_{y<end} f_D(y)·S_S(δ − y) dy, cut into sinh-mapped segments. */
interface Range {
  dens: Arm;
  surv: Arm;
  end: number;
  endWidth: number;
}

/** A segment y = origin + sign·width·sinh(u), u ∈ [0, uMax], of a range. */
interface Segment {
  range: Range;
  origin: number;
  sign: number;
  width: number;
}

/** A panel [u0, u1] of a segment with its Kronrod sums (scaled by e^−M) and error estimates. */
interface Panel {
  seg: Segment;
  u0: number;
  u1: number;
  k: number;
  err: number;
  /** Rounding of the node values: each is e^l, l = ln f + ln S + ln J, good to ~ε·(|ln f| + |ln S| + |ln J| + 1). */
  noise: number;
  kLoss: number;
  errLoss: number;
  noiseLoss: number;
}

/** The bisection point of the crossing point's equation d/dy ln(f_B(y)·f_A(δ − y)) = 0 in [0, δ]. */
function crossingPoint(a: Arm, b: Arm, delta: number): number {
  let lo = 0;
  let hi = delta;
  for (let i = 0; i < 200 && hi - lo > 0; i++) {
    const mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) break;
    if (logSlope(b, mid) - logSlope(a, delta - mid) > 0) lo = mid;
    else hi = mid;
  }
  return lo + (hi - lo) / 2;
}

class Integrator {
  scale: number;
  evaluations = 0;
  overflow = false;
  maxLog = -Infinity;
  readonly loss: boolean;
  readonly delta: number;
  /** The unit of the excess factors G/S (see `lossUnitOf`). */
  readonly lossUnit: number;
  constructor(delta: number, scale: number, loss: boolean, lossUnit: number) {
    this.delta = delta;
    this.scale = scale;
    this.loss = loss;
    this.lossUnit = lossUnit;
  }

  /** ln of the integrand (with the Jacobian) at u, and the excess factor G/S through `ratio`. */
  panel(seg: Segment, u0: number, u1: number): Panel {
    const half = (u1 - u0) / 2;
    const centre = u0 + half;
    let k = 0;
    let g = 0;
    let kl = 0;
    let gl = 0;
    let noise = 0;
    let noiseLoss = 0;
    const { dens, surv } = seg.range;
    for (let i = 0; i < 15; i++) {
      const j = i < 8 ? i : 14 - i;
      const x = i < 8 ? -XGK[j]! : XGK[j]!;
      const u = centre + half * x;
      const y = seg.origin + seg.sign * seg.width * Math.sinh(u);
      const z = this.delta - y;
      const logS = tLogSf(z / surv.scale, surv.df);
      const logF = logDensity(dens, y);
      const logJ = Math.log(seg.width * Math.cosh(u));
      const l = logF + logS + logJ - this.scale;
      // each of the three logarithms is good to a few ε of its own size, also where they cancel
      const size = Math.abs(logF) + Math.abs(logS) + Math.abs(logJ) + 1;
      if (l > 600) {
        this.overflow = true;
        if (l + this.scale > this.maxLog) this.maxLog = l + this.scale;
      }
      const v = Math.exp(l);
      this.evaluations++;
      const wk = WGK[j]!;
      k += wk * v;
      noise += wk * v * size;
      const gauss = j % 2 === 1 ? WG[(j - 1) / 2]! : 0;
      g += gauss * v;
      if (this.loss) {
        const ratio = excessRatio(surv, z, logS) / this.lossUnit;
        const vl = v * ratio;
        kl += wk * vl;
        noiseLoss += wk * v * (Math.abs(ratio) * size + excessRatioSize(z, ratio * this.lossUnit) / this.lossUnit);
        gl += gauss * vl;
      }
    }
    return {
      seg,
      u0,
      u1,
      k: k * half,
      err: quadpackError(k - g, k) * half,
      noise: 4 * EPS * noise * half,
      kLoss: kl * half,
      errLoss: quadpackError(kl - gl, kl) * half,
      noiseLoss: 16 * EPS * noiseLoss * half,
    };
  }
}

/**
 * The error of the Kronrod sum from its difference d to the Gauss sum, for a non-negative integrand
 * with Kronrod sum k: |d|·min(1, 200|d|/k). The 15-point sum is exact to degree 22 and the 7-point one
 * to degree 13, so |d| overstates the Kronrod error; QUADPACK's QK15 scales it by (200|d|/k)^1.5, which
 * was measured to under-state it on a coarse tail panel (ln Q 1.2e-12 off against mpmath), so the power
 * here is 1.
 */
function quadpackError(d: number, k: number): number {
  const a = Math.abs(d);
  if (!(k > 0)) return a;
  return a * Math.min(1, (200 * a) / k);
}

/** ln of the tail bound F_D(y)·S_S(δ − y) beyond y ≤ 0 of a left tail (and the excess factor, in `lossUnit`s). */
function logTailBound(range: Range, y: number, delta: number, lossUnit: number): [number, number] {
  const logS = tLogSf((delta - y) / range.surv.scale, range.surv.df);
  const l = tLogSf(-y / range.dens.scale, range.dens.df) + logS;
  return [l, excessRatio(range.surv, delta - y, logS) / lossUnit];
}

/**
 * The unit in which the excess factors G/S are summed: max(δ, the larger scale). G(z)/S(z) grows like
 * z/(ν − 1), so over the region that holds the mass it is of the order of δ plus the scales; in this
 * unit the loss integrand is of the size of Q's, and neither overflows where δ is up to 1.8e308 times
 * the scales.
 */
function lossUnitOf(a: Arm, b: Arm, delta: number): number {
  return Math.max(delta, a.scale, b.scale);
}

/** e^scale·unit·sum and its logarithm, the product formed directly while it is a normal double. */
function scaledExcess(scale: number, unit: number, sum: number): { excess: number; logExcess: number } {
  if (!(sum > 0)) return { excess: 0, logExcess: -Infinity };
  const logExcess = scale + Math.log(unit) + Math.log(sum);
  const direct = Math.exp(scale) * unit * sum;
  const normal = direct >= 2.2250738585072014e-308 && direct < Infinity && scale > LOG_SMALLEST_NORMAL;
  return { excess: normal ? direct : Math.exp(logExcess), logExcess };
}

function sumOf(panels: Panel[], key: "k" | "err" | "noise" | "kLoss" | "errLoss" | "noiseLoss"): number {
  let s = 0;
  for (const p of panels) s += p[key];
  return s;
}

/**
 * Q = P(a·T₁ + b·T₂ > δ) for δ ≥ 0, and optionally the excess E[(a·T₁ + b·T₂ − δ)⁺].
 * The two arms enter symmetrically (swapping them gives the same result bit for bit).
 * `logUnit`: ln of the unit the caller multiplies the excess by (the excess is refined while it is a
 * normal double in that unit).
 * @internal
 */
export function tSumTail(first: ScaledT, second: ScaledT, delta: number, withExcess: boolean, logUnit = 0): SumTail {
  // Canonical order: b is the arm with the larger scale (then the larger df).
  const swap = first.scale > second.scale || (first.scale === second.scale && first.df > second.df);
  const a = armOf(swap ? second : first);
  const b = armOf(swap ? first : second);
  const loss = withExcess && a.finiteMean && b.finiteMean;
  if (a.scale < NEGLIGIBLE_SCALE * b.scale || !Number.isFinite(delta / a.scale)) {
    // The narrow arm is a point next to the wide one (scale ratio below 1e-200): Q = S_B(δ).
    const logS = tLogSf(delta / b.scale, b.df);
    const unit = lossUnitOf(a, b, delta);
    const excess = loss ? scaledExcess(logS, unit, excessRatio(b, delta, logS) / unit) : undefined;
    return {
      logTail: logS,
      tail: Math.exp(logS),
      excess: excess?.excess ?? Number.NaN,
      logExcess: excess?.logExcess ?? Number.NaN,
      relativeError: a.scale / b.scale,
      evaluations: 1,
    };
  }
  const c = delta > 0 ? crossingPoint(a, b, delta) : 0;
  const curvature = logCurvature(b, c) + logCurvature(a, delta - c);
  const narrow = Math.min(a.scale, b.scale, curvature < 0 ? 1 / Math.sqrt(-curvature) : Infinity);
  const ranges: Range[] = [
    { dens: b, surv: a, end: c, endWidth: narrow },
    { dens: a, surv: b, end: delta - c, endWidth: narrow },
  ];
  // The corner term S_B(c)·S_A(δ − c) (and its excess).
  const logSb = tLogSf(c / b.scale, b.df);
  const logSa = tLogSf((delta - c) / a.scale, a.df);
  const logCorner = logSb + logSa;
  const lossUnit = lossUnitOf(a, b, delta);
  const cornerLoss = loss ? (excessRatio(a, delta - c, logSa) + excessRatio(b, c, logSb)) / lossUnit : 0;
  let scale = logCorner;
  for (const r of ranges) {
    const l = logDensity(r.dens, r.end) + tLogSf((delta - r.end) / r.surv.scale, r.surv.df) + Math.log(r.endWidth);
    if (l > scale) scale = l;
  }
  for (let attempt = 0; ; attempt++) {
    const out = integrate(ranges, delta, scale, loss, lossUnit, logUnit, logCorner, cornerLoss);
    if (out.overflow && attempt < 3) {
      scale = out.maxLog;
      continue;
    }
    return out.result;
  }
}

function integrate(
  ranges: Range[],
  delta: number,
  scale: number,
  loss: boolean,
  lossUnit: number,
  logUnit: number,
  logCorner: number,
  cornerLoss: number,
): { result: SumTail; overflow: boolean; maxLog: number } {
  const q = new Integrator(delta, scale, loss, lossUnit);
  const panels: Panel[] = [];
  const tails: Segment[] = [];
  for (const r of ranges) {
    const e = r.end;
    if (e > 0) {
      // [0, m] from the density's centre, [m, e] from the end: a map of width w resolves, at distance d
      // from its origin, variations on the scale max(w, d); m is where the two maps resolve alike.
      const m = splitPoint(e, r.dens.scale, r.endWidth);
      addPanels(q, panels, { range: r, origin: 0, sign: 1, width: r.dens.scale }, Math.asinh(m / r.dens.scale));
      addPanels(q, panels, { range: r, origin: e, sign: -1, width: r.endWidth }, Math.asinh((e - m) / r.endWidth));
    }
    tails.push({ range: r, origin: 0, sign: -1, width: Math.min(r.dens.scale, r.endWidth) });
  }
  const corner = Math.exp(logCorner - scale);
  let tailErr = 0;
  let tailErrLoss = 0;
  let remainder = 0;
  let remainderNoise = 0;
  for (const seg of tails) {
    let u = 0;
    let step = TAIL_STEP;
    for (;;) {
      const next = Math.min(u + step, MAX_U);
      panels.push(q.panel(seg, u, next));
      u = next;
      const y = -seg.width * Math.sinh(u);
      // heavy tails (ν₁ + ν₂ < 1) decay slowly in u: past every feature of the integrand, panels grow
      // to the scale 1/(ν₁ + ν₂) of that decay
      if (-y >= FEATURELESS * rangeSpan(seg.range, delta))
        step = Math.min(2 * step, TAIL_STEP * heavyStretch(seg.range));
      const [lb, ratio] = logTailBound(seg.range, y, delta, lossUnit);
      const bound = Math.exp(lb - scale);
      const total = corner + remainder + sumOf(panels, "k");
      const totalLoss = corner * cornerLoss + sumOf(panels, "kLoss");
      const small = lb - scale < TAIL_TOL + Math.log(total);
      const smallLoss = !loss || !(lb + Math.log(ratio) - scale >= TAIL_TOL + Math.log(totalLoss));
      if (small && smallLoss) {
        tailErr += bound;
        if (loss) tailErrLoss += bound * ratio;
        break;
      }
      const rest = loss ? undefined : powerTail(seg.range, y, delta, scale);
      if (rest !== undefined && rest.halfWidth <= Math.exp(TAIL_TOL) * total) {
        remainder += rest.mid;
        tailErr += rest.halfWidth;
        remainderNoise += rest.noise;
        break;
      }
      if (u >= MAX_U || q.evaluations >= MAX_EVALUATIONS || q.overflow) {
        tailErr += bound;
        if (loss) tailErrLoss += bound * ratio;
        break;
      }
    }
  }
  // Bisect the worst panel until the error estimate is small enough.
  for (;;) {
    const total = corner + remainder + sumOf(panels, "k");
    const err = sumOf(panels, "err") + tailErr;
    const noise = sumOf(panels, "noise") + remainderNoise;
    const totalLoss = corner * cornerLoss + sumOf(panels, "kLoss");
    const errLoss = sumOf(panels, "errLoss") + tailErrLoss;
    const noiseLoss = sumOf(panels, "noiseLoss");
    // the excess is only refined while it is a normal double (below, it is returned as 0 or subnormal)
    const lossMatters = loss && scale + Math.log(lossUnit) + Math.log(totalLoss) + logUnit > LOG_SMALLEST_NORMAL;
    let worst = -1;
    let worstErr = 0;
    for (let i = 0; i < panels.length; i++) {
      const p = panels[i]!;
      const e =
        Math.max(0, p.err - p.noise) / total + (lossMatters ? Math.max(0, p.errLoss - p.noiseLoss) / totalLoss : 0);
      if (e > worstErr) {
        worstErr = e;
        worst = i;
      }
    }
    const done =
      worst < 0 || (err <= REL_TOL * total + noise && (!lossMatters || errLoss <= REL_TOL * totalLoss + noiseLoss));
    if (done || q.evaluations >= MAX_EVALUATIONS || q.overflow) {
      const logTail = scale + Math.log(total);
      const excess = loss ? scaledExcess(scale, lossUnit, totalLoss) : undefined;
      const lossError = loss && totalLoss > 0 ? (errLoss + noiseLoss) / totalLoss : 0;
      return {
        overflow: q.overflow,
        maxLog: q.maxLog,
        result: {
          logTail,
          tail: Math.exp(logTail),
          excess: excess?.excess ?? Number.NaN,
          logExcess: excess?.logExcess ?? Number.NaN,
          relativeError: Math.max((err + noise) / total, lossError),
          evaluations: q.evaluations,
        },
      };
    }
    const p = panels[worst]!;
    const mid = (p.u0 + p.u1) / 2;
    panels[worst] = q.panel(p.seg, p.u0, mid);
    panels.push(q.panel(p.seg, mid, p.u1));
  }
}

/**
 * How much wider than `TAIL_STEP` the panels of a left tail may grow: 1/(ν₁ + ν₂) when that exceeds 1.
 * Far out the integrand in u decays like e^(−(ν₁+ν₂)·u), so a panel of width TAIL_STEP/(ν₁ + ν₂) sees
 * the variation a panel of width TAIL_STEP sees at ν₁ + ν₂ = 1.
 */
function heavyStretch(range: Range): number {
  return Math.max(1, 1 / (range.dens.df + range.surv.df));
}

/** |y| beyond which the left tail's integrand is taken as a power law (× the scales and δ). */
const POWER_REGION = 1e4;
/**
 * |y| (× the scales and δ) beyond which a left tail's integrand is a power law times 1 + O(span/|y|):
 * a panel there may be wide, while one that holds the bend near |y| ~ δ (a change of slope of ν in
 * ln |y|, not analytic at the panel's scale) defeats the Kronrod–Gauss error estimate.
 */
const FEATURELESS = 100;

/** max(s_D, s_S, δ): the extent of a range's features. */
function rangeSpan(range: Range, delta: number): number {
  return Math.max(range.dens.scale, range.surv.scale, delta);
}

/**
 * The mass ∫_{−∞}^{y} f_D(·)·S_S(δ − ·) of a left tail beyond y (scaled by e^−M), bracketed, where
 * |y| ≥ 10⁴·max(s_D, s_S, δ); undefined nearer in.
 * Method. With r = −y, the integrand g(r) = f_D(−r)·S_S(δ + r) has the local exponent
 * α(r) = −d ln g/d ln r = (ν_D + 1)·r²/(ν_D·s_D² + r²) + r·f_S(δ + r)/S_S(δ + r), which rises to
 * α∞ = ν_D + ν_S + 1 from below in the power-law region (both terms are r²/(c + r²) and, from the
 * asymptotic series of the t tail, ν·(1 − (ν + 1)ν/((ν + 2)z²) + …)·r/(δ + r)). Hence for r ≥ r₀
 * g(r₀)(r/r₀)^−α∞ ≤ g(r) ≤ g(r₀)(r/r₀)^−α(r₀) and the mass lies between g(r₀)·r₀/(α∞ − 1) and
 * g(r₀)·r₀/(α(r₀) − 1): the midpoint is returned with half the width as its error, and the
 * rounding of g (e^l with l good to a few ε·|l|) as its noise.
 */
function powerTail(
  range: Range,
  y: number,
  delta: number,
  scale: number,
): { mid: number; halfWidth: number; noise: number } | undefined {
  const { dens, surv } = range;
  const r = -y;
  if (!(r >= POWER_REGION * rangeSpan(range, delta))) return undefined;
  const z = delta + r;
  const logS = tLogSf(z / surv.scale, surv.df);
  const logF = logDensity(dens, y);
  const logG = logF + logS + Math.log(r) - scale;
  const zr = r / dens.scale;
  const densityExponent = (dens.df + 1) / (1 + dens.df / zr / zr);
  const survivalExponent = Math.exp(logDensity(surv, z) + Math.log(r) - logS);
  const near = densityExponent + survivalExponent - 1;
  const far = dens.df + surv.df;
  if (!(near > 0)) return undefined;
  const g = Math.exp(logG);
  const lo = g / Math.max(near, far);
  const hi = g / Math.min(near, far);
  return {
    mid: (lo + hi) / 2,
    halfWidth: (hi - lo) / 2,
    noise: 4 * EPS * (Math.abs(logF) + Math.abs(logS) + Math.abs(Math.log(r)) + 1) * hi,
  };
}

/** The m ∈ [0, e] with max(w₀, m) = max(w_e, e − m) (e/2 unless a width exceeds e/2). */
function splitPoint(e: number, w0: number, we: number): number {
  const half = e / 2;
  if (w0 > half && we <= half) return Math.max(0, e - w0);
  if (we > half && w0 <= half) return Math.min(e, we);
  return half;
}

function addPanels(q: Integrator, panels: Panel[], seg: Segment, uEnd: number): void {
  let uMax = uEnd;
  if (!(uMax > 0)) return;
  // (a range wider than e^700 of its width, e.g. scales 1e-150 and 1e150, stops at MAX_U)
  const n = Math.max(1, Math.ceil(Math.min(uMax, MAX_U) / TAIL_STEP));
  uMax = Math.min(uMax, MAX_U);
  for (let i = 0; i < n; i++) panels.push(q.panel(seg, (uMax * i) / n, (uMax * (i + 1)) / n));
}
