import { jsKernel } from "../backend/js-kernel.js";
import { autoJsBelow, type BackendRequest, resolveKernel } from "../backend/select.js";
import type { Kernel, RawMoments } from "../backend/moments.js";
import { dd, ddScale, exponentOf, productError, scaleByPow2 } from "../ddouble.js";
import { BatchStatsError } from "../errors.js";
import { readOptions } from "../options.js";
import { type ClipBounds, clampValues, parseBounds } from "./clip.js";
import { checkChoice, checkNumeric, type NanPolicy, nanPolicy, releaseScratch } from "./input.js";
import { clipRecord, makeSummary, nanSummary, Summary } from "./summary.js";

/** Options of `summarize` and `Accumulator`. */
export interface SummarizeOptions {
  /** `"auto"` (default): the fastest backend that runs here; `"wasm"`: require WebAssembly; `"js"`: pure JS. */
  backend?: BackendRequest;
  /** NaN handling: `"raise"` (default) throws `E_NAN` naming the first index; `"omit"` skips NaNs and counts them in `omitted`; `"propagate"` gives NaN statistics. ±Infinity throws `E_INFINITE` unless propagating. */
  nan?: NanPolicy;
  /**
   * Contribution bounds `[lo, hi]` (finite, lo ≤ hi): finite values below lo or above hi are
   * clamped to the nearer bound before they are summarized, and the summary records the bounds
   * and how many were clamped (`summary.clip`). This is what `privatize` needs to bound what
   * one value can change. NaN and ±Infinity are not clamped: `nan` decides. Default: no clipping.
   */
  clip?: readonly [number, number];
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
  /** Clip bounds, or undefined (no clipping). */
  clip?: ClipBounds | undefined;
}

/** Validates options and picks the kernel. @internal */
export function resolveOptions(options: SummarizeOptions | undefined): ResolvedOptions {
  const o = readOptions(options, SUMMARIZE_KEYS);
  const request = o.backend === undefined ? "auto" : checkChoice(o.backend, BACKENDS, "options.backend");
  const kernel = resolveKernel(request);
  const [jsBelow, jsBelowArray] = autoJsBelow(request, kernel);
  const clip = o.clip === undefined ? undefined : parseBounds(o.clip, "options.clip");
  return { kernel, nan: nanPolicy(o.nan), jsBelow, jsBelowArray, clip };
}

const SUMMARIZE_KEYS = ["backend", "nan", "clip"] as const;

/** Sums at least this large (or an M2 this small) are redone on scaled values (`summarizeSlow`). */
const HUGE_SUM = 2 ** 990;
const TINY_M2 = 2 ** -600;
const MIN_NORMAL = 2 ** -1022;

/**
 * True when the kernel's sums can be used as they are (a single finite value, or): finite, |Σ(x − P)| < 2^990 (so turning
 * them into a mean cannot overflow) and M2 ≥ 2^-600. Below that, squares of small deviations
 * may have underflowed — M2 = 0 may hide values that differ by 1e-200 — so such batches, like
 * batches whose sums overflowed, are summarized again on values scaled by a power of two.
 * @internal
 */
export function usableMoments(raw: RawMoments): boolean {
  const { sumHi, m2Hi } = raw;
  if (raw.count === 1 && sumHi === 0 && m2Hi === 0) return Number.isFinite(raw.pivot); // one value: exact
  return Math.abs(sumHi) < HUGE_SUM && m2Hi >= TINY_M2 && m2Hi < Infinity && Number.isFinite(raw.sumLo + raw.m2Lo);
}

/**
 * The summary of raw kernel moments for which `usableMoments` holds: mean = P + Σ(x − P)/n and
 * M2, as double-doubles. @internal
 *
 * The same operations as `ddAdd(dd(P), ddDivNumber(ddFromParts(sumHi, sumLo), n))` and
 * `ddFromParts(m2Hi, m2Lo)` (src/ddouble.ts), written out on plain numbers: this runs once per
 * `summarize` call, and on small batches the helper objects cost more than the kernel.
 */
export function summaryFromRaw(raw: RawMoments, omitted: number): Summary {
  const { count: n, pivot, sumHi, sumLo, m2Hi, m2Lo } = raw;
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
  return makeSummary(n, { hi: meanHi, lo: meanLo }, { hi: m, lo: ml }, omitted);
}

/**
 * Summarizes finite values whose sums left the safe range: all equal (exact), or scaled by 2^-e
 * so that the largest magnitude is in [1, 2), summarized, and scaled back — exact, because
 * multiplying by a power of two changes no digit, and the kernel's arithmetic commutes with it
 * wherever nothing over- or underflows. So the summary of x·2^k is the summary of x scaled by
 * 2^k (mean) and 4^k (M2) for every k where those are normal doubles; an M2 beyond the range is
 * `E_OVERFLOW`, one below 2^-1022 (values that differ by less than about 1e-154) `E_UNDERFLOW`.
 */
