import { jsPairKernel } from "../backend/pair-js-kernel.js";
import type { PairKernel, RawPairMoments } from "../backend/pair-moments.js";
import { PAIR_AUTO_JS_BELOW, resolvePairKernel } from "../backend/pair-select.js";
import type { BackendRequest } from "../backend/select.js";
import { type DD, dd, ddScale, exponentOf, scaleByPow2, twoSum } from "../ddouble.js";
import { BatchStatsError } from "../errors.js";
import { readOptions } from "../options.js";
import { allocateValues, checkChoice, checkNumeric, releaseScratch } from "../summary/input.js";
import { summaryFromRaw, usableMoments } from "../summary/summarize.js";
import { makeSummary } from "../summary/summary.js";
import { makePairSummary, PairSummary } from "./pair-summary.js";

/** What to do with a pair that has a NaN in either value: throw (default) or skip and count it. */
export type PairNanPolicy = "raise" | "omit";

/** Options of `summarizePairs` and `PairAccumulator`. */
export interface SummarizePairsOptions {
  /** `"auto"` (default): the fastest backend that runs here; `"wasm"`: require WebAssembly; `"js"`: pure JS. */
  backend?: BackendRequest;
  /** `"raise"` (default): `E_NAN` naming the first index whose x or y is NaN; `"omit"`: skip such pairs, counted in `omitted`. ±Infinity is `E_INFINITE`. */
  nan?: PairNanPolicy;
}

/** Validated options. @internal */
export interface ResolvedPairOptions {
  readonly kernel: PairKernel;
  readonly nan: PairNanPolicy;
  readonly jsBelow: number;
}

const BACKENDS: readonly BackendRequest[] = ["auto", "wasm", "js"];
const NAN_POLICIES: readonly PairNanPolicy[] = ["raise", "omit"];
const KEYS = ["backend", "nan"] as const;

/** Validates options and picks the pair kernel. @internal */
export function resolvePairOptions(options: unknown): ResolvedPairOptions {
  const o = readOptions(options, KEYS);
  const request = o.backend === undefined ? "auto" : checkChoice(o.backend, BACKENDS, "options.backend");
  const nan = o.nan === undefined ? "raise" : checkChoice(o.nan, NAN_POLICIES, "options.nan");
  const kernel = resolvePairKernel(request);
  return { kernel, nan, jsBelow: request === "auto" && kernel !== jsPairKernel ? PAIR_AUTO_JS_BELOW : 0 };
}

const MIN_NORMAL = 2 ** -1022;

/** The raw moments of each column, in the univariate kernel's shape (for `usableMoments` and `summaryFromRaw`). */
function columnX(raw: RawPairMoments) {
  return { count: raw.count, pivot: raw.pivotX, sumHi: raw.sxHi, sumLo: raw.sxLo, m2Hi: raw.m2xHi, m2Lo: raw.m2xLo };
}

function columnY(raw: RawPairMoments) {
  return { count: raw.count, pivot: raw.pivotY, sumHi: raw.syHi, sumLo: raw.syLo, m2Hi: raw.m2yHi, m2Lo: raw.m2yLo };
}

/** True when the kernel's sums can be used as they are (see `usableMoments`; the co-moment finite). @internal */
export function usablePairMoments(raw: RawPairMoments): boolean {
  return (
    usableMoments(columnX(raw)) && usableMoments(columnY(raw)) && Number.isFinite(raw.cHi) && Number.isFinite(raw.cLo)
  );
}

/** The pair summary of usable raw moments. @internal */
export function pairSummaryFromRaw(raw: RawPairMoments, omitted: number): PairSummary {
  return makePairSummary(
    summaryFromRaw(columnX(raw), omitted),
    summaryFromRaw(columnY(raw), omitted),
    twoSum(raw.cHi, raw.cLo),
  );
}

function largestExponent(v: ArrayLike<number>, n: number): number {
  let maxAbs = 0;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(v[i]!);
    if (a > maxAbs) maxAbs = a;
  }
  return exponentOf(maxAbs);
}

/**
 * Finite pairs whose sums left the safe range (huge or tiny magnitudes, a constant column): each
 * column scaled by its own power of two so its largest magnitude is in [1, 2), summarized and
 * scaled back — exact, as scaling by 2^k changes no digit (means by 2^ex, M2 by 4^ex, the
 * co-moment by 2^(ex+ey)). An M2 beyond the double range is `E_OVERFLOW`, one below
 * 2.2e-308 `E_UNDERFLOW` (naming `m2X` / `m2Y`).
 */
function summarizeFinitePairs(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  n: number,
  kernel: PairKernel,
  omitted: number,
): PairSummary {
  const ex = largestExponent(x, n);
  const ey = largestExponent(y, n);
  const sx = allocateValues(n);
  const sy = allocateValues(n);
  for (let i = 0; i < n; i++) {
    sx[i] = scaleByPow2(x[i]!, -ex);
    sy[i] = scaleByPow2(y[i]!, -ey);
  }
  const unit = pairSummaryFromRaw(kernel.pairMoments(sx, sy, 0, n, sx[0]!, sy[0]!), omitted);
  const m2x = ddScale(unit.x.m2DD(), 2 * ex);
  const m2y = ddScale(unit.y.m2DD(), 2 * ey);
  checkM2Range(m2x, unit.m2X, ex, "m2X");
  checkM2Range(m2y, unit.m2Y, ey, "m2Y");
  const c = ddScale(unit.cDD(), ex + ey);
  return makePairSummary(
    makeSummary(n, ddScale(unit.x.meanDD(), ex), m2x, omitted),
    makeSummary(n, ddScale(unit.y.meanDD(), ey), m2y, omitted),
    c,
  );
}

