/*
 * batchstats kernel: count, pivot-relative sum and M2 of f64 values, in one pass over
 * memory, with f64x2 SIMD (or the same arithmetic in scalar code when built without SIMD).
 *
 * Linear memory (64 KiB pages; grown only by `reserve`):
 *
 *   0               __heap_base   inputBase()                              memory.size()*64Ki
 *   | static data:   |  pad to 16  | input area: f64[capacity] (16-aligned) |
 *   | STATE block    |             | the caller writes values here, then    |
 *   | (8 × f64)      |             | calls feed(inputBase() + 8*i, n)       |
 *
 * Exports:
 *   inputBase(): usize        byte offset of the input area
 *   capacity(): i32           how many f64 fit in the input area now
 *   reserve(n: i32): i32      grow memory so the input area holds >= n values; 1 ok, 0 failed
 *   begin(pivot: f64): void   start a new summary with pivot P (the batch's first value)
 *   feed(ptr: usize, n: i32)  fold n values at ptr into the running summary; successive feeds
 *                             continue the batch (n a multiple of CHUNK except for the last)
 *   finish(): usize           write the state and return a pointer to it:
 *                             [count, sumHi, sumLo, m2Hi, m2Lo] (f64), where
 *                             Σ(x − P) = sumHi + sumLo and M2 = m2Hi + m2Lo (compensated)
 *
 * Method: pivot-shifted, chunked, corrected two-pass. Pass 1 sums d = x − P
 * over chunk k (≤ CHUNK values) in 8 lanes (4 × f64x2), in blocks of BLOCK values whose sums are
 * added exactly (TwoSum): that compensated Σ(x − P) is the chunk's contribution to the running
 * sum, so data whose differences from the pivot and block sums are exact (integers, 0/1
 * conversions, most fixed-point decimals of one magnitude) get an exact sum and hence a
 * correctly rounded mean. The chunk's working mean is the double m_k = P + Σd/len. Pass 2 sums
 * e² with e = x − m_k in the same lanes and blocks; the residual r = Σe = Σd − len·(m_k − P),
 * taken from pass 1 (m_k − P by TwoSum, len·(m_k − P) by Dekker's TwoProduct), corrects M2
 * (Σe² − r²/len: the "corrected two-pass" of Chan, Golub & LeVeque, "Algorithms for computing
 * the sample variance", Am. Stat. 37, 1983); r's own error, from the roundings of x − P, only
 * enters M2 as r·δr/len. Chunks are folded with Chan, Golub & LeVeque's
 * (1979) pairwise update; the running Σ(x − P) and M2 are compensated sums, so the fold adds no
 * error that grows with the number of chunks. Constant data gives e = 0 exactly, hence M2 = 0
 * exactly. (A variant in which pass 2 also sums e and the chunk's sum is n·(m_k − P) + Σe is not
 * exact for integers: the rounding of e = x − m_k when |x − m_k| > |m_k| leaves the mean of
 * [0, 1, 0] one ulp off k/n; measured, one array of 0/1 values in eleven is affected.)
 *
 * Speed: pass 2 costs one subtraction, one multiplication and one addition per value (per lane),
 * and when a full chunk follows, pass 2 of chunk k
 * alternates block by block with pass 1 of chunk k + 1, so the next chunk streams in from
 * memory while this one is worked on in L1 (bench/: `npm run bench`).
 *
 * Lane order is fixed and mirrored exactly by src/backend/js-kernel.ts, so the SIMD build,
 * the scalar build and the JS fallback return bit-identical results: element i of a chunk
 * (or block) goes to lane i % 8 (for i < len & ~7), lanes reduce as
 * ((l0+l2)+(l4+l6)) + ((l1+l3)+(l5+l7)), and the remaining < 8 elements are summed in order
 * into a separate tail term added last.
 */

const CHUNK: i32 = 2048;
const BLOCK: i32 = 64; // values per block of the Σ e² sum (a multiple of 8)

// Running state, in pivot coordinates.
let pivot: f64 = 0;
let count: f64 = 0;
let sumHi: f64 = 0;
let sumLo: f64 = 0;
let m2Hi: f64 = 0;
let m2Lo: f64 = 0;

const STATE: usize = memory.data(64, 16);

