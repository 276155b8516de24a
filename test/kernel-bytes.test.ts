/**
 * The embedded kernels are hex text (src/backend/kernel-bytes.ts): every way of decoding it gives
 * the bytes that were encoded — Node's Buffer, `Uint8Array.fromHex` where the engine has it, and
 * the portable loop over character codes that a browser without either runs.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { decodeHex } from "../src/backend/kernel-bytes.js";
import { KERNEL_SCALAR_HEX, KERNEL_SIMD_HEX } from "../src/backend/wasm-bytes.generated.js";
import { PAIR_KERNEL_SCALAR_HEX, PAIR_KERNEL_SIMD_HEX } from "../src/backend/pair-wasm-bytes.generated.js";

/** Lowercase hex of bytes, written here without the code under test. */
function hexOf(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => "0123456789abcdef"[b >> 4]! + "0123456789abcdef"[b & 15]!).join("");
}

type WithFromHex = { fromHex?: (text: string) => Uint8Array };
const engineFromHex = Object.getOwnPropertyDescriptor(Uint8Array, "fromHex");

/** Sets (or, with undefined, removes) `Uint8Array.fromHex` until `restore()`. */
function setFromHex(fromHex: WithFromHex["fromHex"]): void {
  delete (Uint8Array as WithFromHex).fromHex;
  if (fromHex) Object.defineProperty(Uint8Array, "fromHex", { value: fromHex, configurable: true, writable: true });
}

function restore(): void {
  vi.unstubAllGlobals();
  delete (Uint8Array as WithFromHex).fromHex;
  if (engineFromHex) Object.defineProperty(Uint8Array, "fromHex", engineFromHex);
}

const ways: Record<string, () => void> = {
  "Node's Buffer": () => {},
  "Uint8Array.fromHex, no Buffer": () => {
    vi.stubGlobal("Buffer", undefined);
    // Node 20 has no fromHex: one is stood in there, so this branch is exercised on every engine.
    if (!engineFromHex) {
      setFromHex((t) => Uint8Array.from(t.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16)));
    }
  },
  "the portable loop (no Buffer, no fromHex)": () => {
    vi.stubGlobal("Buffer", undefined);
    setFromHex(undefined);
  },
};

describe.each(Object.entries(ways))("decodeHex by %s", (_, setUp) => {
  afterEach(restore);

  it("gives back every byte sequence it is given as hex", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const hex = hexOf(bytes);
        setUp();
        const decoded = decodeHex(hex);
        restore();
        expect(Array.from(decoded)).toEqual(Array.from(bytes));
      }),
    );
  });

  it("decodes the four embedded kernels to valid WebAssembly", () => {
    const texts = [KERNEL_SIMD_HEX, KERNEL_SCALAR_HEX, PAIR_KERNEL_SIMD_HEX, PAIR_KERNEL_SCALAR_HEX];
    setUp();
    const decoded = texts.map((text) => decodeHex(text));
    restore();
    for (const [i, bytes] of decoded.entries()) {
      expect(hexOf(bytes)).toBe(texts[i]);
      expect(Array.from(bytes.subarray(0, 4))).toEqual([0, 0x61, 0x73, 0x6d]); // "\0asm"
      expect(WebAssembly.validate(bytes)).toBe(true);
    }
  });
});
