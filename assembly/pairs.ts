/*
 * batchstats pair kernel: count, pivot-relative sums, M2 of x and of y, and the co-moment
 * C = Σ(x − x̄)(y − ȳ) of paired f64 columns, in one pass over memory, with f64x2 SIMD (or the
 * same arithmetic in scalar code when built without SIMD). A module of its own, so that an
 * application that summarizes one variable loads none of these bytes.
 *
 * Linear memory (64 KiB pages; grown only by `reserve`):
 *
 *   0               __heap_base   inputBase()                              memory.size()*64Ki
 *   | static data:   |  pad to 16  | input area: f64[capacity] (16-aligned) |
 *   | STATE block    |             | the caller places the x column and the |
 *   | (12 × f64)     |             | y column here (each 16-aligned), then  |
 *   |                |             | calls feed(ptrX, ptrY, n)              |
 *
 * Exports:
 *   inputBase(): usize        byte offset of the input area
 *   capacity(): i32           how many f64 fit in the input area now (both columns together)
 *   reserve(n: i32): i32      grow memory so the input area holds >= n values; 1 ok, 0 failed
 *   begin(px: f64, py: f64)   start a new summary with pivots (Px, Py) (the first pair)
 *   feed(ptrX, ptrY, n: i32)  fold n pairs (x at ptrX, y at ptrY) into the running summary;
 *                             successive feeds continue the batch (n a multiple of CHUNK
 *                             except for the last)
 *   finish(): usize           write the state and return a pointer to it:
 *                             [count, sxHi, sxLo, syHi, syLo, m2xHi, m2xLo, m2yHi, m2yLo, cHi, cLo]
 *                             where Σ(x − Px) = sxHi + sxLo, …, C = cHi + cLo (compensated)
 *
 * Method: the univariate kernel's (assembly/index.ts) pivot-shifted, chunked, corrected two-pass,
 * carried to two columns. Pass 1 sums dx = x − Px and dy = y − Py over a chunk (≤ CHUNK pairs) in
 * 4 lanes (2 × f64x2) per column, in blocks of BLOCK pairs whose sums are added exactly (TwoSum);
 * the working means are mx = Px + Σdx/len and my = Py + Σdy/len. Pass 2 sums ex², ey² and ex·ey
 * with ex = x − mx, ey = y − my in the same lanes and blocks. The residuals rx = Σex, ry = Σey
 * (from pass 1, with TwoSum and Dekker's TwoProduct) correct them: M2x = Σex² − rx²/len,
 * C = Σex·ey − rx·ry/len (Chan, Golub & LeVeque, "Algorithms for computing the sample variance",
 * Am. Stat. 37, 1983, carried to co-moments). Chunks fold with the pairwise update of Chan,
 * Golub & LeVeque (1979) for M2 and its co-moment form C = Ca + Cb + δx·δy·na·nb/n (Pébay,
 * "Formulas for robust, one-pass parallel computation of covariances and arbitrary-order
 * statistical moments", Sandia SAND2008-6212, 2008), into compensated running sums.
 *
 * Speed: when a full chunk follows, pass 2 of chunk k alternates block by block with pass 1 of
 * chunk k + 1 (SIMD build; `devSumPass`), so the next chunk streams in from memory while this one
 * is worked on in L1, as in the univariate kernel. Only the order of independent work changes.
 *
 * Lane order is fixed and mirrored exactly by src/backend/pair-js-kernel.ts, so the SIMD build,
 * the scalar build and the JS fallback return bit-identical results: element i of a block goes
 * to lane i % 4 (for i < len & ~3), lanes reduce as (l0 + l2) + (l1 + l3), and the remaining
 * < 4 elements are summed in order into a separate tail term added last. Four lanes, not the
 * univariate kernel's eight: pass 2 keeps three accumulators per lane, and 2 × 3 f64x2
 * accumulators plus the working values fit the 16 vector registers of x86-64 without spills.
 */

