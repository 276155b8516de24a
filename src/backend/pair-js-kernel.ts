import { exponentOf, productError } from "../ddouble.js";
import { PAIR_BLOCK, PAIR_CHUNK, type PairInputArea, type PairKernel, type RawPairMoments } from "./pair-moments.js";

/**
 * The pure-JavaScript pair backend: the pair kernel's algorithm (assembly/pairs.ts) in plain
 * TypeScript, with the same chunks, working pivots, 4-lane accumulation order and compensated
 * fold, so that it returns results bit-identical to the WebAssembly builds.
 *
 * Method: see the header of assembly/pairs.ts (chunked one pass around working pivots that track
 * the data, re-run around the chunk's own mean when the pivot is too far from it; Chan, Golub &
 * LeVeque 1979/1983; Pébay 2008 for the co-moment update).
 */

/** A chunk's (Σe)² may be at most this share of n·Σe² (else the pass is re-run around its mean). */
const LIMIT = 0.015625;
const ATTEMPTS = 3;

// One pass over a chunk around the working pivots: Σex = exHi + exLo, Σey = eyHi + eyLo,
// Σex² = ux, Σey² = uy, Σex·ey = uc.
let exHi = 0;
let exLo = 0;
let eyHi = 0;
let eyLo = 0;
let ux = 0;
let uy = 0;
let uc = 0;

function chunkPass(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  start: number,
  len: number,
  wx: number,
  wy: number,
): void {
  const len4 = len & ~3;
  exHi = 0;
  exLo = 0;
  eyHi = 0;
  eyLo = 0;
  let uxHi = 0;
  let uxLo = 0;
  let uyHi = 0;
  let uyLo = 0;
  let ucHi = 0;
  let ucLo = 0;
  const end4 = start + len4;
  for (let b = start; b < end4; b += PAIR_BLOCK) {
    const bend = Math.min(b + PAIR_BLOCK, end4);
    let x0 = 0,
      x1 = 0,
      x2 = 0,
      x3 = 0,
      y0 = 0,
      y1 = 0,
      y2 = 0,
      y3 = 0,
      u0 = 0,
      u1 = 0,
      u2 = 0,
      u3 = 0,
      v0 = 0,
      v1 = 0,
      v2 = 0,
      v3 = 0,
      w0 = 0,
      w1 = 0,
      w2 = 0,
      w3 = 0;
    for (let i = b; i < bend; i += 4) {
      const ex0 = x[i]! - wx;
      const ex1 = x[i + 1]! - wx;
      const ex2 = x[i + 2]! - wx;
      const ex3 = x[i + 3]! - wx;
      const ey0 = y[i]! - wy;
      const ey1 = y[i + 1]! - wy;
      const ey2 = y[i + 2]! - wy;
      const ey3 = y[i + 3]! - wy;
      x0 += ex0;
      x1 += ex1;
      x2 += ex2;
      x3 += ex3;
      y0 += ey0;
      y1 += ey1;
      y2 += ey2;
      y3 += ey3;
      u0 += ex0 * ex0;
      u1 += ex1 * ex1;
      u2 += ex2 * ex2;
      u3 += ex3 * ex3;
      v0 += ey0 * ey0;
      v1 += ey1 * ey1;
      v2 += ey2 * ey2;
      v3 += ey3 * ey3;
      w0 += ex0 * ey0;
      w1 += ex1 * ey1;
      w2 += ex2 * ey2;
      w3 += ex3 * ey3;
    }
    const bx = x0 + x2 + (x1 + x3);
    const by = y0 + y2 + (y1 + y3);
    const bu = u0 + u2 + (u1 + u3);
    const bv = v0 + v2 + (v1 + v3);
    const bw = w0 + w2 + (w1 + w3);
    let s = exHi + bx;
    let bb = s - exHi;
    exLo += exHi - (s - bb) + (bx - bb);
    exHi = s;
    s = eyHi + by;
    bb = s - eyHi;
    eyLo += eyHi - (s - bb) + (by - bb);
    eyHi = s;
    s = uxHi + bu;
    bb = s - uxHi;
    uxLo += uxHi - (s - bb) + (bu - bb);
    uxHi = s;
    s = uyHi + bv;
    bb = s - uyHi;
    uyLo += uyHi - (s - bb) + (bv - bb);
    uyHi = s;
    s = ucHi + bw;
    bb = s - ucHi;
    ucLo += ucHi - (s - bb) + (bw - bb);
    ucHi = s;
  }
  let tx = 0;
  let ty = 0;
  let tu = 0;
  let tv = 0;
  let tw = 0;
  const end = start + len;
  for (let i = end4; i < end; i++) {
    const ex = x[i]! - wx;
    const ey = y[i]! - wy;
    tx += ex;
    ty += ey;
    tu += ex * ex;
    tv += ey * ey;
    tw += ex * ey;
  }
  let s = exHi + tx;
  let bb = s - exHi;
  exLo += exHi - (s - bb) + (tx - bb);
  exHi = s;
  s = eyHi + ty;
  bb = s - eyHi;
  eyLo += eyHi - (s - bb) + (ty - bb);
  eyHi = s;
  ux = uxHi + (uxLo + tu);
  uy = uyHi + (uyLo + tv);
  uc = ucHi + (ucLo + tw);
}

