// Suite "rates": compareRates per second at counts of 1e3 and 1e9 (Beta posteriors compared by
// quadrature on the logit scale), probabilityBest of three arms, and Posterior#update per second
// (Beta from counts, Normal–Inverse-Gamma from a summary), beside the Welch t-test on summaries.
import { benchData } from "../data.mjs";
import { sideBySide } from "../harness.mjs";

export async function run({ lib, rounds, maxTime, minSamples, minTime }) {
  const L = (await import(lib)).api;
  const small = [
    { successes: 120, trials: 1000 },
    { successes: 100, trials: 1000 },
  ];
  const big = [
    { successes: 100_030_000, trials: 1_000_000_000 },
    { successes: 100_000_000, trials: 1_000_000_000 },
  ];
  const want = [L.compareRates(...small).chanceToWin, L.compareRates(...big).chanceToWin];
  const beta = L.conjugatePosterior({ family: "beta" });
  const nig = L.conjugatePosterior({ family: "normal-inverse-gamma" });
  const batch = L.summarize(benchData(100, 1));
  const other = L.summarize(benchData(100, 2));
  const variants = [
    {
      id: "compareRates1e3",
      label: "compareRates, counts of 1e3",
      fn: () => L.compareRates(small[0], small[1]),
      check: (r) => (r.chanceToWin === want[0] ? undefined : "chance changed"),
    },
    {
      id: "compareRates1e9",
      label: "compareRates, counts of 1e9",
      fn: () => L.compareRates(big[0], big[1]),
      check: (r) => (r.chanceToWin === want[1] ? undefined : "chance changed"),
    },
    {
      id: "probabilityBest3",
      label: "probabilityBest, 3 arms of 1e3",
      fn: () => L.probabilityBest([small[0], small[1], { successes: 110, trials: 1000 }]),
      check: (r) => (r.length === 3 ? undefined : "bad result"),
    },
    {
      id: "betaUpdate",
      label: "Posterior#update (Beta, counts)",
      fn: () => beta.update(small[0]),
      check: (p) => (p.alpha === 121 ? undefined : "bad update"),
    },
    {
      id: "nigUpdate",
      label: "Posterior#update (Normal–Inverse-Gamma, summary)",
      fn: () => nig.update(batch),
      check: (p) => (p.kappa === 100 ? undefined : "bad update"),
    },
    {
      id: "ttestWelch",
      label: "ttest(a, b) (Welch), for scale",
      fn: () => L.ttest(batch, other),
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
  process.stderr.write("  rates done\n");
  return { rows };
}
