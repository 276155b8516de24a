import { BatchStatsError } from "../errors.js";

/**
 * The longest JSON value (one summary, or one array of summaries) read whole, in UTF-16 code
 * units (bytes, for ASCII): 16 Mi. A summary is about 170 characters, so an array of ~90 000
 * summaries fits; NDJSON (one summary per line) has no limit on the number of summaries.
 */
export const MAX_VALUE_CHARS = 16 << 20;

/** One top-level JSON value of an input, as text, with the line it starts on (1-based). */
export interface JsonValueText {
  text: string;
  line: number;
}

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const BOM = 0xfeff;

/** Whether a character code is a control character other than whitespace (a sign of binary data). */
function isControl(c: number): boolean {
  return c < 0x20 ? c !== TAB && c !== LF && c !== CR && c !== 0x0b && c !== 0x0c : c === 0x7f;
}

/** What was found, for a message: the text quoted (at most 24 characters), or which control byte. */
function shown(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isControl(c)) return `binary data (byte 0x${c.toString(16).padStart(2, "0")})`;
  }
  return JSON.stringify(text.length > 24 ? `${text.slice(0, 24)}…` : text);
}

/**
 * Splits decoded text into its top-level JSON objects and arrays, one after the other, each
 * whole: NDJSON (one per line; blank lines ignored), a single value spread over many lines, or
 * values simply concatenated (`cat a.json b.json`). Byte-order marks between values are skipped
 * (each file of a `cat` may start with one). The values are not parsed here — `JSON.parse`
 * does that — only delimited, so memory holds one value at a time.
 *
 * Method: one pass that tracks only string state (inside a string, after a backslash) and the
 * nesting depth of `{[` / `]}` outside strings; a value ends where the depth returns to 0.
 * Throws `E_BAD_SUMMARY` (naming `name` and the line) for text outside a value that is not
 * whitespace, and for a value cut off by the end of the input; `E_FORMAT` for a value longer
 * than `maxChars`.
 *
 * @example
 * ```ts
 * for await (const v of jsonValues(['{"a":1}\n\n{"b":', "2}"], "<stdin>")) console.log(v);
 * // => { text: '{"a":1}', line: 1 }, then { text: '{"b":2}', line: 3 }
 * ```
 */
export async function* jsonValues(
  chunks: AsyncIterable<string> | Iterable<string>,
  name: string,
  maxChars = MAX_VALUE_CHARS,
): AsyncGenerator<JsonValueText> {
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let startLine = 1;
  let pending = ""; // the value's text in earlier chunks
  const tooLong = () =>
    new BatchStatsError(
      "E_FORMAT",
      `${name}, line ${startLine}: a JSON value longer than ${maxChars} characters; a summary is a few hundred (write many summaries as NDJSON, one per line)`,
    );
  for await (const chunk of chunks) {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === LF) line++;
      if (depth === 0) {
        if (c === SPACE || c === LF || c === CR || c === TAB || c === BOM) continue;
        if (c !== OPEN_BRACE && c !== OPEN_BRACKET) {
          throw new BatchStatsError(
            "E_BAD_SUMMARY",
            `${name}, line ${line}: invalid summary: not a JSON object or array: found ${shown(chunk.slice(i, i + 24))} (a summary is an object {…}; to summarize data, use batchstats summarize)`,
          );
        }
        depth = 1;
        start = i;
        startLine = line;
      } else if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) inString = false;
      } else if (c === QUOTE) {
        inString = true;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        depth++;
      } else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) {
        if (pending.length + (i + 1 - start) > maxChars) throw tooLong();
        const text = pending + chunk.slice(start, i + 1);
        pending = "";
        yield { text, line: startLine };
      }
    }
    if (depth > 0) {
      if (pending.length + (chunk.length - start) > maxChars) throw tooLong();
      pending += chunk.slice(start);
    }
  }
  if (depth > 0) {
    throw new BatchStatsError(
      "E_BAD_SUMMARY",
      `${name}, line ${startLine}: invalid summary: the JSON value starting here is cut off by the end of the input (truncated?)`,
    );
  }
}
