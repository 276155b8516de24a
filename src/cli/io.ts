/** The streams a command uses: process.stdin/stdout/stderr, or test doubles. */
export interface CliIo {
  stdin: NodeJS.ReadableStream & AsyncIterable<Buffer | string>;
  /**
   * Stdin's file descriptor (0) when it is a regular file (`< data.f64`): `summarize -` then
   * reads it through reused buffers (no garbage per chunk), from the offset it was given at —
   * never reopened, so what the shell or an earlier reader left of it is what is read. Else
   * (a pipe, a terminal, a socket) stdin is read as the stream `stdin`.
   */
  stdinFd?: number;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Writes one line. */
export function writeLine(stream: NodeJS.WritableStream, line: string): void {
  stream.write(`${line}\n`);
}
