/**
 * Accuracy of pair summaries against exact rational arithmetic (test/fixtures/pairs.json, written
 * by scripts/fixtures/gen_pairs.py): on stress pairs with large common offsets (1e9 + N(0, 1),
 * correlation 0.7; 1e12 / −3e11 with spreads 1e-2) and on the NIST StRD sets paired with
 * themselves scaled and shifted, the co-moment cXY and the correlation have at least 15 correct
 * significant digits (LRE ≥ 15: relative error ≤ 1e-15) with every backend, for one-shot
 * summaries and for any split into batches merged in any order (fast-check).
 *
 * Why 15 is reachable: rounding the exact value to a double alone costs at most 2^-53 (LRE 15.95);
 * the kernel's co-moment is a compensated sum of chunk co-moments, each with a relative error of
 * a few ε against √(M2x·M2y), and merges run in double-double.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsPairKernel } from "../src/backend/pair-js-kernel.js";
import type { PairKernel } from "../src/backend/pair-moments.js";
import { pairKernelOf } from "../src/backend/pair-select.js";
import { mergePairs } from "../src/pairs/merge-pairs.js";
import type { PairSummary } from "../src/pairs/pair-summary.js";
import { summarizePairsWith } from "../src/pairs/summarize-pairs.js";
import { checksum, normals } from "./support/prng.js";
import { loadNist, lre } from "./support/fixtures.js";

interface Exact {
  meanX: string;
  meanY: string;
  m2X: string;
  m2Y: string;
  cXY: string;
  covariance: string;
  correlation: string;
}
interface Case {
  name: string;
  kind: "stress" | "nist";
  n: number;
  seeds?: [number, number];
  locs?: [number, number];
  scales?: [number, number];
  nist?: string;
  checksumX: string;
  checksumY: string;
  exact: Exact;
  naive: { cXY: string; relativeError: number };
}

const fixtures = JSON.parse(readFileSync(new URL("./fixtures/pairs.json", import.meta.url), "utf8")) as {
  cases: Case[];
};
const C_NOISE = 0.71414284285428498;
const nist = new Map(loadNist().map((d) => [d.name, d.values]));

function data(c: Case): [Float64Array, Float64Array] {
  let x: Float64Array;
  let y: Float64Array;
  if (c.kind === "stress") {
    const [s0, s1] = c.seeds!;
    const [l0, l1] = c.locs!;
    const [k0, k1] = c.scales!;
    x = normals(s0, c.n, l0, k0);
    const z = normals(s1, c.n, 0, k1);
    y = new Float64Array(c.n);
    for (let i = 0; i < c.n; i++) y[i] = l1 + (0.7 * ((x[i]! - l0) * (k1 / k0)) + C_NOISE * z[i]!);
  } else {
    x = nist.get(c.nist!)!;
    y = Float64Array.from(x, (v) => -0.75 * v + 1.5e6);
  }
  expect(checksum(x)).toBe(c.checksumX);
  expect(checksum(y)).toBe(c.checksumY);
  return [x, y];
}

const CASES = fixtures.cases.map((c) => ({ c, xy: data(c) }));
const KERNELS: [string, PairKernel][] = [
  ["wasm-simd", pairKernelOf("wasm-simd")],
  ["wasm-scalar", pairKernelOf("wasm-scalar")],
  ["js", jsPairKernel],
];

function digits(p: PairSummary, e: Exact): { c: number; r: number; mx: number; my: number; vx: number } {
  return {
    c: lre(p.cXY, e.cXY),
    r: lre(p.correlation(), e.correlation),
    mx: lre(p.meanX, e.meanX),
    my: lre(p.meanY, e.meanY),
    vx: lre(p.m2X, e.m2X),
  };
}

describe.each(KERNELS)("pair accuracy, backend %s", (_name, kernel) => {
  const options = { kernel, nan: "raise" as const, jsBelow: 0 };

  it.each(CASES.map(({ c, xy }) => [c.name, c, xy] as const))(
    "%s: cXY and correlation to ≥ 15 digits in one shot",
    (_n, c, [x, y]) => {
      const d = digits(summarizePairsWith(x, y, options), c.exact);
      expect(d.c, "cXY").toBeGreaterThanOrEqual(15);
      expect(d.r, "correlation").toBeGreaterThanOrEqual(15);
      expect(d.vx, "m2X").toBeGreaterThanOrEqual(15);
      expect(d.mx, "meanX").toBeGreaterThanOrEqual(15);
      expect(d.my, "meanY").toBeGreaterThanOrEqual(15);
    },
  );

  it("any split into batches, merged in any order, keeps ≥ 15 digits", () => {
    const small = CASES.filter(({ c }) => c.n <= 20_000);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: small.length - 1 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 13, maxLength: 13 }),
        (k, cuts, order) => {
          const { c, xy } = small[k]!;
          const [x, y] = xy;
          const points = [...new Set([0, ...cuts.map((u) => Math.floor(u * c.n)), c.n])].sort((a, b) => a - b);
          const parts: PairSummary[] = [];
          for (let i = 0; i + 1 < points.length; i++) {
            parts.push(
              summarizePairsWith(x.subarray(points[i], points[i + 1]), y.subarray(points[i], points[i + 1]), options),
            );
          }
          const shuffled = parts
            .map((p, i) => ({ p, key: order[i % order.length]! * 64 + i }))
            .sort((a, b) => a.key - b.key)
            .map((e) => e.p);
          const d = digits(mergePairs(shuffled), c.exact);
          return d.c >= 15 && d.r >= 15;
        },
      ),
      { numRuns: 40, seed: 15 },
    );
  });
});

it("the naive formula Σxy − ΣxΣy/n (in the fixture) loses the co-moment on the offset data", () => {
  const stress = fixtures.cases.filter((c) => c.kind === "stress");
  for (const c of stress) expect(c.naive.relativeError).toBeGreaterThan(1);
});
