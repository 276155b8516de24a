// Side-by-side timing with benchmark.js. Every variant of a comparison runs in the same process,
// interleaved over several rounds (the order rotates each round), so that load from other work
// on the machine hits all variants alike; a variant's figure is the median of all its
// benchmark.js samples (each sample is the mean time per call over one timed cycle).
//
// Two clocks per sample: benchmark.js's wall clock, and the CPU time this process used during the
// same cycle (process.cpuUsage, read on benchmark.js's "cycle" event). On a shared machine the
// wall clock also counts time the process sat descheduled while others ran; CPU time does not,
// so it is the steadier estimate of the work itself (on an idle machine the two agree).
import Benchmark from "benchmark";

/** Median of numbers (NaN for none). */
export function median(values) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs `variants` ([{ id, fn, check }]) side by side. `fn()` is the timed call; its last result
 * is handed to `check(result)`, which returns an error message when the result is wrong (so
 * nothing can be optimised away and every variant is verified). Each variant is warmed up
 * first (`warmup` calls), so V8 has tiered it up before timing.
 *
 * Returns { [id]: { seconds, cpuSeconds, samples, rme } | { error } }: median wall-clock and CPU
 * seconds per call, the number of samples, and benchmark.js's relative margin of error (%).
 */
export function sideBySide(variants, { rounds = 3, maxTime = 0.3, minSamples = 5, minTime, warmup = 3 } = {}) {
  const out = {};
  const samples = new Map(variants.map((v) => [v.id, []]));
  const cpuSamples = new Map(variants.map((v) => [v.id, []]));
  const rmes = new Map(variants.map((v) => [v.id, []]));
  for (const v of variants) {
    try {
      let result;
      for (let i = 0; i < warmup; i++) result = v.fn();
      const problem = v.check ? v.check(result) : undefined;
      if (problem) out[v.id] = { error: `wrong result: ${problem}` };
    } catch (error) {
      out[v.id] = { error: `threw: ${error?.message ?? error}` };
    }
  }
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < variants.length; k++) {
      const v = variants[(k + round) % variants.length];
      if (out[v.id]?.error) continue;
      let sink;
      const fn = v.fn;
      const bench = new Benchmark(
        v.id,
        () => {
          sink = fn();
        },
        { maxTime, minSamples, initCount: 1, ...(minTime ? { minTime } : {}) },
      );
      const cycles = [];
      let last = process.cpuUsage();
      bench.on("cycle", (event) => {
        const now = process.cpuUsage();
        cycles.push({ cpu: (now.user - last.user + now.system - last.system) / 1e6, count: event.target.count });
        last = now;
      });
      bench.run();
      if (bench.error) {
        out[v.id] = { error: `threw: ${bench.error.message ?? bench.error}` };
        continue;
      }
      const problem = v.check ? v.check(sink) : undefined;
      if (problem) {
        out[v.id] = { error: `wrong result: ${problem}` };
        continue;
      }
      samples.get(v.id).push(...bench.stats.sample);
      // the timed cycles are those run with the final count (earlier ones calibrate it)
      for (const c of cycles) if (c.count === bench.count) cpuSamples.get(v.id).push(c.cpu / c.count);
      rmes.get(v.id).push(bench.stats.rme);
    }
  }
  for (const v of variants) {
    if (out[v.id]?.error) continue;
    const s = samples.get(v.id);
    out[v.id] = {
      seconds: median(s),
      cpuSeconds: median(cpuSamples.get(v.id)),
      samples: s.length,
      rme: median(rmes.get(v.id)),
    };
  }
  return out;
}

/** Relative difference |a − b| / |b| (0 when both are 0). */
export function relDiff(a, b) {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.abs(b);
}

/**
 * The rows of a suite that reports rates: `{ id, label, wallPerSecond, cpuPerSecond, unit }` per
 * variant (`per` operations per call, default 1; `unit` the variant's, else the function of the
 * variant given, else "calls/s"), or `{ id, label, error }` for a variant that threw or disagreed.
 */
export function rateRows(variants, timed, unit = "calls/s") {
  return variants.map((v) => {
    const t = timed[v.id];
    if (t.error) return { id: v.id, label: v.label, error: t.error };
    const per = v.per ?? 1;
    return {
      id: v.id,
      label: v.label,
      wallPerSecond: per / t.seconds,
      cpuPerSecond: per / t.cpuSeconds,
      unit: v.unit ?? (typeof unit === "function" ? unit(v) : unit),
    };
  });
}
