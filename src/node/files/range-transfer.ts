import { BatchStatsError, type ErrorCode } from "../../errors.js";
import { Summary } from "../../summary/summary.js";
import type { SummaryJSON } from "../../summary/summary-json.js";
import type { Decoded } from "../decoders/decoder.js";
import type { ResolvedIngestOptions } from "../ingest-options.js";
import { IngestError, type IngestErrorExtra, type InputLocation } from "../ingest-error.js";
import type { FileRange } from "./summarize-range.js";

/**
 * Messages between the main thread and range workers, as plain (structured-clone) data:
 * summaries travel as their exact JSON form, errors as code + location + detail.
 * @internal
 */
export type WorkerMessage =
  | { kind: "progress"; bytes: number }
  | { kind: "done"; index: number; result: DecodedData }
  | { kind: "error"; index: number; error: ErrorData };

/**
 * What the main thread sends a worker: the next range to summarize (`index` in the file's
 * ranges) and the job it belongs to (workers are reused across files, see worker-pool.ts), or
 * `abort` to stop the range it is reading (it then replies with an error, and is free again).
 * @internal
 */
export type ToWorker = { index: number; range: FileRange; job: RangeJob } | { abort: true };

/** Which file a range is from, its size when the job started, and how to read it. @internal */
export interface RangeJob {
  path: string;
  fileSize: number;
  options: ResolvedIngestOptions;
}

/** A `Decoded` as plain data. @internal */
export type DecodedData = Omit<Decoded, "summary"> & { summary: SummaryJSON };

/** An error as plain data. @internal */
export interface ErrorData {
  code?: ErrorCode;
  message: string;
  where?: InputLocation;
  detail?: string;
  extra?: IngestErrorExtra;
  index?: number;
  field?: string;
}

/** @internal */
export function decodedToData(d: Decoded): DecodedData {
  return { ...d, summary: d.summary.toJSON() };
}

/** @internal */
export function decodedFromData(d: DecodedData): Decoded {
  return { ...d, summary: Summary.fromJSON(d.summary) };
}

/** @internal */
export function errorToData(error: unknown): ErrorData {
  if (error instanceof IngestError)
    return {
      code: error.code,
      message: error.message,
      where: error.location(),
      detail: error.detail,
      extra: error.extra(),
    };
  if (error instanceof BatchStatsError) {
    const data: ErrorData = { code: error.code, message: error.message };
    if (error.index !== undefined) data.index = error.index;
    if (error.field !== undefined) data.field = error.field;
    return data;
  }
  return { message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}

/** Rebuilds an error sent by a worker; errors that are not batchstats' become E_WORKER. @internal */
export function errorFromData(data: ErrorData): Error {
  if (data.code === undefined) return new BatchStatsError("E_WORKER", `a worker thread failed: ${data.message}`);
  if (data.where !== undefined && data.detail !== undefined)
    return new IngestError(data.code, data.where, data.detail, data.extra);
  const where: { index?: number; field?: string } = {};
  if (data.index !== undefined) where.index = data.index;
  if (data.field !== undefined) where.field = data.field;
  return new BatchStatsError(data.code, data.message, where);
}
