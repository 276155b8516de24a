import { read } from "node:fs";
import { IngestError, ioError } from "../ingest-error.js";

/** What `readChunks` reads from: an open `FileHandle`, or `descriptorReader(fd)`. @internal */
export interface ChunkReader {
  read(buffer: Buffer, offset: number, length: number, position: number | null): Promise<{ bytesRead: number }>;
}

/**
 * A `ChunkReader` over an open file descriptor that this module does not own (stdin, fd 0),
 * never closed here. With `position` null, each read goes on from the descriptor's offset, which
 * it moves: a file given as stdin is read from where the process found it, not from its start.
 * @internal
 */
export function descriptorReader(fd: number): ChunkReader {
  return {
    read: (buffer, offset, length, position) =>
      new Promise((resolve, reject) => {
        read(fd, buffer, offset, length, position, (error, bytesRead) => {
          if (error) reject(error);
          else resolve({ bytesRead });
        });
      }),
  };
}

/**
 * Bytes per read: a read of 1 MiB costs little per byte (the page cache gives ~6 GB/s here),
 * and two such buffers are all the memory a reader holds.
 */
export const READ_BYTES = 1 << 20;

/**
 * Reads until `length` bytes are in `buf` or the input ends; returns how many were read.
 * `position` null reads on from the current position (pipes, devices).
 */
async function readFully(
  fh: ChunkReader,
  buf: Buffer,
  length: number,
  position: number | null,
  path: string,
): Promise<number> {
  let done = 0;
  try {
    while (done < length) {
      const { bytesRead } = await fh.read(buf, done, length - done, position === null ? null : position + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
  } catch (error) {
    throw ioError(path, error);
  }
  return done;
}

/** The E_IO error for a file that ended at byte `at`, before byte `end` where it ended when the job started. @internal */
export function truncatedError(path: string, at: number, end: number): IngestError {
  return new IngestError(
    "E_IO",
    { input: path, offset: at },
    `the file ended at byte ${at}, before byte ${end} where it ended when the job started: was it truncated while being read?`,
  );
}

/**
 * Reads bytes [start, end) of an open file — or, with `start` null, all that a pipe or device
 * gives — as a sequence of chunks, reading the next chunk while the caller works on the current
 * one. Two buffers alternate and are reused, so reading makes no garbage: memory stays flat
 * however long the input. A chunk is valid only until the next one is asked for. Stopping
 * early (break, throw) waits for the read in flight, so the file can be closed safely
 * afterwards. Buffers are allocated on their own (8-aligned): f64 chunks can be viewed as is.
 * With `end` finite (a regular file whose size was taken first), a file that ends before `end`
 * is `E_IO`: it was truncated while being read.
 * @internal
 */
export async function* readChunks(
  fh: ChunkReader,
  path: string,
  start: number | null,
  end = Infinity,
): AsyncGenerator<Uint8Array> {
  const size = start === null ? READ_BYTES : Math.min(READ_BYTES, Math.max(end - start, 1));
  const buffers = [Buffer.allocUnsafeSlow(size), Buffer.allocUnsafeSlow(size)] as const;
  let which = 0;
  let position = start ?? 0;
  let asked = 0;
  const next = (): Promise<number> | undefined => {
    if (position >= end) return undefined;
    asked = Math.min(size, end - position);
    const read = readFully(fh, buffers[which]!, asked, start === null ? null : position, path);
    position += asked;
    return read;
  };
  let pending = next();
  try {
    while (pending !== undefined) {
      const n = await pending;
      const current = buffers[which]!;
      pending = undefined;
      if (n < asked && end !== Infinity) throw truncatedError(path, position - asked + n, end);
      if (n === 0) break;
      which ^= 1;
      if (n === asked) pending = next(); // a short read means the file ended
      yield current.subarray(0, n);
    }
  } finally {
    if (pending !== undefined) await pending.catch(() => undefined);
  }
}
