import { Command, CommanderError, Option } from "commander";
import { VERSION } from "../version.js";
import { errorLine, EXIT, exitCodeFor } from "./exit-codes.js";
import {
  FORMAT_NAMES,
  parseColumn,
  parseConfidence,
  parseDelimiter,
  parseFinite,
  parsePrior,
  parseWorkers,
} from "./input-options.js";
import type { CliIo } from "./io.js";
import type { BayesFlags } from "./bayes-command.js";
import type { SummarizeFlags } from "./summarize-command.js";
import type { TTestFlags } from "./ttest-command.js";

const EXIT_HELP = `
Exit codes: 0 done, 1 usage error, 2 bad input (malformed record, unreadable file, invalid
summary, a result that overflows a double), 3 internal failure.
`;

const SUMMARIZE_HELP = `
Text and CSV inputs may be gzip-compressed (detected from their first bytes, whatever the file
name; .csv.gz and .txt.gz names give the format as .csv and .txt do).
`;

const SUMMARIES_HELP = `
A summary input holds one summary as summarize and merge print it, or NDJSON (one summary per
line, blank lines ignored), or summaries one after another (cat *.json), or JSON arrays of
summaries; a UTF-8 byte-order mark is accepted. One JSON value (a summary or an array) may be
at most 16 MiB: write larger sets as NDJSON, which has no limit.
`;

const TTEST_HELP = `
Each input holds exactly one summary, in any of the forms merge reads (see batchstats merge
--help). A result with a number that is not finite where one is expected (summaries too large
for double arithmetic) is refused with E_OVERFLOW, exit code 2: nothing is printed.
`;

/**
 * The `batchstats` command line, writing to `io`; commander throws instead of exiting. Each
 * command's module is imported when that command runs, so `--help` loads commander alone and
 * `merge` and `ttest` never load the ingest code (batchstats/node) or the progress bar.
 *
 * @example
 * ```ts
 * await buildProgram(io).parseAsync(["merge", "a.json", "b.json"], { from: "user" });
 * ```
 */
export function buildProgram(io: CliIo): Command {
  const program = new Command("batchstats")
    .description("Exact, mergeable summaries (count, mean, M2) of large inputs, and t-tests on them.")
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText("after", EXIT_HELP);

  program
    .command("summarize")
    .description(
      "summarize the values of files (or - for stdin) into one summary, printed as JSON; text and CSV inputs may be gzip-compressed",
    )
    .argument("<inputs...>", "files to read, or - for stdin")
    .addOption(
      new Option(
        "--format <format>",
        "input format (default: from the extension: .csv, .f64, .f32; else text)",
      ).choices(FORMAT_NAMES),
    )
    .addOption(
      new Option(
        "--column <name|index>",
        "CSV: the column, by header name or 0-based index (needed when the CSV has several columns)",
      ).argParser(parseColumn),
    )
    .option("--header", "CSV: the first record is a header (default: detected)")
    .option("--no-header", "CSV: there is no header")
    .addOption(
      new Option("--delimiter <char>", "CSV: the field delimiter (default ,; \\t for tab)").argParser(parseDelimiter),
    )
    .addOption(
      new Option(
        "--workers <n>",
        "threads per file, the main one included, each taking the next 32 MiB range when free",
      )
        .argParser(parseWorkers)
        .default(1),
    )
    .addOption(
      new Option("--nan <policy>", "NaN values: raise an error, or omit them (counted in omitted)")
        .choices(["raise", "omit"])
        .default("raise"),
    )
    .option("--skip-invalid", "skip records that are not numbers, and report them on stderr")
    .option("-q, --quiet", "no progress bar")
    .addHelpText("after", SUMMARIZE_HELP)
    .action(async (inputs: string[], flags: SummarizeFlags) => {
      const { summarizeCommand } = await import("./summarize-command.js"); // the only command that loads the ingest code
      await summarizeCommand(inputs, flags, io);
    });

  program
    .command("merge")
    .description("merge summaries (JSON files written by summarize or merge) into one")
    .argument("<summaries...>", "summary JSON or NDJSON files, or - for stdin")
    .addHelpText("after", SUMMARIES_HELP)
    .action(async (files: string[]) => {
      const { mergeCommand } = await import("./merge-command.js");
      await mergeCommand(files, io);
    });

  program
    .command("ttest")
    .description("t-test of mean(a) − mean(b) from two summary JSON files (Welch's test unless --equal-var)")
    .argument("<a>", "summary of sample a (a file holding one summary, or - for stdin)")
    .argument("<b>", "summary of sample b")
    .option("--equal-var", "Student's test with pooled variance instead of Welch's")
    .addOption(
      new Option("--alternative <h>", "alternative hypothesis about mean(a) − mean(b) − mu")
        .choices(["two-sided", "less", "greater"])
        .default("two-sided"),
    )
    .addOption(
      new Option("--confidence <level>", "confidence level of the interval").argParser(parseConfidence).default(0.95),
    )
    .addOption(new Option("--mu <x>", "mean difference under the null hypothesis").argParser(parseFinite).default(0))
    .addOption(
      new Option(
        "--lift [method]",
        "also the lift (mean(a) − mean(b)) / |mean(b)| with its interval: delta method (default) or Fieller's",
      )
        .choices(["delta", "fieller"])
        .preset("delta"),
    )
    .option("--json", "print the result as JSON (the library's TTestResult, with the LiftResult under lift)")
    .addHelpText("after", TTEST_HELP)
    .action(async (a: string, b: string, flags: TTestFlags) => {
      const { ttestCommand } = await import("./ttest-command.js");
      await ttestCommand(a, b, flags, io);
    });

  program
    .command("bayes")
    .description(
      "Bayesian test of treatment a against control b (Gaussian effect model): chance to beat control, expected loss, credible interval",
    )
    .argument("<a>", "summary of the treatment (a file holding one summary, or - for stdin)")
    .argument("<b>", "summary of the control")
    .option("--absolute", "the absolute effect mean(a) − mean(b) instead of the relative one")
    .addOption(
      new Option("--prior <mean,variance>", "a Gaussian prior on the effect (default: flat)").argParser(parsePrior),
    )
    .addOption(
      new Option("--prior-scale <scale>", "the scale the prior is stated on (default: the analysis's)").choices([
        "relative",
        "absolute",
      ]),
    )
    .option("--inverse", "lower is better: the chance to win is P(effect < 0)")
    .addOption(
      new Option("--credible <level>", "level of the credible interval").argParser(parseConfidence).default(0.95),
    )
    .option("--json", "print the result as JSON (the library's BayesResult)")
    .addHelpText("after", TTEST_HELP)
    .action(async (a: string, b: string, flags: BayesFlags) => {
      const { bayesCommand } = await import("./bayes-command.js");
      await bayesCommand(a, b, flags, io);
    });

  return program;
}

/**
 * Runs the command line on `argv` (without node and the script) and returns the exit code.
 *
 * @example
 * ```ts
 * process.exitCode = await run(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
 * ```
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: "user" });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode; // commander printed the message
    io.stderr.write(`${errorLine(error)}\n`);
    return exitCodeFor(error);
  }
}
