/**
 * Fieller's one-sided sets at every confidence level, against a brute-force scan of the pivot
 * T(L) = (d − L·m) / √(va + (1 + sL)²·vb): "greater" is {T ≤ q}, "less" is {T ≥ −q}, q the
 * one-sided normal quantile (negative below ½), joined with the set for the other sign of the
 * control mean when that sign is not established (A = m² − q²vb < 0). The scan knows nothing of the
 * quadratic, so it checks the roots' case analysis for q of either sign.
 */
import { describe, expect, it } from "vitest";
import { normalQuantile } from "../src/distributions/normal-quantile.js";
import { type ConfidenceSet, fiellerSet } from "../src/effect/fieller.js";
import { lift } from "../src/index.js";
import { summaryOf } from "./support/summary-of.js";

type OneSided = "greater" | "less";

interface Inputs {
  d: number;
  sign: number;
  va: number;
  vb: number;
}

const CASES: Inputs[] = [
  { d: 0.2, sign: 1, va: 0.04, vb: 0.01 },
  { d: -0.3, sign: -1, va: 0.09, vb: 0.02 },
  { d: 0.5, sign: 1, va: 0.2, vb: 0.5 },
  { d: -0.8, sign: 1, va: 0.3, vb: 0.5 },
  { d: 1.5, sign: -1, va: 0.1, vb: 0.5 },
  { d: 0.4, sign: 1, va: 0.5, vb: 5 },
  { d: -2.5, sign: 1, va: 0.5, vb: 5 },
  { d: 3, sign: -1, va: 2, vb: 5 },
  { d: 0, sign: 1, va: 0.3, vb: 0.3 },
];
const LEVELS = [0.05, 0.3, 0.5, 0.7, 0.95];
const ALTERNATIVES: OneSided[] = ["greater", "less"];

/** The pivot at lift l when the true control mean has sign s (the sample's is x.sign, |μb| = 1). */
function pivot(x: Inputs, s: number, l: number): number {
  return (x.d - x.sign * s * l) / Math.sqrt(x.va + (1 + s * l) ** 2 * x.vb);
}

function inScan(x: Inputs, q: number, alternative: OneSided, l: number): boolean {
  const one = (s: number, v: number) => (alternative === "greater" ? pivot(x, s, v) <= q : pivot(x, s, v) >= -q);
  const established = 1 - q * q * x.vb > 0;
  return one(x.sign, l) || (!established && one(-x.sign, l));
}

function inSet(set: ConfidenceSet, l: number): boolean {
  const [lo, hi] = set.interval;
  switch (set.kind) {
    case "unbounded":
      return true;
    case "empty":
      return false;
    case "exclusive":
      return l <= lo || l >= hi;
    default:
      return l >= lo && l <= hi;
  }
}

/** A grid over the whole line: L = tan θ for θ evenly spaced in (−π/2, π/2). */
const GRID = Array.from({ length: 40001 }, (_, i) => Math.tan(Math.PI * ((i + 0.5) / 40001 - 0.5)));

/** Whether l is within the scan's resolution of one of the set's finite bounds. */
function nearBound(set: ConfidenceSet, l: number): boolean {
  return set.interval.some((b) => Number.isFinite(b) && Math.abs(l - b) <= 1e-3 * (1 + l * l));
}

describe("Fieller's one-sided sets for q of either sign", () => {
  for (const alternative of ALTERNATIVES) {
    for (const level of LEVELS) {
      it(`${alternative} at level ${level} is {L : the pivot passes} by a scan`, () => {
        const q = normalQuantile(level);
        for (const x of CASES) {
          const set = fiellerSet(
            { d: x.d, m: 1, sign: x.sign, meanA: x.d + x.sign, va: x.va, vb: x.vb, estimate: x.d },
            q,
            alternative,
          );
          const established = 1 - q * q * x.vb > 0;
          const hull = !established && q < 0 && set.kind === "bounded";
          for (const l of GRID) {
            if (nearBound(set, l)) continue;
            const scan = inScan(x, q, alternative, l);
            // the mirrored intervals' hull: a superset, exact where the scan holds
            if (hull && !scan) continue;
            if (inSet(set, l) !== scan) expect({ x, l, member: inSet(set, l) }).toEqual({ x, l, member: scan });
          }
          // each finite bound is a point where the pivot crosses the critical value
          if (set.kind !== "empty" && !hull) {
            for (const b of set.interval.filter(Number.isFinite)) {
              const t = Math.min(...[x.sign, -x.sign].map((s) => Math.abs(Math.abs(pivot(x, s, b)) - Math.abs(q))));
              expect(t).toBeLessThan(1e-9);
            }
          }
          if (hull) {
            const members = GRID.filter((l) => inScan(x, q, alternative, l));
            const [lo, hi] = set.interval;
            expect(Math.abs(Math.min(...members) - lo)).toBeLessThan(1e-3 * (1 + lo * lo));
            expect(Math.abs(Math.max(...members) - hi)).toBeLessThan(1e-3 * (1 + hi * hi));
          }
        }
      });
    }
  }

  it("lift: below ½ a one-sided set lies beyond the estimate, at ½ it is the ray from it", () => {
    const a = summaryOf({ count: 10, mean: 1.2, m2: 9 });
    const b = summaryOf({ count: 12, mean: 1, m2: 11 });
    const at = (alternative: OneSided, confidenceLevel: number) =>
      lift(a, b, { method: "fieller", alternative, confidenceLevel });
    const g = at("greater", 0.3);
    expect(g.intervalKind).toBe("half-line");
    expect(g.confidenceInterval[0]).toBeGreaterThan(g.estimate);
    const l = at("less", 0.3);
    expect(l.confidenceInterval[1]).toBeLessThan(l.estimate);
    expect(at("greater", 0.5).confidenceInterval).toEqual([g.estimate, Infinity]);
    expect(at("less", 0.5).confidenceInterval).toEqual([-Infinity, g.estimate]);
    // the sets at p and 1 − p split the line at the same bound
    expect(at("less", 0.7).confidenceInterval[1]).toBeCloseTo(g.confidenceInterval[0], 12);
  });

  it("an empty set is a kind of its own and JSON-safe", () => {
    const q = normalQuantile(0.05);
    const set = fiellerSet({ d: -2.5, m: 1, sign: 1, meanA: -1.5, va: 0.5, vb: 5, estimate: -2.5 }, q, "less");
    expect(set.kind).toBe("empty");
    expect(JSON.parse(JSON.stringify(set.interval))).toEqual([null, null]);
  });
});
