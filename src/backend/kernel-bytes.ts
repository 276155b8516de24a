/**
 * Decodes the embedded bytes of a wasm kernel, which scripts/build-wasm.mjs writes as hexadecimal
 * text (*.generated.ts). Hex, not base64: each byte stays two characters at a byte boundary, so a
 * gzipped bundle still sees the module's repeated byte sequences. Measured on the two univariate
 * kernels (2465 + 1925 B): 1742 B gzip as hex against 2333 B as base64 (the raw bytes: 1604 B).
 */

interface NodeBuffer {
  from(text: string, encoding: "hex"): Uint8Array<ArrayBuffer>;
}

/** `Uint8Array.fromHex` (ES2026: Chromium 140, Firefox 133, Safari 18.2), where the engine has it. */
type FromHex = (text: string) => Uint8Array<ArrayBuffer>;

/**
 * The bytes of an even-length string of lowercase hex digits. Decoded natively where the engine
 * can (Node's Buffer, `Uint8Array.fromHex`), else by a loop over character codes: a digit's value
 * is `(c & 15) + 9·(c >> 6)`, since '0'…'9' are 0x30…0x39 and 'a'…'f' are 0x61…0x66.
 */
export function decodeHex(text: string): Uint8Array<ArrayBuffer> {
  const nodeBuffer = (globalThis as { Buffer?: NodeBuffer }).Buffer;
  if (typeof nodeBuffer?.from === "function") return nodeBuffer.from(text, "hex");
  const native = Uint8Array as unknown as { fromHex?: FromHex };
  if (typeof native.fromHex === "function") return native.fromHex(text);
  const bytes = new Uint8Array(text.length >>> 1);
  for (let i = 0; i < bytes.length; i++) {
    const hi = text.charCodeAt(2 * i);
    const lo = text.charCodeAt(2 * i + 1);
    bytes[i] = (((hi & 15) + 9 * (hi >> 6)) << 4) | ((lo & 15) + 9 * (lo >> 6));
  }
  return bytes;
}
