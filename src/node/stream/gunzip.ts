import { IngestError } from "../ingest-error.js";

/** Whether bytes start with the gzip magic number 1f 8b (RFC 1952). @internal */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * Decompresses gzip bytes, pulled by `pull` (after the `head` chunks already read), with the
 * runtime's `DecompressionStream` (Node's zlib in Node, the browser's own in a page), yielding
 * the decompressed chunks as the consumer asks for them (backpressure: nothing is read ahead but
 * the stream's own small buffers). Corrupt or truncated data is `E_FORMAT`; an error of the
 * source is passed on as it is. Chunks handed to the stream are copied (a reader may reuse its
 * buffers).
 * @internal
 */
export async function* gunzip(
  head: Uint8Array[],
  pull: () => Promise<Uint8Array | undefined>,
  input: string,
): AsyncGenerator<Uint8Array> {
  if (typeof DecompressionStream !== "function") {
    throw new IngestError(
      "E_FORMAT",
      { input },
      "the input is gzip-compressed, and this runtime has no DecompressionStream to read it",
    );
  }
  const stream = new DecompressionStream("gzip");
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  let sourceFailed: { error: unknown } | undefined;
  const pump = (async () => {
    try {
      for (const chunk of head) await writer.write(chunk.slice());
      for (;;) {
        let chunk: Uint8Array | undefined;
        try {
          chunk = await pull();
        } catch (error) {
          sourceFailed = { error };
          throw error;
        }
        if (chunk === undefined) break;
        await writer.write(chunk.slice());
      }
      await writer.close();
    } catch (error) {
      await writer.abort(error).catch(() => undefined);
    }
  })();
  try {
    for (;;) {
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await reader.read();
      } catch (error) {
        await pump;
        if (sourceFailed !== undefined) throw sourceFailed.error;
        const reason = error instanceof Error ? error.message : String(error);
        throw new IngestError("E_FORMAT", { input }, `the gzip data is corrupt or cut short (${reason})`);
      }
      if (result.done) break;
      yield result.value;
    }
    await pump;
    if (sourceFailed !== undefined) throw sourceFailed.error;
  } finally {
    await reader.cancel().catch(() => undefined);
    await pump;
  }
}
