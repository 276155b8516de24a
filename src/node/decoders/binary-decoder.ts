import { BatchStatsError } from "../../errors.js";
import { fieldOf, IngestError } from "../ingest-error.js";
import type { ResolvedIngestOptions } from "../ingest-options.js";
import { VALUE_SIZE } from "../ingest-options.js";
import { ValueBatcher, type ValueErrorMapper } from "./value-batcher.js";

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Throws E_FORMAT on a big-endian machine, where typed arrays are not little-endian. @internal */
export function requireLittleEndian(format: string): void {
  if (!LITTLE_ENDIAN_HOST) throw new BatchStatsError("E_FORMAT", `${format} input needs a little-endian machine`);
}

/**
 * Maps a kernel error about value `index` of a binary input whose first value is at byte
 * `startOffset` to an IngestError naming the value's index and byte offset in the input. @internal
 */
export function binaryValueError(options: ResolvedIngestOptions, startOffset: number): ValueErrorMapper {
  const size = VALUE_SIZE[options.format as keyof typeof VALUE_SIZE];
  return (error, { index, detail }) => {
    if (index === undefined) return new IngestError(error.code, { input: options.name }, detail, fieldOf(error));
    const at = startOffset / size + index;
    return new IngestError(error.code, { input: options.name, index: at, offset: at * size }, detail, fieldOf(error));
  };
}

/**
 * Decodes little-endian f64 or f32 bytes, arriving in chunks of any length and alignment, into
 * a `ValueBatcher`. A value split across chunks is kept in a carry of < 8 bytes. The bytes are
 * copied once, straight into the batch in wasm memory (aligned f64 chunks through a
 * `Float64Array` view, others as bytes; f32 widened on the way).
 * @internal
 */
export class BinaryDecoder {
  /** Bytes received. */
  bytes = 0;
  private readonly size: number;
  private readonly carry: Uint8Array;
  private carryLength = 0;
  private readonly sink: ValueBatcher;

  constructor(
    private readonly options: ResolvedIngestOptions,
    /** Byte offset of this decoder's first byte in the input (for a file range). */
    private readonly startOffset = 0,
  ) {
    requireLittleEndian(options.format);
    this.size = VALUE_SIZE[options.format as keyof typeof VALUE_SIZE];
    this.carry = new Uint8Array(8);
    this.sink = new ValueBatcher(options.nan, options.backend, binaryValueError(options, startOffset), options.clip);
  }

  /** Values decoded so far. */
  get count(): number {
    return this.sink.count;
  }

  write(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    let at = 0;
    if (this.carryLength > 0) {
      const k = Math.min(this.size - this.carryLength, chunk.length);
      this.carry.set(chunk.subarray(0, k), this.carryLength);
      this.carryLength += k;
      at = k;
      if (this.carryLength < this.size) return;
      const view = new DataView(this.carry.buffer);
      this.sink.push(this.size === 8 ? view.getFloat64(0, true) : view.getFloat32(0, true));
      this.carryLength = 0;
    }
    const whole = Math.floor((chunk.length - at) / this.size) * this.size;
    if (whole > 0) {
      if (this.size === 8) this.writeF64(chunk, at, whole);
      else this.writeF32(chunk, at, whole);
      at += whole;
    }
    if (at < chunk.length) {
      this.carry.set(chunk.subarray(at), 0);
      this.carryLength = chunk.length - at;
    }
  }

  /** Ends the input: a partial value left over is an `E_FORMAT` error. */
  end() {
    if (this.carryLength > 0) {
      throw new IngestError(
        "E_FORMAT",
        { input: this.options.name, offset: this.startOffset + this.bytes - this.carryLength },
        `the input is ${this.startOffset + this.bytes} bytes, not a multiple of ${this.size} (the size of one ${this.options.format} value): ${this.carryLength} byte(s) at the end are not a value`,
      );
    }
    return this.sink.finish();
  }

  private writeF64(chunk: Uint8Array, at: number, length: number): void {
    const offset = chunk.byteOffset + at;
    if (offset % 8 === 0) {
      this.sink.pushAll(new Float64Array(chunk.buffer, offset, length / 8));
      return;
    }
    // Unaligned: copy the bytes straight into the free part of the current batch.
    let done = 0;
    while (done < length) {
      const free = this.sink.free();
      const k = Math.min(free.length * 8, length - done);
      new Uint8Array(free.buffer, free.byteOffset, k).set(chunk.subarray(at + done, at + done + k));
      this.sink.commit(k / 8);
      done += k;
    }
  }

  private writeF32(chunk: Uint8Array, at: number, length: number): void {
    const offset = chunk.byteOffset + at;
    const values =
      offset % 4 === 0
        ? new Float32Array(chunk.buffer, offset, length / 4)
        : new Float32Array(chunk.slice(at, at + length).buffer);
    let done = 0;
    while (done < values.length) {
      const free = this.sink.free();
      const k = Math.min(free.length, values.length - done);
      free.set(values.subarray(done, done + k)); // widens f32 → f64 exactly
      this.sink.commit(k);
      done += k;
    }
  }
}
