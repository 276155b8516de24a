// Suite "sequential": sequentialTest calls per second on two summaries (both methods, two- and
// one-sided), and the time of adjustPValues on a family of 10 000 p-values for every method
// (and adjustIntervals on 10 000 estimates). Target: sequentialTest ≥ 100 000/s, adjustPValues
// of 10 000 ≤ 5 ms.
import { rateRows, sideBySide } from "../harness.mjs";

const P_METHODS = ["bonferroni", "sidak", "holm", "holm-sidak", "hochberg", "hommel", "bh", "by"];

export async function run({ lib, rounds, maxTime, minSamples, minTime, familySize = 10000 }) {
  const L = await import(lib);
  if (typeof L.sequentialTest !== "function") return { rows: [], note: "src/sequential not present" };
  const a = L.fromMoments({ count: 40000, mean: 1.02, variance: 1 });
  const b = L.fromMoments({ count: 40000, mean: 1, variance: 1 });
  const want = L.sequentialTest(a, b).pValue;
  // a family with ties, zeros, ones and tiny values (deterministic)
  const family = new Array(familySize);
  let s = 12345;
  for (let i = 0; i < familySize; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const u = s / 4294967296;
    family[i] =
      i % 97 === 5 ? 0 : i % 89 === 7 ? 1 : i % 3 === 0 ? u * u * u : i % 3 === 1 ? Math.round(u * 100) / 100 : u;
  }
  const hypotheses = family.map((p, i) => ({ estimate: (p - 0.5) * 0.1, stderr: 0.01 + (i % 7) * 0.001 }));
  const variants = [
    {
      id: "seqCs",
      label: "sequentialTest(a, b) (asymptotic CS, two-sided)",
      unit: "tests/s",
      fn: () => L.sequentialTest(a, b),
      check: (r) => (r.pValue === want ? undefined : "p changed"),
    },
    {
      id: "seqCsOne",
      label: 'sequentialTest(a, b, { alternative: "greater" })',
      unit: "tests/s",
      fn: () => L.sequentialTest(a, b, { alternative: "greater" }),
      check: (r) => (r.pValue > 0 && r.pValue <= 1 ? undefined : "bad p"),
    },
    {
      id: "seqMsprt",
      label: 'sequentialTest(a, b, { method: "msprt" })',
      unit: "tests/s",
      fn: () => L.sequentialTest(a, b, { method: "msprt" }),
      check: (r) => (r.pValue > 0 && r.pValue <= 1 ? undefined : "bad p"),
    },
    {
      id: "seqMsprtOne",
      label: 'sequentialTest(a, b, { method: "msprt", alternative: "greater" })',
      unit: "tests/s",
      fn: () => L.sequentialTest(a, b, { method: "msprt", alternative: "greater" }),
      check: (r) => (r.pValue > 0 && r.pValue <= 1 ? undefined : "bad p"),
    },
    ...P_METHODS.map((m) => ({
      id: `adjust-${m}`,
      label: `adjustPValues(${familySize} p-values, "${m}")`,
      unit: "ms",
      fn: () => L.adjustPValues(family, m),
      check: (r) => (r.length === familySize && r.every((x) => x >= 0 && x <= 1) ? undefined : "bad values"),
    })),
    {
      id: "adjustIntervals",
      label: `adjustIntervals(${familySize} estimates, { method: "bh" })`,
      unit: "ms",
      fn: () => L.adjustIntervals(hypotheses, { method: "bh" }),
      check: (r) => (r.length === familySize ? undefined : "bad length"),
    },
  ];
  const timed = sideBySide(variants, { rounds, maxTime, minSamples, minTime, warmup: 50 });
  const rows = rateRows(variants, timed);
  process.stderr.write("  sequential and multiple testing done\n");
  return { rows, familySize };
}