/** An M2 scaled back by 4^e must be a normal double (or 0 when it was 0 in scaled units). */
function checkM2Range(m2: DD, unitM2: number, e: number, field: string): void {
  if (!Number.isFinite(m2.hi)) {
    throw new BatchStatsError("E_OVERFLOW", `${field}, a sum of squared deviations, is beyond the double range`, {
      field,
    });
  }
  if (unitM2 > 0 && !(m2.hi >= MIN_NORMAL)) {
    throw new BatchStatsError(
      "E_UNDERFLOW",
      `the values differ by so little (around 2^${e - 52} or less) that ${field} is below the double range (2.2e-308)`,
      { field },
    );
  }
}

/** Slow path: finds NaN and ±Infinity (applying the policy), then summarizes the finite pairs. */
function summarizePairsSlow(x: ArrayLike<number>, y: ArrayLike<number>, o: ResolvedPairOptions): PairSummary {
  const n = x.length;
  let nans = 0;
  for (let i = 0; i < n; i++) {
    const u = x[i]!;
    const v = y[i]!;
    if (u !== u || v !== v) {
      if (o.nan === "raise") {
        const which = u !== u ? "x" : "y";
        throw new BatchStatsError(
          "E_NAN",
          `${which}[${i}] is NaN (pass nan: "omit" to skip pairs with a NaN in either value)`,
          { field: which, index: i },
        );
      }
      nans++;
    } else if (u === Infinity || u === -Infinity || v === Infinity || v === -Infinity) {
      const which = u === Infinity || u === -Infinity ? "x" : "y";
      throw new BatchStatsError("E_INFINITE", `${which}[${i}] is ${which === "x" ? u : v}`, { field: which, index: i });
    }
  }
  if (nans === 0) return summarizeFinitePairs(x, y, n, o.kernel, 0);
  const k = n - nans;
  const kx = new Float64Array(k);
  const ky = new Float64Array(k);
  let j = 0;
  for (let i = 0; i < n; i++) {
    const u = x[i]!;
    const v = y[i]!;
    if (u === u && v === v) {
      kx[j] = u;
      ky[j] = v;
      j++;
    }
  }
  if (k === 0) {
    const empty = makeSummary(0, dd(0), dd(0), nans);
    return makePairSummary(empty, empty, dd(0));
  }
  const raw = o.kernel.pairMoments(kx, ky, 0, k, kx[0]!, ky[0]!);
  return usablePairMoments(raw) ? pairSummaryFromRaw(raw, nans) : summarizeFinitePairs(kx, ky, k, o.kernel, nans);
}

/** summarizePairs() after validation, on checked columns of equal length. @internal */
export function summarizePairsWith(x: ArrayLike<number>, y: ArrayLike<number>, o: ResolvedPairOptions): PairSummary {
  const n = x.length;
  if (n === 0) return PairSummary.empty();
  const kernel = n < o.jsBelow ? jsPairKernel : o.kernel;
  const raw = kernel.pairMoments(x, y, 0, n, x[0]!, y[0]!);
  if (usablePairMoments(raw)) return pairSummaryFromRaw(raw, 0);
  return summarizePairsSlow(x, y, { kernel, nan: o.nan, jsBelow: 0 });
}

/**
 * Checks both columns (numbers, equal lengths) and returns them, possibly as scratch copies that
 * the caller hands back with `releasePairs` (no closure: this runs on every call). @internal
 */
export function checkPairs(x: ArrayLike<number>, y: ArrayLike<number>): [ArrayLike<number>, ArrayLike<number>] {
  const cx = checkNumeric(x);
  let cy: ArrayLike<number>;
  try {
    cy = checkNumeric(y);
  } catch (error) {
    releaseScratch(cx);
    throw error;
  }
  if (cx.length !== cy.length) {
    releasePairs(cx, cy);
    throw new BatchStatsError(
      "E_BAD_ARGUMENT",
      `x and y must have the same length (one pair per index), got ${cx.length} and ${cy.length}`,
      { field: "y" },
    );
  }
  return [cx, cy];
}

/** Hands back what `checkPairs` returned. @internal */
export function releasePairs(cx: ArrayLike<number>, cy: ArrayLike<number>): void {
  releaseScratch(cx);
  releaseScratch(cy);
}

/**
 * Reduces paired columns (x[i], y[i]) to their pair summary — count, means, M2 of each column and
 * the co-moment Σ(x − x̄)(y − ȳ) — in one pass, with the WebAssembly SIMD pair kernel when
 * available (bit-identical to the JS fallback). Typically y is the metric and x a pre-period
 * covariate (`cupedTest`) or the denominator of a ratio metric (`ratioTest`).
 *
 * Errors: `E_BAD_ARGUMENT` when the lengths differ; `E_NOT_NUMERIC` naming the index of a
 * non-number; `E_NAN` (index and column) for a NaN in either value unless `nan: "omit"`;
 * `E_INFINITE` for ±Infinity; `E_OVERFLOW` / `E_UNDERFLOW` for an M2 beyond the double range.
 *
 * @example
 * ```ts
 * import { summarizePairs } from "batchstats";
 * const p = summarizePairs(new Float64Array([1, 2, 3, 4]), new Float64Array([2, 4, 5, 9]));
 * p.covariance(); // => 3.6666666666666665
 * summarizePairs([1, NaN, 3], [1, 2, 3], { nan: "omit" }).omitted; // => 1
 * ```
 */
export function summarizePairs(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options?: SummarizePairsOptions,
): PairSummary {
  const o = resolvePairOptions(options);
  const [cx, cy] = checkPairs(x, y);
  try {
    return summarizePairsWith(cx, cy, o);
  } finally {
    releasePairs(cx, cy);
  }
}
