import { BatchStatsError } from "../errors.js";

const REASONS: Record<string, string> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EISDIR: "is a directory",
  EMFILE: "too many open files",
};

/**
 * The `E_IO` error for a summary file that cannot be opened or read, worded as `summarize`
 * words it ("a.json: cannot read: no such file (ENOENT)"), without loading the ingest code.
 *
 * @example
 * ```ts
 * cannotRead("a.json", Object.assign(new Error("…"), { code: "ENOENT" })).message;
 * // => "a.json: cannot read: no such file (ENOENT)"
 * ```
 */
export function cannotRead(path: string, cause: unknown): BatchStatsError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  const reason = (code !== undefined && REASONS[code]) || (cause instanceof Error ? cause.message : String(cause));
  return new BatchStatsError("E_IO", `${path}: cannot read: ${reason}${code === undefined ? "" : ` (${code})`}`);
}
