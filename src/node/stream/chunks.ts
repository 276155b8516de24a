import { BatchStatsError } from "../../errors.js";
import type { Format } from "../ingest-options.js";

/** One chunk of a stream: bytes, text (text and CSV formats), or values (binary formats). */
export type Chunk = Uint8Array | string | Float64Array | Float32Array;

/**
 * What `summarizeStream` reads: a Node `Readable`, a web `ReadableStream` (e.g. `File.stream()`,
 * a `fetch` body), or any (async) iterable of chunks.
 */
export type ChunkSource = AsyncIterable<Chunk> | Iterable<Chunk> | ReadableStream<Chunk>;

const encoder = new TextEncoder();

/**
 * The bytes of a chunk in `format`. Strings are UTF-8 text (text and CSV only); a
 * `Float64Array` is f64le values and a `Float32Array` f32le values (on the little-endian
 * machines this runs on, their bytes are exactly that).
 * @internal
 */
export function chunkBytes(chunk: unknown, format: Format): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === "string") {
    if (format === "text" || format === "csv") return encoder.encode(chunk);
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

/** An iterator over a source, and how to close it at once (even while a read is pending). @internal */
export interface OpenSource {
  iterator: AsyncIterator<unknown> | Iterator<unknown>;
  /** Closes the source without waiting for anything: destroys a `Readable`, cancels a web stream. */
  abandon(reason: unknown): void;
}

/** Opens a source; throws E_BAD_ARGUMENT for anything that is not a stream or an iterable of chunks. @internal */
export function openSource(source: ChunkSource): OpenSource {
  const s = source as Partial<AsyncIterable<unknown> & Iterable<unknown> & ReadableStream<unknown>> & {
    destroy?: (error?: Error) => void;
  };
  if (s !== null && typeof s === "object" && !ArrayBuffer.isView(s)) {
    if (typeof s.getReader === "function") return openWebStream(s as ReadableStream<unknown>);
    const asyncIterate = s[Symbol.asyncIterator];
    const iterate = s[Symbol.iterator];
    const iterator =
      typeof asyncIterate === "function"
        ? asyncIterate.call(s)
        : typeof iterate === "function"
          ? iterate.call(s)
          : undefined;
    if (iterator !== undefined) {
      return {
        iterator,
        abandon: () => {
          if (typeof s.destroy === "function")
            s.destroy(); // a Node Readable: ends a pending read too
          else void Promise.resolve(iterator.return?.()).catch(() => undefined);
        },
      };
    }
  }
  throw new BatchStatsError(
    "E_BAD_ARGUMENT",
    "source must be a Readable stream, a ReadableStream or an (async) iterable of chunks (wrap a single Buffer or string in an array)",
    { field: "source" },
  );
}

function openWebStream(stream: ReadableStream<unknown>): OpenSource {
  const reader = stream.getReader();
  let closed = false;
  const close = (reason?: unknown) => {
    if (closed) return;
    closed = true;
    void reader.cancel(reason).catch(() => undefined);
  };
  return {
    iterator: {
      next: async () => {
        const result = await reader.read();
        if (result.done) closed = true;
        return result.done ? { done: true, value: undefined } : { done: false, value: result.value };
      },
      return: async () => {
        close();
        return { done: true, value: undefined };
      },
    },
    abandon: close,
  };
}
