/**
 * batchstats/node — summaries of streams and files for Node jobs: `summarizeStream` (any
 * Readable or (async) iterable of chunks), `summarizeFile` (with worker threads), in the
 * formats f64le, f32le, text and CSV, with errors that name the file, line and column.
 * Everything else (Summary, merge, ttest…) comes from the main entry `batchstats`.
 *
 * @packageDocumentation
 */
export type { Chunk, ChunkSource } from "./stream/chunks.js";
export { IngestError, type InputLocation } from "./ingest-error.js";
export { type Format, FORMATS, type IngestNanPolicy, type IngestOptions } from "./ingest-options.js";
export type { IngestReport, SkippedRecord } from "./ingest-report.js";
export { type FileOptions, summarizeFile } from "./summarize-file.js";
export { summarizeStream } from "./summarize-stream.js";