function summarizeFinite(x: ArrayLike<number>, count: number, kernel: Kernel, omitted: number): Summary {
  const first = x[0]!;
  let maxAbs = 0;
  let equal = true;
  for (let i = 0; i < count; i++) {
    const v = x[i]!;
    if (v !== first) equal = false;
    const a = Math.abs(v);
    if (a > maxAbs) maxAbs = a;
  }
  if (equal) return makeSummary(count, dd(first), dd(0), omitted);
  const e = exponentOf(maxAbs);
  const scaled = new Float64Array(count);
  for (let i = 0; i < count; i++) scaled[i] = scaleByPow2(x[i]!, -e);
  const raw = kernel.moments(scaled, 0, count, scaled[0]!);
  const unit = summaryFromRaw(raw, omitted);
  const m2 = ddScale(unit.m2DD(), 2 * e);
  if (unit.m2 > 0 && !(m2.hi >= MIN_NORMAL)) {
    throw new BatchStatsError(
      "E_UNDERFLOW",
      `the values differ by so little (around 2^${e - 52} or less) that M2, the sum of their squared deviations, is below the double range (2.2e-308)`,
      { field: "m2" },
    );
  }
  return makeSummary(count, ddScale(unit.meanDD(), e), m2, omitted);
}

/**
 * Slow path, taken only when the fast pass gave sums that `usableMoments` refuses: finds NaN and
 * ±Infinity (applying the policy), then summarizes the finite values with `summarizeFinite`.
 */
function summarizeSlow(x: ArrayLike<number>, kernel: Kernel, policy: NanPolicy): Summary {
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
  if (nans === 0) return summarizeFinite(x, n, kernel, 0);
  if (policy === "propagate") return nanSummary(n);
  // omit: compact the non-NaN values and summarize them.
  const kept = new Float64Array(n - nans);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (v === v) kept[k++] = v;
  }
  if (k === 0) return makeSummary(0, dd(0), dd(0), nans);
  const raw = kernel.moments(kept, 0, k, kept[0]!);
  return usableMoments(raw) ? summaryFromRaw(raw, nans) : summarizeFinite(kept, k, kernel, nans);
}

/** summarize() after validation. @internal */
export function summarizeWith(x: ArrayLike<number>, options: ResolvedOptions, fromArray = false): Summary {
  const n = x.length;
  if (n === 0) return Summary.empty();
  const { nan, jsBelowArray } = options;
  // Small batches run the JS kernel under "auto" (faster there, bit-identical); jsBelowArray ≥ jsBelow
  // applies to values that came as a plain array (`fromArray`: checkNumeric copied them).
  const kernel = n < jsBelowArray && (n < options.jsBelow || fromArray) ? jsKernel : options.kernel;
  const raw = kernel.moments(x, 0, n, x[0]!);
  if (usableMoments(raw)) return summaryFromRaw(raw, 0);
  return summarizeSlow(x, kernel, nan);
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
 * summarize([-5, 2, 40], { clip: [0, 10] }).mean; // => 4
 * ```
 */
export function summarize(values: ArrayLike<number>, options?: SummarizeOptions): Summary {
  const resolved = resolveOptions(options);
  const checked = checkNumeric(values);
  if (resolved.clip !== undefined) return summarizeClipped(values, checked, resolved, resolved.clip);
  try {
    return summarizeWith(checked, resolved, checked !== values);
  } finally {
    releaseScratch(checked);
  }
}

/**
 * `summarize` with clipping: the checked values are clamped into a copy (or in place when
 * `checkNumeric` already copied them), the copy is summarized, and the summary records the
 * bounds and the clamped count. The raw values are not read after the clamp. @internal
 */
export function summarizeClipped(
  values: unknown,
  checked: ArrayLike<number>,
  resolved: ResolvedOptions,
  bounds: ClipBounds,
): Summary {
  const copied = checked !== values;
  let clamped: Float64Array | undefined;
  try {
    const c = clampValues(checked, bounds, copied);
    clamped = c.values;
    return withClipRecord(summarizeWith(clamped, resolved, copied), bounds, c.clipped);
  } finally {
    releaseScratch(checked);
    if (clamped !== undefined && !copied) releaseScratch(clamped);
  }
}

/**
 * The summary `s` of values clamped to `bounds` (`clipped` of them changed), recording the
 * bounds and that count, as `summarize(values, { clip })` returns it. @internal
 */
export function withClipRecord(s: Summary, bounds: ClipBounds, clipped: number): Summary {
  return makeSummary(s.count, s.meanDD(), s.m2DD(), s.omitted, clipRecord(bounds.lo, bounds.hi, clipped));
}
