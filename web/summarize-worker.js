// Reads CSV files off the page's thread with batchstats' own decoder (`summarizeStream` of
// batchstats/ingest: the grammar of the library and the command line) and reduces one column
// to a summary. The file never leaves the browser: it is streamed from disk, decoded, and fed to
// the kernel 64 Ki values at a time; only the summary (a few numbers) is posted back.
//
// On start: { ready: true }
// Requests: { id, kind: "layout", file }          → { id, layout: { delimiter, columns, header } }
//           { id, kind: "summarize", file, layout, column }
//                                                  → { id, progress: 0..1 } … then
//                                                    { id, summary: SummaryJSON, records, skipped }
// Errors:   { id, error: { message, code, line, column } } (the library's message: file, line, column)
import { summarizeStream } from "./batchstats-ingest.js";
import { columnOptions, csvLayout, describeError, HEAD_BYTES } from "./csv.js";

const PROGRESS_EVERY = 4_000_000;

async function layoutOf({ id, file }) {
  const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  return { id, layout: await csvLayout(summarizeStream, head, file.name) };
}

async function summarizeColumn({ id, file, layout, column }) {
  let read = 0;
  let reported = 0;
  const counted = file.stream().pipeThrough(
    new TransformStream({
      transform(chunk, controller) {
        read += chunk.length;
        if (read - reported > PROGRESS_EVERY) {
          reported = read;
          postMessage({ id, progress: Math.min(read / Math.max(file.size, 1), 1) });
        }
        controller.enqueue(chunk);
      },
    }),
  );
  const report = await summarizeStream(counted, {
    format: "csv",
    delimiter: layout.delimiter,
    name: file.name,
    ...columnOptions(layout, column),
  });
  return { id, summary: report.summary.toJSON(), records: report.records, skipped: report.skipped };
}

postMessage({ ready: true });

self.onmessage = async (event) => {
  const request = event.data;
  try {
    postMessage(await (request.kind === "layout" ? layoutOf(request) : summarizeColumn(request)));
  } catch (error) {
    postMessage({ id: request.id, error: describeError(error) });
  }
};
