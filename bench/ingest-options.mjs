#!/usr/bin/env node
// What the ingest options cost: one CSV column, the same with `clip`, two columns as pairs
// (`summarizePairFile`), f64le with and without `clip` — and, with --base-dist, the plain
// variants of another build (e.g. the main branch's dist/) beside them, to see a change of the
// decoders. One thread, files in the page cache.
//
// Usage: node bench/ingest-options.mjs [--values 16000000] [--rounds 7] [--dist dist] [--base-dist DIR]
//   (needs `npm run build` first; the files are generated once in the temp directory, then reused)
//
// Variants run interleaved, one run each per round, rotating the order, so load from other work
// hits all alike; figures are medians over rounds, with every round's time so the spread shows.
// The load average before and after is printed: on a shared machine, read the ratios.
import { existsSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: {
    values: { type: "string", default: "16000000" },
    rounds: { type: "string", default: "7" },
    dist: { type: "string", default: "dist" },
    "base-dist": { type: "string" },
  },
});
const load = (dir) => import(pathToFileURL(join(resolve(dir), "node", "index.js")).href);
const node = await load(args.dist);
const base = args["base-dist"] === undefined ? undefined : await load(args["base-dist"]);
const n = Number(args.values);
const csv = join(tmpdir(), `batchstats-options-${n}.csv`);
const f64 = join(tmpdir(), `batchstats-options-${n}.f64`);

/** n values U(0, 10⁴) to 3 decimals (xorshift32); the CSV has id, value and pre = 0.9·value. */
function ensureFiles() {
  if (existsSync(csv) && existsSync(f64)) return;
  const values = new Float64Array(n);
  const parts = ["id,value,pre\n"];
  let rows = [];
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    values[i] = Math.round((s / 4294967296) * 1e7) / 1e3;
    rows.push(`${i},${values[i]},${(values[i] * 0.9).toFixed(3)}`);
    if (rows.length === 100_000) {
      parts.push(`${rows.join("\n")}\n`);
      rows = [];
    }
  }
  parts.push(rows.length > 0 ? `${rows.join("\n")}\n` : "");
  writeFileSync(csv, parts.join(""));
  writeFileSync(f64, new Uint8Array(values.buffer));
}

const clip = [1000, 9000]; // 20 % of the values are clamped
const variants = {
  "csv column": () => node.summarizeFile(csv, { format: "csv", column: "value" }),
  "csv column, clip": () => node.summarizeFile(csv, { format: "csv", column: "value", clip }),
  "csv pairs": () => node.summarizePairFile(csv, { y: "value", x: "pre" }),
  f64: () => node.summarizeFile(f64, { format: "f64le" }),
  "f64, clip": () => node.summarizeFile(f64, { format: "f64le", clip }),
};
if (base !== undefined) {
  variants["csv column (base)"] = () => base.summarizeFile(csv, { format: "csv", column: "value" });
  variants["f64 (base)"] = () => base.summarizeFile(f64, { format: "f64le" });
}

ensureFiles();
const names = Object.keys(variants);
const times = Object.fromEntries(names.map((name) => [name, []]));
for (const name of names) await variants[name](); // warm-up: page cache, V8 tiers
const loadBefore = loadavg();
for (let r = 0; r < Number(args.rounds); r++) {
  const k = r % names.length;
  for (const name of [...names.slice(k), ...names.slice(0, k)]) {
    const t0 = performance.now();
    await variants[name]();
    times[name].push((performance.now() - t0) / 1e3);
  }
}
const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
const fmt = (xs) => xs.map((x) => x.toFixed(2)).join(" ");
console.log(`${n} values; load average before ${fmt(loadBefore)}, after ${fmt(loadavg())}`);
for (const name of names) {
  const m = median(times[name]);
  console.log(
    `${name.padEnd(18)} ${m.toFixed(3)} s  ${(n / m / 1e6).toFixed(1)} M values/s  (rounds: ${fmt(times[name])})`,
  );
}
