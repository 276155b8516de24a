/**
 * A sum that leaves the double range only when batches or file ranges are merged (each batch
 * alone is fine: its values are all equal) is an `IngestError` like every other ingest error:
 * it names the input and the batch's first line or value, and says what was being merged.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BATCH } from "../src/node/decoders/batch-pool.js";
import type { Decoded } from "../src/node/decoders/decoder.js";
import { combineRanges } from "../src/node/files/combine-ranges.js";
import { RANGE_BYTES } from "../src/node/files/plan-ranges.js";
import { IngestError, summarizeFile, summarizePairStream, summarizeStream } from "../src/node/index.js";
import { resolveIngestOptions } from "../src/node/ingest-options.js";
import { summarize } from "../src/index.js";
import { rejectionOf } from "./support/rejection.js";

const ingestFailure = (promise: Promise<unknown>) => rejectionOf(promise, IngestError);

/** `n` copies of `a` and then `n` of `b`. */
function halves(n: number, a: number, b: number): Float64Array {
  const values = new Float64Array(2 * n);
  values.fill(a, 0, n);
  values.fill(b, n);
  return values;
}

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "batchstats-merge-overflow-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("an overflow when batches are merged names the input and the batch", () => {
  it("text: the line the batch starts on", async () => {
    const text = `${Array.from(halves(BATCH, 1e200, -1e200), String).join("\n")}\n`;
    const e = await ingestFailure(summarizeStream([text], { format: "text", name: "big.txt" }));
    expect([e.code, e.input, e.line, e.field]).toEqual(["E_OVERFLOW", "big.txt", BATCH + 1, "m2"]);
    expect(e.message).toMatch(/^big\.txt, line 65537: M2.*beyond the double range.*65536 values from here on/);
  });

  it("CSV: the line and the column", async () => {
    const csv = `id,v\n${Array.from(halves(BATCH, 1e200, -1e200), (v, k) => `${k},${v}`).join("\n")}\n`;
    const e = await ingestFailure(summarizeStream([csv], { format: "csv", column: "v", name: "big.csv" }));
    expect([e.code, e.input, e.line, e.column, e.columnName]).toEqual(["E_OVERFLOW", "big.csv", BATCH + 2, 1, "v"]);
  });

  it("f64le: the index and byte offset of the batch's first value", async () => {
    const bytes = new Uint8Array(halves(BATCH, 1e200, -1e200).buffer);
    const e = await ingestFailure(summarizeStream([bytes], { format: "f64le", name: "big.f64" }));
    expect([e.code, e.input, e.index, e.offset]).toEqual(["E_OVERFLOW", "big.f64", BATCH, BATCH * 8]);
  });

  it("pairs: the line of the batch's first pair", async () => {
    const ys = halves(BATCH, 1e200, -1e200);
    const csv = `x,y\n${Array.from(ys, (y) => `1,${y}`).join("\n")}\n`;
    const e = await ingestFailure(summarizePairStream([csv], { x: "x", y: "y", name: "pairs.csv" }));
    expect([e.code, e.input, e.line]).toEqual(["E_OVERFLOW", "pairs.csv", BATCH + 2]);
    expect(e.message).toContain("65536 pairs from here on");
  });
});

describe("an overflow when file ranges are merged names the input and the range", () => {
  it("summarizeFile of f64le: the first value of the range", async () => {
    const path = join(dir, "ranges.f64");
    await writeFile(path, halves(RANGE_BYTES / 8, 1e200, -1e200));
    const e = await ingestFailure(summarizeFile(path, { format: "f64le" }));
    expect([e.code, e.input, e.index, e.offset]).toEqual(["E_OVERFLOW", path, RANGE_BYTES / 8, RANGE_BYTES]);
    expect(e.message).toContain("one range of the file");
  });

  it("text ranges: the first line of the range", () => {
    const part = (value: number, lines: number, bytes: number): Decoded => ({
      summary: summarize(new Float64Array(lines).fill(value)),
      records: lines,
      skipped: 0,
      skippedRecords: [],
      bytes,
      lines,
    });
    const options = resolveIngestOptions({ format: "text", name: "ranges.txt" });
    let error: unknown;
    try {
      combineRanges([part(1e200, 10, 60), part(-1e200, 20, 140)], options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IngestError);
    const e = error as IngestError;
    expect([e.code, e.input, e.line, e.offset]).toEqual(["E_OVERFLOW", "ranges.txt", 11, 60]);
    expect(e.message).toContain("lines 11 to 30 (one range of the file)");
  });
});