// Results of the last pass, returned through globals to avoid allocation.
let passSq: f64 = 0; // Σ e²  (pass 2)

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
  // in 64 bits: n values may need more than the 4 GiB a 32-bit memory can have
  const needBytes = <u64>alignedInputBase() + (<u64>n << 3);
  const needPages = <i32>((needBytes + 0xffff) >> 16);
  const grow = needPages - memory.size();
  if (grow > 0 && memory.grow(grow) < 0) return 0;
  return 1;
}

export function begin(p: f64): void {
  pivot = p;
  count = 0;
  sumHi = 0;
  sumLo = 0;
  m2Hi = 0;
  m2Lo = 0;
}

// Σ (x − P) of the last pass 1, compensated: s1Hi + s1Lo.
let s1Hi: f64 = 0;
let s1Lo: f64 = 0;

/** s1Hi/s1Lo += v, compensated (Knuth's TwoSum). */
// @ts-ignore: decorator
@inline function addToS1(v: f64): void {
  const s = s1Hi + v;
  const bb = s - s1Hi;
  s1Lo += (s1Hi - (s - bb)) + (v - bb);
  s1Hi = s;
}

/** Pass 1: s1Hi + s1Lo = Σ (x − P) over [ptr, ptr + 8·len), in blocks of BLOCK values added exactly. */
function sumPass(ptr: usize, len: i32, P: f64): void {
  const len8 = len & ~7;
  s1Hi = 0;
  s1Lo = 0;
  if (ASC_FEATURE_SIMD) {
    const pv = f64x2.splat(P);
    const zero = f64x2.splat(0);
    for (let b = 0; b < len8; b += BLOCK) {
      const bend = min(b + BLOCK, len8);
      let a0 = zero, a1 = zero, a2 = zero, a3 = zero;
      for (let i = b; i < bend; i += 8) {
        const p = ptr + (<usize>i << 3);
        a0 = f64x2.add(a0, f64x2.sub(v128.load(p), pv));
        a1 = f64x2.add(a1, f64x2.sub(v128.load(p, 16), pv));
        a2 = f64x2.add(a2, f64x2.sub(v128.load(p, 32), pv));
        a3 = f64x2.add(a3, f64x2.sub(v128.load(p, 48), pv));
      }
      const z = f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3));
      addToS1(f64x2.extract_lane(z, 0) + f64x2.extract_lane(z, 1));
    }
  } else {
    for (let b = 0; b < len8; b += BLOCK) {
      const bend = min(b + BLOCK, len8);
      let l0: f64 = 0, l1: f64 = 0, l2: f64 = 0, l3: f64 = 0;
      let l4: f64 = 0, l5: f64 = 0, l6: f64 = 0, l7: f64 = 0;
      for (let i = b; i < bend; i += 8) {
        const p = ptr + (<usize>i << 3);
        l0 += load<f64>(p) - P;
        l1 += load<f64>(p, 8) - P;
        l2 += load<f64>(p, 16) - P;
        l3 += load<f64>(p, 24) - P;
        l4 += load<f64>(p, 32) - P;
        l5 += load<f64>(p, 40) - P;
        l6 += load<f64>(p, 48) - P;
        l7 += load<f64>(p, 56) - P;
      }
      addToS1(((l0 + l2) + (l4 + l6)) + ((l1 + l3) + (l5 + l7)));
    }
  }
  if (len8 < len) {
    let t: f64 = 0;
    for (let i = len8; i < len; i++) t += load<f64>(ptr + (<usize>i << 3)) - P;
    addToS1(t);
  }
}

// Compensated block sums of pass 2: Σ e² = qHi + qLo.
let qHi: f64 = 0;
let qLo: f64 = 0;

// @ts-ignore: decorator
@inline function addBlock(bq: f64): void {
  const s = qHi + bq;
  const bb = s - qHi;
  qLo += (qHi - (s - bb)) + (bq - bb);
  qHi = s;
}

