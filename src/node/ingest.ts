/**
 * batchstats/ingest — the byte decoders of batchstats, for any JavaScript runtime (browsers,
 * workers, Node, Deno): `summarizeStream` reads f64le, f32le, text and CSV from a web
 * `ReadableStream`, a Node `Readable` or any (async) iterable of `Uint8Array` or string chunks,
 * with the same grammar, caps and errors as `batchstats/node` (which re-exports all of this and
 * adds files and worker threads); `summarizePairStream` reads pairs (x, y) from two CSV columns
 * into a pair summary. Nothing here imports a Node module.
 *
 * @packageDocumentation
 */
export type { Chunk, ChunkSource } from "./stream/chunks.js";
export { IngestError, type IngestErrorExtra, type InputLocation } from "./ingest-error.js";
export { type Format, FORMATS, type IngestNanPolicy, type IngestOptions } from "./ingest-options.js";
export type { IngestReport, SkippedRecord } from "./ingest-report.js";
export type { PairIngestOptions } from "./pair-ingest-options.js";
export { summarizePairStream } from "./summarize-pair-stream.js";
export { summarizeStream } from "./summarize-stream.js";