const CHUNK: i32 = 2048;
const BLOCK: i32 = 64; // pairs per block (a multiple of 4)

let pivotX: f64 = 0;
let pivotY: f64 = 0;
let count: f64 = 0;
let sxHi: f64 = 0;
let sxLo: f64 = 0;
let syHi: f64 = 0;
let syLo: f64 = 0;
let m2xHi: f64 = 0;
let m2xLo: f64 = 0;
let m2yHi: f64 = 0;
let m2yLo: f64 = 0;
let cHi: f64 = 0;
let cLo: f64 = 0;

const STATE: usize = memory.data(96, 16);

// @ts-ignore: decorator
@inline function alignedInputBase(): usize {
  return (__heap_base + 15) & ~(<usize>15);
}

export function inputBase(): usize {
  return alignedInputBase();
}

export function capacity(): i32 {
  const bytes = (<u64>memory.size() << 16) - <u64>alignedInputBase();
  return <i32>min<u64>(bytes >> 3, 0x7fffffff);
}

export function reserve(n: i32): i32 {
  if (n < 0) return 0;
  if (n <= capacity()) return 1;
  const needBytes = <u64>alignedInputBase() + (<u64>n << 3);
  const needPages = <i32>((needBytes + 0xffff) >> 16);
  const grow = needPages - memory.size();
  if (grow > 0 && memory.grow(grow) < 0) return 0;
  return 1;
}

export function begin(px: f64, py: f64): void {
  pivotX = px;
  pivotY = py;
  count = 0;
  sxHi = 0;
  sxLo = 0;
  syHi = 0;
  syLo = 0;
  m2xHi = 0;
  m2xLo = 0;
  m2yHi = 0;
  m2yLo = 0;
  cHi = 0;
  cLo = 0;
}

// Pass 1 results: Σ(x − Px) = axHi + axLo, Σ(y − Py) = ayHi + ayLo.
let axHi: f64 = 0;
let axLo: f64 = 0;
let ayHi: f64 = 0;
let ayLo: f64 = 0;

// Pass 2 results (compensated block sums, then the tail): Σex², Σey², Σex·ey.
let qxHi: f64 = 0;
let qxLo: f64 = 0;
let qyHi: f64 = 0;
let qyLo: f64 = 0;
let qcHi: f64 = 0;
let qcLo: f64 = 0;

