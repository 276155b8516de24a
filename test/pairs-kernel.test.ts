/**
 * The pair kernel: the SIMD and scalar WebAssembly builds and the JS twin return bit-identical
 * raw co-moments at every lane (4), block (64), chunk (2048), copy-piece and feed-piece boundary,
 * and the zero-copy area agrees with the copy-in path.
 */
import { describe, expect, it } from "vitest";
import { jsPairKernel } from "../src/backend/pair-js-kernel.js";
import type { RawPairMoments } from "../src/backend/pair-moments.js";
import { createPairInputArea, pairKernelOf } from "../src/backend/pair-select.js";
import { PAIR_FEED, PAIR_PIECE } from "../src/backend/pair-wasm-kernel.js";
import { normals } from "./support/prng.js";

const SIZES = [1, 2, 3, 4, 5, 7, 63, 64, 65, 67, 2047, 2048, 2049, 4099, PAIR_PIECE + 3, PAIR_FEED + 2048 + 5];

function bits(r: RawPairMoments): string[] {
  const view = new DataView(new ArrayBuffer(8));
  return [r.count, r.sxHi, r.sxLo, r.syHi, r.syLo, r.m2xHi, r.m2xLo, r.m2yHi, r.m2yLo, r.cHi, r.cLo].map((v) => {
    view.setFloat64(0, v);
    return view.getBigUint64(0).toString(16);
  });
}

const n = Math.max(...SIZES);
const x = normals(501, n, 1e9, 1);
const z = normals(502, n, 0, 1);
const y = new Float64Array(n);
for (let i = 0; i < n; i++) y[i] = 3e6 + 0.7 * (x[i]! - 1e9) + Math.sqrt(1 - 0.49) * z[i]!;

describe.each(["wasm-simd", "wasm-scalar"] as const)("pair kernel %s", (name) => {
  const kernel = pairKernelOf(name);
  it("is bit-identical to the JS twin at every boundary", () => {
    for (const k of SIZES) {
      const got = kernel.pairMoments(x, y, 0, k, x[0]!, y[0]!);
      const want = jsPairKernel.pairMoments(x, y, 0, k, x[0]!, y[0]!);
      expect(bits(got), `n = ${k}`).toEqual(bits(want));
    }
  });
  it("is bit-identical on plain arrays and at an offset", () => {
    const ax = Array.from(x.subarray(0, 5000));
    const ay = Array.from(y.subarray(0, 5000));
    expect(bits(kernel.pairMoments(ax, ay, 3, 4100, 7, -2))).toEqual(
      bits(jsPairKernel.pairMoments(x, y, 3, 4100, 7, -2)),
    );
  });
});

describe.each(["auto", "js"] as const)("zero-copy pair area (%s)", (request) => {
  it("agrees bit for bit with copy-in, also after growth", () => {
    const area = createPairInputArea(request, 100);
    area.viewX().set(x.subarray(0, 100));
    area.viewY().set(y.subarray(0, 100));
    const before = bits(area.momentsInPlace(100, x[0]!, y[0]!));
    expect(before).toEqual(bits(jsPairKernel.pairMoments(x, y, 0, 100, x[0]!, y[0]!)));
    expect(area.grow(5000)).toBe(true);
    expect(bits(area.momentsInPlace(100, x[0]!, y[0]!))).toEqual(before); // contents kept
    area.viewX().set(x.subarray(0, 5000));
    area.viewY().set(y.subarray(0, 5000));
    expect(bits(area.momentsInPlace(5000, x[0]!, y[0]!))).toEqual(
      bits(jsPairKernel.pairMoments(x, y, 0, 5000, x[0]!, y[0]!)),
    );
  });
});
