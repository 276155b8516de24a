import { InvalidArgumentError } from "commander";
import { BatchStatsError } from "../errors.js";
import type { Format } from "../node/ingest-options.js"; // a type only: the ingest code is not loaded

/**
 * The input formats, for `--format` and its help (the library's `FORMATS` of `batchstats/node`,
 * which `--help`, `merge` and `ttest` must not load; a test holds the two lists equal).
 */
export const FORMAT_NAMES: readonly Format[] = ["f64le", "f32le", "text", "csv"];

/**
 * The format of an input without `--format`: from its extension (`.csv`, `.f64`, `.f32`; a
 * trailing `.gz` looked through, as the library reads gzip-compressed text and CSV), else text.
 * A gzip-compressed binary name (`x.f64.gz`) is refused: only text and CSV are decompressed.
 */
export function formatFor(input: string): Format {
  const match = /\.(csv|f64|f32)(\.gz)?$/i.exec(input);
  const ext = match?.[1]?.toLowerCase();
  if (match?.[2] !== undefined && (ext === "f64" || ext === "f32")) {
    throw new BatchStatsError(
      "E_BAD_ARGUMENT",
      `${input}: binary inputs cannot be gzip-compressed (only text and CSV are); decompress it first, e.g. gunzip -c ${input} | batchstats summarize --format ${ext}le -`,
      { field: "inputs" },
    );
  }
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

/** `--prior m,v`: a finite mean and a finite variance > 0. */
export function parsePrior(value: string): [number, number] {
  const parts = value.split(",");
  const m = Number(parts[0]);
  const v = Number(parts[1]);
  if (parts.length !== 2 || parts[0]?.trim() === "" || !Number.isFinite(m) || !(v > 0 && v < Infinity)) {
    throw new InvalidArgumentError("expected mean,variance: two numbers, the variance > 0, e.g. 0,0.09");
  }
  return [m, v];
}

/** `--mu`: a finite number. */
export function parseFinite(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n)) throw new InvalidArgumentError("expected a finite number");
  return n;
}
