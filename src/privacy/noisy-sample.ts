import type { NoisyArm } from "./noisy-arm.js";

/**
 * The key of the method by which a private summary gives inference its arm (`noisyArm`). A test
 * that accepts private summaries asks the sample itself (`isNoisySample`), so it never imports the
 * `PrivateSummary` class: an application that imports `ttest` but never makes a private summary
 * bundles none of the privacy code. The symbol is not exported from the package, so only a
 * `PrivateSummary` of this copy carries the method (as `instanceof PrivateSummary` did). @internal
 */
export const NOISY_ARM: unique symbol = Symbol("batchstats.noisyArm");

/** A sample that carries release noise: a `PrivateSummary`. @internal */
export interface NoisySample {
  /** The arm for inference; `laplaceFactor` (≥ 1) inflates Laplace noise (see `noisyArm`). */
  [NOISY_ARM](name: string, laplaceFactor: number): NoisyArm;
}

/** Is `value` a private summary (of this copy of batchstats)? @internal */
export function isNoisySample(value: unknown): value is NoisySample {
  return (
    typeof value === "object" && value !== null && typeof (value as Partial<NoisySample>)[NOISY_ARM] === "function"
  );
}
