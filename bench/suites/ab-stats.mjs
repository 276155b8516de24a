// Suite "ab-stats": A/B statistics per second from two summaries, side by side with the t-test
// they extend: lift (delta and Fieller) and bayesTest (flat and proper prior, and a far tail
// where the Mills-ratio path runs). Targets: each >= 100 k/s.
import { benchData } from "../data.mjs";
import { rateRows, sideBySide } from "../harness.mjs";

export async function run({ lib, rounds, maxTime, minSamples, minTime }) {
  const L = await import(lib);
  const a = L.summarize(benchData(1000, 1).map((x) => x + 10.2));
  const b = L.summarize(benchData(1000, 2).map((x) => x + 10));
  const far = L.summarize(benchData(1000, 3).map((x) => x + 40));
  const variants = [];
  const tt = L.ttestModule?.ttest;
  if (typeof tt === "function") {
    const p = tt(a, b).pValue;
    variants.push({
      id: "ttestWelch",
      label: "ttest(a, b) (Welch)",
      fn: () => tt(a, b),
      check: (x) => (x.pValue === p ? undefined : "p changed"),
    });
  }
  if (typeof L.lift === "function") {
    const d = L.lift(a, b).confidenceInterval[0];
    const f = L.lift(a, b, { method: "fieller" }).confidenceInterval[0];
    variants.push(
      {
        id: "liftDelta",
        label: "lift(a, b) (delta)",
        fn: () => L.lift(a, b),
        check: (x) => (x.confidenceInterval[0] === d ? undefined : "interval changed"),
      },
      {
        id: "liftFieller",
        label: 'lift(a, b, { method: "fieller" })',
        fn: () => L.lift(a, b, { method: "fieller" }),
        check: (x) => (x.confidenceInterval[0] === f ? undefined : "interval changed"),
      },
    );
  }
  if (typeof L.bayesTest === "function") {
    const c = L.bayesTest(a, b).chanceToWin;
    const prior = { prior: { mean: 0, variance: 0.01 } };
    variants.push(
      {
        id: "bayesFlat",
        label: "bayesTest(a, b)",
        fn: () => L.bayesTest(a, b),
        check: (x) => (x.chanceToWin === c ? undefined : "chance changed"),
      },
      {
        id: "bayesPrior",
        label: "bayesTest(a, b, { prior })",
        fn: () => L.bayesTest(a, b, prior),
        check: (x) => (x.chanceToWin > 0 ? undefined : "bad chance"),
      },
      {
        id: "bayesFarTail",
        label: "bayesTest(far, b) (|z| ≈ 100)",
        fn: () => L.bayesTest(far, b),
        check: (x) => (x.log10Risk.treatment < -300 ? undefined : "not in the far tail"),
      },
    );
  }
  const timed = sideBySide(variants, { rounds, maxTime, minSamples, minTime, warmup: 200 });
  const rows = rateRows(variants, timed);
  for (const r of rows) {
    const rate = r.error ? r.error : `${Math.round(r.cpuPerSecond / 1000)} k/s`;
    process.stderr.write(`  ${r.label}: ${rate}\n`);
  }
  return { rows };
}
