import { closeSync, openSync, readSync } from "node:fs";
import { BatchStatsError } from "../errors.js";
import { fromCounts } from "../summary/from-counts.js";
import { Summary } from "../summary/summary.js";
import { BadInput } from "./exit-codes.js";
import { cannotRead } from "./file-error.js";
import type { CliIo } from "./io.js";
import { jsonValues } from "./json-values.js";

/** A summary read from an input, with where it was: "a.json, line 3" or "a.json, line 1, array index 7". */
export interface SummaryRecord {
  summary: Summary;
  where: string;
}

/** The name of an input in messages: the path, or `<stdin>` for `-`. */
export function inputName(input: string): string {
  return input === "-" ? "<stdin>" : input;
}

/**
 * The bytes of a file, 64 KiB at a time, read synchronously: summary files are small, and a read stream
 * would load Node's file-stream code into every command that reads one (a few ms of each `batchstats ttest`).
 */
function* fileChunks(path: string): Generator<Uint8Array> {
  const fd = openSync(path, "r");
  try {
    const buffer = new Uint8Array(1 << 16);
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) yield buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** The decoded text of a file or of stdin, chunk by chunk (UTF-8; a leading BOM dropped). @internal */
export async function* textOf(input: string, io: CliIo): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8"); // drops one leading BOM; bad bytes become U+FFFD
  const source = input === "-" ? io.stdin : fileChunks(input);
  try {
    for await (const chunk of source) {
      yield typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    }
  } catch (error) {
    if (error instanceof BatchStatsError) throw error;
    throw cannotRead(inputName(input), error);
  } finally {
    if ("destroy" in source && typeof source.destroy === "function") source.destroy();
  }
  const rest = decoder.decode();
  if (rest !== "") yield rest;
}

/** A conversion metric's counts `{ "successes": k, "trials": n }` (an object without a format tag). */
function isCounts(value: unknown): boolean {
  return (
    typeof value === "object" && value !== null && !Array.isArray(value) && !("format" in value) && "successes" in value
  );
}

/**
 * `Summary.fromJSON`, or `fromCounts` for counts, with the error's message prefixed by where the
 * value was.
 */
function summaryAt(value: unknown, where: string, index?: number): Summary {
  try {
    return isCounts(value) ? fromCounts(value as { successes: number; trials: number }) : Summary.fromJSON(value);
  } catch (error) {
    if (!(error instanceof BatchStatsError)) throw error;
    const at: { field?: string; index?: number } = index === undefined ? {} : { index };
    if (error.field !== undefined) at.field = error.field;
    // invalid counts (E_BAD_ARGUMENT from fromCounts) are bad input too: exit code 2
    throw BadInput.from(new BatchStatsError(error.code, `${where}: ${error.message}`, at));
  }
}

function parsed(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // SyntaxError, or RangeError for a value nested too deeply: either way not a summary.
    throw new BatchStatsError("E_BAD_SUMMARY", `${where}: invalid summary: not JSON (${(error as Error).message})`);
  }
}

/**
 * The summaries of one input (a file, or `-` for stdin), one at a time, validated with
 * `Summary.fromJSON` (or, for counts `{ "successes": k, "trials": n }` of a conversion metric,
 * made by `fromCounts`): NDJSON (one summary per line, blank lines ignored), one summary (on one
 * line or many), summaries one after another (`cat *.json`), or JSON arrays of summaries; a
 * UTF-8 byte-order mark is accepted. Memory holds one JSON value at a time (at most
 * `MAX_VALUE_CHARS`). An input that holds no summary at all (an empty file) is an error:
 * it is more likely a failed job's output than a deliberate empty set (`[]` is that).
 * Errors name the input and the line, and the array index for an element of an array.
 *
 * @example
 * ```ts
 * for await (const { summary, where } of readSummaries("day1.ndjson", io)) console.log(where, summary.count);
 * // => day1.ndjson, line 1 1000 …
 * ```
 */
export async function* readSummaries(input: string, io: CliIo): AsyncGenerator<SummaryRecord> {
  const name = inputName(input);
  let values = 0;
  for await (const { text, line } of jsonValues(textOf(input, io), name)) {
    values++;
    const where = `${name}, line ${line}`;
    const value = parsed(text, where);
    if (!Array.isArray(value)) {
      yield { summary: summaryAt(value, where), where };
      continue;
    }
    for (const [index, element] of value.entries()) {
      const at = `${where}, array index ${index}`;
      yield { summary: summaryAt(element, at, index), where: at };
    }
  }
  if (values === 0) {
    throw new BatchStatsError(
      "E_BAD_SUMMARY",
      `${name}: invalid summary: the input is empty (no summary in it; an empty set of summaries is written [])`,
    );
  }
}

/** The one summary of an input; an input with none, or with more than one, is an error. */
export async function readOneSummary(input: string, io: CliIo): Promise<Summary> {
  let first: Summary | undefined;
  for await (const { summary, where } of readSummaries(input, io)) {
    if (first !== undefined) {
      throw new BatchStatsError(
        "E_BAD_SUMMARY",
        `${where}: ${inputName(input)} holds more than one summary, and exactly one is needed here (merge them into one first with batchstats merge)`,
      );
    }
    first = summary;
  }
  if (first === undefined) {
    throw new BatchStatsError(
      "E_BAD_SUMMARY",
      `${inputName(input)}: invalid summary: an empty array; exactly one summary is needed here`,
    );
  }
  return first;
}
