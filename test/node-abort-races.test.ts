/**
 * Jobs that must stop: a file truncated or grown while it is read (E_IO, never a partial
 * summary), gzip files, and cancellation with an AbortSignal — from /dev/zero, endless
 * generators, silent streams, and worker threads — which must reject with the signal's reason
 * within 100 ms, leaving the source closed and no worker busy.
 */
import { execFileSync } from "node:child_process";
import { appendFileSync, createWriteStream, truncateSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BatchStatsError } from "../src/errors.js";
import { summarize } from "../src/index.js";
import { type Format, IngestError, summarizeFile, summarizeStream } from "../src/node/index.js";
import { workerPoolStats } from "../src/node/files/worker-pool.js";
import { testWorkerUrl } from "./support/node-build.js";

let dir = "";
const at = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "batchstats-node-abort-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e,
  );
}

/** 3 MiB of one-number lines in `format` (three read chunks). */
function bigText(format: Format): string {
  const lines = Array.from({ length: 400_000 }, (_, k) => String(k % 1000));
  return format === "csv" ? `v\n${lines.join("\n")}\n` : `${lines.join("\n")}\n`;
}

describe("a file that changes while it is read is E_IO, never a partial summary", () => {
  const cases: [string, Format, (path: string, text: string) => Buffer | string][] = [
    ["text", "text", (_, text) => text],
    ["csv", "csv", (_, text) => text],
    ["gzip text", "text", (_, text) => gzipSync(text)],
    ["f32le", "f32le", () => Buffer.from(new Float32Array(800_000).fill(1.5).buffer)],
  ];
  it.each(cases)("%s, truncated", async (_, format, content) => {
    const path = at(`truncated-${_}`);
    const bytes = content(path, bigText(format));
    await writeFile(path, bytes);
    let cut = false;
    const e = await rejection(
      summarizeFile(path, {
        format,
        onProgress: () => {
          if (!cut) truncateSync(path, Math.floor(bytes.length / 3));
          cut = true;
        },
      }),
    );
    expect(e).toBeInstanceOf(IngestError);
    expect((e as IngestError).code).toBe("E_IO");
  });

  it.each(cases)("%s, grown", async (_, format, content) => {
    const path = at(`grown-${_}`);
    await writeFile(path, content(path, bigText(format)));
    let grown = false;
    const e = await rejection(
      summarizeFile(path, {
        format,
        onProgress: () => {
          if (!grown) appendFileSync(path, "1\n2\n3\n4\n");
          grown = true;
        },
      }),
    );
    expect((e as IngestError).code).toBe("E_IO");
  });

  it("reads a gzip text file like its plain text", async () => {
    const text = bigText("csv");
    await writeFile(at("plain.csv"), text);
    await writeFile(at("packed.csv"), gzipSync(text));
    const plain = await summarizeFile(at("plain.csv"), { format: "csv" });
    const packed = await summarizeFile(at("packed.csv"), { format: "csv", workers: 2 });
    expect(packed.summary.toJSON()).toEqual(plain.summary.toJSON());
    expect(packed.records).toBe(plain.records);
  });
});

/** Aborts `controller` after `ms`, and records when the abort took effect. */
function abortAfter(controller: AbortController, ms: number, reason: unknown) {
  const when = { at: Number.NaN };
  controller.signal.addEventListener("abort", () => {
    when.at = performance.now();
  });
  setTimeout(() => controller.abort(reason), ms);
  return when;
}

describe("cancellation", () => {
  it("stops reading /dev/zero within 100 ms of the abort, with the signal's reason", async () => {
    const controller = new AbortController();
    const reason = new Error("enough");
    const aborted = abortAfter(controller, 50, reason);
    const e = await rejection(summarizeFile("/dev/zero", { format: "f64le", signal: controller.signal }));
    expect(e).toBe(reason);
    expect(performance.now() - aborted.at).toBeLessThan(100);
  });

  it("stops an endless synchronous generator and closes it", async () => {
    let closed = false;
    function* endless() {
      try {
        for (;;) yield "1\n2\n3\n";
      } finally {
        closed = true;
      }
    }
    const controller = new AbortController();
    const aborted = abortAfter(controller, 30, "stop");
    const e = await rejection(summarizeStream(endless(), { format: "text", signal: controller.signal }));
    expect(e).toBe("stop");
    expect(performance.now() - aborted.at).toBeLessThan(100);
    expect(closed).toBe(true);
  });

  it("stops a stream that never sends anything, and destroys it", async () => {
    const silent = new Readable({ read() {} });
    const signal = AbortSignal.timeout(30);
    const e = await rejection(summarizeStream(silent, { format: "csv", signal }));
    expect((e as Error).name).toBe("TimeoutError");
    expect(silent.destroyed).toBe(true);
  });

  it("rejects at once with an already-aborted signal, reading nothing", async () => {
    let pulled = 0;
    const source = {
      *[Symbol.iterator]() {
        pulled++;
        yield "1\n";
      },
    };
    const controller = new AbortController();
    controller.abort(new BatchStatsError("E_IO", "gone"));
    const e = await rejection(summarizeStream(source, { format: "text", signal: controller.signal }));
    expect(e).toBe(controller.signal.reason);
    expect(pulled).toBe(0);
    expect(await rejection(summarizeFile("/dev/zero", { format: "f64le", signal: controller.signal }))).toBe(
      controller.signal.reason,
    );
  });

  it("stops worker threads too: none is left busy, and they serve the next call", async () => {
    const path = at("big.txt");
    await writeFile(path, Buffer.alloc(70 << 20, "1\n")); // 3 ranges of text
    const workerUrl = testWorkerUrl();
    const controller = new AbortController();
    let aborted = Number.NaN;
    const e = await rejection(
      summarizeFile(path, {
        format: "text",
        workers: 2,
        workerUrl,
        signal: controller.signal,
        onProgress: (done) => {
          if (done > 40 << 20 && Number.isNaN(aborted)) {
            aborted = performance.now();
            controller.abort("stop"); // the second range is being read by the worker
          }
        },
      }),
    );
    expect(e).toBe("stop");
    expect(performance.now() - aborted).toBeLessThan(100);
    expect(workerPoolStats().busy).toBe(0);
    const small = at("small.txt");
    await writeFile(small, "1\n2\n3\n");
    const r = await summarizeFile(small, { format: "text", workers: 2, workerUrl });
    expect(r.summary.toJSON()).toEqual(summarize([1, 2, 3]).toJSON());
  });
});

describe("cancellation of a pipe that never sends", () => {
  it("rejects at once, though the read in flight cannot be cancelled", async () => {
    const fifo = at("silent-pipe");
    execFileSync("mkfifo", [fifo]);
    const writer = createWriteStream(fifo); // opened, never written: reads wait
    const signal = AbortSignal.timeout(50);
    const started = performance.now();
    const e = await rejection(summarizeFile(fifo, { format: "text", signal }));
    expect((e as Error).name).toBe("TimeoutError");
    expect(performance.now() - started).toBeLessThan(150);
    writer.end("1\n"); // lets the read in flight return, so the file closes
  });
});

describe("a huge chunk without a line break is refused before it is copied", () => {
  it.each(["text", "csv"] as const)("%s", async (format) => {
    const chunk = new Uint8Array(64 << 20).fill(0x37); // "7777…", 64 MiB in one chunk
    const before = process.memoryUsage().arrayBuffers;
    const e = await rejection(summarizeStream([chunk], { format }));
    expect((e as IngestError).code).toBe("E_FORMAT");
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8 << 20);
  });
});
