import { type BayesFlags, bayesCommand } from "./bayes-command.js";
import { EXIT, reportFailure } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { mergeCommand } from "./merge-command.js";
import { type TTestFlags, ttestCommand } from "./ttest-command.js";

/** The commands fast-path.ts runs without commander. */
export type PlainCommand = "ttest" | "merge" | "bayes";

/**
 * Runs a command whose arguments fast-path.ts parsed (the positional arguments, and the flags
 * commander would give it) and returns the exit code: what program.ts's `run` does once commander
 * has parsed them. One file in the build, so that a `batchstats ttest` loads two: this and the bin.
 *
 * @example
 * ```ts
 * process.exitCode = await runPlain("merge", ["a.json", "b.json"], {}, io);
 * ```
 */
export async function runPlain(
  command: PlainCommand,
  positionals: string[],
  flags: Record<string, unknown>,
  io: CliIo,
): Promise<number> {
  const [a, b] = positionals as [string, string];
  try {
    if (command === "ttest") await ttestCommand(a, b, flags as unknown as TTestFlags, io);
    else if (command === "bayes") await bayesCommand(a, b, flags as unknown as BayesFlags, io);
    else await mergeCommand(positionals, io);
    return EXIT.ok;
  } catch (error) {
    return reportFailure(error, io.stderr);
  }
}
