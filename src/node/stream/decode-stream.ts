import { BatchStatsError } from "../../errors.js";
import { createDecoder, type Decoded, type Decoder, type DecoderStart } from "../decoders/decoder.js";
import { shownString } from "../decoders/shown-text.js";
import { IngestError } from "../ingest-error.js";
import type { ResolvedIngestOptions } from "../ingest-options.js";
import { abortReason, raceAbort, throwIfAborted, Turns } from "./abort.js";
import { type ChunkSource, chunkBytes, openSource } from "./chunks.js";
import { gunzip, isGzip } from "./gunzip.js";

/** How a source is read besides its options. @internal */
export interface ReadControl {
  signal?: AbortSignal | undefined;
  /** Told the size of each chunk of the source as it is read. */
  onBytes?: ((bytes: number) => void) | undefined;
  /** Where the source starts in its file (a range); gzip is only looked for at offset 0. */
  start?: DecoderStart;
}

/**
 * Reads a source through the decoder of `options.format`, one chunk at a time, and returns what
 * was found (see `decodeStreamWith`).
 * @internal
 */
export function decodeStream(
  source: ChunkSource,
  options: ResolvedIngestOptions,
  control: ReadControl = {},
): Promise<Decoded> {
  return decodeStreamWith(source, options, () => createDecoder(options, control.start), control);
}

/**
 * Reads a source through the decoder `makeDecoder` makes, one chunk at a time, and returns what was found. Text and
 * CSV that start with the gzip magic bytes are decompressed on the way. Gives the event loop a
 * turn every few milliseconds (so an abort is seen even when the source never waits), and stops
 * with `signal.reason` soon after an abort, closing the source at once. On any other error the
 * source is closed too. `bytes` in the result counts the bytes of the source (compressed, for
 * gzip). Browser-safe.
 * @internal
 */
export async function decodeStreamWith<S>(
  source: ChunkSource,
  options: ResolvedIngestOptions,
  makeDecoder: () => Decoder<S>,
  control: ReadControl = {},
): Promise<Decoded<S>> {
  const { signal, onBytes } = control;
  throwIfAborted(signal);
  const open = openSource(source);
  const turns = new Turns();
  let sourceBytes = 0;
  let reading = false;
  const pull = async (): Promise<Uint8Array | undefined> => {
    throwIfAborted(signal);
    let next: IteratorResult<unknown>;
    reading = true;
    try {
      const pending = Promise.resolve(open.iterator.next());
      pending.catch(() => undefined);
      next = await raceAbort(pending, signal);
    } catch (error) {
      if (signal?.aborted) throw abortReason(signal);
      if (error instanceof BatchStatsError) throw error;
      throw new IngestError(
        "E_IO",
        { input: options.name },
        `reading failed: ${shownString((error as Error)?.message ?? String(error))}`,
      );
    } finally {
      reading = false;
    }
    if (next.done) return undefined;
    const bytes = chunkBytes(next.value, options.format);
    sourceBytes += bytes.length;
    onBytes?.(bytes.length);
    return bytes;
  };
  const decoder = makeDecoder();
  let finished = false;
  try {
    const head: Uint8Array[] = [];
    let headBytes = 0;
    const textual = options.format === "text" || options.format === "csv";
    const lookForGzip = textual && (control.start?.offset ?? 0) === 0;
    for (;;) {
      const chunk = await pull();
      if (chunk === undefined) break;
      headBytes += chunk.length;
      if (!lookForGzip || headBytes >= 2) {
        head.push(chunk);
        break;
      }
      head.push(chunk.slice()); // kept while the next chunk is read: the reader may reuse its buffer
    }
    const first = concatHead(head);
    if (lookForGzip && isGzip(first)) {
      for await (const chunk of gunzip([first], pull, options.name)) {
        throwIfAborted(signal);
        decoder.write(chunk);
        await turns.maybe();
      }
    } else {
      for (const chunk of head) decoder.write(chunk);
      for (let chunk = head.length > 0 ? await pull() : undefined; chunk !== undefined; chunk = await pull()) {
        decoder.write(chunk);
        await turns.maybe();
      }
    }
    const decoded = decoder.finish();
    finished = true;
    return { ...decoded, bytes: sourceBytes };
  } catch (error) {
    if (signal?.aborted) {
      open.abandon(abortReason(signal));
      throw abortReason(signal);
    }
    if (!finished) {
      // Close the source; its own error is secondary. A read still pending (only after an
      // error of the source itself) is not waited for.
      if (reading) open.abandon(error);
      else await Promise.resolve(open.iterator.return?.()).catch(() => undefined);
    }
    throw error;
  }
}

function concatHead(head: Uint8Array[]): Uint8Array {
  if (head.length === 1) return head[0]!;
  let length = 0;
  for (const chunk of head) length += chunk.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of head) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
