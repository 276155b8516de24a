import type { BackendRequest } from "../../backend/select.js";
import { BatchBuffer } from "../../summary/batch-buffer.js";
import type { IngestNanPolicy } from "../ingest-options.js";

/**
 * Values per batch handed to the kernel (512 KiB of f64). Batches are cut at fixed positions
 * of the value sequence (every BATCH values from the first), never where an input chunk happens
 * to end, so the summary is bit-for-bit the same however the input was chunked. ≤ 1 MiB so a
 * long job reaches V8's optimised wasm tier early (the kernel tiers up lazily).
 */
export const BATCH = 65536;

/**
 * Batch buffers kept for reuse, per NaN policy and backend. A `BatchBuffer` is a wasm instance
 * with its own memory; making one costs about half a millisecond (measured: a 512 KiB file range
 * took 1.5 ms with two new buffers), so a thread reuses its buffers from one range, file or
 * stream to the next. At most 4 are kept per kind (4 × 0.5 MiB); a buffer not given back (an
 * input that failed) is simply collected.
 */
const idle = new Map<string, BatchBuffer[]>();
const KEEP = 4;

const key = (nan: IngestNanPolicy, backend: BackendRequest) => `${nan}/${backend}`;

/** A buffer of BATCH values, reused or new. Its contents are whatever the last user left. @internal */
export function borrowBuffer(nan: IngestNanPolicy, backend: BackendRequest): BatchBuffer {
  return idle.get(key(nan, backend))?.pop() ?? new BatchBuffer({ capacity: BATCH, nan, backend });
}

/** Gives a buffer back for reuse; the caller must not touch it afterwards. @internal */
export function returnBuffer(buffer: BatchBuffer, nan: IngestNanPolicy, backend: BackendRequest): void {
  const list = idle.get(key(nan, backend)) ?? [];
  if (list.length < KEEP) list.push(buffer);
  idle.set(key(nan, backend), list);
}
