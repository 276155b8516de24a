import { BatchStatsError } from "./errors.js";

/**
 * Reads an options argument: `undefined` gives `{}`; anything but a plain object (an array,
 * `null`, a number) and any key not in `known` throws `E_BAD_ARGUMENT` naming it, so a
 * misspelt or scipy-style option (`nan_policy`, `capacty`) is never ignored silently. The
 * options are read once, here, into a copy: a throwing getter or a Proxy trap becomes
 * `E_BAD_ARGUMENT` too, and later reads cannot change. @internal
 */
const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});

export function readOptions<K extends string>(
  options: unknown,
  known: readonly K[],
  field = "options",
): Partial<Record<K, unknown>> {
  if (options === undefined) return EMPTY as Partial<Record<K, unknown>>;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new BatchStatsError("E_BAD_ARGUMENT", `${field} must be an object, got ${describeValue(options)}`, { field });
  }
  // A plain object, not Object.create(null) (V8 keeps those in slow dictionary mode): only keys
  // from `known` are copied, so nothing reaches its prototype.
  const copy: Partial<Record<K, unknown>> = {};
  let key = "";
  try {
    for (key of Object.keys(options)) {
      if (!(known as readonly string[]).includes(key)) {
        throw new BatchStatsError(
          "E_BAD_ARGUMENT",
          `${field}.${key} is not an option here (expected one of ${known.join(", ")})`,
          { field: `${field}.${key}` },
        );
      }
      copy[key as K] = (options as Record<string, unknown>)[key];
    }
  } catch (error) {
    if (error instanceof BatchStatsError) throw error;
    const where = key === "" ? field : `${field}.${key}`;
    throw new BatchStatsError("E_BAD_ARGUMENT", `${where} could not be read (${errorText(error)})`, { field: where });
  }
  return copy;
}

/**
 * The option keys of `first` followed by those of `more`, as one list: a pure call, which a
 * bundler drops when the list is unused (it keeps a top-level `[...a, ...b]`, whose spread could
 * run an iterator). @internal
 */
export function optionKeys<A extends string, B extends string>(
  first: readonly A[],
  more: readonly B[],
): readonly (A | B)[] {
  return [...first, ...more];
}

/** A short description of a value for error messages. @internal */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "symbol") return "a symbol";
  if (typeof value === "bigint") return `${value}n`;
  return `a value of type ${typeof value}`;
}

/** The text of a thrown value, for error messages (whatever was thrown, even with no toString). @internal */
export function errorText(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return "an exception without text";
  }
}