/** The kernel's `nextPivot`: the working mean w + se/n rounded to a multiple of 2^(⌊log2 var⌋/2 − 6). */
function nextPivot(w: number, se: number, u: number, n: number): number {
  const m = w + se / n;
  const v = (u - se * (se / n)) / n;
  if (!(v > 1e-300 && v < 1e300)) return m;
  const scale = 2 ** (6 - (exponentOf(v) >> 1));
  const t = m * scale;
  if (!(Math.abs(t) < 4503599627370496)) return m;
  return Math.floor(t + 0.5) / scale;
}

// The compensated sum that `accumulate` adds to.
let accHi = 0;
let accLo = 0;

function accumulate(a: number): void {
  const s = accHi + a;
  const bb = s - accHi;
  accLo += accHi - (s - bb) + (a - bb);
  accHi = s;
}

/** The kernel's `addShifted`: Σe + n·(w − P) into (accHi, accLo), w − P by TwoSum, n·(w − P) by TwoProduct. */
function addShifted(n: number, w: number, P: number, eh: number, el: number): void {
  const dh = w - P;
  const bv = dh - w;
  const dl = w - (dh - bv) + (-P - bv);
  const p = n * dh;
  const pe = productError(n, dh, p);
  accumulate(eh);
  accumulate(p);
  accumulate(el + (pe + n * dl));
}

/** The chunked pass over pairs [start, end), mirroring assembly/pairs.ts operation for operation. */
function jsPairMoments(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  start: number,
  end: number,
  P: number,
  Q: number,
): RawPairMoments {
  let count = 0;
  let sxHi = 0;
  let sxLo = 0;
  let syHi = 0;
  let syLo = 0;
  let m2xHi = 0;
  let m2xLo = 0;
  let m2yHi = 0;
  let m2yLo = 0;
  let cHi = 0;
  let cLo = 0;
  let workX = P;
  let workY = Q;
  for (let i = start; i < end; i += PAIR_CHUNK) {
    const n = Math.min(PAIR_CHUNK, end - i);
    let wx = workX;
    let wy = workY;
    for (let attempt = 1; ; attempt++) {
      chunkPass(x, y, i, n, wx, wy);
      const sx = exHi + exLo;
      const sy = eyHi + eyLo;
      const badX = sx * sx > LIMIT * n * ux;
      const badY = sy * sy > LIMIT * n * uy;
      if (!(badX || badY) || attempt === ATTEMPTS) break;
      if (badX) wx = nextPivot(wx, sx, ux, n);
      if (badY) wy = nextPivot(wy, sy, uy, n);
    }
    const sx = exHi + exLo;
    const sy = eyHi + eyLo;
    workX = nextPivot(wx, sx, ux, n);
    workY = nextPivot(wy, sy, uy, n);
    let qx = ux - sx * (sx / n);
    if (qx < 0) qx = 0;
    let qy = uy - sy * (sy / n);
    if (qy < 0) qy = 0;
    let qc = uc - sx * (sy / n);
    const xh = sxHi;
    const xl = sxLo;
    const yh = syHi;
    const yl = syLo;
    accHi = sxHi;
    accLo = sxLo;
    addShifted(n, wx, P, exHi, exLo);
    sxHi = accHi;
    sxLo = accLo;
    accHi = syHi;
    accLo = syLo;
    addShifted(n, wy, Q, eyHi, eyLo);
    syHi = accHi;
    syLo = accLo;
    if (count > 0) {
      const dx = wx - P + sx / n - (xh + xl) / count;
      const dy = wy - Q + sy / n - (yh + yl) / count;
      const f = (count * n) / (count + n);
      qx = qx + dx * dx * f;
      qy = qy + dy * dy * f;
      qc = qc + dx * dy * f;
    }
    let s = m2xHi + qx;
    let bb = s - m2xHi;
    m2xLo += m2xHi - (s - bb) + (qx - bb);
    m2xHi = s;
    s = m2yHi + qy;
    bb = s - m2yHi;
    m2yLo += m2yHi - (s - bb) + (qy - bb);
    m2yHi = s;
    s = cHi + qc;
    bb = s - cHi;
    cLo += cHi - (s - bb) + (qc - bb);
    cHi = s;
    count += n;
  }
  return { count, pivotX: P, pivotY: Q, sxHi, sxLo, syHi, syLo, m2xHi, m2xLo, m2yHi, m2yLo, cHi, cLo };
}

/** The JavaScript pair kernel. */
export const jsPairKernel: PairKernel = { name: "js", pairMoments: jsPairMoments };

/** The zero-copy area of the JS pair backend: two plain Float64Arrays (growth moves them). */
export class JsPairInputArea implements PairInputArea {
  readonly name = "js" as const;
  private x: Float64Array;
  private y: Float64Array;

  constructor(capacity: number) {
    this.x = new Float64Array(capacity);
    this.y = new Float64Array(capacity);
  }

  get capacity(): number {
    return this.x.length;
  }

  grow(n: number): boolean {
    if (n <= this.x.length) return true;
    try {
      const x = new Float64Array(n);
      const y = new Float64Array(n);
      x.set(this.x);
      y.set(this.y);
      this.x = x;
      this.y = y;
    } catch {
      return false;
    }
    return true;
  }

  viewX(): Float64Array {
    return this.x;
  }

  viewY(): Float64Array {
    return this.y;
  }

  momentsInPlace(count: number, pivotX: number, pivotY: number): RawPairMoments {
    return jsPairMoments(this.x, this.y, 0, count, pivotX, pivotY);
  }
}
