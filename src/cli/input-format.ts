import { BatchStatsError } from "../errors.js";
import type { Format } from "../node/ingest-options.js"; // a type only: the ingest code is not loaded

// Not in input-options.ts, which needs commander: summarize, which needs this, loads no commander.

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
