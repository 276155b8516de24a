import type { FileHandle } from "node:fs/promises";
import { Summary } from "../summary/summary.js";
import { binaryValueError, requireLittleEndian } from "./binary-decoder.js";
import { borrowBuffer, returnBuffer } from "./buffer-pool.js";
import type { Decoded } from "./decoder.js";
import { ioError } from "./ingest-error.js";
import type { ResolvedIngestOptions } from "./ingest-options.js";
import { BATCH, foldBatch } from "./value-batcher.js";

const BATCH_BYTES = BATCH * 8;

/**
 * The zero-copy path for f64le files: reads bytes [start, end) of a file straight into wasm
 * memory and summarizes each batch where it landed — no copy between the page cache and the
 * kernel but the read itself. Two `BatchBuffer`s alternate: the thread pool reads the next
 * batch into one while this thread summarizes the other. Batches are the BATCH values from
 * `start` on (a batch boundary of the file), so the result equals that of any other path.
 * @internal
 */
export async function summarizeF64Range(
  fh: FileHandle,
  path: string,
  start: number,
  end: number,
  options: ResolvedIngestOptions,
  onBytes?: (bytes: number) => void,
): Promise<Decoded> {
  requireLittleEndian(options.format);
  const buffers = [0, 1].map(() => borrowBuffer(options.nan, options.backend));
  const targets = buffers.map((b) => new Uint8Array(b.view.buffer, b.view.byteOffset, BATCH_BYTES));
  const mapError = binaryValueError(options, start);
  let position = start;
  const read = async (which: number): Promise<number> => {
    const length = Math.min(BATCH_BYTES, end - position);
    const at = position;
    position += length;
    let done = 0;
    try {
      while (done < length) {
        const { bytesRead } = await fh.read(targets[which]!, done, length - done, at + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
    } catch (error) {
      throw ioError(path, error);
    }
    return done;
  };
  let total = Summary.empty();
  let values = 0;
  let which = 0;
  let pending: Promise<number> | undefined = position < end ? read(0) : undefined;
  try {
    while (pending !== undefined) {
      const bytes = await pending;
      pending = undefined;
      if (bytes === 0) break;
      const current = which;
      which ^= 1;
      if (bytes === BATCH_BYTES && position < end) pending = read(which); // a short read: the file ended
      total = foldBatch(total, buffers[current]!, bytes / 8, values, mapError);
      values += bytes / 8;
      onBytes?.(bytes);
    }
  } finally {
    if (pending !== undefined) await pending.catch(() => undefined);
    for (const buffer of buffers) returnBuffer(buffer, options.nan, options.backend);
  }
  return { summary: total, records: values, skipped: 0, skippedRecords: [], bytes: values * 8, lines: 0 };
}
