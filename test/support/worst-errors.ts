/**
 * Keeps the worst error seen per quantity in an accuracy test and, when the environment variable
 * `envVar` is set, prints them after the file's tests (e.g. `DIST_REPORT=1 npx vitest run …`).
 */
import { afterAll } from "vitest";

/** Returns `record(what, err, at)`, which notes err for `what` (at: where) and returns err. */
export function worstErrors(
  envVar: string,
  title: string,
  width = 32,
): (what: string, err: number, at: string) => number {
  const worst = new Map<string, { err: number; at: string }>();
  afterAll(() => {
    if (!process.env[envVar]) return;
    const rows = [...worst.entries()]
      .sort()
      .map(([q, { err, at }]) => `${q.padEnd(width)} ${err.toExponential(2)}  ${at}`);
    console.log(`${title}\n${rows.join("\n")}`);
  });
  return (what, err, at) => {
    const w = worst.get(what);
    if (!w || err > w.err) worst.set(what, { err, at });
    return err;
  };
}
