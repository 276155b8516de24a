/**
 * Strict parsing of one number written as text (ASCII bytes). Accepted, with optional spaces or
 * tabs around:
 *
 *   [+-] digits [. digits] [(e|E) [+-] digits]     e.g. 12, -0.5, 1e-3, +4.
 *   [+-] . digits [(e|E) [+-] digits]              e.g. .5
 *   [+-] nan | inf | infinity                      any case: NaN, -Inf, INFINITY
 *
 * Everything else is refused, including what `Number()` would quietly accept or change: the
 * empty string (`Number("")` is 0), hexadecimal (`0x1F`), `1_000`, `Infinity` spelt `∞`, and
 * a trailing unit such as `12ms` (`parseFloat` gives 12). A decimal too large for a double
 * (`1e400`) parses to ±Infinity, as in every other reader.
 *
 * Method: the value is exactly `Number(text)` (correctly rounded), read from the bytes where
 * they lie. Most numbers in data files have at most 15 significant digits and a small
 * exponent; for those the digits are read as an integer m < 10^15 (exact in a double) and the
 * value is m·10^e or m / 10^−e with |e| ≤ 22, one correctly rounded operation on two exact
 * doubles (Clinger's fast path: W. D. Clinger, "How to read floating point numbers
 * accurately", PLDI 1990) — no string is made. Other numbers go through `Number()`.
 * @internal
 */

/** Returned for text that is not a number. */
export const NOT_A_NUMBER: unique symbol = Symbol("not a number");

/** 10^0 … 10^22: every one exact in a double. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** At most this many significant digits go the fast way (10^15 < 2^53: the integer is exact). */
const FAST_DIGITS = 15;

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/** The value of the ASCII text b[start, end), or NOT_A_NUMBER. NaN means the text was a NaN token. */
export function parseNumberBytes(b: Uint8Array, start: number, end: number): number | typeof NOT_A_NUMBER {
  while (start < end && isBlank(b[start]!)) start++;
  while (end > start && isBlank(b[end - 1]!)) end--;
  if (start === end) return NOT_A_NUMBER;
  let i = start;
  let c = b[i]!;
  let negative = false;
  if (c === 43 || c === 45) {
    negative = c === 45;
    i++;
  }
  let mantissa = 0; // the significant digits as an integer (exact while there are ≤ FAST_DIGITS)
  let significant = 0; // digits from the first non-zero one
  let digits = 0;
  let scale = 0; // digits after the point
  for (; i < end; i++) {
    c = b[i]! - 48;
    if (c < 0 || c > 9) break;
    digits++;
    if (significant > 0 || c !== 0) {
      significant++;
      mantissa = mantissa * 10 + c;
    }
  }
  if (i < end && b[i] === 46) {
    i++; // .
    for (; i < end; i++) {
      c = b[i]! - 48;
      if (c < 0 || c > 9) break;
      digits++;
      scale++;
      if (significant > 0 || c !== 0) {
        significant++;
        mantissa = mantissa * 10 + c;
      }
    }
  }
  if (digits === 0) return special(b, start, end);
  let exponent = 0;
  if (i < end && (b[i]! | 32) === 101) {
    i++; // e E
    let exponentNegative = false;
    c = b[i]!;
    if (c === 43 || c === 45) {
      exponentNegative = c === 45;
      i++;
    }
    const from = i;
    for (; i < end; i++) {
      c = b[i]! - 48;
      if (c < 0 || c > 9) break;
      if (exponent < 1e6) exponent = exponent * 10 + c; // beyond, the value is 0 or ±Infinity anyway
    }
    if (i === from) return NOT_A_NUMBER;
    if (exponentNegative) exponent = -exponent;
  }
  if (i !== end) return NOT_A_NUMBER;
  const e = exponent - scale;
  if (significant <= FAST_DIGITS && e >= -22 && e <= 22) {
    const magnitude = e >= 0 ? mantissa * POW10[e]! : mantissa / POW10[-e]!;
    return negative ? -magnitude : magnitude;
  }
  return Number(ascii(b, start, end));
}

/** ASCII bytes as a string (the grammar above has checked they are ASCII). */
function ascii(b: Uint8Array, start: number, end: number): string {
  let text = "";
  for (let i = start; i < end; i++) text += String.fromCharCode(b[i]!);
  return text;
}

const NAN = [110, 97, 110];
const INF = [105, 110, 102];
const INFINITY = [105, 110, 102, 105, 110, 105, 116, 121];

/** Whether b[start, end) is `word` (lower-case ASCII codes), in any case. */
function isWord(b: Uint8Array, start: number, end: number, word: number[]): boolean {
  if (end - start !== word.length) return false;
  for (let k = 0; k < word.length; k++) if ((b[start + k]! | 32) !== word[k]) return false;
  return true;
}

function special(b: Uint8Array, start: number, end: number): number | typeof NOT_A_NUMBER {
  let sign = 1;
  const c = b[start]!;
  if (c === 43 || c === 45) {
    sign = c === 45 ? -1 : 1;
    start++;
  }
  if (isWord(b, start, end, NAN)) return Number.NaN;
  if (isWord(b, start, end, INF) || isWord(b, start, end, INFINITY)) return sign * Number.POSITIVE_INFINITY;
  return NOT_A_NUMBER;
}
