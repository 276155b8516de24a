#!/usr/bin/env node
// Coverage of ttest's 95 % interval on private summaries, against the naive interval that treats
// the released mean, variance and count as exact (ttestFromStats). Seeded; uses dist/ (npm run
// build first). Usage: node scripts/studies/privacy-coverage.mjs [experiments per cell = 2000]
// Values: 100·U^1.5 (a) vs 100·U² (b), clipped to [0, 100]; true difference 40 − 100/3.
import { privatize, summarize, ttest, ttestFromStats } from "../../dist/index.js";

/** xoshiro128** seeded by splitmix32: the test suite's seeded source (never for real noise). */
function seeded(seed) {
  let z = seed >>> 0;
  const next = () => {
    z = (z + 0x9e3779b9) >>> 0;
    let x = z;
    x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
    return (x ^ (x >>> 16)) >>> 0;
  };
  let [s0, s1, s2, s3] = [next(), next(), next(), next() | 1];
  const rotl = (x, k) => (x << k) | (x >>> (32 - k));
  return {
    getRandomValues(array) {
      for (let i = 0; i < array.length; i++) {
        const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
        const t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = rotl(s3, 11);
        array[i] = result;
      }
      return array;
    },
  };
}

const runs = Number(process.argv[2] ?? 2000);
const truth = 40 - 100 / 3;
const random = seeded(42);
const word = new Uint32Array(1);
const uniform = () => (random.getRandomValues(word)[0] + 0.5) / 2 ** 32;
console.log("privacy\tn\tcoverage\tnaive\tno test (noisy count < 2)\tmean CI width");
for (const privacy of [{ rho: 0.01 }, { rho: 0.1 }, { rho: 1 }, { epsilon: 0.1 }, { epsilon: 1 }]) {
  for (const n of [30, 200, 2000]) {
    let covered = 0;
    let naive = 0;
    let none = 0;
    let width = 0;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    for (let k = 0; k < runs; k++) {
      for (let i = 0; i < n; i++) {
        x[i] = 100 * uniform() ** 1.5;
        y[i] = 100 * uniform() ** 2;
      }
      const a = privatize(summarize(x, { clip: [0, 100] }), { bounds: [0, 100], privacy, random });
      const b = privatize(summarize(y, { clip: [0, 100] }), { bounds: [0, 100], privacy, random });
      if (a.count < 2 || b.count < 2) {
        none++;
        continue;
      }
      const [lo, hi] = ttest(a, b).confidenceInterval;
      if (lo <= truth && truth <= hi) covered++;
      width += hi - lo;
      try {
        const stats = (p) => ({ mean: p.mean, std: Math.sqrt(p.variance()), count: p.count });
        const [nlo, nhi] = ttestFromStats(stats(a), stats(b)).confidenceInterval;
        if (nlo <= truth && truth <= nhi) naive++;
      } catch {
        // both released variances 0: no naive interval (not covered)
      }
    }
    const f = (v) => (v / runs).toFixed(3);
    console.log(
      `${JSON.stringify(privacy)}\t${n}\t${f(covered)}\t${f(naive)}\t${none}\t${(width / (runs - none)).toFixed(2)}`,
    );
  }
}
