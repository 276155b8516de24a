/**
 * Double-double arithmetic: a value is the unevaluated sum `hi + lo` of two doubles with
 * |lo| <= ulp(hi) / 2, giving about 106 bits (32 decimal digits) of precision.
 *
 * Method: error-free transformations — Knuth's TwoSum, Dekker's Split/TwoProduct (no FMA is
 * assumed, so results are identical on every JavaScript engine) — combined as in
 * Hida, Li & Bailey, "Library for double-double and quad-double arithmetic" (QD, 2007), and
 * Joldes, Muller & Popescu, "Tight and rigorous error bounds for basic building blocks of
 * double-word arithmetic", ACM TOMS 44(2), 2017 (algorithms 6, 12 and 17 there).
 *
 * Internal module: summaries use it to carry the mean and M2 without losing digits.
 */

/** A double-double number `hi + lo`. */
export interface DD {
  readonly hi: number;
  readonly lo: number;
}

const SPLITTER = 134217729; // 2^27 + 1

/** Normalises `a + b` where |a| >= |b| (Fast2Sum). Lo is made +0 rather than -0. */
function fastTwoSum(a: number, b: number): DD {
  const s = a + b;
  const lo = b - (s - a);
  return { hi: s, lo: lo === 0 ? 0 : lo };
}

/** Exact sum: s + e = a + b (Knuth's TwoSum). */
export function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  const e = a - (s - bb) + (b - bb);
  return { hi: s, lo: e === 0 ? 0 : e };
}

/** Below this magnitude Dekker's split of a factor cannot overflow (SPLITTER · 2^996 < 2^1023). */
const SPLIT_LIMIT = 2 ** 996;
/** Products from here up are split on scaled factors too (the halves' product could overflow). */
const LARGE_PRODUCT = 2 ** 1020;

/**
 * The rounding error of the product p = fl(a·b): e with p + e = a·b exactly (Dekker's
 * TwoProduct without FMA). Exact when |a|, |b| < 2^996 and the error is not below the
 * subnormal range (|a·b| ≥ 2^-969); the kernels mirror it operation for operation. A plain
 * number, so hot loops can use it without allocating. `twoProduct` has no such limit on size.
 */
export function productError(a: number, b: number, p: number): number {
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return al * bl - (p - ah * bh - al * bh - ah * bl);
}

/**
 * Exact product: p + e = a * b (Dekker's TwoProduct). Factors of 2^996 and more are scaled by
 * 2^-30 before they are split (exact: only the exponent changes), so any product that does not
 * overflow is exact, down to products of 2^-969 (below, e is rounded to the subnormal grid).
 * An overflowing product gives hi = ±Infinity.
 */
export function twoProduct(a: number, b: number): DD {
  const p = a * b;
  if (!(Math.abs(a) < SPLIT_LIMIT && Math.abs(b) < SPLIT_LIMIT && Math.abs(p) < LARGE_PRODUCT)) {
    return { hi: p, lo: largeProductError(a, b, p) };
  }
  const e = productError(a, b, p);
  return { hi: p, lo: e === 0 ? 0 : e };
}

/**
 * productError for a factor of 2^996 or more, or a product of 2^1020 or more (whose split
 * halves' product can pass the largest double): the larger factor, and any of 2^996 or more,
 * is scaled by 2^-30 first.
 */
function largeProductError(a: number, b: number, p: number): number {
  if (!Number.isFinite(p)) return 0;
  let k = 0;
  let x = a;
  let y = b;
  if (Math.abs(x) >= SPLIT_LIMIT || Math.abs(x) >= Math.abs(y)) {
    x *= 2 ** -30;
    k += 30;
  }
  if (Math.abs(y) >= SPLIT_LIMIT) {
    y *= 2 ** -30;
    k += 30;
  }
  // |p| ≥ 2^-78 here (a factor ≥ 2^996, the other ≥ 2^-1074, or p ≥ 2^1020), so p · 2^-k is exact too.
  const e = productError(x, y, p * 2 ** -k) * 2 ** k;
  return e === 0 ? 0 : e;
}

/** 2^k for k = −1074 … 1023 at index k + 1074, built on first use (`2 ** k` costs a call to pow). */
let powersOfTwo: Float64Array | undefined;

function buildPowersOfTwo(): Float64Array {
  const table = new Float64Array(1023 + 1074 + 1);
  for (let k = 0, x = 1; k <= 1023; k++, x *= 2) table[k + 1074] = x;
  for (let k = 0, x = 1; k >= -1074; k--, x /= 2) table[k + 1074] = x; // halving is exact down to 2^-1074
  return table;
}

/** 2^k for any integer k, exactly while 2^k is representable (±Infinity / 0 beyond). @internal */
export function pow2(k: number): number {
  if (k > 1023) return Infinity;
  if (k < -1074) return 0;
  powersOfTwo ??= buildPowersOfTwo();
  return powersOfTwo[k + 1074]!;
}

/**
 * x · 2^k, exact unless the result over- or underflows; k may be any integer (the product is
 * formed in two steps where 2^k alone is not representable). @internal
 */
export function scaleByPow2(x: number, k: number): number {
  if (k > 1023 || k < -1022) {
    const half = Math.trunc(k / 2);
    return x * pow2(half) * pow2(k - half);
  }
  return x * pow2(k);
}

