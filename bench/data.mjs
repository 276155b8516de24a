// Benchmark inputs and the plain-JS yardstick.

/** n deterministic values ≈ 10 + N(0, 1) (sum of four uniforms from a xorshift32 stream). */
export function benchData(n, seed = 0x2545f491) {
  const x = new Float64Array(n);
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
  for (let i = 0; i < n; i++) x[i] = 10 + (next() + next() + next() + next() - 2) * 1.7320508075688772;
  return x;
}

/**
 * A fast plain JS variance loop, as a yardstick for the kernels: shifted one-pass
 * (K = x[0]), four accumulators for Σd and Σd², bounds hoisted. Fast but not exact (it cancels
 * when |mean − K| ≫ sd); the library never uses it.
 */
export function yardstickVariance(x) {
  const n = x.length;
  const K = x[0];
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let q0 = 0;
  let q1 = 0;
  let q2 = 0;
  let q3 = 0;
  const m4 = n & ~3;
  for (let i = 0; i < m4; i += 4) {
    const d0 = x[i] - K;
    const d1 = x[i + 1] - K;
    const d2 = x[i + 2] - K;
    const d3 = x[i + 3] - K;
    s0 += d0;
    s1 += d1;
    s2 += d2;
    s3 += d3;
    q0 += d0 * d0;
    q1 += d1 * d1;
    q2 += d2 * d2;
    q3 += d3 * d3;
  }
  for (let i = m4; i < n; i++) {
    const d = x[i] - K;
    s0 += d;
    q0 += d * d;
  }
  const s = s0 + s1 + (s2 + s3);
  const q = q0 + q1 + (q2 + q3);
  return (q - (s * s) / n) / (n - 1);
}

/** Σx in plain JS, to check the floor module's result. */
export function plainSum(x) {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s;
}
