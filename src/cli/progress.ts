import cliProgress from "cli-progress";

/** Inputs smaller than this get no progress bar: they are done before it would be read. */
export const PROGRESS_MIN_BYTES = 64 << 20;

/** A progress display for bytes summarized. */
export interface Progress {
  /** Sets the bytes done so far. */
  update(done: number): void;
  /** Removes the bar (it is cleared, so only the results stay on screen). */
  stop(): void;
}

const SILENT: Progress = { update() {}, stop() {} };

function bytes(n: number): string {
  if (n >= 1 << 30) return `${(n / 2 ** 30).toFixed(2)} GiB`;
  if (n >= 1 << 20) return `${(n / 2 ** 20).toFixed(1)} MiB`;
  return `${(n / 1024).toFixed(0)} KiB`;
}

/**
 * A progress bar on `stream` (stderr) for `total` bytes — bytes done, total and rate — when
 * `stream` is a terminal, the input is at least PROGRESS_MIN_BYTES and the user did not ask for
 * quiet; otherwise a display that shows nothing (so logs and pipes get no control characters).
 */
export function createProgress(
  total: number,
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  quiet: boolean,
): Progress {
  if (quiet || stream.isTTY !== true || !(total >= PROGRESS_MIN_BYTES)) return SILENT;
  const started = Date.now();
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: "{bar} {percentage}% | {doneBytes} of {totalBytes} | {rate}/s | ETA {eta_formatted}",
      hideCursor: true,
      clearOnComplete: true,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const payload = (done: number) => {
    const seconds = Math.max((Date.now() - started) / 1000, 1e-3);
    return { doneBytes: bytes(done), totalBytes: bytes(total), rate: bytes(done / seconds) };
  };
  bar.start(total, 0, payload(0));
  return {
    update(done) {
      bar.update(Math.min(done, total), payload(done));
    },
    stop() {
      bar.stop();
    },
  };
}
