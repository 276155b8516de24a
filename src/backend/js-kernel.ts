import { productError } from "../ddouble.js";
import { BLOCK, CHUNK, type InputArea, type Kernel, type RawMoments } from "./moments.js";

/**
 * The pure-JavaScript backend: the kernel's algorithm (assembly/index.ts) in plain TypeScript,
 * with the same chunking, the same shifts, the same 8-lane accumulation order and the same
 * compensated fold, so that it returns results bit-identical to the WebAssembly builds. Used
 * when WebAssembly is missing or refused (e.g. a Content-Security-Policy without
 * 'wasm-unsafe-eval'), for small batches (`backend: "auto"`, see select.ts), and on request
 * (`backend: "js"`).
 *
 * Method: see the header of assembly/index.ts (shifted, chunked, corrected two-pass; Chan,
 * Golub & LeVeque 1979/1983; compensated running sums).
 */

let s1Hi = 0;
let s1Lo = 0;

/** s1Hi/s1Lo += v, compensated (Knuth's TwoSum). */
function addToS1(v: number): void {
  const s = s1Hi + v;
  const bb = s - s1Hi;
  s1Lo += s1Hi - (s - bb) + (v - bb);
  s1Hi = s;
}

/** Σ (x − P) over values[start, start + len) in s1Hi + s1Lo: the kernel's lane and block order, blocks added with TwoSum. */
function sumPass(x: ArrayLike<number>, start: number, len: number, P: number): void {
  const len8 = len & ~7;
  s1Hi = 0;
  s1Lo = 0;
  const end8 = start + len8;
  for (let b = start; b < end8; b += BLOCK) {
    const bend = Math.min(b + BLOCK, end8);
    let l0 = 0,
      l1 = 0,
      l2 = 0,
      l3 = 0,
      l4 = 0,
      l5 = 0,
      l6 = 0,
      l7 = 0;
    for (let i = b; i < bend; i += 8) {
      l0 += x[i]! - P;
      l1 += x[i + 1]! - P;
      l2 += x[i + 2]! - P;
      l3 += x[i + 3]! - P;
      l4 += x[i + 4]! - P;
      l5 += x[i + 5]! - P;
      l6 += x[i + 6]! - P;
      l7 += x[i + 7]! - P;
    }
    addToS1(l0 + l2 + (l4 + l6) + (l1 + l3 + (l5 + l7)));
  }
  if (len8 < len) {
    let t = 0;
    const end = start + len;
    for (let i = end8; i < end; i++) t += x[i]! - P;
    addToS1(t);
  }
}

let passSq = 0;

/** Σ e² with e = x − m, in the kernel's lane and block order (blocks added with TwoSum); result in passSq. */
function devPass(x: ArrayLike<number>, start: number, len: number, m: number): void {
  const len8 = len & ~7;
  let qHi = 0;
  let qLo = 0;
  const end8 = start + len8;
  for (let b = start; b < end8; b += BLOCK) {
    const bend = Math.min(b + BLOCK, end8);
    let q0 = 0,
      q1 = 0,
      q2 = 0,
      q3 = 0,
      q4 = 0,
      q5 = 0,
      q6 = 0,
      q7 = 0;
    for (let i = b; i < bend; i += 8) {
      const e0 = x[i]! - m;
      const e1 = x[i + 1]! - m;
      const e2 = x[i + 2]! - m;
      const e3 = x[i + 3]! - m;
      const e4 = x[i + 4]! - m;
      const e5 = x[i + 5]! - m;
      const e6 = x[i + 6]! - m;
      const e7 = x[i + 7]! - m;
      q0 += e0 * e0;
      q1 += e1 * e1;
      q2 += e2 * e2;
      q3 += e3 * e3;
      q4 += e4 * e4;
      q5 += e5 * e5;
      q6 += e6 * e6;
      q7 += e7 * e7;
    }
    const bq = q0 + q2 + (q4 + q6) + (q1 + q3 + (q5 + q7));
    const s = qHi + bq;
    const bb = s - qHi;
    qLo += qHi - (s - bb) + (bq - bb);
    qHi = s;
  }
  let qt = 0;
  const end = start + len;
  for (let i = end8; i < end; i++) {
    const e = x[i]! - m;
    qt += e * e;
  }
  passSq = qHi + (qLo + qt);
}

/** Runs the chunked two-pass over values[start, end) and returns the raw moments around P. */
function jsMoments(x: ArrayLike<number>, start: number, end: number, P: number): RawMoments {
  let count = 0;
  let sumHi = 0;
  let sumLo = 0;
  let m2Hi = 0;
  let m2Lo = 0;
  for (let i = start; i < end; i += CHUNK) {
    const len = Math.min(CHUNK, end - i);
    const n = len;
    sumPass(x, i, len, P);
    const sh = s1Hi;
    const sl = s1Lo;
    const m = P + (sh + sl) / n;
    devPass(x, i, len, m);
    // r = Σ(x − m) = (sh + sl) − n·(m − P): m − P = dh + dl exactly (TwoSum), n·dh = p + pe exactly.
    const dh = m - P;
    const bv = dh - m;
    const dl = m - (dh - bv) + (-P - bv);
    const p = n * dh;
    const pe = productError(n, dh, p);
    const r = sh - p + (sl - pe) - n * dl;
    let q = passSq - r * (r / n);
    if (q < 0) q = 0;
    let add: number;
    if (count > 0) {
      const chunkMean = (sh + sl) / n; // pivot coordinates
      const meanSoFar = (sumHi + sumLo) / count;
      const delta = chunkMean - meanSoFar;
      const total = count + n;
      add = q + delta * delta * ((count * n) / total);
    } else {
      add = q;
    }
    // m2 += add (TwoSum)
    let s = m2Hi + add;
    let bb = s - m2Hi;
    m2Lo += m2Hi - (s - bb) + (add - bb);
    m2Hi = s;
    // Σ(x − P) += sh, then += sl (TwoSum each)
    s = sumHi + sh;
    bb = s - sumHi;
    sumLo += sumHi - (s - bb) + (sh - bb);
    sumHi = s;
    s = sumHi + sl;
    bb = s - sumHi;
    sumLo += sumHi - (s - bb) + (sl - bb);
    sumHi = s;
    count += n;
  }
  return { count, pivot: P, sumHi, sumLo, m2Hi, m2Lo };
}

/** The JavaScript kernel. */
export const jsKernel: Kernel = { name: "js", moments: jsMoments };

/**
 * The zero-copy area of the JS backend: a plain Float64Array. Growing moves the contents to a
 * larger array and detaches the old one (as wasm memory growth does), so a stale view reads as
 * empty instead of silently missing later writes.
 */
export class JsInputArea implements InputArea {
  readonly name = "js" as const;
  private values: Float64Array;

  constructor(capacity: number) {
    this.values = new Float64Array(capacity);
  }

  get capacity(): number {
    return this.values.length;
  }

  grow(n: number): boolean {
    if (n <= this.values.length) return true;
    let next: Float64Array;
    try {
      next = new Float64Array(n);
    } catch {
      return false;
    }
    const old = this.values;
    next.set(old);
    this.values = next;
    if (typeof structuredClone === "function") {
      try {
        structuredClone(old.buffer, { transfer: [old.buffer] }); // detaches `old`
      } catch {
        // an engine without transferable ArrayBuffers: the stale view just stays attached
      }
    }
    return true;
  }

  inputView(): Float64Array {
    return this.values;
  }

  momentsInPlace(count: number, pivot: number): RawMoments {
    return jsMoments(this.values, 0, count, pivot);
  }
}
