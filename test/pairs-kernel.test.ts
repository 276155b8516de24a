/**
 * The pair kernel: the SIMD and scalar WebAssembly builds and the JS twin return bit-identical
 * raw co-moments at every lane (4), block (128), chunk (2048), copy-piece and feed-piece boundary,
 * also on data whose chunks are re-run around their own means (trends, level shifts, an outlier
 * as the first pair, constant and 0/1 columns); the zero-copy area agrees with the copy-in path;
 * integer data keep exact sums (means correctly rounded) and trending dyadic data keep ≥ 15 digits
 * of the co-moment against exact integer arithmetic.
 */
import { describe, expect, it } from "vitest";
import { summarizePairs } from "../src/pairs/summarize-pairs.js";
import { jsPairKernel } from "../src/backend/pair-js-kernel.js";
import type { RawPairMoments } from "../src/backend/pair-moments.js";
import { createPairInputArea, pairKernelOf } from "../src/backend/pair-select.js";
import { PAIR_FEED, PAIR_PIECE } from "../src/backend/pair-wasm-kernel.js";
import { normals } from "./support/prng.js";

const SIZES = [
  1,
  2,
  3,
  4,
  5,
  7,
  63,
  64,
  65,
  67,
  127,
  128,
  129,
  131,
  2047,
  2048,
  2049,
  4099,
  PAIR_PIECE + 3,
  PAIR_FEED + 2048 + 5,
];

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

/** Columns whose chunks stray from the working pivots, each of `m` pairs. */
function strayColumns(m: number): [string, Float64Array, Float64Array][] {
  const u = normals(503, m, 0, 1);
  const trendX = new Float64Array(m);
  const trendY = new Float64Array(m);
  const shiftX = new Float64Array(m);
  const outlierX = new Float64Array(m);
  const constant = new Float64Array(m).fill(-7.25);
  const rates = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    trendX[i] = i;
    trendY[i] = 3 * i + u[i]!;
    shiftX[i] = (i < m / 2 ? 0 : 1e6) + u[i]!;
    outlierX[i] = i === 0 ? 1e8 : u[i]!;
    rates[i] = Math.abs(u[i]!) * (1 + i / m) > 1.5 ? 1 : 0;
  }
  return [
    ["trend", trendX, trendY],
    ["level shift", shiftX, trendY],
    ["outlier first", outlierX, u],
    ["constant", constant, trendX],
    ["0/1", rates, constant],
  ];
}

describe.each(["wasm-simd", "wasm-scalar"] as const)("pair kernel %s", (name) => {
  const kernel = pairKernelOf(name);
  it("is bit-identical to the JS twin on chunks re-run around their means", () => {
    for (const [label, sx, sy] of strayColumns(3 * 2048 + 77)) {
      for (const k of [5, 129, 2048, 2049, sx.length]) {
        const got = kernel.pairMoments(sx, sy, 0, k, sx[0]!, sy[0]!);
        const want = jsPairKernel.pairMoments(sx, sy, 0, k, sx[0]!, sy[0]!);
        expect(bits(got), `${label}, n = ${k}`).toEqual(bits(want));
        expect(bits(kernel.pairMoments(sy, sx, 0, k, sy[0]!, sx[0]!)), `${label} swapped, n = ${k}`).toEqual(
          bits(jsPairKernel.pairMoments(sy, sx, 0, k, sy[0]!, sx[0]!)),
        );
      }
    }
  });

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

/** The exact value of a double as a BigInt numerator over 2^200 (exact: scaling by 2^200 only moves the exponent). */
function scaled(v: number): bigint {
  return BigInt(v * 2 ** 200);
}

describe.each(["wasm", "js"] as const)("exactness on drifting data (%s)", (backend) => {
  it("keeps integer sums exact: Σ(x − Px) is the exact integer, the means the correctly rounded k/n", () => {
    const m = 5 * 2048 + 13;
    const u = normals(504, m, 0, 1);
    const counts = new Float64Array(m);
    const flags = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      counts[i] = Math.round(40 * u[i]!) + (i > 7000 ? 250_000 : Math.floor(i / 3));
      flags[i] = u[i]! * (1 + (3 * i) / m) > 3 ? 1 : 0; // rates from 0.1 % to 3 %
    }
    for (const [a, b] of [
      [counts, flags],
      [flags, counts],
    ] as const) {
      let sumA = 0;
      let sumB = 0;
      for (let i = 0; i < m; i++) {
        sumA += a[i]! - a[0]!; // integers below 2^53: every partial sum is exact
        sumB += b[i]! - b[0]!;
      }
      const kernel = backend === "js" ? jsPairKernel : pairKernelOf("wasm-simd");
      const raw = kernel.pairMoments(a, b, 0, m, a[0]!, b[0]!);
      expect(scaled(raw.sxHi) + scaled(raw.sxLo)).toBe(scaled(sumA));
      expect(scaled(raw.syHi) + scaled(raw.syLo)).toBe(scaled(sumB));
      const p = summarizePairs(a, b, { backend });
      expect(p.meanX).toBe((sumA + m * a[0]!) / m);
      expect(p.meanY).toBe((sumB + m * b[0]!) / m);
    }
  });

  it("keeps ≥ 15 digits of the co-moment of trending dyadic data (exact BigInt reference)", () => {
    const m = 6 * 2048 + 5;
    const u = normals(505, m, 0, 1);
    const v = normals(506, m, 0, 1);
    const x = new Float64Array(m);
    const y = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      x[i] = 1e6 + i / 64 + Math.round(u[i]! * 2 ** 20) / 2 ** 20; // multiples of 2^-20
      y[i] = -3e5 - i / 128 + Math.round((0.6 * u[i]! + 0.8 * v[i]!) * 2 ** 20) / 2 ** 20;
    }
    // n·C·2^40 = n·ΣXY − ΣX·ΣY with X = x·2^20, Y = y·2^20 integers.
    let sx = 0n;
    let sy = 0n;
    let sxy = 0n;
    for (let i = 0; i < m; i++) {
      const a = BigInt(x[i]! * 2 ** 20);
      const b = BigInt(y[i]! * 2 ** 20);
      sx += a;
      sy += b;
      sxy += a * b;
    }
    const exact = BigInt(m) * sxy - sx * sy; // = m·2^40·C
    const p = summarizePairs(x, y, { backend });
    const got = (scaled(p.cXY) + scaled(p.cXYLo)) * BigInt(m) * 2n ** 40n; // = m·2^40·C·2^200
    const err = got - exact * 2n ** 200n;
    const rel = Math.abs(Number(err)) / Math.abs(Number(exact * 2n ** 200n));
    expect(rel).toBeLessThan(1e-15);
  });
});
