/** The streams a command uses: process.stdin/stdout/stderr, or test doubles. */
export interface CliIo {
  stdin: NodeJS.ReadableStream & AsyncIterable<Buffer | string>;
  /**
   * A path that opens stdin afresh (`/dev/stdin`), when there is one: `summarize -` then reads
   * it through reused buffers (no garbage per chunk), and a redirected file (`< data.f64`) like
   * any file — with its size for the progress bar, and worker threads.
   */
  stdinPath?: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Writes one line. */
export function writeLine(stream: NodeJS.WritableStream, line: string): void {
  stream.write(`${line}\n`);
}
