/**
 * The progress bar: shown on a terminal for large inputs (bytes done, total, rate), cleared at
 * the end; never on a pipe or a log file, for small inputs, or with --quiet.
 */
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createProgress, PROGRESS_MIN_BYTES } from "../src/cli/progress.js";

/** A stream that records what is written, and says whether it is a terminal. */
function terminal(isTTY: boolean): Writable & { isTTY: boolean; columns: number; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as Writable & { isTTY: boolean; columns: number; text: () => string };
  stream.isTTY = isTTY;
  stream.columns = 120;
  // cli-progress moves the cursor on a terminal:
  Object.assign(stream, { cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  stream.text = () => chunks.join("");
  return stream;
}

describe("progress bar", () => {
  it("shows bytes done, the total and the rate on a terminal", () => {
    const tty = terminal(true);
    const total = 2 * PROGRESS_MIN_BYTES;
    const progress = createProgress(total, tty, false);
    progress.update(total / 2);
    progress.stop();
    expect(tty.text()).toMatch(/50% \| 64\.0 MiB of 128\.0 MiB \| [\d.]+ (KiB|MiB|GiB)\/s/);
  });

  it("shows nothing on a pipe, for a small input, or when quiet", () => {
    for (const [isTTY, total, quiet] of [
      [false, 2 * PROGRESS_MIN_BYTES, false],
      [true, PROGRESS_MIN_BYTES - 1, false],
      [true, 2 * PROGRESS_MIN_BYTES, true],
      [true, 0, false], // stdin: size unknown
    ] as const) {
      const stream = terminal(isTTY);
      const progress = createProgress(total, stream, quiet);
      progress.update(total / 2);
      progress.stop();
      expect(stream.text()).toBe("");
    }
  });
});
