import { InvalidArgumentError } from "commander";
import { type Format, FORMATS } from "../node/ingest-options.js";

/** The format of an input without `--format`: from its extension, else text. */
export function formatFor(input: string): Format {
  const match = /\.(csv|f64|f32)$/i.exec(input);
  const ext = match?.[1]?.toLowerCase();
  if (ext === "csv") return "csv";
  if (ext === "f64") return "f64le";
  if (ext === "f32") return "f32le";
  return "text";
}

/** `--column`: digits are a 0-based index, anything else a header name. */
export function parseColumn(value: string): string | number {
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** `--workers`: a whole number from 1 to 256 (commander reports the error as a usage error). */
export function parseWorkers(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 256) throw new InvalidArgumentError("expected a whole number from 1 to 256");
  return n;
}

/** `--delimiter`: one character; `\t` and `tab` mean a tab. */
export function parseDelimiter(value: string): string {
  const delimiter = value === "\\t" || value === "tab" ? "\t" : value;
  if (delimiter.length !== 1) throw new InvalidArgumentError("expected one character (or \\t for a tab)");
  return delimiter;
}

/** `--confidence`: a number strictly between 0 and 1. */
export function parseConfidence(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !(n > 0 && n < 1))
    throw new InvalidArgumentError("expected a number between 0 and 1, e.g. 0.95");
  return n;
}

/** `--mu`: a finite number. */
export function parseFinite(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n)) throw new InvalidArgumentError("expected a finite number");
  return n;
}

export { FORMATS };
