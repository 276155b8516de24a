import { open } from "node:fs/promises";
import { createDecoder, type Decoded, type Decoder } from "../decoders/decoder.js";
import { ioError } from "../ingest-error.js";
import type { ResolvedIngestOptions } from "../ingest-options.js";
import { decodeStream, decodeStreamWith } from "../stream/decode-stream.js";
import { summarizeF64Range } from "./f64-file-reader.js";
import { lineAligned } from "./line-aligned.js";
import { descriptorReader, readChunks, truncatedError } from "./read-chunks.js";

/** A byte range [start, end) of a file. For text, the lines that *start* in the range. @internal */
export interface FileRange {
  start: number;
  end: number;
}

type FileHandle = Awaited<ReturnType<typeof open>>;

/** Opens `path` (E_IO naming `name` if it cannot be), runs `work` with the handle, always closes it. @internal */
export async function withFile<T>(
  path: string,
  name: string,
  work: (fh: FileHandle) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  let fh: FileHandle;
  try {
    fh = await open(path, "r");
  } catch (error) {
    throw ioError(name, error);
  }
  try {
    return await work(fh);
  } finally {
    // Closing waits for a read in flight; after an abort that may be a read of a pipe that
    // never ends, so the job rejects at once and the file closes once that read returns.
    const closing = fh.close().catch(() => undefined);
    if (!signal?.aborted) await closing;
  }
}

/**
 * Summarizes everything a pipe, a device or a file whose size is unknown (procfs files report
 * 0) gives — or a whole regular file of `size` bytes, read by one thread (a gzip file) — through
 * reused buffers.
 * @internal
 */
export function summarizeSequential(
  path: string,
  options: ResolvedIngestOptions,
  onBytes?: (bytes: number) => void,
  signal?: AbortSignal,
  size?: number,
): Promise<Decoded> {
  return readSequential(path, options, () => createDecoder(options), onBytes, signal, size);
}

/** `summarizeSequential` through the decoder `makeDecoder` makes (e.g. one of pairs). @internal */
export async function readSequential<S>(
  path: string,
  options: ResolvedIngestOptions,
  makeDecoder: () => Decoder<S>,
  onBytes?: (bytes: number) => void,
  signal?: AbortSignal,
  size?: number,
): Promise<Decoded<S>> {
  return withFile(
    path,
    options.name,
    (fh) =>
      decodeStreamWith(readChunks(fh, options.name, size === undefined ? null : 0, size), options, makeDecoder, {
        signal,
        onBytes,
      }),
    signal,
  );
}

/**
 * What is left to read of the open descriptor `fd` (stdin: from its offset to its end), through
 * the decoder `makeDecoder` makes, with reused buffers; `fd` stays open. @internal
 */
export function readDescriptor<S>(
  fd: number,
  options: ResolvedIngestOptions,
  makeDecoder: () => Decoder<S>,
  signal?: AbortSignal,
): Promise<Decoded<S>> {
  return decodeStreamWith(readChunks(descriptorReader(fd), options.name, null), options, makeDecoder, { signal });
}

/**
 * Summarizes one range of a regular file of `fileSize` bytes: the work of one worker thread, or
 * of the main thread. f64le goes straight into wasm memory (f64-file-reader.ts); the other
 * formats are read in 1 MiB chunks through their decoder, never past `fileSize` (the size when
 * the job started); a file that ends sooner is `E_IO`. `onBytes` is told the size of each chunk.
 * @internal
 */
export async function summarizeRange(
  path: string,
  range: FileRange,
  options: ResolvedIngestOptions,
  fileSize: number,
  onBytes?: (bytes: number) => void,
  signal?: AbortSignal,
): Promise<Decoded> {
  return withFile(
    path,
    options.name,
    async (fh) => {
      if (options.format === "f64le") {
        const decoded = await summarizeF64Range(fh, options.name, range.start, range.end, options, onBytes, signal);
        if (decoded.bytes < range.end - range.start)
          throw truncatedError(options.name, range.start + decoded.bytes, range.end);
        return decoded;
      }
      const control = { signal, onBytes, start: { offset: range.start } };
      if (options.format !== "text")
        return decodeStream(readChunks(fh, options.name, range.start, range.end), options, control);
      const raw = readChunks(fh, options.name, Math.max(range.start - 1, 0), fileSize);
      return decodeStream(lineAligned(raw, range.start, range.end), options, control);
    },
    signal,
  );
}
