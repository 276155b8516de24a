#!/usr/bin/env node
/**
 * The `batchstats` executable (package.json `bin`, built to dist/cli.cjs). See program.ts for
 * the commands and exit-codes.ts for the exit codes.
 */
import { fstatSync } from "node:fs";
import { endOnClosedPipe } from "./closed-pipe.js";
import { runFastPath } from "./fast-path.js";
import type { CliIo } from "./io.js";

/** Stdin's descriptor when it is a regular file, read from its offset (see CliIo.stdinFd). */
function stdinFile(): { stdinFd?: number } {
  try {
    return fstatSync(0).isFile() ? { stdinFd: 0 } : {};
  } catch {
    return {}; // no stdin at all: reading it as a stream reports that
  }
}

/**
 * A plain `ttest`, `merge` or `bayes` runs without commander (fast-path.ts); anything else, `--help`
 * and every usage error included, is parsed by commander (program.ts, loaded only then).
 */
async function main(argv: string[], io: CliIo): Promise<number> {
  const code = await runFastPath(argv, io);
  if (code !== undefined) return code;
  const { run } = await import("./program.js");
  return run(argv, io);
}

endOnClosedPipe(process.stdout, (code) => process.exit(code));

// stdin is a getter: `process.stdin` opens a stream (a socket when it is a pipe), which only the
// commands that read stdin need. No top-level await: the build is CommonJS (see tsup.config.ts).
void main(process.argv.slice(2), {
  get stdin() {
    return process.stdin;
  },
  stdout: process.stdout,
  stderr: process.stderr,
  ...stdinFile(),
}).then((code) => {
  process.exitCode = code;
});
