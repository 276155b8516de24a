/**
 * Only validated summaries exist, and every copy of batchstats in a process accepts the others'
 * summaries: the constructor refuses callers without the module's key, forged objects are
 * revalidated, and the CommonJS and ESM builds (dist/) read each other's summaries. Plus the
 * inputs that used to throw untyped errors: huge merges, Proxies and throwing getters, `null`
 * options, an array-like whose getter calls summarize itself.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { BatchStatsError } from "../src/errors.js";
import { Accumulator } from "../src/summary/accumulator.js";
import { fromMoments, fromSums } from "../src/summary/from-moments.js";
import { merge } from "../src/summary/merge.js";
import { summarize } from "../src/summary/summarize.js";
import { Summary } from "../src/summary/summary.js";
import { ttest } from "../src/ttest/ttest.js";

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (error) {
    if (error instanceof BatchStatsError) return error.code;
    return `untyped ${String(error)}`;
  }
}

describe("only validated summaries exist", () => {
  it("the constructor cannot be called from outside", () => {
    const Ctor = Summary as unknown as new (...args: unknown[]) => Summary;
    expect(codeOf(() => new Ctor(2.5, { hi: 1, lo: 0 }, { hi: -3, lo: 0 }))).toBe("E_BAD_ARGUMENT");
    expect(codeOf(() => new Ctor(Symbol("key"), 2, { hi: 1, lo: 0 }, { hi: 3, lo: 0 }, 0))).toBe("E_BAD_ARGUMENT");
    class Sub extends (Summary as unknown as new (...args: unknown[]) => object) {}
    expect(codeOf(() => new Sub(3, { hi: 1, lo: 0 }, { hi: 1, lo: 0 }, 0))).toBe("E_BAD_ARGUMENT");
  });

  it("a forged object with Summary's prototype is revalidated and refused", () => {
    const forged = Object.assign(Object.create(Summary.prototype), { count: 2.5, mean: 1, meanLo: 0, m2: -3, m2Lo: 0 });
    expect(forged instanceof Summary).toBe(true); // it carries the brand, so every function revalidates it
    expect(codeOf(() => merge(forged, summarize([1, 2])))).toBe("E_BAD_SUMMARY");
    expect(codeOf(() => ttest(forged, summarize([1, 2])))).toBe("E_BAD_SUMMARY");
    expect(codeOf(() => new Accumulator().merge(forged))).toBe("E_BAD_SUMMARY");
    expect(codeOf(() => Summary.fromJSON(forged))).toBe("E_BAD_SUMMARY");
    const empty = Object.create(Summary.prototype);
    expect(codeOf(() => merge(empty))).toBe("E_BAD_SUMMARY");
  });

  it("fromJSON takes a Summary and gives it back", () => {
    const s = summarize([1, 2, 4]);
    expect(Summary.fromJSON(s)).toBe(s);
  });
});

describe("merge takes any number of summaries", () => {
  it("an array or generator of 300 000 summaries, in constant stack", () => {
    const one = summarize([1, 2]);
    const many = Array.from({ length: 300_000 }, () => one);
    const all = merge(many);
    expect(all.count).toBe(600_000);
    expect(all.mean).toBe(1.5);
    function* gen() {
      for (let i = 0; i < 300_000; i++) yield one;
    }
    expect(merge(gen()).variance(0)).toBe(0.25);
    expect(merge(new Set([one])).count).toBe(2);
    expect(merge([]).count).toBe(0);
  });

  it("names the position of a non-summary, in arguments and in an iterable", () => {
    const e = (() => {
      try {
        merge([summarize([1]), { count: 1 } as unknown as Summary]);
      } catch (error) {
        return error as BatchStatsError;
      }
    })();
    expect([e?.code, e?.field]).toEqual(["E_BAD_ARGUMENT", "summaries[1]"]);
    expect(codeOf(() => merge(summarize([1]), 5 as unknown as Summary))).toBe("E_BAD_ARGUMENT");
  });
});

describe("untyped errors become typed ones", () => {
  it("fromJSON of a Proxy, a revoked Proxy or an object with a throwing getter: E_BAD_SUMMARY", () => {
    const good = summarize([1, 2]).toJSON();
    const trap = new Proxy(good, {
      ownKeys() {
        throw new Error("trap");
      },
    });
    const { proxy, revoke } = Proxy.revocable(good, {});
    revoke();
    const getter = { ...good };
    Object.defineProperty(getter, "m2", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    });
    for (const v of [trap, proxy, getter]) expect(codeOf(() => Summary.fromJSON(v))).toBe("E_BAD_SUMMARY");
    expect(Summary.fromJSON(new Proxy(good, {})).count).toBe(2); // a harmless Proxy reads like the object
  });

  it("fromSums, fromMoments and summarize with null, non-object or unreadable options: E_BAD_ARGUMENT", () => {
    const sums = { count: 4, sum: 10, sumOfSquares: 30 };
    expect(codeOf(() => fromSums(sums, null as never))).toBe("E_BAD_ARGUMENT");
    expect(codeOf(() => fromSums(sums, { min_digits: 3 } as never))).toBe("E_BAD_ARGUMENT");
    expect(codeOf(() => fromSums({ ...sums, sum_of_squares: 1 } as never))).toBe("E_BAD_ARGUMENT");
    expect(codeOf(() => fromMoments({ count: 3, mean: 1, sd: 2 } as never))).toBe("E_BAD_ARGUMENT");
    expect(codeOf(() => summarize([1], { nan_policy: "omit" } as never))).toBe("E_BAD_ARGUMENT");
    expect(codeOf(() => summarize([1], null as never))).toBe("E_BAD_ARGUMENT");
    expect(codeOf(() => new Accumulator({ backnd: "js" } as never))).toBe("E_BAD_ARGUMENT");
    const throwing = Object.defineProperty({}, "nan", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    });
    expect(codeOf(() => summarize([1], throwing))).toBe("E_BAD_ARGUMENT");
  });

  it("values with throwing getters or a throwing length: E_NOT_NUMERIC with the index", () => {
    const bad = { length: 3, 0: 1, 1: 2 } as Record<number, number> & { length: number };
    Object.defineProperty(bad, 2, {
      get() {
        throw new Error("boom");
      },
    });
    expect(codeOf(() => summarize(bad))).toBe("E_NOT_NUMERIC");
    const badLength = Object.defineProperty({}, "length", {
      get() {
        throw new Error("boom");
      },
    });
    expect(codeOf(() => summarize(badLength as ArrayLike<number>))).toBe("E_NOT_NUMERIC");
  });

  it("an array-like whose getter calls summarize does not corrupt the result", () => {
    const n = 3000;
    const values = new Proxy(
      { length: n },
      {
        get(target, key) {
          if (key === "length") return target.length;
          summarize(new Float64Array(100).fill(-7)); // re-enters the shared (wasm) kernel
          return Number(key) % 2 === 0 ? 1 : 2;
        },
      },
    ) as unknown as ArrayLike<number>;
    const s = summarize(values);
    expect([s.count, s.mean, s.variance(0)]).toEqual([n, 1.5, 0.25]);
    // and a getter that would answer differently the second time is read once
    let reads = 0;
    const fickle = {
      length: 2,
      get 0() {
        reads++;
        return reads === 1 ? 1 : Number.NaN;
      },
      1: 3,
    };
    expect(summarize(fickle).mean).toBe(2);
  });
});

const root = join(import.meta.dirname, "..");
const hasDist = existsSync(join(root, "dist/index.js")) && existsSync(join(root, "dist/index.cjs"));

describe.skipIf(!hasDist)("the CommonJS and ESM builds in one process (dist/, after npm run build)", () => {
  it("each accepts the other's summaries in merge, ttest, Accumulator and fromJSON", async () => {
    type Api = typeof import("../src/index.js");
    const esm = (await import(pathToFileURL(join(root, "dist/index.js")).href)) as Api;
    const cjs = createRequire(import.meta.url)(join(root, "dist/index.cjs")) as Api;
    expect(esm.Summary).not.toBe(cjs.Summary); // the dual-package situation
    const a = esm.summarize([1, 2, 3, 4]);
    const b = cjs.summarize([2, 4, 6, 9]);
    expect(b instanceof esm.Summary && a instanceof cjs.Summary).toBe(true);
    for (const api of [esm, cjs]) {
      const m = api.merge(a, b);
      expect([m.count, m.mean]).toEqual([8, 31 / 8]);
      expect(api.merge([a, b]).count).toBe(8);
      expect(api.ttest(a, b).statistic).toBe(esm.ttest(esm.Summary.fromJSON(a.toJSON()), b).statistic);
      expect(api.Summary.fromJSON(b).count).toBe(4);
      expect(new api.Accumulator().merge(a).merge(b).summary().count).toBe(8);
    }
  });

  it("printed summaries show the class name", async () => {
    const esm = await import(pathToFileURL(join(root, "dist/index.js")).href);
    expect(inspect(esm.summarize([1, 2]))).toMatch(/^Summary \{/);
    const cjs = createRequire(import.meta.url)(join(root, "dist/index.cjs"));
    expect(inspect(cjs.summarize([1, 2]))).toMatch(/^Summary \{/);
  });
});
