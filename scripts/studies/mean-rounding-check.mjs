#!/usr/bin/env node
// The mean-rounding study (see mean-rounding-cases.py): how often summarize(x).mean and numpy's
// mean are the correctly rounded mean, by kind of data; then the same for random 0/1 arrays
// (conversions), whose exact mean k/n needs no reference file. Needs `npm run build`.
// Usage: node scripts/studies/mean-rounding-check.mjs /tmp/mean-cases.json
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const { summarize } = await import(pathToFileURL(resolve("dist/index.js")).href);
const cases = JSON.parse(readFileSync(process.argv[2], "utf8"));
const rows = {};
for (const c of cases) {
  rows[c.kind] ??= { arrays: 0, batchstatsCorrect: 0, numpyCorrect: 0 };
  const row = rows[c.kind];
  row.arrays++;
  if (summarize(c.x).mean === c.exact) row.batchstatsCorrect++;
  if (c.numpy === c.exact) row.numpyCorrect++;
}
console.table(rows);

let seed = 12345;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
let wrong = 0;
let total = 0;
for (const n of [2, 3, 5, 7, 10, 30, 100, 1000, 10000, 100000]) {
  for (let t = 0; t < 200; t++) {
    const p = rnd();
    const x = Array.from({ length: n }, () => (rnd() < p ? 1 : 0));
    const k = x.reduce((a, b) => a + b, 0);
    total++;
    if (summarize(x).mean !== k / n) wrong++;
  }
}
console.log(`0/1 arrays whose mean is not exactly k/n: ${wrong} of ${total}`);
