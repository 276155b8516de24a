import { BatchStatsError } from "../../errors.js";

/**
 * Where an error found while a batch is folded in points, and what it says there (without the
 * place, which the decoder adds: a line and CSV column, or a value index and byte offset).
 * @internal
 */
export interface BatchErrorAt {
  /** 0-based index (in the whole input) of the value or pair the error is about. */
  index: number | undefined;
  detail: string;
}

/** The index of the value of largest magnitude in view[0, count). @internal */
export function largest(view: Float64Array, count: number): number {
  let at = 0;
  for (let k = 1; k < count; k++) if (Math.abs(view[k]!) > Math.abs(view[at]!)) at = k;
  return at;
}

/**
 * What a kernel error about a batch whose first value is value `base` of the input says, and
 * where: the value it names, or (E_OVERFLOW of the batch's M2) the batch's value of largest
 * magnitude, which `largestAt` gives. @internal
 */
export function kernelErrorAt(
  error: BatchStatsError,
  base: number,
  largestAt: (() => number) | undefined,
): BatchErrorAt {
  if (error.index !== undefined) {
    const detail =
      error.code === "E_NAN"
        ? 'the value is NaN (use nan: "omit", or --nan omit, to skip NaNs)'
        : error.code === "E_INFINITE"
          ? "the value is ±Infinity, which a summary cannot hold"
          : error.message;
    return { index: base + error.index, detail };
  }
  if (error.code === "E_OVERFLOW" && largestAt !== undefined) {
    return { index: base + largestAt(), detail: `${error.message}: this is the largest value of its batch` };
  }
  return { index: undefined, detail: error.message };
}

/**
 * Runs `merge`, the fold of a batch of `count` values (or pairs: `unit`) into the `base` before
 * it; an error it throws (a count, mean or M2 out of the double range) is given back as pointing
 * at the batch's first value, saying which values were being merged. @internal
 */
export function mergingBatch<S>(
  merge: () => S,
  base: number,
  count: number,
  unit: "values" | "pairs",
  fail: (error: BatchStatsError, at: BatchErrorAt) => Error,
): S {
  try {
    return merge();
  } catch (error) {
    if (!(error instanceof BatchStatsError)) throw error;
    throw fail(error, {
      index: base,
      detail: `${error.message}, when the ${count} ${unit} from here on are merged with the ${base} before them`,
    });
  }
}
