/**
 * batchstats — exact, mergeable summaries of metric batches (count, mean, M2), computed by a
 * WebAssembly SIMD kernel with a pure-JS fallback, and t-tests on the summaries alone.
 *
 * @packageDocumentation
 */
export { Accumulator } from "./summary/accumulator.js";
export { backend, type BackendInfo, type BackendRequest } from "./backend/select.js";
export type { BackendName } from "./backend/moments.js";
export { BatchStatsError, type ErrorCode, type ErrorLocation } from "./errors.js";
export {
  fromMoments,
  fromSums,
  type FromSumsOptions,
  type Moments,
  type Sums,
  type SumsPrecision,
  sumsPrecision,
} from "./summary/from-moments.js";
export type { NanPolicy } from "./summary/input.js";
export {
  type BetaPrior,
  conjugatePosterior,
  type MeanMarginal,
  type NormalInverseGammaPrior,
  Posterior,
} from "./bayes/posterior.js";
export {
  type BetaPosteriorJSON,
  type NormalInverseGammaPosteriorJSON,
  POSTERIOR_FORMAT,
  POSTERIOR_VERSION,
  type PosteriorJSON,
} from "./bayes/posterior-json.js";
export {
  type CompareRatesOptions,
  compareRates,
  probabilityBest,
  type RatePosterior,
  type RatesResult,
} from "./bayes/compare-rates.js";
export { type Counts, fromCounts } from "./summary/from-counts.js";
export { BatchBuffer, type BatchBufferOptions } from "./summary/batch-buffer.js";
export { merge } from "./summary/merge.js";
export { type SummarizeOptions, summarize } from "./summary/summarize.js";
export { Summary } from "./summary/summary.js";
export { SUMMARY_FORMAT, SUMMARY_VERSION, type SummaryJSON } from "./summary/summary-json.js";
export { type SampleStats, ttestFromStats } from "./ttest/from-stats.js";
export type { TTest1SampOptions, TTestOptions } from "./ttest/options.js";
export type { Sample } from "./ttest/sample.js";
export type { Alternative, TTestMethod, TTestResult } from "./ttest/result.js";
export { ttest } from "./ttest/ttest.js";
export { ttest1samp } from "./ttest/ttest1samp.js";
export { VERSION } from "./version.js";
