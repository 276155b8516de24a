/**
 * Stable error codes. A code never changes meaning once released; new codes may be added.
 *
 * - `E_NAN`: a NaN was found (with `nan: "raise"`); `index` says where.
 * - `E_INFINITE`: ±Infinity was found (any policy but `"propagate"`); `index` says where.
 * - `E_NOT_NUMERIC`: an input value is not a number (or the input is not an array of numbers).
 * - `E_OVERFLOW`: the inputs are finite but a result is beyond the double range (about 1.8e308):
 *   M2 (the sum of squared deviations), a count past 2^53, a t statistic, a standard error or a
 *   confidence bound; `field` names the quantity.
 * - `E_UNDERFLOW`: the inputs are finite but a result is too small to be a normal double
 *   (below 2.2e-308) and would lose its digits or read as 0: M2 of values that differ by less
 *   than about 1e-154, for instance; `field` names the quantity.
 * - `E_BAD_SUMMARY`: a summary or a posterior (JSON or object) is malformed; `field` says which part.
 * - `E_BAD_ARGUMENT`: an option or argument is out of its domain; `field` names it.
 * - `E_NOT_FINITE`: a NaN summary (made with `nan: "propagate"`) cannot be serialised.
 * - `E_PRECISION_LOSS`: sums (n, Σx, Σx²) are too rounded to give the variance reliably.
 * - `E_NO_WASM`: the WebAssembly backend was requested but cannot run here.
 * - `E_TOO_FEW`: not enough observations for the requested statistic.
 * - `E_ZERO_VARIANCE`: a t-test whose standard error is 0 (every value equal in both arms, or
 *   in the one sample): the statistic is ±∞ or 0/0, so no p-value is reported.
 * - `E_PARSE`: a record of text or CSV input is not a number (or the CSV is malformed there);
 *   the error (a `batchstats/node` `IngestError`) names the input, line, CSV column and text.
 * - `E_FORMAT`: the input does not fit its declared format: a binary input whose length is not
 *   a multiple of the value size, a CSV column that does not exist, a "line" too long for text.
 * - `E_IO`: a file or stream could not be opened or read; the message names it.
 * - `E_WORKER`: a worker thread could not be started (e.g. its script was not found) or died.
 * - `E_ZERO_MEAN`: a relative effect (lift) whose control mean is exactly 0, so the ratio is undefined.
 * - `E_TOO_FEW_TO_RELEASE`: a release helper was given a summary with fewer values than its
 *   minimum count (`releasable`, `privatize`).
 * - `E_BUDGET_EXCEEDED`: a privacy budget has less left than a release would spend.
 * - `E_NO_CONVERGENCE`: a numerical method (series or quadrature) could not reach its documented
 *   accuracy at these (finite, valid) inputs; no rough value is returned.
 */
export type ErrorCode =
  | "E_NAN"
  | "E_INFINITE"
  | "E_NOT_NUMERIC"
  | "E_OVERFLOW"
  | "E_UNDERFLOW"
  | "E_BAD_SUMMARY"
  | "E_BAD_ARGUMENT"
  | "E_NOT_FINITE"
  | "E_PRECISION_LOSS"
  | "E_NO_WASM"
  | "E_TOO_FEW"
  | "E_ZERO_VARIANCE"
  | "E_PARSE"
  | "E_FORMAT"
  | "E_IO"
  | "E_WORKER"
  | "E_ZERO_MEAN"
  | "E_TOO_FEW_TO_RELEASE"
  | "E_BUDGET_EXCEEDED"
  | "E_NO_CONVERGENCE";

/** Where an error happened: an element index, a field path, or both. */
export interface ErrorLocation {
  /** Index of the offending element in the input array. */
  index?: number;
  /** Name or path of the offending field or option (e.g. `"m2"`, `"options.confidenceLevel"`). */
  field?: string;
}

/**
 * The one error class batchstats throws. Switch on `code`, never on the message.
 *
 * @example
 * ```ts
 * import { summarize, BatchStatsError } from "batchstats";
 * try {
 *   summarize([1, NaN, 3]);
 * } catch (e) {
 *   if (e instanceof BatchStatsError && e.code === "E_NAN") console.log(e.index); // => 1
 * }
 * ```
 */
export class BatchStatsError extends Error {
  /** Stable machine-readable code. */
  readonly code: ErrorCode;
  /** Index of the offending element, when the error is about one element. */
  readonly index?: number;
  /** Name of the offending field or option, when the error is about one. */
  readonly field?: string;

  constructor(code: ErrorCode, message: string, where: ErrorLocation = {}) {
    super(message);
    this.name = "BatchStatsError";
    this.code = code;
    if (where.index !== undefined) this.index = where.index;
    if (where.field !== undefined) this.field = where.field;
  }
}
