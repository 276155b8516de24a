import { BatchStatsError } from "../errors.js";
import { describeValue, errorText } from "../options.js";

/** What to do with NaN values: throw (default), skip and count them, or give NaN statistics. */
export type NanPolicy = "raise" | "omit" | "propagate";

const NAN_POLICIES: readonly NanPolicy[] = ["raise", "omit", "propagate"];

/** Throws E_BAD_ARGUMENT unless `value` is one of `allowed`. @internal */
export function checkChoice<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new BatchStatsError(
      "E_BAD_ARGUMENT",
      `${field} must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, got ${JSON.stringify(value) ?? String(value)}`,
      { field },
    );
  }
  return value as T;
}

/** Validates a NaN policy option (undefined → "raise"). @internal */
export function nanPolicy(value: unknown, field = "options.nan"): NanPolicy {
  return value === undefined ? "raise" : checkChoice(value, NAN_POLICIES, field);
}

/** %TypedArray%.prototype's Symbol.toStringTag getter: the type name of any typed array (from any realm), else undefined. */
const typedArrayName = Object.getOwnPropertyDescriptor(
  Object.getPrototypeOf(Uint8Array.prototype) as object,
  Symbol.toStringTag,
)?.get as (this: unknown) => string | undefined;

/**
 * The kind of a view that does not hold plain numbers — a DataView or a BigInt typed array —
 * else undefined. By internal slot rather than `instanceof`, so views from another realm (an
 * iframe, `vm`) are judged alike.
 */
function nonNumericViewKind(values: ArrayBufferView): string | undefined {
  const name = typedArrayName.call(values);
  if (name === undefined) return "DataView";
  return name === "BigInt64Array" || name === "BigUint64Array" ? name : undefined;
}

/**
 * Checks that `values` is an array-like of numbers: a numeric typed array, or an array (or
 * array-like object) whose every element is of type number. Throws E_NOT_NUMERIC naming the
 * first offending index. Typed arrays are not scanned (they can only hold numbers); anything
 * else is read once into a Float64Array, which is returned: a view of a shared scratch buffer
 * when that is free, which the caller hands back with `releaseScratch` once it has summarized it.
 * @internal
 */
export function checkNumeric(values: unknown): ArrayLike<number> {
  // By internal slot, not instanceof: a Proxy of a typed array is copied like any array-like.
  if (ArrayBuffer.isView(values)) {
    const kind = nonNumericViewKind(values);
    if (kind !== undefined) {
      throw new BatchStatsError("E_NOT_NUMERIC", `expected numbers, got a ${kind} (convert it to a Float64Array)`);
    }
    return values as unknown as ArrayLike<number>;
  }
  if (values === null || typeof values !== "object") {
    const what = values === null ? "null" : typeof values === "string" ? "a string" : `a ${typeof values}`;
    throw new BatchStatsError("E_NOT_NUMERIC", `expected an array of numbers, got ${what}`);
  }
  // Read every element once, into a copy: a getter cannot change a value between the check and
  // the kernel, nor re-enter the shared kernel while it runs (it runs on the copy).
  const arr = values as ArrayLike<unknown>;
  const n = readLength(arr);
  const copy = borrowScratch(n);
  let i = 0;
  let v: unknown;
  try {
    for (; i < n; i++) {
      v = arr[i];
      if (typeof v !== "number") break;
      copy[i] = v;
    }
  } catch (error) {
    releaseScratch(copy);
    throw new BatchStatsError("E_NOT_NUMERIC", `value at index ${i} could not be read (${errorText(error)})`, {
      index: i,
    });
  }
  if (i < n) {
    releaseScratch(copy);
    const shown = typeof v === "string" ? JSON.stringify(v) : v === null ? "null" : typeof v;
    throw new BatchStatsError("E_NOT_NUMERIC", `value at index ${i} is not a number: ${shown}`, { index: i });
  }
  return copy;
}

function readLength(arr: ArrayLike<unknown>): number {
  let n: unknown;
  try {
    n = arr.length;
  } catch (error) {
    throw new BatchStatsError("E_NOT_NUMERIC", `the length of the values could not be read (${errorText(error)})`);
  }
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0) {
    throw new BatchStatsError(
      "E_NOT_NUMERIC",
      `expected an array of numbers, got an object with length ${describeValue(n)}`,
    );
  }
  return n;
}

/** Arrays up to this many values are copied into one reused buffer (a new Float64Array costs ~2 µs). */
const SCRATCH_VALUES = 1 << 16;
let scratch: Float64Array | undefined;
let scratchInUse = false;

/**
 * A Float64Array of `n` values to copy an array into: a view of the scratch buffer when it is
 * free (then marked in use), else a new array — a getter that calls summarize while an array is
 * being copied gets its own. @internal
 */
export function borrowScratch(n: number): Float64Array {
  if (scratchInUse || n > SCRATCH_VALUES) return allocateValues(n);
  scratch ??= new Float64Array(SCRATCH_VALUES);
  scratchInUse = true;
  return scratch.subarray(0, n);
}

/** Hands back what `checkNumeric` returned, once summarized (anything else is ignored). @internal */
export function releaseScratch(values: ArrayLike<number>): void {
  if (scratch !== undefined && (values as Float64Array).buffer === scratch.buffer) scratchInUse = false;
}

/**
 * A Float64Array of n values, or `E_BAD_ARGUMENT` when the engine cannot allocate it (an
 * array-like that claims 2^40 values, say) instead of the engine's bare RangeError. @internal
 */
export function allocateValues(n: number): Float64Array {
  try {
    return new Float64Array(n);
  } catch {
    throw new BatchStatsError("E_BAD_ARGUMENT", `cannot allocate room for ${n} values`);
  }
}
