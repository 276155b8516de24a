import type { Summary } from "../../summary/summary.js";
import { BinaryDecoder } from "./binary-decoder.js";
import { CsvDecoder } from "./csv-decoder.js";
import type { ResolvedIngestOptions } from "../ingest-options.js";
import type { SkippedRecord } from "../ingest-report.js";
import { LineDecoder } from "./line-decoder.js";
import { RecordSink } from "./record-sink.js";

/** What a decoder found in its input (or in its range of a file): a summary, or a pair summary. @internal */
export interface Decoded<S = Summary> {
  summary: S;
  records: number;
  skipped: number;
  skippedRecords: SkippedRecord[];
  bytes: number;
  /** Lines read (text formats; 0 for binary), so that ranges read apart can be numbered. */
  lines: number;
}

/** Turns the bytes of one input, in chunks cut anywhere, into a summary (or a pair summary). @internal */
export interface Decoder<S = Summary> {
  write(chunk: Uint8Array): void;
  /** Ends the input and returns what was found. */
  finish(): Decoded<S>;
}

/** Where a decoder's input begins in its file (0 for a stream or a whole file). @internal */
export interface DecoderStart {
  offset: number;
}

/** A decoder for `options.format`. @internal */
export function createDecoder(options: ResolvedIngestOptions, start: DecoderStart = { offset: 0 }): Decoder {
  if (options.format === "f64le" || options.format === "f32le") {
    const binary = new BinaryDecoder(options, start.offset);
    return {
      write: (chunk) => binary.write(chunk),
      finish: () => {
        const summary = binary.end();
        return { summary, records: binary.count, skipped: 0, skippedRecords: [], bytes: binary.bytes, lines: 0 };
      },
    };
  }
  const sink = new RecordSink(options);
  const text =
    options.format === "csv" ? new CsvDecoder(sink, options) : new LineDecoder(sink, options.name, start.offset === 0);
  return {
    write: (chunk) => text.write(chunk),
    finish: () => {
      text.end();
      const summary = sink.finish();
      const lines = text instanceof LineDecoder ? text.lines : 0;
      return {
        summary,
        records: sink.records,
        skipped: sink.skips.count,
        skippedRecords: sink.skips.first,
        bytes: text.bytes,
        lines,
      };
    },
  };
}
