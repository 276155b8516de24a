// Suite "means": compareMeans per second (Normal–Inverse-Gamma posteriors compared by
// Gauss–Legendre quadrature over θ = atan t) at counts of 1e3 and 1e12, beside the Welch t-test.
import { sideBySide } from "../harness.mjs";

export async function run({ lib, rounds, maxTime, minSamples, minTime }) {
  const L = (await import(lib)).api;
  const small = [L.fromMoments({ count: 1000, mean: 1.05, std: 1 }), L.fromMoments({ count: 1200, mean: 1, std: 1.3 })];
  const big = [L.fromMoments({ count: 1e12, mean: 1e-6, std: 1 }), L.fromMoments({ count: 1e12, mean: 0, std: 1 })];
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
    {
      id: "ttestWelch",
      label: "ttest(a, b) (Welch), for scale",
      fn: () => L.ttest(small[0], small[1]),
      check: (r) => (r.pValue >= 0 ? undefined : "bad p"),
    },
  ];
  for (const v of variants) v.per = 1;
  const timed = sideBySide(variants, { rounds, maxTime, minSamples, minTime, warmup: 200 });
  const rows = variants.map((v) => {
    const t = timed[v.id];
    if (t.error) return { id: v.id, label: v.label, error: t.error };
    return {
      id: v.id,
      label: v.label,
      wallPerSecond: v.per / t.seconds,
      cpuPerSecond: v.per / t.cpuSeconds,
      unit: "calls/s",
    };
  });
  process.stderr.write("  means done\n");
  return { rows };
}