/** Pass 1 over a chunk of len pairs. */
function sumPass(px: usize, py: usize, len: i32): void {
  const len4 = len & ~3;
  const P = pivotX;
  const Q = pivotY;
  axHi = 0;
  axLo = 0;
  ayHi = 0;
  ayLo = 0;
  for (let b = 0; b < len4; b += BLOCK) {
    const bend = min(b + BLOCK, len4);
    let bx: f64;
    let by: f64;
    if (ASC_FEATURE_SIMD) {
      const pv = f64x2.splat(P);
      const qv = f64x2.splat(Q);
      let x0 = f64x2.splat(0), x1 = f64x2.splat(0), y0 = f64x2.splat(0), y1 = f64x2.splat(0);
      for (let i = b; i < bend; i += 4) {
        const o = <usize>i << 3;
        x0 = f64x2.add(x0, f64x2.sub(v128.load(px + o), pv));
        x1 = f64x2.add(x1, f64x2.sub(v128.load(px + o, 16), pv));
        y0 = f64x2.add(y0, f64x2.sub(v128.load(py + o), qv));
        y1 = f64x2.add(y1, f64x2.sub(v128.load(py + o, 16), qv));
      }
      const zx = f64x2.add(x0, x1);
      const zy = f64x2.add(y0, y1);
      bx = f64x2.extract_lane(zx, 0) + f64x2.extract_lane(zx, 1);
      by = f64x2.extract_lane(zy, 0) + f64x2.extract_lane(zy, 1);
    } else {
      let x0: f64 = 0, x1: f64 = 0, x2: f64 = 0, x3: f64 = 0;
      let y0: f64 = 0, y1: f64 = 0, y2: f64 = 0, y3: f64 = 0;
      for (let i = b; i < bend; i += 4) {
        const o = <usize>i << 3;
        x0 += load<f64>(px + o) - P;
        x1 += load<f64>(px + o, 8) - P;
        x2 += load<f64>(px + o, 16) - P;
        x3 += load<f64>(px + o, 24) - P;
        y0 += load<f64>(py + o) - Q;
        y1 += load<f64>(py + o, 8) - Q;
        y2 += load<f64>(py + o, 16) - Q;
        y3 += load<f64>(py + o, 24) - Q;
      }
      bx = (x0 + x2) + (x1 + x3);
      by = (y0 + y2) + (y1 + y3);
    }
    let s = axHi + bx;
    let bb = s - axHi;
    axLo += (axHi - (s - bb)) + (bx - bb);
    axHi = s;
    s = ayHi + by;
    bb = s - ayHi;
    ayLo += (ayHi - (s - bb)) + (by - bb);
    ayHi = s;
  }
  if (len4 < len) {
    let tx: f64 = 0;
    let ty: f64 = 0;
    for (let i = len4; i < len; i++) {
      tx += load<f64>(px + (<usize>i << 3)) - P;
      ty += load<f64>(py + (<usize>i << 3)) - Q;
    }
    let s = axHi + tx;
    let bb = s - axHi;
    axLo += (axHi - (s - bb)) + (tx - bb);
    axHi = s;
    s = ayHi + ty;
    bb = s - ayHi;
    ayLo += (ayHi - (s - bb)) + (ty - bb);
    ayHi = s;
  }
}

