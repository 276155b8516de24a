// Number formatting for people: a few significant digits, thousands separators, and powers of
// ten written as "× 10⁻⁸" instead of 17-digit doubles. The full value goes in a tooltip.

const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };

function superscript(n) {
  return String(n)
    .split("")
    .map((c) => SUPERSCRIPT[c] ?? c)
    .join("");
}

const MINUS = "−";

function withMinus(text) {
  return text.replace(/^-/, MINUS);
}

/** mantissa × 10^exponent with `digits` significant digits. */
function scientific(x, digits) {
  const [mantissa, exponent] = x.toExponential(digits - 1).split("e");
  const m = mantissa.includes(".") ? mantissa.replace(/0+$/, "").replace(/\.$/, "") : mantissa;
  return `${withMinus(m)} × 10${superscript(Number(exponent))}`;
}

/**
 * A number with `digits` significant digits (default 4), in scientific form when very large or
 * small; `keepZeros` shows trailing zeros ("0.200" rather than "0.2").
 */
export function formatNumber(x, digits = 4, keepZeros = false) {
  if (x === Infinity) return "∞";
  if (x === -Infinity) return `${MINUS}∞`;
  if (Number.isNaN(x)) return "—";
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1e9 || a < 1e-4) return scientific(x, digits);
  const format = new Intl.NumberFormat("en-US", {
    maximumSignificantDigits: digits,
    minimumSignificantDigits: keepZeros ? digits : 1,
  });
  return withMinus(format.format(x));
}

/** A count: an integer with thousands separators. */
export function formatCount(n) {
  return new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 }).format(n);
}

/**
 * Numbers that belong together (an estimate and its interval bounds), all with the same number of
 * decimals: enough to show the `scale` (a standard error) to two significant digits.
 */
export function formatOnScale(values, scale) {
  const finite = values.filter(Number.isFinite);
  const largest = Math.max(...finite.map(Math.abs), 0);
  if (!(scale > 0) || !Number.isFinite(scale) || scale < 1e-6 || largest >= 1e12) {
    return values.map((v) => formatNumber(v, 4));
  }
  const decimals = Math.min(Math.max(1 - Math.floor(Math.log10(scale)), 0), 12);
  const format = new Intl.NumberFormat("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  return values.map((v) => (Number.isFinite(v) ? withMinus(format.format(v)) : formatNumber(v)));
}

/** The text of a formatted difference with its sign: "+0.153" / "−0.153". */
export function signed(value, text) {
  return value > 0 ? `+${text}` : text;
}

/**
 * A p-value: three significant digits down to 0.001, then "2.3 × 10⁻⁸"; when p underflows a
 * double (p = 0), the power of ten comes from log10 p.
 */
export function formatP(p, log10p) {
  if (Number.isNaN(p)) return "—";
  if (p >= 0.001) return new Intl.NumberFormat("en-US", { maximumSignificantDigits: 3 }).format(p);
  if (p > 0) return scientific(p, 2);
  if (Number.isFinite(log10p)) {
    const exponent = Math.floor(log10p);
    const mantissa = 10 ** (log10p - exponent);
    return `${mantissa.toFixed(1).replace(/\.0$/, "")} × 10${superscript(exponent)}`;
  }
  return "0";
}

/** A percentage with two significant digits at least: "+0.31 %". */
export function formatPercent(fraction) {
  if (!Number.isFinite(fraction)) return "—";
  const pct = fraction * 100;
  const digits = Math.abs(pct) >= 10 ? 3 : 2;
  return `${signed(pct, formatNumber(pct, digits))} %`;
}
