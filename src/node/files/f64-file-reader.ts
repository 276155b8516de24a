import { readSync } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { setImmediate as nextTurn } from "node:timers/promises";
import { binaryValueError, requireLittleEndian } from "../decoders/binary-decoder.js";
import { borrowBuffer, returnBuffer } from "../decoders/batch-pool.js";
import type { Decoded } from "../decoders/decoder.js";
import { ioError } from "../ingest-error.js";
import { throwIfAborted } from "../stream/abort.js";
import type { ResolvedIngestOptions } from "../ingest-options.js";
import { BATCH } from "../decoders/batch-pool.js";
import { foldBatch, foldStart } from "../decoders/value-batcher.js";

const BATCH_BYTES = BATCH * 8;

/**
 * Milliseconds of reading and summarizing between two turns of the event loop (checked after
 * each 512 KiB batch), so timers, progress and messages from worker threads still run promptly
 * when this is the main thread: from the page cache a batch takes ~0.1 ms, so a turn comes every
 * ~10 batches; from a slow disk, after every batch.
 */
const MS_PER_TURN = 1;

/**
 * The zero-copy path for f64le files (stopped by `signal` between two batches): reads bytes [start, end) of a file straight into wasm
 * memory and summarizes each batch where it landed — no copy between the page cache and the
 * kernel but the read itself. Batches are the BATCH values from `start` on (a batch boundary of
 * the file), so the result equals that of any other path.
 *
 * Method: plain synchronous `read(2)` calls into one `BatchBuffer`, yielding to the event loop
 * after every MS_PER_TURN of work (one read can block longer on a slow or network filesystem:
 * there, read with `workers > 1` or through `summarizeStream`). A read from the page cache takes ~60 µs per batch; through
 * libuv's thread pool (`FileHandle.read`) the same read cost twice the CPU time in hand-offs, so
 * one thread ingested 3.2 GB/s with two buffers overlapping read and kernel, and 5.9 GB/s with
 * synchronous reads and no overlap — and the hand-offs kept two threads from scaling
 * (docs/node-notes.md, "Measurements"). The file must be a regular file (ranges come from its
 * size), so a read never waits on a writer.
 * @internal
 */
export async function summarizeF64Range(
  fh: FileHandle,
  path: string,
  start: number,
  end: number,
  options: ResolvedIngestOptions,
  onBytes?: (bytes: number) => void,
  signal?: AbortSignal,
): Promise<Decoded> {
  requireLittleEndian(options.format);
  const buffer = borrowBuffer(options.nan, options.backend);
  // The buffer holds exactly BATCH values and never grows, so this view never detaches.
  const target = new Uint8Array(buffer.view.buffer, buffer.view.byteOffset, BATCH_BYTES);
  const mapError = binaryValueError(options, start);
  let total = foldStart(options.clip);
  let values = 0;
  let position = start;
  try {
    let turnStart = performance.now();
    while (position < end) {
      throwIfAborted(signal);
      const length = Math.min(BATCH_BYTES, end - position);
      let done = 0;
      try {
        while (done < length) {
          const bytesRead = readSync(fh.fd, target, done, length - done, position + done);
          if (bytesRead === 0) break;
          done += bytesRead;
        }
      } catch (error) {
        throw ioError(path, error);
      }
      const count = Math.floor(done / 8); // a file cut short mid-value: the caller reports it
      if (count === 0) break;
      total = foldBatch(total, buffer, count, values, mapError, options.clip);
      values += count;
      position += count * 8;
      onBytes?.(count * 8);
      if (done < length) break; // the file ended early: the caller reports the missing bytes
      if (position < end && performance.now() - turnStart >= MS_PER_TURN) {
        await nextTurn();
        turnStart = performance.now();
      }
    }
  } finally {
    returnBuffer(buffer, options.nan, options.backend);
  }
  return { summary: total, records: values, skipped: 0, skippedRecords: [], bytes: values * 8, lines: 0 };
}
