/**
 * The chunks of the lines that start in [start, end): from the first line start at or after
 * `start` (the byte after the first LF at or after start − 1) through the LF that ends the
 * line holding byte end − 1. Adjacent ranges thus share no line and miss none, without any
 * thread having to look at another's bytes. `chunks` must begin at byte max(start − 1, 0).
 * @internal
 */
export async function* lineAligned(
  chunks: AsyncIterable<Uint8Array>,
  start: number,
  end: number,
): AsyncGenerator<Uint8Array> {
  if (start >= end) return;
  let position = Math.max(start - 1, 0);
  let seeking = start > 0;
  for await (const chunk of chunks) {
    const chunkStart = position;
    position += chunk.length;
    let from = 0;
    if (seeking) {
      const nl = chunk.indexOf(10);
      if (nl < 0) continue;
      from = nl + 1;
      seeking = false;
      if (chunkStart + from >= end) return;
    }
    const stopSearch = Math.max(from, end - 1 - chunkStart);
    const nl = stopSearch < chunk.length ? chunk.indexOf(10, stopSearch) : -1;
    if (nl >= 0) {
      yield chunk.subarray(from, nl + 1);
      return;
    }
    yield chunk.subarray(from);
  }
}
