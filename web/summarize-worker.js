// Reads one CSV file at a time, off the page's thread, and reduces one of its columns to a
// batchstats summary. The file never leaves the browser: it is streamed from disk, parsed, and
// fed to the kernel 64 Ki values at a time; only the summary (a few numbers) is posted back.
//
// On start: { ready: true, backend }
// Request:  { id, file: File, column: number, hasHeader, delimiter, decimalComma, columnName }
// Replies:  { id, progress: 0..1 } … then { id, summary: SummaryJSON, rows, empty, backend }
//           or { id, error: { message, line? } }
import { Accumulator, backend } from "./batchstats.js";
import { CsvError, CsvParser, readNumber } from "./csv.js";

const PIECE = 65536;

async function summarizeColumn({ id, file, column, hasHeader, delimiter, decimalComma, columnName }) {
  const acc = new Accumulator();
  const buffer = new Float64Array(PIECE);
  let filled = 0;
  let rows = 0;
  let empty = 0;
  let first = true;
  const parser = new CsvParser({
    delimiter,
    onRecord(fields, line) {
      if (first) {
        first = false;
        if (hasHeader) return;
      }
      if (column >= fields.length) {
        throw new CsvError(`this row has ${fields.length} field(s), so no column ${column + 1} (${columnName})`, line);
      }
      const value = readNumber(fields[column], decimalComma);
      if (value === null) {
        empty++;
        return;
      }
      if (value === undefined) {
        const shown = fields[column].length > 40 ? `${fields[column].slice(0, 40)}…` : fields[column];
        throw new CsvError(`${JSON.stringify(shown)} in column ${columnName} is not a number`, line);
      }
      buffer[filled++] = value;
      rows++;
      if (filled === PIECE) {
        acc.push(buffer);
        filled = 0;
      }
    },
  });
  const reader = file.stream().pipeThrough(new TextDecoderStream()).getReader();
  let read = 0;
  let reported = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.push(value);
    read += value.length;
    if (read - reported > 4_000_000) {
      reported = read;
      postMessage({ id, progress: Math.min(read / Math.max(file.size, 1), 1) });
    }
  }
  parser.end();
  if (filled > 0) acc.push(buffer.subarray(0, filled));
  return { id, summary: acc.summary().toJSON(), rows, empty, backend: backend().name };
}

// Loaded (with the kernel chosen): the page may say it is ready.
postMessage({ ready: true, backend: backend().name });

self.onmessage = async (event) => {
  const request = event.data;
  try {
    postMessage(await summarizeColumn(request));
  } catch (error) {
    postMessage({
      id: request.id,
      error: { message: error instanceof Error ? error.message : String(error), line: error?.line },
    });
  }
};
