// Suite "merge": summaries merged per second (pairwise, and folding many), and t-tests per
// second on summaries (when src/ttest/ttest.ts exists; the result names what ran).
import { benchData } from "../data.mjs";
import { rateRows, sideBySide } from "../harness.mjs";

export async function run({ lib, rounds, maxTime, minSamples, minTime }) {
  const L = await import(lib);
  const MANY = 1000;
  const parts = Array.from({ length: MANY }, (_, k) => L.summarize(benchData(100, k + 1)));
  const a = parts[0];
  const b = parts[1];
  const want = L.merge(a, b);
  const wantMany = L.merge(...parts);
  const acc = new L.Accumulator();
  const variants = [
    {
      id: "merge2",
      label: "merge(a, b)",
      per: 1,
      fn: () => L.merge(a, b),
      check: (s) => (s.m2 === want.m2 ? undefined : "merge(a, b) changed"),
    },
    {
      id: "merge1000",
      label: `merge(...${MANY} summaries)`,
      per: MANY - 1,
      fn: () => L.merge(...parts),
      check: (s) => (s.m2 === wantMany.m2 ? undefined : "merge of many changed"),
    },
    {
      id: "accumulatorMerge",
      label: "Accumulator#merge(summary)",
      per: 1,
      fn: () => acc.merge(b),
      check: (r) => (r === acc ? undefined : "not chained"),
    },
  ];
  let ttest;
  const tt = L.ttestModule?.ttest;
  if (typeof tt === "function") {
    const r = tt(a, b);
    if (typeof r?.pValue === "number" && r.pValue >= 0 && r.pValue <= 1) {
      const p = r.pValue;
      variants.push(
        {
          id: "ttestWelch",
          label: "ttest(a, b) (Welch)",
          per: 1,
          fn: () => tt(a, b),
          check: (x) => (x.pValue === p ? undefined : "p changed"),
        },
        {
          id: "ttestStudent",
          label: "ttest(a, b, { equalVar: true })",
          per: 1,
          fn: () => tt(a, b, { equalVar: true }),
          check: (x) => (x.pValue >= 0 ? undefined : "bad p"),
        },
      );
      ttest = "src/ttest/ttest.ts";
    } else {
      ttest = "src/ttest/ttest.ts present but ttest(a, b) did not return a pValue in [0, 1]";
    }
  } else {
    ttest = "src/ttest/ttest.ts not present when the benchmark was built";
  }
  const timed = sideBySide(variants, { rounds, maxTime, minSamples, minTime, warmup: 200 });
  const rows = rateRows(variants, timed, (v) => (v.id.startsWith("ttest") ? "tests/s" : "merges/s"));
  process.stderr.write("  merge and t-test done\n");
  return { rows, ttest };
}
