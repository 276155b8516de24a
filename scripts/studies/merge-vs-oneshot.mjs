#!/usr/bin/env node
// The merged-vs-one-shot study (docs/accuracy.md): for every trial written by
// summary-accuracy-cases.py, the one-shot summary summarize(x) and three merged summaries of
// random batch splits of x (2…1000 contiguous batches at random cut points; merged as a left
// fold in shuffled order, twice, and once as a random binary tree). Measured against each other
// and against the exact mean and variance of the binary64 values (Python integers/fractions):
//   A. how often merged and one-shot mean / variance() differ, and by how many ulps;
//   B. the error of each (and of numpy's np.mean / np.var) in ulps of the exact result, and
//      the mean's absolute error in units of ε·sd/√n, ε·sd and ε·mean|x − x₀| (x₀ = the
//      batch's first value, the kernel's pivot);
//   C. how often summarize's m2Lo (and meanLo) is 0, and whether mean + meanLo, m2 + m2Lo
//      are closer to the exact values than the doubles alone.
// ε = 2^-52. Needs `npm run build` (imports dist/index.js). Usage:
//   python3 scripts/studies/summary-accuracy-cases.py /tmp/summary-cases
//   node scripts/studies/merge-vs-oneshot.mjs /tmp/summary-cases [--json out.json]
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const { summarize, merge } = await import(pathToFileURL(resolve("dist/index.js")).href);

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node scripts/studies/merge-vs-oneshot.mjs <cases dir> [--json out.json]");
  process.exit(1);
}
const jsonOut = process.argv.indexOf("--json") > 0 ? process.argv[process.argv.indexOf("--json") + 1] : undefined;
const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
const EPS = 2 ** -52;
const CHUNK = 2048; // the kernel's chunk: one chunk means one M2 term, hence m2Lo = 0

// --- doubles, bit by bit -----------------------------------------------------------------
const view = new DataView(new ArrayBuffer(8));
/** The spacing of doubles at |x| (ulp of x); 2^-1074 for subnormals and 0. */
function ulp(x) {
  view.setFloat64(0, x);
  const e = (view.getUint32(0) >>> 20) & 0x7ff;
  return e === 0 ? 2 ** -1074 : 2 ** (e - 1075);
}
/** The doubles as ordered integers: |ordered(a) − ordered(b)| counts the doubles between a and b. */
function ordered(x) {
  view.setFloat64(0, x);
  const bits = view.getBigInt64(0);
  return bits < 0n ? -(bits & 0x7fffffffffffffffn) : bits;
}
function ulpsApart(a, b) {
  const d = ordered(a) - ordered(b);
  return Number(d < 0n ? -d : d);
}
/** got − exact, exact given as a double-double [hi, lo] (got − hi is exact when they are close). */
function errorOf(got, [hi, lo]) {
  return got - hi - lo;
}
/** |error| in ulps of the exact value (0 when both are 0). */
function ulpsOff(got, exact) {
  const err = Math.abs(errorOf(got, exact));
  if (err === 0) return 0;
  return exact[0] === 0 ? Number.POSITIVE_INFINITY : err / ulp(exact[0]);
}

// --- seeded randomness (mulberry32) -----------------------------------------------------
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const randInt = (rand, lo, hi) => lo + Math.floor(rand() * (hi - lo + 1)); // inclusive

