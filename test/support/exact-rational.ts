/**
 * An independent exact reference for the SQL tests: the mean and sample variance of doubles (and
 * the covariance of pairs), computed with BigInt rationals (every double is an integer times a power of two) and rounded
 * once, correctly (half to even), to the nearest double.
 */

/** x = m · 2^e with an integer m (exact for every finite double). */
function decompose(x: number): { m: bigint; e: number } {
  if (x === 0) return { m: 0n, e: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n ? -1n : 1n;
  const expBits = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  const m = expBits === 0 ? frac : frac | (1n << 52n);
  const e = (expBits === 0 ? 1 : expBits) - 1075;
  return { m: sign * m, e };
}

/** The nearest double to p / q (q > 0), ties to even. */
export function ratioToDouble(p: bigint, q: bigint): number {
  if (p === 0n) return 0;
  const negative = p < 0n;
  const a = negative ? -p : p;
  const shift = a.toString(2).length - q.toString(2).length - 60;
  const num = shift < 0 ? a << BigInt(-shift) : a;
  const den = shift > 0 ? q << BigInt(shift) : q;
  const quotient = num / den;
  const sticky = num % den === 0n ? 0n : 1n;
  // ≥ 60 significant bits plus a sticky bit: Number() rounds them correctly, once.
  const x = Number((quotient << 1n) | sticky) * 2 ** (shift - 1);
  return negative ? -x : x;
}

export interface ExactStats {
  n: number;
  mean: number;
  variance: number;
}

/** The values as integers on their common grid 2^e0 (e0 ≤ 0), with Σx and Σx² of those integers. */
function onGrid(values: ArrayLike<number>): { ints: bigint[]; scale: bigint; s1: bigint; s2: bigint } {
  const parts = Array.from(values, decompose);
  const e0 = Math.min(...parts.filter((p) => p.m !== 0n).map((p) => p.e), 0);
  const ints = parts.map(({ m, e }) => m << BigInt(e - e0));
  let s1 = 0n;
  let s2 = 0n;
  for (const x of ints) {
    s1 += x;
    s2 += x * x;
  }
  return { ints, scale: 1n << BigInt(-e0), s1, s2 };
}

/** The exact mean and sample variance (n − 1) of the values, each correctly rounded to a double. */
export function exactStats(values: ArrayLike<number>): ExactStats {
  const n = values.length;
  const { scale, s1, s2 } = onGrid(values);
  const bn = BigInt(n);
  const mean = ratioToDouble(s1, bn * scale);
  const variance = n < 2 ? 0 : ratioToDouble(bn * s2 - s1 * s1, bn * (bn - 1n) * scale * scale);
  return { n, mean, variance };
}

export interface ExactPairStats {
  n: number;
  x: ExactStats;
  y: ExactStats;
  /** The sample covariance (n − 1), correctly rounded. */
  covariance: number;
}

/** The exact moments of pairs (x[i], y[i]): each column's, and the covariance, correctly rounded. */
export function exactPairStats(x: ArrayLike<number>, y: ArrayLike<number>): ExactPairStats {
  const n = x.length;
  const gx = onGrid(x);
  const gy = onGrid(y);
  let sxy = 0n;
  for (let i = 0; i < n; i++) sxy += gx.ints[i]! * gy.ints[i]!;
  const bn = BigInt(n);
  const covariance = n < 2 ? 0 : ratioToDouble(bn * sxy - gx.s1 * gy.s1, bn * (bn - 1n) * gx.scale * gy.scale);
  return { n, x: exactStats(x), y: exactStats(y), covariance };
}

/** Distance in units in the last place of `expected` (0 when equal). */
export function ulps(actual: number, expected: number): number {
  if (actual === expected) return 0;
  const e = Math.max(Math.floor(Math.log2(Math.abs(expected))), -1022);
  return Math.abs(actual - expected) / 2 ** (e - 52);
}