/** Pass 2 over a chunk of len pairs around the working means (mx, my). */
function devPass(px: usize, py: usize, len: i32, mx: f64, my: f64): void {
  const len4 = len & ~3;
  qxHi = 0;
  qxLo = 0;
  qyHi = 0;
  qyLo = 0;
  qcHi = 0;
  qcLo = 0;
  for (let b = 0; b < len4; b += BLOCK) {
    const bend = min(b + BLOCK, len4);
    let bx: f64;
    let by: f64;
    let bc: f64;
    if (ASC_FEATURE_SIMD) {
      const mxv = f64x2.splat(mx);
      const myv = f64x2.splat(my);
      let u0 = f64x2.splat(0), u1 = f64x2.splat(0);
      let v0 = f64x2.splat(0), v1 = f64x2.splat(0);
      let w0 = f64x2.splat(0), w1 = f64x2.splat(0);
      for (let i = b; i < bend; i += 4) {
        const o = <usize>i << 3;
        const ex0 = f64x2.sub(v128.load(px + o), mxv);
        const ex1 = f64x2.sub(v128.load(px + o, 16), mxv);
        const ey0 = f64x2.sub(v128.load(py + o), myv);
        const ey1 = f64x2.sub(v128.load(py + o, 16), myv);
        u0 = f64x2.add(u0, f64x2.mul(ex0, ex0));
        u1 = f64x2.add(u1, f64x2.mul(ex1, ex1));
        v0 = f64x2.add(v0, f64x2.mul(ey0, ey0));
        v1 = f64x2.add(v1, f64x2.mul(ey1, ey1));
        w0 = f64x2.add(w0, f64x2.mul(ex0, ey0));
        w1 = f64x2.add(w1, f64x2.mul(ex1, ey1));
      }
      const zu = f64x2.add(u0, u1);
      const zv = f64x2.add(v0, v1);
      const zw = f64x2.add(w0, w1);
      bx = f64x2.extract_lane(zu, 0) + f64x2.extract_lane(zu, 1);
      by = f64x2.extract_lane(zv, 0) + f64x2.extract_lane(zv, 1);
      bc = f64x2.extract_lane(zw, 0) + f64x2.extract_lane(zw, 1);
    } else {
      let u0: f64 = 0, u1: f64 = 0, u2: f64 = 0, u3: f64 = 0;
      let v0: f64 = 0, v1: f64 = 0, v2: f64 = 0, v3: f64 = 0;
      let w0: f64 = 0, w1: f64 = 0, w2: f64 = 0, w3: f64 = 0;
      for (let i = b; i < bend; i += 4) {
        const o = <usize>i << 3;
        const ex0 = load<f64>(px + o) - mx;
        const ex1 = load<f64>(px + o, 8) - mx;
        const ex2 = load<f64>(px + o, 16) - mx;
        const ex3 = load<f64>(px + o, 24) - mx;
        const ey0 = load<f64>(py + o) - my;
        const ey1 = load<f64>(py + o, 8) - my;
        const ey2 = load<f64>(py + o, 16) - my;
        const ey3 = load<f64>(py + o, 24) - my;
        u0 += ex0 * ex0; u1 += ex1 * ex1; u2 += ex2 * ex2; u3 += ex3 * ex3;
        v0 += ey0 * ey0; v1 += ey1 * ey1; v2 += ey2 * ey2; v3 += ey3 * ey3;
        w0 += ex0 * ey0; w1 += ex1 * ey1; w2 += ex2 * ey2; w3 += ex3 * ey3;
      }
      bx = (u0 + u2) + (u1 + u3);
      by = (v0 + v2) + (v1 + v3);
      bc = (w0 + w2) + (w1 + w3);
    }
    let s = qxHi + bx;
    let bb = s - qxHi;
    qxLo += (qxHi - (s - bb)) + (bx - bb);
    qxHi = s;
    s = qyHi + by;
    bb = s - qyHi;
    qyLo += (qyHi - (s - bb)) + (by - bb);
    qyHi = s;
    s = qcHi + bc;
    bb = s - qcHi;
    qcLo += (qcHi - (s - bb)) + (bc - bb);
    qcHi = s;
  }
  let tx: f64 = 0;
  let ty: f64 = 0;
  let tc: f64 = 0;
  for (let i = len4; i < len; i++) {
    const ex = load<f64>(px + (<usize>i << 3)) - mx;
    const ey = load<f64>(py + (<usize>i << 3)) - my;
    tx += ex * ex;
    ty += ey * ey;
    tc += ex * ey;
  }
  qxHi = qxHi + (qxLo + tx);
  qyHi = qyHi + (qyLo + ty);
  qcHi = qcHi + (qcLo + tc);
}

const SPLITTER: f64 = 134217729; // 2^27 + 1, Dekker's split

/** The residual Σ(v − m) = (sh + sl) − n·(m − P) of a chunk, with m − P by TwoSum and n·(m − P) by TwoProduct. */
function residual(n: f64, m: f64, P: f64, sh: f64, sl: f64): f64 {
  const dh = m - P;
  const bv = dh - m;
  const dl = (m - (dh - bv)) + (-P - bv);
  const p = n * dh;
  let t = SPLITTER * n;
  const nh = t - (t - n);
  const nl = n - nh;
  t = SPLITTER * dh;
  const ch = t - (t - dh);
  const cl = dh - ch;
  const pe = nl * cl - (p - nh * ch - nl * ch - nh * cl);
  return ((sh - p) + (sl - pe)) - n * dl;
}

/**
 * Folds a chunk of len pairs into the running state: its pass-1 sums are (xh + xl, yh + yl), its
 * pass-2 sums are in qx/qy/qc.
 */