/** Pass 2: qHi.. = Σ e², e = x − m, over the 8-lane part [ptr, ptr + 8·len8). */
// @ts-ignore: decorator
@inline function devLanes(ptr: usize, len8: i32, m: f64): void {
  qHi = 0;
  qLo = 0;
  if (ASC_FEATURE_SIMD) {
    const mv = f64x2.splat(m);
    const zero = f64x2.splat(0);
    for (let b = 0; b < len8; b += BLOCK) {
      const bend = min(b + BLOCK, len8);
      let q0 = zero, q1 = zero, q2 = zero, q3 = zero;
      for (let i = b; i < bend; i += 8) {
        const p = ptr + (<usize>i << 3);
        const e0 = f64x2.sub(v128.load(p), mv);
        const e1 = f64x2.sub(v128.load(p, 16), mv);
        const e2 = f64x2.sub(v128.load(p, 32), mv);
        const e3 = f64x2.sub(v128.load(p, 48), mv);
        q0 = f64x2.add(q0, f64x2.mul(e0, e0));
        q1 = f64x2.add(q1, f64x2.mul(e1, e1));
        q2 = f64x2.add(q2, f64x2.mul(e2, e2));
        q3 = f64x2.add(q3, f64x2.mul(e3, e3));
      }
      const qz = f64x2.add(f64x2.add(q0, q1), f64x2.add(q2, q3));
      addBlock(f64x2.extract_lane(qz, 0) + f64x2.extract_lane(qz, 1));
    }
  } else {
    for (let b = 0; b < len8; b += BLOCK) {
      const bend = min(b + BLOCK, len8);
      let q0: f64 = 0, q1: f64 = 0, q2: f64 = 0, q3: f64 = 0;
      let q4: f64 = 0, q5: f64 = 0, q6: f64 = 0, q7: f64 = 0;
      for (let i = b; i < bend; i += 8) {
        const p = ptr + (<usize>i << 3);
        const e0 = load<f64>(p) - m;
        const e1 = load<f64>(p, 8) - m;
        const e2 = load<f64>(p, 16) - m;
        const e3 = load<f64>(p, 24) - m;
        const e4 = load<f64>(p, 32) - m;
        const e5 = load<f64>(p, 40) - m;
        const e6 = load<f64>(p, 48) - m;
        const e7 = load<f64>(p, 56) - m;
        q0 += e0 * e0; q1 += e1 * e1; q2 += e2 * e2; q3 += e3 * e3;
        q4 += e4 * e4; q5 += e5 * e5; q6 += e6 * e6; q7 += e7 * e7;
      }
      addBlock(((q0 + q2) + (q4 + q6)) + ((q1 + q3) + (q5 + q7)));
    }
  }
}

/** Pass 2 over a chunk of len values: passSq = Σ e², e = x − m. */
function devPass(ptr: usize, len: i32, m: f64): void {
  const len8 = len & ~7;
  devLanes(ptr, len8, m);
  let qt: f64 = 0;
  for (let i = len8; i < len; i++) {
    const e = load<f64>(ptr + (<usize>i << 3)) - m;
    qt += e * e;
  }
  passSq = qHi + (qLo + qt);
}

/**
 * Pass 2 of the full chunk at ptr (around m), block by block, alternating with pass 1 of the next
 * full chunk (around P): the next chunk streams in from memory while this one is worked in L1.
 */
function devSumPass(ptr: usize, m: f64, next: usize, P: f64): void {
  if (ASC_FEATURE_SIMD) {
    qHi = 0;
    qLo = 0;
    s1Hi = 0;
    s1Lo = 0;
    const mv = f64x2.splat(m);
    const pv = f64x2.splat(P);
    const zero = f64x2.splat(0);
    for (let b: usize = 0; b < (<usize>CHUNK << 3); b += <usize>BLOCK << 3) {
      const bend = b + (<usize>BLOCK << 3);
      let a0 = zero, a1 = zero, a2 = zero, a3 = zero;
      for (let o = b; o < bend; o += 64) {
        const pn = next + o;
        a0 = f64x2.add(a0, f64x2.sub(v128.load(pn), pv));
        a1 = f64x2.add(a1, f64x2.sub(v128.load(pn, 16), pv));
        a2 = f64x2.add(a2, f64x2.sub(v128.load(pn, 32), pv));
        a3 = f64x2.add(a3, f64x2.sub(v128.load(pn, 48), pv));
      }
      const z = f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3));
      addToS1(f64x2.extract_lane(z, 0) + f64x2.extract_lane(z, 1));
      let q0 = zero, q1 = zero, q2 = zero, q3 = zero;
      for (let o = b; o < bend; o += 64) {
        const p = ptr + o;
        const e0 = f64x2.sub(v128.load(p), mv);
        const e1 = f64x2.sub(v128.load(p, 16), mv);
        const e2 = f64x2.sub(v128.load(p, 32), mv);
        const e3 = f64x2.sub(v128.load(p, 48), mv);
        q0 = f64x2.add(q0, f64x2.mul(e0, e0));
        q1 = f64x2.add(q1, f64x2.mul(e1, e1));
        q2 = f64x2.add(q2, f64x2.mul(e2, e2));
        q3 = f64x2.add(q3, f64x2.mul(e3, e3));
      }
      const qz = f64x2.add(f64x2.add(q0, q1), f64x2.add(q2, q3));
      addBlock(f64x2.extract_lane(qz, 0) + f64x2.extract_lane(qz, 1));
    }
    passSq = qHi + (qLo + 0);
  } else {
    devPass(ptr, CHUNK, m);
    sumPass(next, CHUNK, P);
  }
}

