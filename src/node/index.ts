/**
 * batchstats/node — summaries of streams and files for Node jobs: `summarizeStream` (any
 * Readable, ReadableStream or (async) iterable of chunks), `summarizeFile` (with worker
 * threads), in the formats f64le, f32le, text and CSV (gzip-compressed text and CSV too), with
 * errors that name the file, line and column; pair summaries of two CSV columns
 * (`summarizePairStream`, `summarizePairFile`). The stream part is also `batchstats/ingest`, for
 * browsers. Everything else (Summary, merge, ttest…) comes from the main entry `batchstats`.
 *
 * @packageDocumentation
 */
export * from "./ingest.js";
export { type FileOptions, summarizeFile } from "./summarize-file.js";
export { type PairFileOptions, summarizePairFile } from "./summarize-pair-file.js";
