/**
 * Text for error messages, made safe to print: bytes of an input are decoded as UTF-8, and
 * whatever would not show as itself on a terminal or a page — a byte that is not UTF-8, a
 * control or formatting character (C0, DEL, C1, bidirectional overrides), an unassigned or
 * private code point — is written as an escape (`\x1F`, `\u202E`). So a binary or compressed
 * file read as text gives a readable message, never raw bytes.
 * @internal
 */

/** Characters that are not shown as themselves: controls, formats, surrogates, private use, unassigned. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\u2028\u2029]/u;

function hex(code: number, digits: number): string {
  return code.toString(16).toUpperCase().padStart(digits, "0");
}

function escapeChar(ch: string): string {
  const code = ch.codePointAt(0)!;
  if (code === 9) return "\\t";
  if (code === 10) return "\\n";
  if (code === 13) return "\\r";
  return code <= 0xff ? `\\x${hex(code, 2)}` : code <= 0xffff ? `\\u${hex(code, 4)}` : `\\u{${hex(code, 1)}}`;
}

/**
 * `text` with every character that would not show as itself escaped; with `quoting`, `"` and
 * `\` too (for text shown between quotes, as JSON writes it). @internal
 */
export function shownString(text: string, quoting = false): string {
  let out = "";
  for (const ch of text) {
    if (HIDDEN.test(ch)) out += escapeChar(ch);
    else if (quoting && (ch === '"' || ch === "\\")) out += `\\${ch}`;
    else out += ch;
  }
  return out;
}

/** The length of the UTF-8 sequence starting at b[i] (1–4), or 0 when it is not one. */
function sequenceLength(b: Uint8Array, i: number, end: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (n === 0 || i + n > end) return 0;
  for (let k = 1; k < n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return 0;
  const second = b[i + 1]!;
  if ((c === 0xe0 && second < 0xa0) || (c === 0xed && second > 0x9f)) return 0; // overlong, surrogate
  if ((c === 0xf0 && second < 0x90) || (c === 0xf4 && second > 0x8f)) return 0; // overlong, > U+10FFFF
  return n;
}

const decoder = new TextDecoder();

/**
 * The bytes b[start, end) as printable text: UTF-8 decoded, bytes that are not UTF-8 as `\xNN`,
 * hidden characters escaped (and, with `quoting`, `"` and `\`). At most `limit` bytes are
 * looked at (a message shows 80 characters).
 * @internal
 */
export function shownBytes(b: Uint8Array, start: number, end: number, quoting = false, limit = 4096): string {
  const stop = Math.min(end, start + limit);
  let out = "";
  let run = start; // start of the pending run of valid UTF-8
  for (let i = start; i < stop; ) {
    const n = sequenceLength(b, i, stop);
    if (n > 0) {
      i += n;
      continue;
    }
    if (run < i) out += shownString(decoder.decode(b.subarray(run, i)), quoting);
    out += `\\x${hex(b[i]!, 2)}`;
    i++;
    run = i;
  }
  if (run < stop) out += shownString(decoder.decode(b.subarray(run, stop)), quoting);
  return stop < end ? `${out}…` : out;
}

/** UTF-8 text of b[start, end) as it is (for header names, compared with `column`). @internal */
export function utf8(b: Uint8Array, start: number, end: number): string {
  return decoder.decode(b.subarray(start, end));
}
