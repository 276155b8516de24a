import { open } from "node:fs/promises";
import { createDecoder, type Decoded } from "../decoders/decoder.js";
import { IngestError, ioError } from "../ingest-error.js";
import type { ResolvedIngestOptions } from "../ingest-options.js";
import { summarizeF64Range } from "./f64-file-reader.js";
import { lineAligned } from "./line-aligned.js";
import { readChunks } from "./read-chunks.js";

/** A byte range [start, end) of a file. For text, the lines that *start* in the range. @internal */
export interface FileRange {
  start: number;
  end: number;
}

/** Throws E_IO when fewer bytes than the range holds could be read (the file shrank meanwhile). */
function checkComplete(path: string, range: FileRange, bytes: number): void {
  if (bytes < range.end - range.start) {
    throw new IngestError(
      "E_IO",
      { input: path, offset: range.start + bytes },
      `the file ended at byte ${range.start + bytes}, before byte ${range.end} where it ended when the job started: was it truncated while being read?`,
    );
  }
}

type FileHandle = Awaited<ReturnType<typeof open>>;

/** Opens `path` (E_IO naming `name` if it cannot be), runs `work` with the handle, always closes it. */
async function withFile<T>(path: string, name: string, work: (fh: FileHandle) => Promise<T>): Promise<T> {
  let fh: FileHandle;
  try {
    fh = await open(path, "r");
  } catch (error) {
    throw ioError(name, error);
  }
  try {
    return await work(fh);
  } finally {
    await fh.close().catch(() => undefined);
  }
}

/**
 * Summarizes everything a pipe or device (anything but a regular file) gives, by one thread,
 * through reused buffers.
 * @internal
 */
export async function summarizeSequential(
  path: string,
  options: ResolvedIngestOptions,
  onBytes?: (bytes: number) => void,
): Promise<Decoded> {
  return withFile(path, options.name, async (fh) => {
    const decoder = createDecoder(options);
    for await (const chunk of readChunks(fh, options.name, null)) {
      decoder.write(chunk);
      onBytes?.(chunk.length);
    }
    return decoder.finish();
  });
}

/**
 * Summarizes one range of a file: the work of one worker thread, or of the main thread when
 * there is one range. f64le goes straight into wasm memory (f64-file-reader.ts); the other
 * formats are read in 1 MiB chunks through their decoder. `onBytes` is told the size of each
 * chunk once it is summarized.
 * @internal
 */
export async function summarizeRange(
  path: string,
  range: FileRange,
  options: ResolvedIngestOptions,
  onBytes?: (bytes: number) => void,
): Promise<Decoded> {
  return withFile(path, options.name, async (fh) => {
    if (options.format === "f64le") {
      const decoded = await summarizeF64Range(fh, options.name, range.start, range.end, options, onBytes);
      checkComplete(options.name, range, decoded.bytes);
      return decoded;
    }
    const decoder = createDecoder(options, { offset: range.start });
    const text = options.format === "text";
    const raw = readChunks(
      fh,
      options.name,
      text ? Math.max(range.start - 1, 0) : range.start,
      text ? Infinity : range.end,
    );
    const chunks = text ? lineAligned(raw, range.start, range.end) : raw;
    let bytes = 0;
    for await (const chunk of chunks) {
      decoder.write(chunk);
      bytes += chunk.length;
      onBytes?.(chunk.length);
    }
    if (!text) checkComplete(options.name, range, bytes);
    return decoder.finish();
  });
}
