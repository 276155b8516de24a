#!/usr/bin/env node
// Peak memory (RSS) while summarizing a large stream generated on the fly (nothing is written
// to disk): by default 1e9 f64 values = 8 GB.
//
//   node scripts/rss-stream.mjs [--values 1e9] [--format f64le|text] [--dist dist]
//                               [--cli | --source reused|readable] [--main-loaded]
//
// --cli: the real command line, `generator | batchstats summarize -` (stdin a real pipe); the
//   peak is the CLI process's VmHWM from /proc/<pid>/status (Linux), read until it exits.
// otherwise summarizeStream in this process, the peak being process.resourceUsage().maxRSS
//   (the kernel's high-water mark, generator included), from one of two sources:
//   --source reused (default): an async generator that refills one buffer per chunk — safe, as
//     summarizeStream is done with a chunk before it asks for the next; this is batchstats' own
//     footprint;
//   --source readable: a Readable of a fresh 1 MiB Buffer per chunk (as sockets hand them over);
//     the peak then also holds the generator's garbage until V8 collects it.
// In this process only `batchstats/node` is loaded while the stream is summarized (the main
// entry, which checks the result, is loaded after the peak is read) unless --main-loaded, which
// loads it first, as a job that also runs t-tests would (it adds under 1 MB of RSS).
// The summary is checked against the values sent (computed without generating them again).
// Text takes about 100 ns per value to generate: use --values 1e8 with --format text.
//
// --hostile header|record|quoted|line: instead, an endless CSV (or text, for `line`) that never
//   ends what it starts — a header line (read with a named column), a record, a quoted field, a
//   text line — fed 1 MiB at a time (a fresh Buffer per chunk) until summarizeStream gives up;
//   prints the error code, the bytes it pulled, the time and the peak RSS. The job must fail
//   fast with E_FORMAT and memory stay flat.
// (needs `npm run build` first)
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: {
    values: { type: "string", default: "1e9" },
    format: { type: "string", default: "f64le" },
    cli: { type: "boolean", default: false },
    source: { type: "string", default: "reused" },
    dist: { type: "string", default: "dist" },
    "main-loaded": { type: "boolean", default: false },
    hostile: { type: "string" },
    generate: { type: "boolean", default: false }, // internal: be the generator process
  },
});
const total = Number(args.values);
const format = args.format;
const CHUNK_VALUES = 131_072; // 1 MiB of f64
const PERIOD = 10_007;

/** Value i of the stream: 1e6 + a grid of PERIOD points in [0, 1), visited in a scrambled order. */
const valueAt = (i) => 1e6 + ((i * 7919) % PERIOD) / PERIOD;

/**
 * The chunks of the stream, computed on the fly. `reuse`: one buffer refilled for every chunk
 * (f64le); otherwise a fresh Buffer per chunk, the way a socket or a pipe hands them over.
 */
function* chunks(reuse = false) {
  const shared = new Float64Array(CHUNK_VALUES);
  for (let sent = 0; sent < total; sent += CHUNK_VALUES) {
    const n = Math.min(CHUNK_VALUES, total - sent);
    const values = reuse ? shared.subarray(0, n) : new Float64Array(n);
    for (let j = 0; j < n; j++) values[j] = valueAt(sent + j);
    if (format === "text") yield Buffer.from(`${Array.from(values, String).join("\n")}\n`);
    else yield reuse ? new Uint8Array(values.buffer, 0, n * 8) : Buffer.from(values.buffer);
  }
}

if (args.generate) {
  for (const chunk of chunks()) {
    if (!process.stdout.write(chunk)) await new Promise((done) => process.stdout.once("drain", done));
  }
  process.exit(0);
}

const dist = resolve(args.dist);
/** The main entry, for checking the result; loaded after the peak is taken unless --main-loaded. */
const mainEntry = () => import(pathToFileURL(join(dist, "index.js")).href);
if (args["main-loaded"]) await mainEntry();

/**
 * The summary the stream must give, without generating it again: `total` values are ⌊total /
 * PERIOD⌋ full periods (each the same multiset of values) and a head of one, merged by doubling.
 */
async function expectedSummary() {
  const { merge, summarize } = await mainEntry();
  const period = summarize(Float64Array.from({ length: PERIOD }, (_, i) => valueAt(i)));
  let periods = Math.floor(total / PERIOD);
  let power = period;
  let all = summarize([]);
  while (periods > 0) {
    if (periods & 1) all = merge(all, power);
    power = merge(power, power);
    periods = Math.floor(periods / 2);
  }
  const head = total % PERIOD;
  return merge(all, summarize(Float64Array.from({ length: head }, (_, i) => valueAt(i))));
}