/**
 * a · 2^k for a double-double: both parts scaled, then renormalised (Fast2Sum), since a low part
 * that lands among the subnormals is rounded and may then exceed half an ulp of the high part.
 * Exact unless the result over- or underflows. @internal
 */
export function ddScale(a: DD, k: number): DD {
  if (k === 0) return a;
  const hi = scaleByPow2(a.hi, k);
  const lo = scaleByPow2(a.lo, k);
  if (!Number.isFinite(hi)) return { hi, lo: 0 };
  return fastTwoSum(hi, lo);
}

/**
 * The binary exponent of a finite non-zero x: the integer e with 2^e ≤ |x| < 2^(e+1)
 * (−1074 … 1023); 0 for 0 and non-finite x. @internal
 */
export function exponentOf(x: number): number {
  const ax = Math.abs(x);
  if (ax === 0 || !Number.isFinite(ax)) return 0;
  let e = Math.floor(Math.log2(ax));
  if (pow2(e) > ax) e--;
  else if (e < 1023 && pow2(e + 1) <= ax) e++;
  return e;
}

/** The double-double of a double. */
export function dd(x: number): DD {
  return { hi: x, lo: 0 };
}

/** Builds a normalised double-double from any two doubles. */
export function ddFromParts(hi: number, lo: number): DD {
  if (!Number.isFinite(hi) || !Number.isFinite(lo)) return { hi: hi + lo, lo: 0 };
  return twoSum(hi, lo);
}

/** a + b (accurate sum, Joldes et al. algorithm 6). */
export function ddAdd(a: DD, b: DD): DD {
  if (!Number.isFinite(a.hi) || !Number.isFinite(b.hi)) return { hi: a.hi + b.hi, lo: 0 };
  const s = twoSum(a.hi, b.hi);
  const t = twoSum(a.lo, b.lo);
  const c = fastTwoSum(s.hi, s.lo + t.hi);
  return fastTwoSum(c.hi, c.lo + t.lo);
}

/** -a */
export function ddNeg(a: DD): DD {
  return { hi: -a.hi, lo: a.lo === 0 ? 0 : -a.lo };
}

/** |a| (a double-double is negative when its leading part is). */
export function ddAbs(a: DD): DD {
  return a.hi < 0 ? ddNeg(a) : a;
}

/** a - b */
export function ddSub(a: DD, b: DD): DD {
  return ddAdd(a, ddNeg(b));
}

/** a * b for a double-double a and a double b (Joldes et al. algorithm 9). */
export function ddMulNumber(a: DD, b: number): DD {
  if (!Number.isFinite(a.hi) || !Number.isFinite(b)) return { hi: a.hi * b, lo: 0 };
  const p = twoProduct(a.hi, b);
  return fastTwoSum(p.hi, a.lo * b + p.lo);
}

/** a * b for two double-doubles (Joldes et al. algorithm 12, without FMA). */
export function ddMul(a: DD, b: DD): DD {
  if (!Number.isFinite(a.hi) || !Number.isFinite(b.hi)) return { hi: a.hi * b.hi, lo: 0 };
  const p = twoProduct(a.hi, b.hi);
  const lo = p.lo + (a.hi * b.lo + a.lo * b.hi);
  return fastTwoSum(p.hi, lo);
}

/** a / b for a double-double a and a double b (Joldes et al. algorithm 15). */
export function ddDivNumber(a: DD, b: number): DD {
  if (Math.abs(a.hi) >= LARGE_PRODUCT && a.hi !== Infinity && a.hi !== -Infinity)
    return ddScale(ddDivNumber(ddScale(a, -8), b), 8); // q·b could overflow
  const q = a.hi / b;
  if (!Number.isFinite(q) || !Number.isFinite(a.hi)) return { hi: q, lo: 0 };
  const p = twoProduct(q, b);
  const r = a.hi - p.hi - p.lo + a.lo;
  return fastTwoSum(q, r / b);
}

/** a / b for two double-doubles (one Newton-style correction of the quotient). */
export function ddDiv(a: DD, b: DD): DD {
  if (Math.abs(a.hi) >= LARGE_PRODUCT && a.hi !== Infinity && a.hi !== -Infinity)
    return ddScale(ddDiv(ddScale(a, -8), b), 8); // q·b could overflow
  const q1 = a.hi / b.hi;
  if (!Number.isFinite(q1) || !Number.isFinite(a.hi) || !Number.isFinite(b.hi)) return { hi: q1, lo: 0 };
  const r = ddSub(a, ddMulNumber(b, q1));
  const q2 = r.hi / b.hi;
  const r2 = ddSub(r, ddMulNumber(b, q2));
  const q3 = r2.hi / b.hi;
  const s = fastTwoSum(q1, q2);
  return ddAdd(s, dd(q3));
}

/** sqrt(a) as a double-double (one Newton step from the double square root). */
export function ddSqrt(a: DD): DD {
  if (a.hi <= 0 || !Number.isFinite(a.hi)) return { hi: Math.sqrt(a.hi), lo: 0 };
  const x = Math.sqrt(a.hi);
  const r = ddSub(a, twoProduct(x, x));
  return fastTwoSum(x, r.hi / (2 * x));
}

/** The double nearest to a (hi is already that, for normalised values). */
export function ddToNumber(a: DD): number {
  return a.hi + a.lo;
}
