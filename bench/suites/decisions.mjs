// Suite "decisions": experiment-design and decision calls per second — srmTest (3 arms), power
// (t and z), sampleSize (t), minimumDetectableEffect (t) and anova (Welch, 4 arms of summaries).
// Other decision functions (sequential tests, multiple testing, readout) may add rows here.
import { benchData } from "../data.mjs";
import { rateRows, sideBySide } from "../harness.mjs";

export async function run({ lib, rounds, maxTime, minSamples, minTime }) {
  const L = await import(lib);
  const counts = [50_210, 49_870, 50_020];
  const srmP = L.srmTest(counts).pValue;
  const pw = L.power({ effectSize: 0.05, nobs1: 5000 });
  const n = L.sampleSize({ effectSize: 0.05, power: 0.8 }).nobs1;
  const arms = [1, 2, 3, 4].map((k) => L.summarize(benchData(1000, k)));
  const F = L.anova(arms).statistic;
  const variants = [
    {
      id: "srmTest",
      label: "srmTest(3 arms)",
      fn: () => L.srmTest(counts),
      check: (r) => (r.pValue === srmP ? undefined : "p changed"),
    },
    {
      id: "powerT",
      label: "power({ d, nobs1 }) (non-central t)",
      fn: () => L.power({ effectSize: 0.05, nobs1: 5000 }),
      check: (p) => (p === pw ? undefined : "power changed"),
    },
    {
      id: "powerZ",
      label: 'power({ d, nobs1, test: "z" })',
      fn: () => L.power({ effectSize: 0.05, nobs1: 5000, test: "z" }),
      check: (p) => (p > 0 && p < 1 ? undefined : "bad power"),
    },
    {
      id: "sampleSizeT",
      label: "sampleSize({ d, power }) (t)",
      fn: () => L.sampleSize({ effectSize: 0.05, power: 0.8 }),
      check: (s) => (s.nobs1 === n ? undefined : "n changed"),
    },
    {
      id: "mdeT",
      label: "minimumDetectableEffect({ nobs1, power }) (t)",
      fn: () => L.minimumDetectableEffect({ nobs1: 5000, power: 0.8 }),
      check: (d) => (d > 0 ? undefined : "bad MDE"),
    },
    {
      id: "anovaWelch",
      label: "anova(4 summaries) (Welch)",
      fn: () => L.anova(arms),
      check: (r) => (r.statistic === F ? undefined : "F changed"),
    },
  ];
  const timed = sideBySide(variants, { rounds, maxTime, minSamples, minTime, warmup: 50 });
  const rows = rateRows(variants, timed);
  process.stderr.write("  decisions done\n");
  return { rows };
}
