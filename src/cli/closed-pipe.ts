/**
 * The exit code when stdout is closed by its reader before everything is written: 128 + 13
 * (SIGPIPE), what a shell reports for a command that a closed pipe ended (`yes | head -1`).
 */
export const EXIT_CLOSED_PIPE = 141;

/**
 * Ends the process quietly, with `EXIT_CLOSED_PIPE`, when a write to `stdout` fails with EPIPE:
 * its reader has gone (`batchstats summarize --group-by arm data.csv | head -1`), so nothing
 * more can be shown and there is no one to tell. Node ignores SIGPIPE, so without this the
 * failed write would be an unhandled error with a stack trace. Other write errors are thrown unchanged.
 *
 * @example
 * ```ts
 * endOnClosedPipe(process.stdout, (code) => process.exit(code));
 * ```
 */
export function endOnClosedPipe(stdout: NodeJS.WritableStream, exit: (code: number) => void): void {
  stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    exit(EXIT_CLOSED_PIPE);
  });
}
