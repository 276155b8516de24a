/**
 * How the readable report prints numbers. Six significant digits, as people read them — but
 * never a rounding that changes what a number says: a p-value just below 1 is not printed "1",
 * a level of 0.999999999999 is not "100%", and a p-value below the double range is printed from
 * its log10 ("1.2e-783"), not as 0.
 */

/** The smallest positive normal double: below it a double has fewer than 53 significant bits. */
const MIN_NORMAL = 2 ** -1022;

/**
 * `x` with 6 significant digits (`0.0041`, `1.2e-9`, `51234.6`), ±∞ as `∞`/`−∞`.
 *
 * @example
 * ```ts
 * sig6(0.004086281234); // => "0.00408628"
 * ```
 */
export function sig6(x: number): string {
  if (x === Infinity) return "∞";
  if (x === -Infinity) return "−∞";
  return String(Number(x.toPrecision(6)));
}

/**
 * A probability with 6 significant digits, or more where 6 would round it to exactly 0 or 1
 * while it is neither; below the normal double range (p < 2.2e-308, where `p` itself has lost
 * digits or underflowed to 0) it is written from `log10p` as mantissa × 10^exponent.
 *
 * @example
 * ```ts
 * probability(0.0408628123, Math.log10(0.0408628123)); // => "0.0408628"
 * probability(0.99999999997, Math.log10(0.99999999997)); // => "0.99999999997"
 * probability(0, -782.92);                                // => "1.20226e-783"
 * ```
 */
export function probability(p: number, log10p: number): string {
  if (p === 0 || p === 1) return p === 1 ? "1" : fromLog10(log10p);
  if (p < MIN_NORMAL) return fromLog10(log10p);
  let digits = 6;
  let shown = Number(p.toPrecision(digits));
  while ((shown === 1 || shown === 0) && digits < 17) shown = Number(p.toPrecision(++digits));
  return String(shown);
}

/** 10^log10p as "m.mmmmmeE" with 6 significant digits (for numbers far below the double range). */
function fromLog10(log10p: number): string {
  let exponent = Math.floor(log10p);
  let mantissa = Number((10 ** (log10p - exponent)).toPrecision(6));
  if (mantissa >= 10) {
    mantissa /= 10;
    exponent += 1;
  }
  return `${mantissa}e${exponent}`;
}

/**
 * A confidence level as a percentage, with exactly the digits of the level as given (the
 * shortest decimal that reads back as the same double, shifted two places): never rounded up
 * to 100 % or down to 0 %.
 *
 * @example
 * ```ts
 * percent(0.95);           // => "95%"
 * percent(0.999999999999); // => "99.9999999999%"
 * percent(1e-9);           // => "0.0000001%"
 * ```
 */
export function percent(level: number): string {
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(level));
  if (match === null) return `${sig6(level * 100)}%`; // not a positive finite number: not a level
  const [, whole = "", fraction = "", exp = "0"] = match;
  const digits = `${whole}${fraction}`.replace(/^0+/, "");
  if (digits === "") return "0%";
  // The value is 0.d₁d₂… × 10^point; as a percentage, the point moves two places right.
  const point = whole.length + Number(exp) - (whole.length + fraction.length - digits.length) + 2;
  const trimmed = digits.replace(/0+$/, "");
  if (point < -20) return `${trimmed[0]}${trimmed.length > 1 ? `.${trimmed.slice(1)}` : ""}e${point - 1}%`;
  if (point <= 0) return `0.${"0".repeat(-point)}${trimmed}%`;
  if (point >= trimmed.length) return `${trimmed}${"0".repeat(point - trimmed.length)}%`;
  return `${trimmed.slice(0, point)}.${trimmed.slice(point)}%`;
}