function foldChunk(len: i32, mx: f64, my: f64, xh: f64, xl: f64, yh: f64, yl: f64): void {
  const n = <f64>len;
  const rx = residual(n, mx, pivotX, xh, xl);
  const ry = residual(n, my, pivotY, yh, yl);
  let qx = qxHi - rx * (rx / n);
  if (qx < 0) qx = 0;
  let qy = qyHi - ry * (ry / n);
  if (qy < 0) qy = 0;
  let qc = qcHi - rx * (ry / n);
  if (count > 0) {
    const dx = (xh + xl) / n - (sxHi + sxLo) / count;
    const dy = (yh + yl) / n - (syHi + syLo) / count;
    const f = count * n / (count + n);
    qx = qx + dx * dx * f;
    qy = qy + dy * dy * f;
    qc = qc + dx * dy * f;
  }
  let s = m2xHi + qx;
  let bb = s - m2xHi;
  m2xLo += (m2xHi - (s - bb)) + (qx - bb);
  m2xHi = s;
  s = m2yHi + qy;
  bb = s - m2yHi;
  m2yLo += (m2yHi - (s - bb)) + (qy - bb);
  m2yHi = s;
  s = cHi + qc;
  bb = s - cHi;
  cLo += (cHi - (s - bb)) + (qc - bb);
  cHi = s;
  s = sxHi + xh;
  bb = s - sxHi;
  sxLo += (sxHi - (s - bb)) + (xh - bb);
  sxHi = s;
  s = sxHi + xl;
  bb = s - sxHi;
  sxLo += (sxHi - (s - bb)) + (xl - bb);
  sxHi = s;
  s = syHi + yh;
  bb = s - syHi;
  syLo += (syHi - (s - bb)) + (yh - bb);
  syHi = s;
  s = syHi + yl;
  bb = s - syHi;
  syLo += (syHi - (s - bb)) + (yl - bb);
  syHi = s;
  count += n;
}

export function feed(px: usize, py: usize, n: i32): void {
  if (n <= 0) return;
  let len = min(CHUNK, n);
  sumPass(px, py, len);
  let i: i32 = 0;
  while (true) {
    const xh = axHi;
    const xl = axLo;
    const yh = ayHi;
    const yl = ayLo;
    const mx = pivotX + (xh + xl) / <f64>len;
    const my = pivotY + (yh + yl) / <f64>len;
    const o = <usize>i << 3;
    const next = i + len;
    const nextLen = min(CHUNK, n - next);
    if (ASC_FEATURE_SIMD && nextLen == CHUNK) {
      devSumPass(px + o, py + o, mx, my);
    } else {
      devPass(px + o, py + o, len, mx, my);
      if (nextLen > 0) sumPass(px + o + (<usize>len << 3), py + o + (<usize>len << 3), nextLen);
    }
    foldChunk(len, mx, my, xh, xl, yh, yl);
    if (nextLen <= 0) break;
    i = next;
    len = nextLen;
  }
}

/**
 * SIMD only: pass 2 of the full chunk at (px, py) around (mx, my), block by block, alternating
 * with pass 1 of the full chunk that follows it (around the pivots), so that the next chunk
 * streams in from memory while this one is worked on in L1. The same blocks, lanes and
 * compensated block sums as devPass and sumPass, so the results are bit for bit theirs.
 */
