// Suite "privacy": privatize releases per second (zCDP and pure ε, platform CSPRNG) and exact
// discrete Gaussian / Laplace draws per second at the scales privatize uses (σ² ≈ 10⁶ grid
// steps², Laplace scale ≈ 2000) and at small ones.
import { benchData } from "../data.mjs";
import { rateRows, sideBySide } from "../harness.mjs";

export async function run({ lib, rounds, maxTime, minSamples, minTime }) {
  const L = await import(lib);
  if (typeof L.privatize !== "function") return { rows: [], note: "src/privacy/privatize.ts not present" };
  const values = Array.from(benchData(1000, 7), (x) => Math.abs(x));
  const summary = L.summarize(values, { clip: [0, 10] });
  const DRAWS = 1000;
  const words = new L.WordStream(globalThis.crypto);
  const gaussian = (sigma2) => {
    const t = L.gaussianLaplaceScale(sigma2);
    return () => {
      let s = 0;
      for (let i = 0; i < DRAWS; i++) s += L.discreteGaussianDraw(words, sigma2, t);
      return s;
    };
  };
  const laplace = (t) => () => {
    let s = 0;
    for (let i = 0; i < DRAWS; i++) s += L.discreteLaplaceDraw(words, t);
    return s;
  };
  const finite = (x) => (Number.isFinite(x) ? undefined : "not finite");
  const released = (p) => (Number.isInteger(p.count) ? undefined : "bad release");
  const variants = [
    {
      id: "privatizeRho",
      label: "privatize(summary, { rho: 0.1 })",
      per: 1,
      unit: "releases/s",
      fn: () => L.privatize(summary, { bounds: [0, 10], privacy: { rho: 0.1 } }),
      check: released,
    },
    {
      id: "privatizeEpsilon",
      label: "privatize(summary, { epsilon: 1 })",
      per: 1,
      unit: "releases/s",
      fn: () => L.privatize(summary, { bounds: [0, 10], privacy: { epsilon: 1 } }),
      check: released,
    },
    {
      id: "privatizeBudget",
      label: "privatize with a PrivacyBudget",
      per: 1,
      unit: "releases/s",
      fn: () =>
        L.privatize(summary, { bounds: [0, 10], privacy: { rho: 0.1 }, budget: new L.PrivacyBudget({ rho: 1 }) }),
      check: released,
    },
    {
      id: "gauss1e6",
      label: "discrete Gaussian, σ² = 1.2e6 (privatize's scale)",
      per: DRAWS,
      unit: "draws/s",
      fn: gaussian(1_200_000),
      check: finite,
    },
    {
      id: "gauss100",
      label: "discrete Gaussian, σ² = 100",
      per: DRAWS,
      unit: "draws/s",
      fn: gaussian(100),
      check: finite,
    },
    {
      id: "laplace2000",
      label: "discrete Laplace, scale 2000",
      per: DRAWS,
      unit: "draws/s",
      fn: laplace(2000),
      check: finite,
    },
  ];
  const timed = sideBySide(variants, { rounds, maxTime, minSamples, minTime, warmup: 50 });
  const rows = rateRows(variants, timed);
  process.stderr.write("  privacy done\n");
  return { rows };
}
