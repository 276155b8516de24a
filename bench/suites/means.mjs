// Suite "means": compareMeans per second (Normal–Inverse-Gamma posteriors compared by adaptive
// Gauss–Kronrod quadrature) at counts of 1e3 and 1e12, with heavy tails (counts of 2 and 3, far
// apart), very unequal scales, and a chance below 1e-300, beside the Welch t-test.
import { rateRows, sideBySide } from "../harness.mjs";

export async function run({ lib, rounds, maxTime, minSamples, minTime }) {
  const L = (await import(lib)).api;
  const small = [L.fromMoments({ count: 1000, mean: 1.05, std: 1 }), L.fromMoments({ count: 1200, mean: 1, std: 1.3 })];
  const big = [L.fromMoments({ count: 1e12, mean: 1e-6, std: 1 }), L.fromMoments({ count: 1e12, mean: 0, std: 1 })];
  const cauchy = [L.fromMoments({ count: 2, mean: 50, std: 1 }), L.fromMoments({ count: 2, mean: 0, std: 1 })];
  const mixed = [L.fromMoments({ count: 3, mean: 1, std: 1 }), L.fromMoments({ count: 1e6, mean: 0, std: 1e3 })];
  const tiny = [L.fromMoments({ count: 1e4, mean: 1, std: 1 }), L.fromMoments({ count: 1e4, mean: 0, std: 1 })];
  const extra = [
    ["compareMeans2", "compareMeans, counts of 2 (df 1), 50 scales apart", cauchy],
    ["compareMeansMixed", "compareMeans, counts 3 vs 1e6, scales 1e-3 apart", mixed],
    ["compareMeansTiny", "compareMeans, chance ≈ 1e-1100 (log form)", tiny],
  ].map(([id, label, arms]) => {
    const w = L.compareMeans(arms[0], arms[1]).log10ChanceToLose;
    return {
      id,
      label,
      fn: () => L.compareMeans(arms[0], arms[1]),
      check: (r) => (r.log10ChanceToLose === w ? undefined : "chance changed"),
    };
  });
  const want = [L.compareMeans(...small).chanceToWin, L.compareMeans(...big).chanceToWin];
  const variants = [
    {
      id: "compareMeans1e3",
      label: "compareMeans, counts of 1e3",
      fn: () => L.compareMeans(small[0], small[1]),
      check: (r) => (r.chanceToWin === want[0] ? undefined : "chance changed"),
    },
    {
      id: "compareMeans1e12",
      label: "compareMeans, counts of 1e12",
      fn: () => L.compareMeans(big[0], big[1]),
      check: (r) => (r.chanceToWin === want[1] ? undefined : "chance changed"),
    },
    ...extra,
    {
      id: "ttestWelch",
      label: "ttest(a, b) (Welch), for scale",
      fn: () => L.ttest(small[0], small[1]),
      check: (r) => (r.pValue >= 0 ? undefined : "bad p"),
    },
  ];
  const timed = sideBySide(variants, { rounds, maxTime, minSamples, minTime, warmup: 200 });
  const rows = rateRows(variants, timed);
  process.stderr.write("  means done\n");
  return { rows };
}
