import { jsKernel } from "../backend/js-kernel.js";
import { autoJsBelow, type BackendRequest, resolveKernel } from "../backend/select.js";
import type { Kernel, RawMoments } from "../backend/moments.js";
import { ddAdd, ddDivNumber, ddFromParts, dd, productError } from "../ddouble.js";
import { BatchStatsError } from "../errors.js";
import { checkChoice, checkNumeric, type NanPolicy, nanPolicy } from "./input.js";
import { nanSummary, Summary } from "./summary.js";

/** Options of `summarize` and `Accumulator`. */
export interface SummarizeOptions {
  /** `"auto"` (default): the fastest backend that runs here; `"wasm"`: require WebAssembly; `"js"`: pure JS. */
  backend?: BackendRequest;
  /** NaN handling: `"raise"` (default) throws `E_NAN` naming the first index; `"omit"` skips NaNs and counts them in `omitted`; `"propagate"` gives NaN statistics. ±Infinity throws `E_INFINITE` unless propagating. */
  nan?: NanPolicy;
}

const BACKENDS: readonly BackendRequest[] = ["auto", "wasm", "js"];

/** Validated options. @internal */
export interface ResolvedOptions {
  kernel: Kernel;
  nan: NanPolicy;
  /** Typed-array batches shorter than this run the JS kernel instead (backend "auto"; else 0). */
  jsBelow: number;
  /** The same for plain arrays, whose copy into wasm memory costs more. */
  jsBelowArray: number;
}

/** Validates options and picks the kernel. @internal */
export function resolveOptions(options: SummarizeOptions | undefined): ResolvedOptions {
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    throw new BatchStatsError("E_BAD_ARGUMENT", "options must be an object", { field: "options" });
  }
  const request = options?.backend === undefined ? "auto" : checkChoice(options.backend, BACKENDS, "options.backend");
  const kernel = resolveKernel(request);
  const [jsBelow, jsBelowArray] = autoJsBelow(request, kernel);
  return { kernel, nan: nanPolicy(options?.nan), jsBelow, jsBelowArray };
}

/** True when the kernel's sums are all finite (no NaN, ±Infinity or overflow met). @internal */
export function isFiniteMoments(raw: RawMoments): boolean {
  return (
    Number.isFinite(raw.sumHi) && Number.isFinite(raw.sumLo) && Number.isFinite(raw.m2Hi) && Number.isFinite(raw.m2Lo)
  );
}

/**
 * The summary of raw kernel moments: mean = P + Σ(x − P)/n and M2, as double-doubles. @internal
 *
 * The same operations as `ddAdd(dd(P), ddDivNumber(ddFromParts(sumHi, sumLo), n))` and
 * `ddFromParts(m2Hi, m2Lo)` (src/ddouble.ts), written out on plain numbers: this runs once per
 * `summarize` call, and on small batches the helper objects cost more than the kernel.
 */
export function summaryFromRaw(raw: RawMoments, omitted: number): Summary {
  const { count: n, pivot, sumHi, sumLo, m2Hi, m2Lo } = raw;
  if (!Number.isFinite(sumHi) || !Number.isFinite(sumLo) || !Number.isFinite(m2Hi) || !Number.isFinite(m2Lo)) {
    const offset = ddDivNumber(ddFromParts(sumHi, sumLo), n);
    return new Summary(n, ddAdd(dd(pivot), offset), ddFromParts(m2Hi, m2Lo), omitted);
  }
  // Σ(x − P) normalised (TwoSum), then divided by n with one correction (ddDivNumber).
  let s = sumHi + sumLo;
  let bb = s - sumHi;
  const sl = sumHi - (s - bb) + (sumLo - bb);
  const q = s / n;
  const ph = q * n;
  const pl = productError(q, n, ph); // q·n = ph + pl exactly
  const r = s - ph - pl + sl;
  const ql0 = r / n;
  const qh = q + ql0;
  const ql = ql0 - (qh - q);
  // P + offset (ddAdd with lo(P) = 0).
  s = pivot + qh;
  bb = s - pivot;
  const e = pivot - (s - bb) + (qh - bb);
  const c = s + (e + ql);
  const cl = e + ql - (c - s);
  const meanHi = c + cl;
  const meanLo = cl - (meanHi - c);
  // M2 normalised (TwoSum).
  const m = m2Hi + m2Lo;
  bb = m - m2Hi;
  const ml = m2Hi - (m - bb) + (m2Lo - bb);
  return new Summary(n, { hi: meanHi, lo: meanLo }, { hi: m, lo: ml }, omitted);
}