function devSumPass(px: usize, py: usize, mx: f64, my: f64): void {
  const nx = px + (<usize>CHUNK << 3);
  const ny = py + (<usize>CHUNK << 3);
  const pv = f64x2.splat(pivotX);
  const qv = f64x2.splat(pivotY);
  const mxv = f64x2.splat(mx);
  const myv = f64x2.splat(my);
  axHi = 0;
  axLo = 0;
  ayHi = 0;
  ayLo = 0;
  qxHi = 0;
  qxLo = 0;
  qyHi = 0;
  qyLo = 0;
  qcHi = 0;
  qcLo = 0;
  for (let b = 0; b < CHUNK; b += BLOCK) {
    const bend = b + BLOCK;
    let x0 = f64x2.splat(0), x1 = f64x2.splat(0), y0 = f64x2.splat(0), y1 = f64x2.splat(0);
    for (let i = b; i < bend; i += 4) {
      const o = <usize>i << 3;
      x0 = f64x2.add(x0, f64x2.sub(v128.load(nx + o), pv));
      x1 = f64x2.add(x1, f64x2.sub(v128.load(nx + o, 16), pv));
      y0 = f64x2.add(y0, f64x2.sub(v128.load(ny + o), qv));
      y1 = f64x2.add(y1, f64x2.sub(v128.load(ny + o, 16), qv));
    }
    const zx = f64x2.add(x0, x1);
    const zy = f64x2.add(y0, y1);
    const bx = f64x2.extract_lane(zx, 0) + f64x2.extract_lane(zx, 1);
    const by = f64x2.extract_lane(zy, 0) + f64x2.extract_lane(zy, 1);
    let s = axHi + bx;
    let bb = s - axHi;
    axLo += (axHi - (s - bb)) + (bx - bb);
    axHi = s;
    s = ayHi + by;
    bb = s - ayHi;
    ayLo += (ayHi - (s - bb)) + (by - bb);
    ayHi = s;
    let u0 = f64x2.splat(0), u1 = f64x2.splat(0);
    let v0 = f64x2.splat(0), v1 = f64x2.splat(0);
    let w0 = f64x2.splat(0), w1 = f64x2.splat(0);
    for (let i = b; i < bend; i += 4) {
      const o = <usize>i << 3;
      const ex0 = f64x2.sub(v128.load(px + o), mxv);
      const ex1 = f64x2.sub(v128.load(px + o, 16), mxv);
      const ey0 = f64x2.sub(v128.load(py + o), myv);
      const ey1 = f64x2.sub(v128.load(py + o, 16), myv);
      u0 = f64x2.add(u0, f64x2.mul(ex0, ex0));
      u1 = f64x2.add(u1, f64x2.mul(ex1, ex1));
      v0 = f64x2.add(v0, f64x2.mul(ey0, ey0));
      v1 = f64x2.add(v1, f64x2.mul(ey1, ey1));
      w0 = f64x2.add(w0, f64x2.mul(ex0, ey0));
      w1 = f64x2.add(w1, f64x2.mul(ex1, ey1));
    }
    const zu = f64x2.add(u0, u1);
    const zv = f64x2.add(v0, v1);
    const zw = f64x2.add(w0, w1);
    const cx = f64x2.extract_lane(zu, 0) + f64x2.extract_lane(zu, 1);
    const cy = f64x2.extract_lane(zv, 0) + f64x2.extract_lane(zv, 1);
    const cc = f64x2.extract_lane(zw, 0) + f64x2.extract_lane(zw, 1);
    s = qxHi + cx;
    bb = s - qxHi;
    qxLo += (qxHi - (s - bb)) + (cx - bb);
    qxHi = s;
    s = qyHi + cy;
    bb = s - qyHi;
    qyLo += (qyHi - (s - bb)) + (cy - bb);
    qyHi = s;
    s = qcHi + cc;
    bb = s - qcHi;
    qcLo += (qcHi - (s - bb)) + (cc - bb);
    qcHi = s;
  }
  const zero: f64 = 0; // the (empty) tail term of devPass
  qxHi = qxHi + (qxLo + zero);
  qyHi = qyHi + (qyLo + zero);
  qcHi = qcHi + (qcLo + zero);
}

export function finish(): usize {
  store<f64>(STATE, count);
  store<f64>(STATE, sxHi, 8);
  store<f64>(STATE, sxLo, 16);
  store<f64>(STATE, syHi, 24);
  store<f64>(STATE, syLo, 32);
  store<f64>(STATE, m2xHi, 40);
  store<f64>(STATE, m2xLo, 48);
  store<f64>(STATE, m2yHi, 56);
  store<f64>(STATE, m2yLo, 64);
  store<f64>(STATE, cHi, 72);
  store<f64>(STATE, cLo, 80);
  return STATE;
}
