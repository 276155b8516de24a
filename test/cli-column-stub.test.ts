/**
 * The command line's side of a CSV whose column must be chosen, in-process, with the library's
 * error stubbed as the library will throw it (E_BAD_ARGUMENT, field `options.column`, a
 * `columns` list): exit code 1 and one line listing the columns. The same case end-to-end
 * against the real library is in cli-summarize.test.ts.
 */
import { PassThrough } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { run } from "../src/cli/program.js";
import { BatchStatsError } from "../src/errors.js";

vi.mock("../src/node/summarize-stream.js", () => ({
  summarizeStream: async () => {
    throw Object.assign(
      new BatchStatsError("E_BAD_ARGUMENT", "<stdin> has 2 columns; say which with options.column", {
        field: "options.column",
      }),
      { columns: ["user id", "latency"] },
    );
  },
}));

function memoryIo(stdin: string) {
  const text = { stdout: "", stderr: "" };
  const sink = (key: "stdout" | "stderr") =>
    Object.assign(new PassThrough(), {
      write: (s: string) => {
        text[key] += s;
        return true;
      },
    });
  const input = new PassThrough();
  input.end(stdin);
  return { io: { stdin: input, stdout: sink("stdout"), stderr: sink("stderr") }, text };
}

describe("a CSV with several columns and no --column (library error stubbed)", () => {
  it("exits 1 with the columns and how to choose one, on one line", async () => {
    const { io, text } = memoryIo("user id,latency\n1,2\n");
    const code = await run(["summarize", "-", "--format", "csv"], io);
    expect([code, text.stdout, text.stderr]).toEqual([
      1,
      "",
      'batchstats: <stdin>: the CSV has 2 columns: 0 "user id", 1 "latency"; choose one with --column <name|index>, e.g. --column "latency" or --column 1 (E_BAD_ARGUMENT)\n',
    ]);
  });
});
