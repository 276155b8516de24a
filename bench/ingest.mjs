#!/usr/bin/env node
// File ingest speed from the page cache: summarizeFile with 1 thread and with N threads (the
// calling one and N − 1 worker threads), against a plain read of the same file (the ceiling).
//
// Usage: node bench/ingest.mjs [--format f64le|text|csv] [--gib 2] [--rounds 7] [--workers 1,2]
//                              [--dist dist] [--file PATH]
//   (needs `npm run build` first; the file is generated once in the temp directory, then reused;
//   text and CSV hold numbers like 4821.337, which the parser reads without making strings)
//
// Variants run interleaved, one run each per round, rotating the order, so load from other work
// on the machine hits all alike; figures are medians over rounds. Wall-clock GB/s is what a job
// sees; CPU seconds (all threads of this process) show the work itself. The load average
// (`uptime`) before and after is printed, and a control (pure arithmetic in 1 thread vs split over
// 2) measures the parallelism the machine gives right now: on a shared machine, read the ratios.
import { open, stat } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";

const { values: args } = parseArgs({
  options: {
    format: { type: "string", default: "f64le" },
    gib: { type: "string", default: "2" },
    rounds: { type: "string", default: "7" },
    workers: { type: "string", default: "1,2" },
    dist: { type: "string", default: "dist" },
    file: { type: "string" },
  },
});
const dist = resolve(args.dist);
const { summarizeFile } = await import(pathToFileURL(join(dist, "node", "index.js")).href);
const { backend } = await import(pathToFileURL(join(dist, "index.js")).href);

const format = args.format;
const target = Math.round((Number(args.gib) * 2 ** 30) / 8) * 8;
const path = args.file ?? join(tmpdir(), `batchstats-ingest-${target}.${format}`);
const options = format === "csv" ? { format, column: "value" } : { format };

/** 1 Mi values: ≈ 1e6 + U(0, 1) for f64le; U(0, 10⁴) to 3 decimals for text and CSV (xorshift32). */
function block(state) {
  const out = new Float64Array(1 << 20);
  let s = state.s;
  for (let i = 0; i < out.length; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = format === "f64le" ? 1e6 + s / 4294967296 : Math.round((s / 4294967296) * 1e7) / 1e3;
  }
  state.s = s;
  return out;
}

/** Writes about `target` bytes of the format (binary: exactly), 1 Mi values at a time, unless the file is there. */
async function ensureFile() {
  const existing = await stat(path).catch(() => undefined);
  if (existing !== undefined && (format !== "f64le" || existing.size === target)) return;
  const fh = await open(path, "w");
  const state = { s: 0x2545f491 };
  let written = 0;
  if (format === "csv") written += (await fh.write("id,value,note\r\n")).bytesWritten;
  for (let row = 0; written < target; ) {
    const values = block(state);
    let chunk;
    if (format === "f64le") chunk = new Uint8Array(values.buffer, 0, Math.min(values.byteLength, target - written));
    else if (format === "text") chunk = Buffer.from(`${Array.from(values, (v) => v.toFixed(3)).join("\n")}\n`);
    else chunk = Buffer.from(Array.from(values, (v) => `${row++},${v.toFixed(3)},"a, b"\r\n`).join(""));
    written += (await fh.write(chunk)).bytesWritten;
  }
  await fh.close();
}

/** Reads the whole file into one reused 4 MiB buffer: what the page cache gives, no work done. */
async function plainRead() {
  const fh = await open(path, "r");
  const buf = Buffer.allocUnsafeSlow(4 << 20);
  let position = 0;
  for (;;) {
    const { bytesRead } = await fh.read(buf, 0, buf.length, position);
    if (bytesRead === 0) break;
    position += bytesRead;
  }
  await fh.close();
  return position;
}

/**
 * Control: the same fixed amount of pure arithmetic (no memory traffic) in 1 thread, then split
 * over 2 worker threads. Its ratio is the parallelism the machine gives this process right now
 * (≈ 2 on an idle 2-core machine, ≈ 1 when other jobs hold a core): the ceiling for workers=2.
 */
async function control(threads) {
  const code = `const { parentPort, workerData } = require("node:worker_threads");
    let x = 0; for (let i = 0; i < workerData; i++) x += Math.sqrt(i); parentPort.postMessage(x);`;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from(
      { length: threads },
      () => new Promise((done) => new Worker(code, { eval: true, workerData: 4e8 / threads }).on("message", done)),
    ),
  );
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function timed(fn) {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const result = await fn();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, result };
}

await ensureFile();
const bytes = (await stat(path)).size;
const loadBefore = loadavg();
const workerCounts = args.workers.split(",").map(Number);
const variants = [
  { id: "plain read", fn: plainRead },
  ...workerCounts.map((w) => ({
    id: `summarizeFile workers=${w}`,
    fn: () => summarizeFile(path, { ...options, workers: w }),
  })),
];
let expected;
for (const v of variants) {
  const { result } = await timed(v.fn); // warm-up: page cache, V8 tiers, worker script compiled
  if (typeof result === "object") {
    expected ??= result.summary;
    if (result.summary.count !== expected.count || result.summary.mean !== expected.mean)
      throw new Error(`${v.id}: wrong summary`);
  }
}
const runs = new Map(variants.map((v) => [v.id, []]));
const controls = { 1: [], 2: [] };
const rounds = Number(args.rounds);
for (let r = 0; r < rounds; r++) {
  const order = variants.map((_, i) => variants[(i + r) % variants.length]);
  for (const v of order) runs.get(v.id).push(await timed(v.fn));
  for (const t of [1, 2]) controls[t].push(await control(t));
}
const out = {};
for (const [id, list] of runs) {
  out[id] = {
    gbPerSecond: +(bytes / median(list.map((x) => x.seconds)) / 1e9).toFixed(2),
    medianSeconds: +median(list.map((x) => x.seconds)).toFixed(3),
    cpuSeconds: +median(list.map((x) => x.cpuSeconds)).toFixed(3),
    allGbPerSecond: list.map((x) => +(bytes / x.seconds / 1e9).toFixed(2)),
  };
}
const one = out["summarizeFile workers=1"];
const ratios = Object.fromEntries(
  workerCounts
    .filter((w) => w > 1)
    .map((w) => [
      `workers=${w} / workers=1`,
      +(one.medianSeconds / out[`summarizeFile workers=${w}`].medianSeconds).toFixed(2),
    ]),
);
console.log(
  JSON.stringify(
    {
      file: path,
      format,
      gib: +(bytes / 2 ** 30).toFixed(3),
      node: process.version,
      backend: backend().name,
      cpus: cpus().length,
      rounds,
      loadAverageBefore: loadBefore.map((x) => +x.toFixed(2)),
      loadAverageAfter: loadavg().map((x) => +x.toFixed(2)),
      results: out,
      speedup: ratios,
      controlParallelism: +(median(controls[1]) / median(controls[2])).toFixed(2),
    },
    null,
    2,
  ),
);
