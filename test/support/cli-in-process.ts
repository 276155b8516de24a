/**
 * Runs the command line in this process and captures what it prints: `runner` is program.ts's `run`
 * or fast-path.ts's `runFastPath`, given streams in place of the process's.
 */
import { PassThrough } from "node:stream";
import type { CliIo } from "../../src/cli/io.js";

/** The exit code (undefined where the fast path declined the arguments) and what went to stdout and stderr. */
export interface Printed {
  code: number | undefined;
  out: string;
  err: string;
}

/** Runs `argv` through `runner` with `stdin` as its standard input (empty unless given). */
export async function runInProcess(
  runner: (argv: string[], io: CliIo) => Promise<number | undefined>,
  argv: string[],
  stdin = "",
): Promise<Printed> {
  const input = new PassThrough();
  input.end(stdin);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c) => {
    out += c;
  });
  stderr.on("data", (c) => {
    err += c;
  });
  const code = await runner(argv, { stdin: input as never, stdout, stderr });
  return { code, out, err };
}
