import { BatchStatsError } from "../../errors.js";
import type { Format } from "../ingest-options.js";

/** One chunk of a stream: bytes, text (text and CSV formats), or values (binary formats). */
export type Chunk = Uint8Array | string | Float64Array | Float32Array;

/** What `summarizeStream` reads: a Node `Readable`, or any (async) iterable of chunks. */
export type ChunkSource = AsyncIterable<Chunk> | Iterable<Chunk>;

/**
 * The bytes of a chunk in `format`. Strings are UTF-8 text (text and CSV only); a
 * `Float64Array` is f64le values and a `Float32Array` f32le values (on the little-endian
 * machines Node runs on, their bytes are exactly that).
 * @internal
 */
export function chunkBytes(chunk: unknown, format: Format): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === "string") {
    if (format === "text" || format === "csv") return Buffer.from(chunk, "utf8");
    throw new BatchStatsError("E_BAD_ARGUMENT", `a string chunk cannot be read as ${format} (binary) values`, {
      field: "source",
    });
  }
  if (chunk instanceof Float64Array && format === "f64le")
    return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (chunk instanceof Float32Array && format === "f32le")
    return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  const kind = chunk === null ? "null" : ArrayBuffer.isView(chunk) ? chunk.constructor.name : typeof chunk;
  throw new BatchStatsError(
    "E_BAD_ARGUMENT",
    `a ${kind} chunk cannot be read as ${format}: chunks are Uint8Array/Buffer, strings (text, csv), Float64Array (f64le) or Float32Array (f32le)`,
    { field: "source" },
  );
}

/** An iterator over a source; throws E_BAD_ARGUMENT for anything that is not an iterable of chunks. @internal */
export function chunkIterator(source: ChunkSource): AsyncIterator<unknown> | Iterator<unknown> {
  const s = source as Partial<AsyncIterable<unknown> & Iterable<unknown>> | null;
  if (s !== null && typeof s === "object" && !ArrayBuffer.isView(s)) {
    const asyncIterate = s[Symbol.asyncIterator];
    if (typeof asyncIterate === "function") return asyncIterate.call(s);
    const iterate = s[Symbol.iterator];
    if (typeof iterate === "function") return iterate.call(s);
  }
  throw new BatchStatsError(
    "E_BAD_ARGUMENT",
    "source must be a Readable stream or an (async) iterable of chunks (wrap a single Buffer or string in an array)",
    { field: "source" },
  );
}
