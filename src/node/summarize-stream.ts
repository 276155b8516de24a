import { BatchStatsError } from "../errors.js";
import { type ChunkSource, chunkBytes, chunkIterator } from "./stream/chunks.js";
import { createDecoder, type Decoded } from "./decoders/decoder.js";
import { IngestError } from "./ingest-error.js";
import { type IngestOptions, type ResolvedIngestOptions, resolveIngestOptions } from "./ingest-options.js";
import type { IngestReport } from "./ingest-report.js";

/**
 * Summarizes a stream of values — a Node `Readable` (a file, stdin, a socket, an HTTP body) or
 * any iterable or async iterable of chunks — without holding more than one chunk and one batch
 * of 64 Ki values in memory. Chunks are pulled one at a time, so a `Readable` is paused while a
 * chunk is being summarized (backpressure). Chunks may be cut anywhere: inside a value, a line,
 * a CRLF, a quoted CSV field; the result is bit-for-bit the same however the input is chunked.
 *
 * Formats: `"f64le"` / `"f32le"` (raw little-endian floats; a length that is not a multiple of
 * the value size is `E_FORMAT`), `"text"` (one number per line, LF or CRLF, blank lines
 * ignored), `"csv"` (one column by name or index; quoted fields; header detection). Text
 * numbers are decimal (`12`, `-0.5`, `1e-3`, `.5`), or `NaN`, `Inf`, `Infinity` in any case.
 *
 * Throws `IngestError` (a `BatchStatsError`) naming the input, line, column and text:
 * `E_PARSE` for a record that is not a number (unless `skipInvalid`), `E_NAN` for a NaN (unless
 * `nan: "omit"`), `E_INFINITE` for ±Infinity, `E_FORMAT`, and `E_IO` when the source fails.
 * On error the source is closed (a `Readable` is destroyed).
 *
 * @example
 * ```ts
 * import { Readable } from "node:stream";
 * import { summarizeStream } from "batchstats/node";
 *
 * const { summary } = await summarizeStream(["1\n2", "\r\n3\n"], { format: "text" });
 * summary.mean; // => 2
 *
 * const csv = Readable.from(['id,latency_ms\r\n1,12.5\r\n2,"n/a"\r\n3,7.5\r\n']);
 * const report = await summarizeStream(csv, { format: "csv", column: "latency_ms", skipInvalid: true });
 * report.summary.mean; // => 10
 * report.skippedRecords; // => [{ line: 3, column: 1, text: "n/a", reason: '"n/a" is not a number' }]
 * report.records === report.summary.count + report.summary.omitted + report.skipped; // => true
 * ```
 */
export async function summarizeStream(source: ChunkSource, options: IngestOptions): Promise<IngestReport> {
  const resolved = resolveIngestOptions(options);
  const decoded = await decodeStream(source, resolved);
  return {
    summary: decoded.summary,
    records: decoded.records,
    skipped: decoded.skipped,
    skippedRecords: decoded.skippedRecords,
    bytes: decoded.bytes,
  };
}

/** Reads a source through a decoder; closes the source on error. @internal */
export async function decodeStream(source: ChunkSource, options: ResolvedIngestOptions): Promise<Decoded> {
  const it = chunkIterator(source);
  const decoder = createDecoder(options);
  for (;;) {
    let next: IteratorResult<unknown>;
    try {
      next = await it.next();
    } catch (error) {
      if (error instanceof BatchStatsError) throw error;
      throw new IngestError(
        "E_IO",
        { input: options.name },
        `reading failed: ${(error as Error)?.message ?? String(error)}`,
      );
    }
    if (next.done) break;
    try {
      decoder.write(chunkBytes(next.value, options.format));
    } catch (error) {
      await Promise.resolve(it.return?.()).catch(() => undefined); // close the source; its own error is secondary
      throw error;
    }
  }
  return decoder.finish();
}
