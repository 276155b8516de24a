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
export { BatchBuffer, type BatchBufferOptions } from "./summary/batch-buffer.js";
export { merge } from "./summary/merge.js";
export type { SequentialOptions } from "./sequential/options.js";
export type { SequentialMethod, SequentialResult } from "./sequential/result.js";
export { sequentialTest } from "./sequential/sequential-test.js";
export {
  type AdjustedInterval,
  type AdjustIntervalsOptions,
  adjustIntervals,
  type IntervalHypothesis,
} from "./multiple/adjust-intervals.js";
export { adjustPValues, type PValueAdjustment } from "./multiple/adjust-p-values.js";
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