async function check(summary) {
  const want = await expectedSummary();
  const rel = (a, b) => Math.abs(a - b) / Math.abs(b);
  const ok =
    summary.count === want.count &&
    rel(summary.mean, want.mean) < 1e-12 &&
    rel(summary.variance(), want.variance()) < 1e-9;
  return {
    ok,
    count: summary.count,
    mean: summary.mean,
    variance: summary.variance(),
    expectedVariance: want.variance(),
  };
}

const started = process.hrtime.bigint();
const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;

/** The hostile inputs: [what comes first, the unit repeated for ever, the options]. */
const HOSTILE = {
  header: ["", "latency_ms,", { format: "csv", column: "latency_ms" }],
  record: ["a,b\n1,2\n", "3,", { format: "csv", column: "b" }],
  quoted: ['a,b\n1,"', "x\r\n", { format: "csv", column: "a" }],
  line: ["1\n2\n", "7", { format: "text" }],
};

if (args.hostile !== undefined) {
  const [head, unit, options] = HOSTILE[args.hostile] ?? [];
  if (unit === undefined) throw new Error(`--hostile must be one of ${Object.keys(HOSTILE).join(", ")}`);
  const { summarizeStream } = await import(pathToFileURL(join(dist, "node", "index.js")).href);
  const body = unit.repeat(Math.ceil((1 << 20) / unit.length));
  let pulled = 0;
  const source = Readable.from(
    (function* () {
      yield Buffer.from(head);
      for (;;) {
        pulled += body.length;
        yield Buffer.from(body); // fresh, as a socket hands chunks over
      }
    })(),
    { objectMode: false },
  );
  let outcome;
  try {
    await summarizeStream(source, options);
    outcome = { code: "none: it returned" };
  } catch (error) {
    outcome = { code: error.code, message: error.message };
  }
  const peakRssMB = +(process.resourceUsage().maxRSS / 1024).toFixed(1);
  console.log(
    JSON.stringify(
      { hostile: args.hostile, ...outcome, bytesPulled: pulled, seconds: +seconds().toFixed(3), peakRssMB },
      null,
      2,
    ),
  );
  process.exit(0);
}

let result;
if (!args.cli) {
  const { summarizeStream } = await import(pathToFileURL(join(dist, "node", "index.js")).href);
  const readable = args.source === "readable";
  const source = readable
    ? Readable.from(chunks(), { objectMode: false })
    : (async function* () {
        yield* chunks(true);
      })();
  const report = await summarizeStream(source, { format });
  const peakRssMB = +(process.resourceUsage().maxRSS / 1024).toFixed(1);
  result = {
    mode: `summarizeStream in this process (generator included${args["main-loaded"] ? ", main entry loaded" : ""}): ${readable ? "Readable, a fresh 1 MiB Buffer per chunk" : "async generator, one reused 1 MiB buffer"}`,
    peakRssMB,
    bytes: report.bytes,
    check: await check(report.summary),
  };
} else {
  // A shell pipeline, so the CLI's stdin is a real pipe (Node's own child stdio would be a socket).
  const script = fileURLToPath(import.meta.url);
  const cliScript = existsSync(join(dist, "cli.cjs")) ? join(dist, "cli.cjs") : join(dist, "cli", "main.js"); // package build, or tsc's
  const q = (x) => `'${x.replaceAll("'", "'\\''")}'`;
  const generate = [process.execPath, script, "--generate", "--values", args.values, "--format", format]
    .map(q)
    .join(" ");
  const summarizeCli = [process.execPath, cliScript, "summarize", "-", "--format", format].map(q).join(" ");
  const shell = spawn("sh", ["-c", `${generate} | ${summarizeCli} & echo $! >&2; wait $!`], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const cli = { pid: await new Promise((done) => shell.stderr.once("data", (d) => done(Number(String(d).trim())))) };
  shell.stderr.pipe(process.stderr);
  let peakKB = 0;
  const poll = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${cli.pid}/status`, "utf8"));
      if (m) peakKB = Math.max(peakKB, Number(m[1]));
    } catch {
      // the process has exited
    }
  }, 50);
  let stdout = "";
  shell.stdout.on("data", (d) => {
    stdout += d;
  });
  const code = await new Promise((done) => shell.on("close", done));
  clearInterval(poll);
  const { Summary } = await mainEntry();
  result = {
    mode: "generator | batchstats summarize - (the CLI process, stdin a pipe)",
    exitCode: code,
    peakRssMB: +(peakKB / 1024).toFixed(1),
    check: code === 0 ? await check(Summary.fromJSON(stdout.trim())) : undefined,
  };
}
console.log(
  JSON.stringify({ values: total, format, bytes: result.bytes, seconds: +seconds().toFixed(1), ...result }, null, 2),
);
