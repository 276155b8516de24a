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
 * Method: chunked one pass around working pivots, with the corrected two-pass of Chan, Golub &
 * LeVeque ("Algorithms for computing the sample variance", Am. Stat. 37, 1983) as its fallback.
 * Each chunk (≤ CHUNK pairs) is summed once around working pivots (Wx, Wy): ex = x − Wx,
 * ey = y − Wy, and Σex, Σey, Σex², Σey², Σex·ey in 4 lanes (2 × f64x2) per quantity, in blocks
 * of BLOCK pairs whose sums are added exactly (TwoSum). Then M2x = Σex² − (Σex)²/n and
 * C = Σex·ey − Σex·Σey/n. The rounding error of Σex² (≈ γ·Σex²) becomes an error of M2x
 * amplified by Σex²/M2x = 1/(1 − (Σex)²/(n·Σex²)); the chunk is accepted when
 * (Σex)² ≤ 2^-6·n·Σex² in both columns (amplification ≤ 64/63, so as accurate as a pass around
 * the exact mean), else it is summed again around its own rounded mean (at most ATTEMPTS passes:
 * with the rejected pass, that makes the corrected two-pass around the chunk's mean). The first
 * chunk starts at the first pair (Px, Py); each next chunk at the previous chunk's mean, which is
 * within ~sd/32 of its own for stationary data, so a chunk costs one pass over memory, and a
 * trend or a level shift costs a second pass over a chunk that is then in L1/L2.
 * Working means are rounded to a multiple of 2^(⌊log2 var⌋/2 − 6) (≤ sd/128 from the mean): few
 * low bits, so that for integer data (and short fixed-point data) x − W and the block sums stay
 * exact, as x − Px does. The chunk's Σ(x − Px) = Σex + n·(Wx − Px) (Wx − Px by TwoSum, n·(Wx − Px)
 * by Dekker's TwoProduct) goes into a compensated running sum, so integer data get an exact sum
 * and a correctly rounded mean. Chunks fold with the pairwise update of Chan, Golub & LeVeque
 * (1979) for M2 and its co-moment form C = Ca + Cb + δx·δy·na·nb/n (Pébay, "Formulas for robust,
 * one-pass parallel computation of covariances and arbitrary-order statistical moments", Sandia
 * SAND2008-6212, 2008), into compensated running sums.
 *
 * Speed: per pair and column one subtraction, two additions and 1.5 multiplications (the
 * co-moment's shared), against the two-pass's two subtractions and two passes: the arithmetic
 * bound of the kernel in cache. One pass leaves streaming from memory to the hardware prefetcher.
 *
 * Lane order is fixed and mirrored exactly by src/backend/pair-js-kernel.ts, so the SIMD build,
 * the scalar build and the JS fallback return bit-identical results: element i of a block goes
 * to lane i % 4 (for i < len & ~3), lanes reduce as (l0 + l2) + (l1 + l3), and the remaining
 * < 4 elements are summed in order into a separate tail term added last. Four lanes, not the
 * univariate kernel's eight: five quantities are summed per lane, and 10 f64x2 accumulators plus
 * the working values fit the 16 vector registers of x86-64.
 */

const CHUNK: i32 = 2048;
const BLOCK: i32 = 128; // pairs per block (a multiple of 4)
const LIMIT: f64 = 0.015625; // 2^-6: a chunk's (Σe)² may be at most this share of n·Σe²
const ATTEMPTS: i32 = 3;

let pivotX: f64 = 0;
let pivotY: f64 = 0;
let workX: f64 = 0;
let workY: f64 = 0;
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
  workX = px;
  workY = py;
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

// One pass over a chunk around the working pivots (Wx, Wy): Σex = exHi + exLo, Σey = eyHi + eyLo,
// Σex² = ux, Σey² = uy, Σex·ey = uc.
let exHi: f64 = 0;
let exLo: f64 = 0;
let eyHi: f64 = 0;
let eyLo: f64 = 0;
let ux: f64 = 0;
let uy: f64 = 0;
let uc: f64 = 0;

function chunkPass(px: usize, py: usize, len: i32, wx: f64, wy: f64): void {
  const len4 = len & ~3;
  exHi = 0;
  exLo = 0;
  eyHi = 0;
  eyLo = 0;
  let uxHi: f64 = 0, uxLo: f64 = 0, uyHi: f64 = 0, uyLo: f64 = 0, ucHi: f64 = 0, ucLo: f64 = 0;
  for (let b = 0; b < len4; b += BLOCK) {
    const bend = min(b + BLOCK, len4);
    let bx: f64, by: f64, bu: f64, bv: f64, bw: f64;
    if (ASC_FEATURE_SIMD) {
      const wxv = f64x2.splat(wx);
      const wyv = f64x2.splat(wy);
      let sx0 = f64x2.splat(0), sx1 = f64x2.splat(0), sy0 = f64x2.splat(0), sy1 = f64x2.splat(0);
      let u0 = f64x2.splat(0), u1 = f64x2.splat(0), v0 = f64x2.splat(0), v1 = f64x2.splat(0);
      let w0 = f64x2.splat(0), w1 = f64x2.splat(0);
      for (let i = b; i < bend; i += 4) {
        const o = <usize>i << 3;
        const ex0 = f64x2.sub(v128.load(px + o), wxv);
        const ey0 = f64x2.sub(v128.load(py + o), wyv);
        const ex1 = f64x2.sub(v128.load(px + o, 16), wxv);
        const ey1 = f64x2.sub(v128.load(py + o, 16), wyv);
        sx0 = f64x2.add(sx0, ex0);
        sy0 = f64x2.add(sy0, ey0);
        u0 = f64x2.add(u0, f64x2.mul(ex0, ex0));
        v0 = f64x2.add(v0, f64x2.mul(ey0, ey0));
        w0 = f64x2.add(w0, f64x2.mul(ex0, ey0));
        sx1 = f64x2.add(sx1, ex1);
        sy1 = f64x2.add(sy1, ey1);
        u1 = f64x2.add(u1, f64x2.mul(ex1, ex1));
        v1 = f64x2.add(v1, f64x2.mul(ey1, ey1));
        w1 = f64x2.add(w1, f64x2.mul(ex1, ey1));
      }
      const zx = f64x2.add(sx0, sx1);
      const zy = f64x2.add(sy0, sy1);
      const zu = f64x2.add(u0, u1);
      const zv = f64x2.add(v0, v1);
      const zw = f64x2.add(w0, w1);
      bx = f64x2.extract_lane(zx, 0) + f64x2.extract_lane(zx, 1);
      by = f64x2.extract_lane(zy, 0) + f64x2.extract_lane(zy, 1);
      bu = f64x2.extract_lane(zu, 0) + f64x2.extract_lane(zu, 1);
      bv = f64x2.extract_lane(zv, 0) + f64x2.extract_lane(zv, 1);
      bw = f64x2.extract_lane(zw, 0) + f64x2.extract_lane(zw, 1);
    } else {
      let x0: f64 = 0, x1: f64 = 0, x2: f64 = 0, x3: f64 = 0;
      let y0: f64 = 0, y1: f64 = 0, y2: f64 = 0, y3: f64 = 0;
      let u0: f64 = 0, u1: f64 = 0, u2: f64 = 0, u3: f64 = 0;
      let v0: f64 = 0, v1: f64 = 0, v2: f64 = 0, v3: f64 = 0;
      let w0: f64 = 0, w1: f64 = 0, w2: f64 = 0, w3: f64 = 0;
      for (let i = b; i < bend; i += 4) {
        const o = <usize>i << 3;
        const ex0 = load<f64>(px + o) - wx;
        const ex1 = load<f64>(px + o, 8) - wx;
        const ex2 = load<f64>(px + o, 16) - wx;
        const ex3 = load<f64>(px + o, 24) - wx;
        const ey0 = load<f64>(py + o) - wy;
        const ey1 = load<f64>(py + o, 8) - wy;
        const ey2 = load<f64>(py + o, 16) - wy;
        const ey3 = load<f64>(py + o, 24) - wy;
        x0 += ex0; x1 += ex1; x2 += ex2; x3 += ex3;
        y0 += ey0; y1 += ey1; y2 += ey2; y3 += ey3;
        u0 += ex0 * ex0; u1 += ex1 * ex1; u2 += ex2 * ex2; u3 += ex3 * ex3;
        v0 += ey0 * ey0; v1 += ey1 * ey1; v2 += ey2 * ey2; v3 += ey3 * ey3;
        w0 += ex0 * ey0; w1 += ex1 * ey1; w2 += ex2 * ey2; w3 += ex3 * ey3;
      }
      bx = (x0 + x2) + (x1 + x3);
      by = (y0 + y2) + (y1 + y3);
      bu = (u0 + u2) + (u1 + u3);
      bv = (v0 + v2) + (v1 + v3);
      bw = (w0 + w2) + (w1 + w3);
    }
    let s = exHi + bx;
    let bb = s - exHi;
    exLo += (exHi - (s - bb)) + (bx - bb);
    exHi = s;
    s = eyHi + by;
    bb = s - eyHi;
    eyLo += (eyHi - (s - bb)) + (by - bb);
    eyHi = s;
    s = uxHi + bu;
    bb = s - uxHi;
    uxLo += (uxHi - (s - bb)) + (bu - bb);
    uxHi = s;
    s = uyHi + bv;
    bb = s - uyHi;
    uyLo += (uyHi - (s - bb)) + (bv - bb);
    uyHi = s;
    s = ucHi + bw;
    bb = s - ucHi;
    ucLo += (ucHi - (s - bb)) + (bw - bb);
    ucHi = s;
  }
  let tx: f64 = 0, ty: f64 = 0, tu: f64 = 0, tv: f64 = 0, tw: f64 = 0;
  for (let i = len4; i < len; i++) {
    const o = <usize>i << 3;
    const ex = load<f64>(px + o) - wx;
    const ey = load<f64>(py + o) - wy;
    tx += ex;
    ty += ey;
    tu += ex * ex;
    tv += ey * ey;
    tw += ex * ey;
  }
  let s = exHi + tx;
  let bb = s - exHi;
  exLo += (exHi - (s - bb)) + (tx - bb);
  exHi = s;
  s = eyHi + ty;
  bb = s - eyHi;
  eyLo += (eyHi - (s - bb)) + (ty - bb);
  eyHi = s;
  ux = uxHi + (uxLo + tu);
  uy = uyHi + (uyLo + tv);
  uc = ucHi + (ucLo + tw);
}

/**
 * The working pivot after a pass around w with Σe = se, Σe² = u over n values: the working mean
 * w + se/n, rounded to a multiple of 2^(⌊log2 var⌋/2 − 6) (≤ sd/64 apart), so that it has few
 * low bits and integer or short fixed-point data keep exact differences x − w.
 */
function nextPivot(w: f64, se: f64, u: f64, n: f64): f64 {
  const m = w + se / n;
  const v = (u - se * (se / n)) / n;
  if (!(v > 1e-300 && v < 1e300)) return m;
  const e = <i32>((reinterpret<u64>(v) >> 52) & 0x7ff) - 1023;
  const scale = reinterpret<f64>(<u64>(6 - (e >> 1) + 1023) << 52);
  const t = m * scale;
  if (!(abs(t) < 4503599627370496)) return m;
  return floor(t + 0.5) / scale;
}

/** The compensated sum (accHi, accLo) that `accumulate` adds to. */
let accHi: f64 = 0;
let accLo: f64 = 0;
/** Adds a into (accHi, accLo) by TwoSum. */
// @ts-ignore: decorator
@inline function accumulate(a: f64): void {
  const s = accHi + a;
  const bb = s - accHi;
  accLo += (accHi - (s - bb)) + (a - bb);
  accHi = s;
}

/** Σ(v − P) of a chunk = Σe + n·(w − P): w − P by TwoSum, n·(w − P) by Dekker's TwoProduct, into (accHi, accLo). */
function addShifted(n: f64, w: f64, P: f64, eh: f64, el: f64): void {
  const dh = w - P;
  const bv = dh - w;
  const dl = (w - (dh - bv)) + (-P - bv);
  const p = n * dh;
  let t = SPLITTER * n;
  const nh = t - (t - n);
  const nl = n - nh;
  t = SPLITTER * dh;
  const ch = t - (t - dh);
  const cl = dh - ch;
  const pe = nl * cl - (p - nh * ch - nl * ch - nh * cl);
  accumulate(eh);
  accumulate(p);
  accumulate(el + (pe + n * dl));
}

const SPLITTER: f64 = 134217729; // 2^27 + 1, Dekker's split

function chunk(px: usize, py: usize, len: i32): void {
  const n = <f64>len;
  let wx = workX;
  let wy = workY;
  for (let attempt = 1; ; attempt++) {
    chunkPass(px, py, len, wx, wy);
    const sx = exHi + exLo;
    const sy = eyHi + eyLo;
    const badX = sx * sx > LIMIT * n * ux;
    const badY = sy * sy > LIMIT * n * uy;
    if (!(badX || badY) || attempt == ATTEMPTS) break;
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
  const xh = sxHi, xl = sxLo, yh = syHi, yl = syLo;
  accHi = sxHi;
  accLo = sxLo;
  addShifted(n, wx, pivotX, exHi, exLo);
  sxHi = accHi;
  sxLo = accLo;
  accHi = syHi;
  accLo = syLo;
  addShifted(n, wy, pivotY, eyHi, eyLo);
  syHi = accHi;
  syLo = accLo;
  if (count > 0) {
    const dx = (wx - pivotX) + sx / n - (xh + xl) / count;
    const dy = (wy - pivotY) + sy / n - (yh + yl) / count;
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
  count += n;
}

export function feed(px: usize, py: usize, n: i32): void {
  for (let i: i32 = 0; i < n; i += CHUNK) {
    const o = <usize>i << 3;
    chunk(px + o, py + o, min(CHUNK, n - i));
  }
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
