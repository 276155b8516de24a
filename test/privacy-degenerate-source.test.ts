/**
 * A random source that does not give uniform words (all zeros, all ones, any constant, a short
 * cycle) must not hang the exact samplers: every rejection loop stops after 2000 passes in a row —
 * a uniform source does that with probability below 1e-500 — with E_BAD_ARGUMENT on options.random.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BatchStatsError, privatize, summarize } from "../src/index.js";
import { bernoulliExp } from "../src/privacy/bernoulli-exp.js";
import { discreteGaussianDraw } from "../src/privacy/discrete-gaussian.js";
import { discreteLaplaceDraw } from "../src/privacy/discrete-laplace.js";
import { type RandomSource, WordStream } from "../src/privacy/random-source.js";
import { uniformBelow, uniformBelowBig } from "../src/privacy/uniform.js";

/** A source repeating `cycle` word after word. */
function cyclic(cycle: number[]): RandomSource {
  let i = 0;
  return {
    getRandomValues(a: Uint32Array) {
      for (let k = 0; k < a.length; k++) a[k] = cycle[i++ % cycle.length]!;
      return a;
    },
  };
}

/** "returned" or the error code (a non-typed error fails the test). */
function outcome(fn: () => unknown): string {
  try {
    fn();
    return "returned";
  } catch (e) {
    if (e instanceof BatchStatsError) return `${e.code} ${e.field}`;
    throw e;
  }
}

const summary = summarize([1, 2, 3, 4], { clip: [0, 5] });
const releases = [{ rho: 0.1 }, { epsilon: 1 }, { rho: 1e-6 }, { epsilon: 0.01, delta: 1e-9 }];

describe("degenerate random sources end in E_BAD_ARGUMENT, never a hang", () => {
  it("the source that fills nothing (all zeros) and the all-ones source", () => {
    const zeros: RandomSource = { getRandomValues: (a) => a };
    for (const random of [zeros, cyclic([0xffffffff])]) {
      for (const privacy of releases) {
        const got = outcome(() => privatize(summary, { bounds: [0, 5], privacy, random }));
        expect(got).toBe("E_BAD_ARGUMENT options.random");
      }
    }
  });

  it("every constant and short cycle either releases or is refused (fast-check), in bounded time", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 1, maxLength: 3 }),
        fc.constantFrom(...releases),
        (cycle, privacy) => {
          const got = outcome(() => privatize(summary, { bounds: [0, 5], privacy, random: cyclic(cycle) }));
          expect(["returned", "E_BAD_ARGUMENT options.random"]).toContain(got);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("each sampler stops by itself on a constant source", () => {
    const stream = (w: number) => new WordStream(cyclic([w]));
    expect(outcome(() => uniformBelow(stream(0xffffffff), 3))).toBe("E_BAD_ARGUMENT options.random");
    expect(outcome(() => uniformBelow(stream(0xffffffff), 2 ** 40 + 1))).toBe("E_BAD_ARGUMENT options.random");
    expect(outcome(() => uniformBelowBig(stream(0xffffffff), 2n ** 70n + 1n))).toBe("E_BAD_ARGUMENT options.random");
    expect(outcome(() => bernoulliExp(stream(0), 1, 1))).toBe("E_BAD_ARGUMENT options.random");
    expect(outcome(() => discreteLaplaceDraw(stream(0), 10))).toBe("E_BAD_ARGUMENT options.random");
    expect(outcome(() => discreteGaussianDraw(stream(0), 100, 11))).toBe("E_BAD_ARGUMENT options.random");
  });
});
