#!/usr/bin/env node
/**
 * The `batchstats` executable (package.json `bin`, built to dist/cli.cjs). See program.ts for
 * the commands and exit-codes.ts for the exit codes.
 */
import { statSync } from "node:fs";
import { endOnClosedPipe } from "./closed-pipe.js";
import { runFastPath } from "./fast-path.js";
import type { CliIo } from "./io.js";

/** /dev/stdin when stdin can be opened through it: a file, pipe or terminal, but not a socket (open fails with ENXIO). */
function stdinPath(): { stdinPath?: string } {
  if (process.platform === "win32") return {};
  try {
    return statSync("/dev/stdin").isSocket() ? {} : { stdinPath: "/dev/stdin" };
  } catch {
    return {};
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
  ...stdinPath(),
}).then((code) => {
  process.exitCode = code;
});