function overflow(): never {
  throw new BatchStatsError(
    "E_OVERFLOW",
    "the values are finite but their squared deviations overflow a double (|x| near 1e154 or beyond)",
  );
}

/** Slow path, taken only when the fast pass produced a non-finite result. */
function summarizeNonFinite(x: ArrayLike<number>, kernel: Kernel, policy: NanPolicy): Summary {
  const n = x.length;
  let nans = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (v !== v) {
      if (policy === "raise") {
        throw new BatchStatsError("E_NAN", `value at index ${i} is NaN (pass nan: "omit" to skip NaNs)`, { index: i });
      }
      nans++;
    } else if (v === Infinity || v === -Infinity) {
      if (policy === "propagate") return nanSummary(n);
      throw new BatchStatsError("E_INFINITE", `value at index ${i} is ${v}`, { index: i });
    }
  }
  if (nans === 0) overflow();
  if (policy === "propagate") return nanSummary(n);
  // omit: compact the non-NaN values and run the kernel on them.
  const kept = new Float64Array(n - nans);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (v === v) kept[k++] = v;
  }
  if (k === 0) return new Summary(0, dd(0), dd(0), nans);
  const raw = kernel.moments(kept, 0, k, kept[0]!);
  if (!isFiniteMoments(raw)) overflow();
  return summaryFromRaw(raw, nans);
}

/** summarize() after validation. @internal */
export function summarizeWith(x: ArrayLike<number>, options: ResolvedOptions): Summary {
  const n = x.length;
  if (n === 0) return Summary.empty();
  const { nan, jsBelowArray } = options;
  // Small batches run the JS kernel under "auto" (faster there, bit-identical); jsBelowArray ≥ jsBelow.
  const kernel = n < jsBelowArray && (n < options.jsBelow || !ArrayBuffer.isView(x)) ? jsKernel : options.kernel;
  const raw = kernel.moments(x, 0, n, x[0]!);
  if (isFiniteMoments(raw)) return summaryFromRaw(raw, 0);
  return summarizeNonFinite(x, kernel, nan);
}

/**
 * Reduces a batch of values to its summary (count, mean, M2) in one pass, with the
 * WebAssembly SIMD kernel when available. The raw values can be dropped afterwards: merging
 * summaries gives the same result as summarizing all values at once.
 *
 * Accepts any array-like of numbers: `Float64Array` (fastest), other numeric typed arrays,
 * `number[]`. Empty input gives the empty summary. Throws `E_NOT_NUMERIC` (naming the index)
 * for non-numbers, `E_NAN` / `E_INFINITE` for NaN / ±Infinity (see `options.nan`).
 *
 * @example
 * ```ts
 * import { summarize } from "batchstats";
 * const s = summarize(new Float64Array([2, 4, 4, 4, 5, 5, 7, 9]));
 * s.count;      // => 8
 * s.mean;       // => 5
 * s.std(0);     // => 2
 * summarize([1, NaN, 3], { nan: "omit" }).omitted; // => 1
 * ```
 */
export function summarize(values: ArrayLike<number>, options?: SummarizeOptions): Summary {
  const resolved = resolveOptions(options);
  return summarizeWith(checkNumeric(values), resolved);
}