/** x cut into `batches` contiguous pieces at distinct random cut points. */
function split(x, batches, rand) {
  const cuts = new Set();
  while (cuts.size < batches - 1) cuts.add(randInt(rand, 1, x.length - 1));
  const sorted = [0, ...[...cuts].sort((p, q) => p - q), x.length];
  const pieces = [];
  for (let i = 0; i + 1 < sorted.length; i++) pieces.push(x.subarray(sorted[i], sorted[i + 1]));
  return pieces;
}
function shuffle(list, rand) {
  for (let i = list.length - 1; i > 0; i--) {
    const j = randInt(rand, 0, i);
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}
/** Merges by repeatedly joining two random entries: a random binary tree. */
function treeMerge(list, rand) {
  const work = [...list];
  while (work.length > 1) {
    const i = randInt(rand, 0, work.length - 1);
    const a = work[i];
    work[i] = work[work.length - 1];
    work.pop();
    const j = randInt(rand, 0, work.length - 1);
    work[j] = merge(a, work[j]);
  }
  return work[0];
}

// --- statistics of the study --------------------------------------------------------------
function newRow() {
  return {
    trials: 0,
    merges: 0,
    meanDiffers: 0,
    meanUlpsApart: 0,
    meanApartSem: 0, // |merged − one-shot| / (ε·sd/√n)
    meanDDApartSem: 0, // |(mean + meanLo) merged − (mean + meanLo) one-shot| / (ε·sd/√n)
    meanDDApartSd: 0, // the same / (ε·sd)
    varianceDiffers: 0,
    varianceUlpsApart: 0,
    oneMeanUlps: 0,
    mergedMeanUlps: 0,
    numpyMeanUlps: 0,
    oneMeanRounded: 0,
    numpyMeanRounded: 0,
    oneMeanExcess: 0, // (|error| − ½ulp(exact mean)) / (ε·sd/√n): what is left beyond rounding to a double
    mergedMeanExcess: 0,
    numpyMeanExcess: 0,
    oneMeanSem: 0, // |error| / (ε·sd/√n)
    mergedMeanSem: 0,
    numpyMeanSem: 0,
    oneMeanSd: 0, // (|error| − ½ulp) / (ε·sd)
    mergedMeanSd: 0,
    numpyMeanSd: 0,
    oneMeanPivot: 0, // (|error| − ½ulp) / (ε·mean|x − x0|)
    oneMeanPivotSqrt: 0, // (|error| − ½ulp) / (ε·mean|x − x0|/√n)
    oneMeanMax: 0, // |error| / (ε·max|x|)
    numpyMeanMax: 0,
    oneMeanDDSem: 0, // |mean + meanLo − exact| / (ε·sd/√n)
    mergedMeanDDSem: 0,
    oneMeanDDSd: 0, // |mean + meanLo − exact| / (ε·sd): E, the error before rounding to a double
    mergedMeanDDSd: 0,
    oneMeanDDPivot: 0, // |mean + meanLo − exact| / (ε·mean|x − x0|)
    oneVarUlps: 0,
    mergedVarUlps: 0,
    numpyVarUlps: 0,
    oneM2Rel: 0, // |m2 − M2| / (ε·M2)
    oneM2DDRel: 0, // |m2 + m2Lo − M2| / (ε·M2)
    oneChunk: 0,
    oneChunkM2LoZero: 0,
    manyChunks: 0,
    manyChunksM2LoZero: 0,
    meanLoZero: 0,
  };
}
const max = (row, key, v) => {
  if (v > row[key]) row[key] = v;
};
const byKind = new Map();
const byFamily = new Map();
const byFamilySize = new Map();
const sizeBucket = (n) => `n ${n < 1e6 ? `${10 ** Math.floor(Math.log10(n))}…` : "1e6"}`;

const t0 = Date.now();
for (const [index, trial] of manifest.trials.entries()) {
  const bytes = readFileSync(join(dir, `${trial.id}.f64`));
  const x = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const { n, sd } = trial;
  if (x.length !== n) throw new Error(`trial ${trial.id}: ${x.length} values, manifest says ${n}`);
  const semUnit = (EPS * sd) / Math.sqrt(n);
  const ratio = (err, unit) => (err === 0 ? 0 : unit === 0 ? Number.POSITIVE_INFINITY : Math.abs(err) / unit);
  const halfUlp = trial.mean[0] === 0 ? 0 : ulp(trial.mean[0]) / 2;
  const beyondRounding = (got) => Math.max(0, Math.abs(errorOf(got, trial.mean)) - halfUlp);
  const excess = (got) => ratio(beyondRounding(got), semUnit);
  let pivotSpread = 0;
  for (let i = 0; i < n; i++) pivotSpread += Math.abs(x[i] - x[0]);
  pivotSpread /= n;

  const one = summarize(x);
  const merged = [];
  for (let rep = 0; rep < 3; rep++) {
    const rand = rng(index * 3 + rep + 1);
    const batches = Math.floor(Math.exp(Math.log(2) + rand() * (Math.log(Math.min(1000, n)) - Math.log(2))));
    const parts = split(x, Math.max(2, batches), rand).map((p) => summarize(p));
    merged.push(rep < 2 ? merge(...shuffle(parts, rand)) : treeMerge(parts, rand));
  }

  const rows = [byKind, byFamily, byFamilySize].map((m, k) => {
    const key = [trial.kind, trial.family, `${trial.family}, ${sizeBucket(n)}`][k];
    if (!m.has(key)) m.set(key, { family: trial.family, smallest: n, ...newRow() });
    if (n < m.get(key).smallest) m.get(key).smallest = n;
    return m.get(key);
  });
  for (const row of rows) {
    row.trials++;
    for (const s of merged) {
      row.merges++;
      if (s.mean !== one.mean) row.meanDiffers++;
      if (s.variance() !== one.variance()) row.varianceDiffers++;
      if (trial.mean[0] !== 0) max(row, "meanUlpsApart", ulpsApart(s.mean, one.mean));
      max(row, "meanApartSem", ratio(s.mean - one.mean, semUnit));
      max(row, "meanDDApartSem", ratio(s.mean - one.mean + (s.meanLo - one.meanLo), semUnit));
      max(row, "meanDDApartSd", ratio(s.mean - one.mean + (s.meanLo - one.meanLo), EPS * sd));
      max(row, "varianceUlpsApart", ulpsApart(s.variance(), one.variance()));
      max(row, "mergedMeanUlps", ulpsOff(s.mean, trial.mean));
      max(row, "mergedMeanSem", ratio(errorOf(s.mean, trial.mean), semUnit));
      max(row, "mergedMeanSd", ratio(beyondRounding(s.mean), EPS * sd));
      max(row, "mergedMeanExcess", excess(s.mean));
      max(row, "mergedMeanDDSem", ratio(s.mean - trial.mean[0] + (s.meanLo - trial.mean[1]), semUnit));
      max(row, "mergedMeanDDSd", ratio(s.mean - trial.mean[0] + (s.meanLo - trial.mean[1]), EPS * sd));
      max(row, "mergedVarUlps", ulpsOff(s.variance(), trial.variance));
    }
    const oneErr = errorOf(one.mean, trial.mean);
    const npErr = errorOf(trial.numpyMean, trial.mean);
    max(row, "oneMeanUlps", ulpsOff(one.mean, trial.mean));
    max(row, "numpyMeanUlps", ulpsOff(trial.numpyMean, trial.mean));
    if (one.mean === trial.mean[0]) row.oneMeanRounded++;
    if (trial.numpyMean === trial.mean[0]) row.numpyMeanRounded++;
    max(row, "oneMeanSem", ratio(oneErr, semUnit));
    max(row, "oneMeanExcess", excess(one.mean));
    max(row, "numpyMeanExcess", excess(trial.numpyMean));
    max(row, "numpyMeanSem", ratio(npErr, semUnit));
    max(row, "oneMeanSd", ratio(beyondRounding(one.mean), EPS * sd));
    max(row, "numpyMeanSd", ratio(beyondRounding(trial.numpyMean), EPS * sd));
    max(row, "oneMeanPivot", ratio(Math.max(0, Math.abs(oneErr) - halfUlp), EPS * pivotSpread));
    max(row, "oneMeanPivotSqrt", ratio(Math.max(0, Math.abs(oneErr) - halfUlp), (EPS * pivotSpread) / Math.sqrt(n)));
    max(row, "oneMeanMax", ratio(oneErr, EPS * trial.maxAbs));
    max(row, "numpyMeanMax", ratio(npErr, EPS * trial.maxAbs));
    const oneDDErr = one.mean - trial.mean[0] + (one.meanLo - trial.mean[1]);
    max(row, "oneMeanDDSem", ratio(oneDDErr, semUnit));
    max(row, "oneMeanDDSd", ratio(oneDDErr, EPS * sd));
    max(row, "oneMeanDDPivot", ratio(oneDDErr, EPS * pivotSpread));
    max(row, "oneVarUlps", ulpsOff(one.variance(), trial.variance));
    max(row, "numpyVarUlps", ulpsOff(trial.numpyVariance, trial.variance));
    const m2Unit = EPS * trial.m2[0];
    max(row, "oneM2Rel", ratio(errorOf(one.m2, trial.m2), m2Unit));
    max(row, "oneM2DDRel", ratio(one.m2 - trial.m2[0] + (one.m2Lo - trial.m2[1]), m2Unit));
    if (n <= CHUNK) {
      row.oneChunk++;
      if (one.m2Lo === 0) row.oneChunkM2LoZero++;
    } else {
      row.manyChunks++;
      if (one.m2Lo === 0) row.manyChunksM2LoZero++;
    }
    if (one.meanLo === 0) row.meanLoZero++;
  }
}
const seconds = ((Date.now() - t0) / 1000).toFixed(1);

const f = (v, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : "∞");
const pct = (k, of) => `${k}/${of}`;
const trio = (r, key, digits) =>
  ["one", "merged", "numpy"]
    .filter((who) => `${who}${key}` in r)
    .map((who) => f(r[`${who}${key}`], digits))
    .join(" / ");
/** Prints rows ({ key: { column: value } }) as a Markdown table. */
function markdown(title, rows) {
  const keys = Object.keys(rows);
  const columns = Object.keys(rows[keys[0]]);
  console.log(`\n### ${title}\n`);
  console.log(`| | ${columns.map((c) => c.replaceAll("|", "\\|")).join(" | ")} |`);
  console.log(`|---|${columns.map(() => "---").join("|")}|`);
  for (const k of keys) console.log(`| ${k} | ${columns.map((c) => rows[k][c]).join(" | ")} |`);
}
function tables(map, label) {
  const a = {};
  const b = {};
  const c = {};
  for (const [key, r] of map) {
    a[key] = {
      "mean differs": pct(r.meanDiffers, r.merges),
      "max ulps apart": r.meanUlpsApart,
      "apart ÷ ε·sd/√n": f(r.meanApartSem, 2),
      "dd apart ÷ ε·sd/√n": f(r.meanDDApartSem, 2),
      "dd apart ÷ ε·sd": f(r.meanDDApartSd, 3),
      "variance differs": pct(r.varianceDiffers, r.merges),
      "var max ulps apart": r.varianceUlpsApart,
    };
    b[key] = {
      "rounded one/numpy": `${r.oneMeanRounded} / ${r.numpyMeanRounded} of ${r.trials}`,
      "mean ulps one/merged/numpy": trio(r, "MeanUlps", 1),
      "beyond ½ulp ÷ ε·sd/√n": trio(r, "MeanExcess", 2),
      "beyond ½ulp ÷ ε·sd": trio(r, "MeanSd", 3),
      "beyond ½ulp ÷ ε·mean|x−x0|": f(r.oneMeanPivot, 3),
      "… ÷ ε·mean|x−x0|/√n": f(r.oneMeanPivotSqrt, 2),
      "÷ ε·max|x| one/numpy": `${f(r.oneMeanMax, 3)} / ${f(r.numpyMeanMax, 3)}`,
      "var ulps one/merged/numpy": trio(r, "VarUlps", 2),
    };
    c[key] = {
      "m2Lo = 0, n ≤ 2048": pct(r.oneChunkM2LoZero, r.oneChunk),
      "m2Lo = 0, n > 2048": pct(r.manyChunksM2LoZero, r.manyChunks),
      "meanLo = 0": pct(r.meanLoZero, r.trials),
      "m2 ÷ ε·M2": f(r.oneM2Rel, 2),
      "m2+m2Lo ÷ ε·M2": f(r.oneM2DDRel, 2),
      "mean+meanLo ÷ ε·sd/√n one/merged": `${f(r.oneMeanDDSem, 2)} / ${f(r.mergedMeanDDSem, 2)}`,
      "mean+meanLo ÷ ε·sd one/merged": `${f(r.oneMeanDDSd, 3)} / ${f(r.mergedMeanDDSd, 3)}`,
      "mean+meanLo ÷ ε·mean|x−x0|": f(r.oneMeanDDPivot, 3),
    };
  }
  markdown(`A. merged vs one-shot, by ${label} (3 merges per trial)`, a);
  markdown(`B. mean and variance() against the exact values, worst per ${label}`, b);
  markdown(`C. low parts of summarize's double-doubles, by ${label}`, c);
}
const total = manifest.trials.reduce((acc, t) => acc + t.n, 0);
console.log(
  `${manifest.trials.length} trials, ${total} values (seed ${manifest.seed}${manifest.quick ? ", quick" : ""}, ` +
    `numpy ${manifest.numpy}), ${seconds} s`,
);
tables(byFamily, "family");
tables(byKind, "kind");
const d = {};
const families = [...byFamily.keys()];
const order = ([, r]) => families.indexOf(r.family) * 10 + Math.log10(r.smallest);
for (const [key, r] of [...byFamilySize].sort((p, q) => order(p) - order(q))) {
  d[key] = {
    trials: r.trials,
    "mean differs": pct(r.meanDiffers, r.merges),
    "max ulps apart": r.meanUlpsApart,
    "mean ulps one/numpy": `${f(r.oneMeanUlps)} / ${f(r.numpyMeanUlps)}`,
    "beyond ½ulp ÷ ε·sd/√n one/merged/numpy": trio(r, "MeanExcess", 2),
    "var ulps one/merged": `${f(r.oneVarUlps, 2)} / ${f(r.mergedVarUlps, 2)}`,
  };
}
markdown("D. by family and size", d);
if (jsonOut) {
  const plain = (m) => Object.fromEntries(m);
  writeFileSync(
    jsonOut,
    JSON.stringify({
      seed: manifest.seed,
      byFamily: plain(byFamily),
      byKind: plain(byKind),
      byFamilySize: plain(byFamilySize),
    }),
  );
}
