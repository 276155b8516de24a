import { NOT_A_NUMBER, parseNumberBytes } from "../node/decoders/number-text.js";
import type { Format } from "../node/ingest-options.js"; // a type only: the ingest code is not loaded

/**
 * A bad option value. The parsers here throw it rather than commander's `InvalidArgumentError`, so
 * that the commands parsed without commander (fast-path.ts) load none of it; program.ts turns it into
 * commander's error (see `commanderParser`), which commander prints as a usage error.
 */
export class OptionValueError extends Error {}

/**
 * The input formats, for `--format` and its help (the library's `FORMATS` of `batchstats/node`,
 * which `--help`, `merge` and `ttest` must not load; a test holds the two lists equal).
 */
export const FORMAT_NAMES: readonly Format[] = ["f64le", "f32le", "text", "csv"];

/**
 * A number written as the text reader reads it (`parseNumberBytes`: decimal, no hex, no blanks), or
 * NaN: one grammar for input values and option values.
 */
export function strictNumber(value: string): number {
  const bytes = new TextEncoder().encode(value);
  const n = parseNumberBytes(bytes, 0, bytes.length);
  return n === NOT_A_NUMBER ? Number.NaN : n;
}

/** `--column`: digits are a 0-based index, anything else a header name. */
export function parseColumn(value: string): string | number {
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** `--workers`: a whole number from 1 to 256 (a usage error). */
export function workersValue(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 256) throw new OptionValueError("expected a whole number from 1 to 256");
  return n;
}

/** `--delimiter`: one character; `\t` and `tab` mean a tab. */
export function delimiterValue(value: string): string {
  const delimiter = value === "\\t" || value === "tab" ? "\t" : value;
  if (delimiter.length !== 1) throw new OptionValueError("expected one character (or \\t for a tab)");
  return delimiter;
}

/** `--confidence`: a number strictly between 0 and 1. */
export function confidenceValue(value: string): number {
  const n = strictNumber(value);
  if (value.trim() === "" || !(n > 0 && n < 1))
    throw new OptionValueError("expected a number between 0 and 1, e.g. 0.95");
  return n;
}

/** `--prior m,v`: a finite mean and a finite variance > 0. */
export function priorValue(value: string): [number, number] {
  const parts = value.split(",");
  const m = strictNumber(parts[0] ?? "");
  const v = strictNumber(parts[1] ?? "");
  if (parts.length !== 2 || parts[0]?.trim() === "" || !Number.isFinite(m) || !(v > 0 && v < Infinity)) {
    throw new OptionValueError("expected mean,variance: two numbers, the variance > 0, e.g. 0,0.09");
  }
  return [m, v];
}

/** `--mu`: a finite number. */
export function finiteValue(value: string): number {
  const n = strictNumber(value);
  if (value.trim() === "" || !Number.isFinite(n)) throw new OptionValueError("expected a finite number");
  return n;
}
