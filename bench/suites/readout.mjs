// Suite "readout": the readout of an experiment of 50 metrics × 4 arms (3 variants against the
// control: 150 comparisons, each a Welch test and a lift, Holm over the family, the SRM check),
// from summaries, in readouts per second (the target, ≤ 5 ms each, is ≥ 200/s); also with the Bayesian and sequential columns.
import { rateRows, sideBySide } from "../harness.mjs";

export async function run({ lib, rounds, maxTime, minSamples, minTime }) {
  const L = await import(lib);
  const { readout, fromMoments } = L.api;
  const arms = ["control", "v1", "v2", "v3"];
  const metrics = Array.from({ length: 50 }, (_, m) => ({
    name: `metric${m}`,
    kind: "mean",
    summaries: Object.fromEntries(
      arms.map((arm, k) => [
        arm,
        fromMoments({ count: 10_000 + 37 * k + m, mean: 10 + 0.01 * k * (m % 7), std: 3 + 0.1 * k }),
      ]),
    ),
  }));
  const experiment = { arms: arms.map((name, k) => ({ name, control: k === 0 })), metrics };
  const variants = [
    {
      id: "readout",
      label: "readout, 50 metrics × 4 arms",
      fn: () => readout(experiment),
      check: (r) => (r.rows.length === 150 && r.rows.every((row) => row.pValueAdjusted !== null) ? undefined : "rows"),
    },
    {
      id: "readoutFull",
      label: "readout, 50 × 4, with Bayesian and sequential",
      fn: () => readout(experiment, { bayesian: true, sequential: true }),
      check: (r) => (r.rows.every((row) => row.bayes && row.sequential) ? undefined : "columns missing"),
    },
  ];
  const timed = sideBySide(variants, { rounds, maxTime, minSamples, minTime, warmup: 20 });
  const rows = rateRows(variants, timed, "readouts/s");
  process.stderr.write("  readout done\n");
  return { rows };
}
