const LF = 10;
const CR = 13;

/** The index of the first CR or LF in chunk[from, …), or -1. */
function lineBreak(chunk: Uint8Array, from: number): number {
  for (let i = from; i < chunk.length; i++) {
    const c = chunk[i]!;
    if (c === LF || c === CR) return i;
  }
  return -1;
}

/**
 * The chunks of the lines that start in [start, end): from the first line start at or after
 * `start` (the byte after the first line break at or after start − 1; a CR followed by an LF is
 * one break) through the line break that ends the line holding byte end − 1 (both bytes of a
 * CRLF). Adjacent ranges
 * thus share no line and miss none, without any thread having to look at another's bytes.
 * `chunks` must begin at byte max(start − 1, 0).
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
  let afterCR = false; // the break found was a CR that ended a chunk: an LF may follow
  let endsInCR = false; // the range's last line ended with a CR that ended a chunk: take an LF after it
  for await (const chunk of chunks) {
    if (endsInCR) {
      if (chunk.length > 0 && chunk[0] === LF) yield chunk.subarray(0, 1);
      return;
    }
    const chunkStart = position;
    position += chunk.length;
    let from = 0;
    let found = false; // the first line starts in this chunk, at `from`
    if (afterCR) {
      afterCR = false;
      found = true;
      if (chunk.length > 0 && chunk[0] === LF) from = 1;
    } else if (seeking) {
      const at = lineBreak(chunk, 0);
      if (at < 0) continue;
      seeking = false;
      found = true;
      from = at + 1;
      if (chunk[at] === CR) {
        if (from === chunk.length) {
          afterCR = true;
          if (chunkStart + from >= end) return;
          continue;
        }
        if (chunk[from] === LF) from++;
      }
    }
    if (found && chunkStart + from >= end) return;
    const stopSearch = Math.max(from, end - 1 - chunkStart);
    const at = stopSearch < chunk.length ? lineBreak(chunk, stopSearch) : -1;
    if (at >= 0) {
      if (chunk[at] === CR && at + 1 === chunk.length) {
        yield chunk.subarray(from);
        endsInCR = true;
        continue;
      }
      yield chunk.subarray(from, chunk[at] === CR && chunk[at + 1] === LF ? at + 2 : at + 1);
      return;
    }
    yield chunk.subarray(from);
  }
}