/** sumHi/sumLo += v, compensated (Knuth's TwoSum). */
// @ts-ignore: decorator
@inline function addToSum(v: f64): void {
  const s = sumHi + v;
  const bb = s - sumHi;
  sumLo += (sumHi - (s - bb)) + (v - bb);
  sumHi = s;
}

/** m2Hi/m2Lo += v, compensated (Knuth's TwoSum). */
// @ts-ignore: decorator
@inline function addToM2(v: f64): void {
  const s = m2Hi + v;
  const bb = s - m2Hi;
  m2Lo += (m2Hi - (s - bb)) + (v - bb);
  m2Hi = s;
}

const SPLITTER: f64 = 134217729; // 2^27 + 1, Dekker's split

/**
 * Folds a chunk of len values whose Σ (x − P) is sh + sl (pass 1) and whose Σ e² around its
 * working mean m is passSq (pass 2). The residual r = Σ (x − m) for the M2 correction is taken
 * from pass 1: r = (sh + sl) − len·(m − P), with m − P split exactly (TwoSum) and len·(m − P)
 * exactly (Dekker's TwoProduct); its error (the roundings of x − P) only enters M2 as r·δr/len,
 * far below M2's own rounding.
 */
function foldChunk(len: i32, m: f64, sh: f64, sl: f64): void {
  const n = <f64>len;
  // m − P = dh + dl exactly (TwoSum)
  const dh = m - pivot;
  const bv = dh - m;
  const dl = (m - (dh - bv)) + (-pivot - bv);
  // n·dh = p + pe exactly (TwoProduct)
  const p = n * dh;
  let t = SPLITTER * n;
  const nh = t - (t - n);
  const nl = n - nh;
  t = SPLITTER * dh;
  const ch = t - (t - dh);
  const cl = dh - ch;
  const pe = nl * cl - (p - nh * ch - nl * ch - nh * cl);
  const r = ((sh - p) + (sl - pe)) - n * dl;
  let q = passSq - r * (r / n);
  if (q < 0) q = 0;
  if (count > 0) {
    const chunkMean = (sh + sl) / n; // pivot coordinates
    const meanSoFar = (sumHi + sumLo) / count;
    const delta = chunkMean - meanSoFar;
    const total = count + n;
    addToM2(q + delta * delta * (count * n / total));
  } else {
    addToM2(q);
  }
  addToSum(sh);
  addToSum(sl);
  count += n;
}

export function feed(ptr: usize, n: i32): void {
  if (n <= 0) return;
  let len = min(CHUNK, n);
  sumPass(ptr, len, pivot);
  let i: i32 = 0;
  while (true) {
    const sh = s1Hi;
    const sl = s1Lo;
    const m = pivot + (sh + sl) / <f64>len;
    const p = ptr + (<usize>i << 3);
    const next = i + len;
    const nextLen = min(CHUNK, n - next);
    if (nextLen == CHUNK) {
      devSumPass(p, m, p + (<usize>CHUNK << 3), pivot);
    } else {
      devPass(p, len, m);
      if (nextLen > 0) sumPass(p + (<usize>len << 3), nextLen, pivot);
    }
    foldChunk(len, m, sh, sl);
    if (nextLen <= 0) break;
    i = next;
    len = nextLen;
  }
}

export function finish(): usize {
  store<f64>(STATE, count);
  store<f64>(STATE, sumHi, 8);
  store<f64>(STATE, sumLo, 16);
  store<f64>(STATE, m2Hi, 24);
  store<f64>(STATE, m2Lo, 32);
  return STATE;
}
