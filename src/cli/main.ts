#!/usr/bin/env node
/**
 * The `batchstats` executable (package.json `bin`, built to dist/cli.js). See program.ts for
 * the commands and exit-codes.ts for the exit codes.
 */
import { statSync } from "node:fs";
import { run } from "./program.js";

/** /dev/stdin when stdin can be opened through it: a file, pipe or terminal, but not a socket (open fails with ENXIO). */
function stdinPath(): { stdinPath?: string } {
  if (process.platform === "win32") return {};
  try {
    return statSync("/dev/stdin").isSocket() ? {} : { stdinPath: "/dev/stdin" };
  } catch {
    return {};
  }
}

process.exitCode = await run(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  ...stdinPath(),
});
