import type { Format } from "../ingest-options.js";
import { VALUE_SIZE } from "../ingest-options.js";
import type { FileRange } from "./summarize-range.js";
import { BATCH } from "../decoders/batch-pool.js";

/**
 * Bytes per range of a file (32 MiB, a whole number of batches for both binary formats):
 * small enough that threads share the work evenly — one that starts late or is slowed by other
 * jobs simply takes fewer ranges — large enough that a range costs nothing extra to start.
 */
export const RANGE_BYTES = 32 << 20;

/**
 * Cuts a file of `size` bytes into consecutive ranges of RANGE_BYTES, whatever the number of
 * threads, so the summary of a file does not depend on how many threads read it. Binary ranges
 * start on batch boundaries (RANGE_BYTES is a multiple of the batch); text ranges are cut
 * anywhere and `summarizeRange` aligns them to lines. CSV is one range (a quoted field may
 * hold line breaks, so a line start cannot be found without reading from the beginning).
 * @internal
 */
export function planRanges(size: number, format: Format): FileRange[] {
  if (format === "csv" || size <= RANGE_BYTES) return [{ start: 0, end: size }];
  if (format !== "text" && RANGE_BYTES % (BATCH * VALUE_SIZE[format]) !== 0)
    throw new Error("RANGE_BYTES must be a whole number of batches");
  const ranges: FileRange[] = [];
  for (let start = 0; start < size; start += RANGE_BYTES)
    ranges.push({ start, end: Math.min(size, start + RANGE_BYTES) });
  return ranges;
}
