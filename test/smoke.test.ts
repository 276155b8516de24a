import { describe, expect, it } from "vitest";
import { backend, merge, summarize } from "../src/index.js";

describe("smoke", () => {
  it("summarizes", () => {
    expect(backend().name).toBe("wasm-simd");
    const x = new Float64Array(100003);
    for (let i = 0; i < x.length; i++) x[i] = 1e9 + Math.sin(i);
    const w = summarize(x);
    const j = summarize(x, { backend: "js" });
    expect(w.mean).toBe(j.mean);
    expect(w.m2).toBe(j.m2);
    expect(w.meanLo).toBe(j.meanLo);
    expect(w.m2Lo).toBe(j.m2Lo);
    const s = merge(summarize([1, 2, 3]), summarize([4, 5]));
    expect(s.mean).toBe(3);
    expect(s.variance()).toBe(2.5);
    console.log(w, j);
  });
});
