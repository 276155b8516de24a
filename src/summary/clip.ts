import { BatchStatsError } from "../errors.js";
import { describeValue } from "../options.js";
import { borrowScratch, releaseScratch } from "./input.js";

/** Validated clipping bounds. @internal */
export interface ClipBounds {
  readonly lo: number;
  readonly hi: number;
}

/**
 * Validates a `[lo, hi]` pair of finite numbers with lo ≤ hi (undefined stays undefined);
 * `E_BAD_ARGUMENT` naming `field` otherwise. @internal
 */
export function parseBounds(value: unknown, field: string): ClipBounds | undefined {
  if (value === undefined) return undefined;
  let lo: unknown;
  let hi: unknown;
  let ok = false;
  try {
    if (Array.isArray(value) && value.length === 2) {
      lo = value[0];
      hi = value[1];
      ok = true;
    }
  } catch {
    ok = false;
  }
  if (!ok || typeof lo !== "number" || typeof hi !== "number" || !Number.isFinite(lo) || !Number.isFinite(hi)) {
    throw new BatchStatsError(
      "E_BAD_ARGUMENT",
      `${field} must be [lo, hi], two finite numbers, got ${describeValue(value)}`,
      { field },
    );
  }
  if (!(lo <= hi)) {
    throw new BatchStatsError("E_BAD_ARGUMENT", `${field}: lo (${lo}) must not exceed hi (${hi})`, { field });
  }
  return { lo: lo === 0 ? 0 : lo, hi: hi === 0 ? 0 : hi };
}

/**
 * The values clamped to [lo, hi], as a Float64Array the caller owns until it calls
 * `releaseScratch` on it, and how many were clamped. `values` is read once, here, element by
 * element; nothing downstream sees it again (the summary is made from the clamped copy). NaN
 * and ±Infinity are copied as they are, for the NaN policy to judge. `inPlace`: `values` is
 * already a scratch copy (from `checkNumeric`), clamped where it is. @internal
 */
export function clampValues(
  values: ArrayLike<number>,
  bounds: ClipBounds,
  inPlace: boolean,
): { values: Float64Array; clipped: number } {
  if (inPlace) return { values: values as Float64Array, clipped: clampInPlace(values as Float64Array, bounds) };
  const n = values.length;
  const out = borrowScratch(n);
  const { lo, hi } = bounds;
  let clipped = 0;
  try {
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (v < lo) {
        out[i] = v === -Infinity ? v : lo;
        if (v !== -Infinity) clipped++;
      } else if (v > hi) {
        out[i] = v === Infinity ? v : hi;
        if (v !== Infinity) clipped++;
      } else {
        out[i] = v;
      }
    }
  } catch (error) {
    releaseScratch(out);
    throw error;
  }
  return { values: out, clipped };
}

/**
 * `clampValues` where the values lie: finite values of `view` below lo or above hi set to the
 * nearer bound (NaN and ±Infinity left as they are); returns how many were set. One loop over a
 * `Float64Array` only, so that the engine keeps it monomorphic (the ingest code clamps every
 * batch in wasm memory with it). @internal
 */
export function clampInPlace(view: Float64Array, bounds: ClipBounds): number {
  const { lo, hi } = bounds;
  const n = view.length;
  let clipped = 0;
  for (let i = 0; i < n; i++) {
    const v = view[i]!;
    if (v < lo) {
      if (v !== -Infinity) {
        view[i] = lo;
        clipped++;
      }
    } else if (v > hi && v !== Infinity) {
      view[i] = hi;
      clipped++;
    }
  }
  return clipped;
}
