/**
 * batchstats — exact, mergeable summaries of metric batches (count, mean, M2), computed by a
 * WebAssembly SIMD kernel with a pure-JS fallback, and t-tests on the summaries alone.
 *
 * @packageDocumentation
 */
export { Accumulator } from "./summary/accumulator.js";
export { backend, type BackendInfo, type BackendRequest } from "./backend/select.js";
export type { BackendName } from "./backend/moments.js";
export { type BayesResult, bayesTest } from "./bayes/effect-test.js";
export type { BayesTestOptions, EffectScale, GaussianEffectPrior } from "./bayes/effect-options.js";
export {
  type Baseline,
  type MinimumDetectableLiftOptions,
  minimumDetectableLift,
  type PowerForLiftOptions,
  powerForLift,
  type SampleSizeForLiftOptions,
  sampleSizeForLift,
} from "./design/lift.js";
export { power } from "./design/power.js";
export type {
  MinimumDetectableEffectOptions,
  PowerDesignOptions,
  PowerOptions,
  PowerTest,
  SampleSizeOptions,
  SequentialPowerOptions,
} from "./design/power-options.js";
export { minimumDetectableEffect, type SampleSizeResult, sampleSize } from "./design/sample-size.js";
export { type SrmResult, srmTest } from "./design/srm.js";
export { type AnovaOptions, type AnovaResult, anova } from "./effect/anova.js";
export { BatchStatsError, type ErrorCode, type ErrorLocation } from "./errors.js";
export type { IntervalKind } from "./effect/fieller.js";
export { lift, type LiftResult } from "./effect/lift.js";
export type { LiftDistribution, LiftMethod, LiftOptions } from "./effect/lift-options.js";
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
export { Summary, type SummaryClip } from "./summary/summary.js";
export { SUMMARY_FORMAT, SUMMARY_VERSION, type SummaryJSON } from "./summary/summary-json.js";
export { type SampleStats, ttestFromStats } from "./ttest/from-stats.js";
export type { TTest1SampOptions, TTestOptions } from "./ttest/options.js";
export type { Sample } from "./ttest/sample.js";
export type { Alternative, TTestMethod, TTestResult } from "./ttest/result.js";
export { ttest } from "./ttest/ttest.js";
export { ttest1samp } from "./ttest/ttest1samp.js";
export { VERSION } from "./version.js";
export {
  fromPairMoments,
  fromPairSums,
  type FromPairSumsOptions,
  type PairMoments,
  type PairSums,
} from "./pairs/from-pair-moments.js";
export { mergePairs } from "./pairs/merge-pairs.js";
export { PairAccumulator } from "./pairs/pair-accumulator.js";
export { PairBatchBuffer, type PairBatchBufferOptions } from "./pairs/pair-batch-buffer.js";
export { PairSummary } from "./pairs/pair-summary.js";
export { PAIR_SUMMARY_FORMAT, PAIR_SUMMARY_VERSION, type PairSummaryJSON } from "./pairs/pair-summary-json.js";
export { type PairNanPolicy, type SummarizePairsOptions, summarizePairs } from "./pairs/summarize-pairs.js";
export { releasable, type ReleasableOptions } from "./privacy/releasable.js";
export type { RandomSource } from "./privacy/random-source.js";
export { type CupedOptions, type CupedResult, cupedTest } from "./pairs/cuped-test.js";
export type { PairTestOptions } from "./pairs/pair-test-options.js";
export { type RatioResult, ratioTest } from "./pairs/ratio-test.js";
export { PrivacyBudget, type PrivacyAmount, type PrivacyBudgetJSON } from "./privacy/privacy-budget.js";
export type { PrivacyParameter } from "./privacy/privacy-loss.js";
export { privatize, type PrivatizeOptions, type RateCounts } from "./privacy/privatize.js";
export {
  type NoiseMechanism,
  PRIVATE_SUMMARY_FORMAT,
  PrivateSummary,
  type PrivateSummaryJSON,
} from "./privacy/private-summary.js";
export {
  type Experiment,
  type ExperimentArm,
  type ExperimentMetric,
  type Readout,
  type ReadoutOptions,
  type ReadoutRow,
  type ReadoutWarning,
  readout,
} from "./readout/readout.js";
export {
  type CompareMeansOptions,
  compareMeans,
  type MeanPosteriorMarginal,
  type MeansResult,
} from "./bayes/compare-means.js";
