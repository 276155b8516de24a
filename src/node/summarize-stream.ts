import type { ChunkSource } from "./stream/chunks.js";
import { decodeStream } from "./stream/decode-stream.js";
import { type IngestOptions, parseIngestOptions } from "./ingest-options.js";
import { type IngestReport, reportOf } from "./ingest-report.js";

/**
 * Summarizes a stream of values — a Node `Readable` (a file, stdin, a socket, an HTTP body), a
 * web `ReadableStream` (`File.stream()`, a `fetch` body), or any iterable or async iterable of
 * chunks — without holding more than one chunk and one batch of 64 Ki values in memory. Chunks
 * are pulled one at a time, so a `Readable` is paused while a chunk is being summarized
 * (backpressure). Chunks may be cut anywhere: inside a value, a line, a CRLF, a quoted CSV
 * field; the result is bit-for-bit the same however the input is chunked. Runs in browsers too
 * (`batchstats/ingest`).
 *
 * Formats: `"f64le"` / `"f32le"` (raw little-endian floats; a length that is not a multiple of
 * the value size is `E_FORMAT`), `"text"` (one number per line; lines end with LF, CRLF or CR,
 * blank lines ignored), `"csv"` (one column by name or index — required when there are several;
 * quoted fields; header detection). Text numbers are decimal (`12`, `-0.5`, `1e-3`, `.5`), or
 * `NaN`, `Inf`, `Infinity` in any case. Text and CSV compressed with gzip (found by their first
 * bytes, 1f 8b) are decompressed on the way.
 *
 * Throws `IngestError` (a `BatchStatsError`) naming the input, line, column and text:
 * `E_PARSE` for a record that is not a number (unless `skipInvalid`), `E_NAN` for a NaN (unless
 * `nan: "omit"`), `E_INFINITE` for ±Infinity, `E_FORMAT` (a line, field or record too long,
 * corrupt gzip…), `E_IO` when the source fails, `E_BAD_ARGUMENT` for unknown or bad options
 * and for a CSV of several columns read without `column` (its `columns` lists them). With
 * `signal`, rejects with `signal.reason` soon after the abort. On error the source is closed
 * (a `Readable` is destroyed, a `ReadableStream` cancelled).
 *
 * @example
 * ```ts
 * import { Readable } from "node:stream";
 * import { summarizeStream } from "batchstats/node";
 *
 * const { summary } = await summarizeStream(["1\n2", "\r\n3\r4\n"], { format: "text" });
 * summary.mean; // => 2.5
 *
 * const csv = Readable.from(['id,latency_ms\r\n1,12.5\r\n2,"n/a"\r\n3,7.5\r\n']);
 * const report = await summarizeStream(csv, { format: "csv", column: "latency_ms", skipInvalid: true });
 * report.summary.mean; // => 10
 * report.skippedRecords; // => [{ line: 3, column: 1, text: "n/a", reason: '"n/a" is not a number' }]
 * report.records === report.summary.count + report.summary.omitted + report.skipped; // => true
 * ```
 */
export async function summarizeStream(source: ChunkSource, options: IngestOptions): Promise<IngestReport> {
  const { resolved, signal } = parseIngestOptions(options, "<stream>", []);
  const decoded = await decodeStream(source, resolved, { signal });
  return reportOf(decoded);
}
