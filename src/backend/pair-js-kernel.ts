import { productError } from "../ddouble.js";
import { PAIR_BLOCK, PAIR_CHUNK, type PairInputArea, type PairKernel, type RawPairMoments } from "./pair-moments.js";

/**
 * The pure-JavaScript pair backend: the pair kernel's algorithm (assembly/pairs.ts) in plain
 * TypeScript, with the same chunking, shifts, 4-lane accumulation order and compensated fold,
 * so that it returns results bit-identical to the WebAssembly builds.
 *
 * Method: see the header of assembly/pairs.ts (pivot-shifted, chunked, corrected two-pass on two
 * columns; Chan, Golub & LeVeque 1979/1983; Pébay 2008 for the co-moment update).
 */

// Pass 1: Σ(x − Px) = axHi + axLo, Σ(y − Py) = ayHi + ayLo.
let axHi = 0;
let axLo = 0;
let ayHi = 0;
let ayLo = 0;
// Pass 2: Σex², Σey², Σex·ey.
let qx = 0;
let qy = 0;
let qc = 0;

function sumPass(x: ArrayLike<number>, y: ArrayLike<number>, start: number, len: number, P: number, Q: number): void {
  const len4 = len & ~3;
  axHi = 0;
  axLo = 0;
  ayHi = 0;
  ayLo = 0;
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
      y3 = 0;
    for (let i = b; i < bend; i += 4) {
      x0 += x[i]! - P;
      x1 += x[i + 1]! - P;
      x2 += x[i + 2]! - P;
      x3 += x[i + 3]! - P;
      y0 += y[i]! - Q;
      y1 += y[i + 1]! - Q;
      y2 += y[i + 2]! - Q;
      y3 += y[i + 3]! - Q;
    }
    const bx = x0 + x2 + (x1 + x3);
    const by = y0 + y2 + (y1 + y3);
    let s = axHi + bx;
    let bb = s - axHi;
    axLo += axHi - (s - bb) + (bx - bb);
    axHi = s;
    s = ayHi + by;
    bb = s - ayHi;
    ayLo += ayHi - (s - bb) + (by - bb);
    ayHi = s;
  }
  if (len4 < len) {
    let tx = 0;
    let ty = 0;
    const end = start + len;
    for (let i = end4; i < end; i++) {
      tx += x[i]! - P;
      ty += y[i]! - Q;
    }
    let s = axHi + tx;
    let bb = s - axHi;
    axLo += axHi - (s - bb) + (tx - bb);
    axHi = s;
    s = ayHi + ty;
    bb = s - ayHi;
    ayLo += ayHi - (s - bb) + (ty - bb);
    ayHi = s;
  }
}

function devPass(x: ArrayLike<number>, y: ArrayLike<number>, start: number, len: number, mx: number, my: number): void {
  const len4 = len & ~3;
  let qxHi = 0;
  let qxLo = 0;
  let qyHi = 0;
  let qyLo = 0;
  let qcHi = 0;
  let qcLo = 0;
  const end4 = start + len4;
  for (let b = start; b < end4; b += PAIR_BLOCK) {
    const bend = Math.min(b + PAIR_BLOCK, end4);
    let u0 = 0,
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
      const ex0 = x[i]! - mx;
      const ex1 = x[i + 1]! - mx;
      const ex2 = x[i + 2]! - mx;
      const ex3 = x[i + 3]! - mx;
      const ey0 = y[i]! - my;
      const ey1 = y[i + 1]! - my;
      const ey2 = y[i + 2]! - my;
      const ey3 = y[i + 3]! - my;
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
    const bx = u0 + u2 + (u1 + u3);
    const by = v0 + v2 + (v1 + v3);
    const bc = w0 + w2 + (w1 + w3);
    let s = qxHi + bx;
    let bb = s - qxHi;
    qxLo += qxHi - (s - bb) + (bx - bb);
    qxHi = s;
    s = qyHi + by;
    bb = s - qyHi;
    qyLo += qyHi - (s - bb) + (by - bb);
    qyHi = s;
    s = qcHi + bc;
    bb = s - qcHi;
    qcLo += qcHi - (s - bb) + (bc - bb);
    qcHi = s;
  }
  let tx = 0;
  let ty = 0;
  let tc = 0;
  const end = start + len;
  for (let i = end4; i < end; i++) {
    const ex = x[i]! - mx;
    const ey = y[i]! - my;
    tx += ex * ex;
    ty += ey * ey;
    tc += ex * ey;
  }
  qx = qxHi + (qxLo + tx);
  qy = qyHi + (qyLo + ty);
  qc = qcHi + (qcLo + tc);
}

/** Σ(v − m) = (sh + sl) − n·(m − P), with m − P by TwoSum and n·(m − P) by TwoProduct (the kernel's `residual`). */
function residual(n: number, m: number, P: number, sh: number, sl: number): number {
  const dh = m - P;
  const bv = dh - m;
  const dl = m - (dh - bv) + (-P - bv);
  const p = n * dh;
  const pe = productError(n, dh, p);
  return sh - p + (sl - pe) - n * dl;
}

/** The chunked two-pass over pairs [start, end), mirroring assembly/pairs.ts operation for operation. */
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
  for (let i = start; i < end; i += PAIR_CHUNK) {
    const len = Math.min(PAIR_CHUNK, end - i);
    const n = len;
    sumPass(x, y, i, len, P, Q);
    const mx = P + (axHi + axLo) / n;
    const my = Q + (ayHi + ayLo) / n;
    devPass(x, y, i, len, mx, my);
    const rx = residual(n, mx, P, axHi, axLo);
    const ry = residual(n, my, Q, ayHi, ayLo);
    let ux = qx - rx * (rx / n);
    if (ux < 0) ux = 0;
    let uy = qy - ry * (ry / n);
    if (uy < 0) uy = 0;
    let uc = qc - rx * (ry / n);
    if (count > 0) {
      const dx = (axHi + axLo) / n - (sxHi + sxLo) / count;
      const dy = (ayHi + ayLo) / n - (syHi + syLo) / count;
      const f = (count * n) / (count + n);
      ux = ux + dx * dx * f;
      uy = uy + dy * dy * f;
      uc = uc + dx * dy * f;
    }
    let s = m2xHi + ux;
    let bb = s - m2xHi;
    m2xLo += m2xHi - (s - bb) + (ux - bb);
    m2xHi = s;
    s = m2yHi + uy;
    bb = s - m2yHi;
    m2yLo += m2yHi - (s - bb) + (uy - bb);
    m2yHi = s;
    s = cHi + uc;
    bb = s - cHi;
    cLo += cHi - (s - bb) + (uc - bb);
    cHi = s;
    const xh = axHi;
    const xl = axLo;
    s = sxHi + xh;
    bb = s - sxHi;
    sxLo += sxHi - (s - bb) + (xh - bb);
    sxHi = s;
    s = sxHi + xl;
    bb = s - sxHi;
    sxLo += sxHi - (s - bb) + (xl - bb);
    sxHi = s;
    const yh = ayHi;
    const yl = ayLo;
    s = syHi + yh;
    bb = s - syHi;
    syLo += syHi - (s - bb) + (yh - bb);
    syHi = s;
    s = syHi + yl;
    bb = s - syHi;
    syLo += syHi - (s - bb) + (yl - bb);
    syHi = s;
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
