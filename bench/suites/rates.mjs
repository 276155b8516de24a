// Suite "rates": compareRates per second at counts of 1e3, 1e6, 1e9 and 1e12 and for arms far
// apart (chances from 1e-88 to 1e-6e11, log forms) (Beta posteriors compared by quadrature on the logit scale),
// probabilityBest of three arms, and Posterior#update per second (Beta from counts,
// Normal–Inverse-Gamma from a summary), beside the Welch t-test on summaries.
// With RATES_BASE_LIB=<another build's build/bench/lib.mjs> in the environment, the compareRates
// variants of that build run in the same rounds ("(base)"), to see a change side by side;
// RATES_ROUNDS=<n> runs n rounds instead of the run's (more rounds, steadier medians on a loaded machine).
import { pathToFileURL } from "node:url";
import { benchData } from "../data.mjs";
import { rateRows, sideBySide } from "../harness.mjs";

/** The arms of each compareRates variant: [id, label, a, b]. */
const RATE_CASES = [
  ["compareRates1e3", "counts of 1e3", [120, 1000], [100, 1000]],
  ["compareRates1e6", "counts of 1e6", [100_300, 1e6], [100_000, 1e6]],
  ["compareRates1e9", "counts of 1e9", [100_030_000, 1e9], [100_000_000, 1e9]],
  ["compareRates1e12", "counts of 1e12", [50_001_000_000, 1e12], [50_000_000_000, 1e12]],
  ["compareRatesFar", "arms far apart (1e-2029), counts of 1e9", [100_000_000, 1e9], [101_300_000, 1e9]],
  // the last grid case (each arm ~10 sds from the other's mean) and the first integrated around the product's peak
  ["compareRatesApart88", "arms apart (1e-88), counts of 1e9", [100_000_000, 1e9], [100_268_328, 1e9]],
  ["compareRatesApart197", "arms apart (1e-197), counts of 1e9", [100_000_000, 1e9], [100_402_492, 1e9]],
  ["compareRatesFar29511", "arms far apart (1e-29511), counts of 1e9", [100_000_000, 1e9], [105_000_000, 1e9]],
  ["compareRatesFar115577", "arms far apart (1e-115577), counts of 1e9", [100_000_000, 1e9], [110_000_000, 1e9]],
  ["compareRatesFar8656700", "arms far apart (1e-8656700), counts of 1e9", [100_000_000, 1e9], [200_000_000, 1e9]],
  ["compareRatesFar1e12", "arms far apart (1e-3.2e11), counts of 1e12", [1e11, 1e12], [9e11, 1e12]],
  ["compareRatesFarAll", "none against all of 1e12 (1e-6.0e11)", [0, 1e12], [1e12, 1e12]],
  ["compareRatesFar1e6", "arms far apart (1e-8659), counts of 1e6", [100_000, 1e6], [200_000, 1e6]],
];

function rateVariants(L, suffix) {
  return RATE_CASES.map(([id, label, [sa, na], [sb, nb]]) => {
    const a = { successes: sa, trials: na };
    const b = { successes: sb, trials: nb };
    const want = L.compareRates(a, b).log10ChanceToWin;
    return {
      id: `${id}${suffix ? "Base" : ""}`,
      label: `compareRates, ${label}${suffix}`,
      fn: () => L.compareRates(a, b),
      check: (r) => (r.log10ChanceToWin === want ? undefined : "chance changed"),
    };
  });
}

export async function run({ lib, rounds, maxTime, minSamples, minTime }) {
  const L = (await import(lib)).api;
  const baseLib = process.env.RATES_BASE_LIB;
  const base = baseLib ? (await import(pathToFileURL(baseLib).href)).api : undefined;
  const small = [
    { successes: 120, trials: 1000 },
    { successes: 100, trials: 1000 },
  ];
  const beta = L.conjugatePosterior({ family: "beta" });
  const nig = L.conjugatePosterior({ family: "normal-inverse-gamma" });
  const batch = L.summarize(benchData(100, 1));
  const other = L.summarize(benchData(100, 2));
  const variants = [
    ...rateVariants(L, ""),
    ...(base ? rateVariants(base, " (base)") : []),
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
  const roundsAsked = Number(process.env.RATES_ROUNDS);
  const timed = sideBySide(variants, {
    rounds: Number.isInteger(roundsAsked) && roundsAsked > 0 ? roundsAsked : rounds,
    maxTime,
    minSamples,
    minTime,
    warmup: 200,
  });
  const rows = rateRows(variants, timed);
  process.stderr.write("  rates done\n");
  return { rows };
}
