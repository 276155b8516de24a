import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { VERSION } from "../version.js";
import { EXIT, reportFailure } from "./exit-codes.js";
import {
  confidenceValue,
  delimiterValue,
  FORMAT_NAMES,
  finiteValue,
  OptionValueError,
  parseColumn,
  priorValue,
  strictNumber,
  workersValue,
} from "./input-options.js";
import type { CliIo } from "./io.js";
import type { BayesFlags } from "./bayes-command.js";
import type { PrivatizeFlags } from "./privatize-command.js";
import type { ReportFlags } from "./report-command.js";
import type { SummarizeFlags } from "./summarize-command.js";
import type { PairTestFlags } from "./pair-test-command.js";
import type { SqlFlags } from "./sql-command.js";
import type { TableFlags } from "./table-command.js";
import type { TTestFlags } from "./ttest-command.js";

const EXIT_HELP = `
Exit codes: 0 done, 1 usage error, 2 bad input (malformed record, unreadable file, invalid
summary, a result that overflows a double), 3 internal failure, 141 stdout closed early (| head).
`;

const SUMMARIZE_HELP = `
Text and CSV inputs may be gzip-compressed (detected from their first bytes, whatever the file
name; .csv.gz and .txt.gz names give the format as .csv and .txt do).

A .parquet input, or --group-by, is read by DuckDB (npm install @duckdb/node-api) with the exact
SQL of batchstats/sql: --column names the column; --group-by prints one summary per group.
Neither takes --clip or --covariate.

--clip lo,hi clamps each value to [lo, hi] as it is read, as the library's
summarize(values, { clip }) does; the summary records the bounds and the clamped count, which
privatize --bounds needs. --covariate x with --column y reads pairs from CSV and prints a pair
summary, the input of ttest --cuped (x the pre-period value) and ratio (x the denominator).
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

const BAYES_HELP = `
Each input holds exactly one summary, in any of the forms merge reads (see batchstats merge
--help). Chances and losses too small for a double are printed from their log10; the logarithm
of an exact 0 (both arms constant: a posterior sd of 0) is -Infinity, written null by --json.
`;

/**
 * `parse(value)` for commander: the parsers of input-options.ts throw OptionValueError (they are
 * shared with fast-path.ts, which loads no commander), which becomes commander's InvalidArgumentError,
 * printed as a usage error that names the option.
 */
function commanderValue<T>(parse: (value: string) => T, value: string): T {
  try {
    return parse(value);
  } catch (error) {
    if (error instanceof OptionValueError) throw new InvalidArgumentError(error.message);
    throw error;
  }
}

const parseConfidence = (value: string): number => commanderValue(confidenceValue, value);
const parseDelimiter = (value: string): string => commanderValue(delimiterValue, value);
const parseFinite = (value: string): number => commanderValue(finiteValue, value);
const parsePrior = (value: string): [number, number] => commanderValue(priorValue, value);
const parseWorkers = (value: string): number => commanderValue(workersValue, value);

/** `--theta`: a finite number or "pooled". */
function parseTheta(value: string): number | "pooled" {
  return value === "pooled" ? "pooled" : parseFinite(value);
}

/** The options of `ttest` that `cupedTest` has no counterpart for: key, option, what to do instead. */
const NOT_WITH_CUPED = [
  ["mu", "--mu", "CUPED tests a difference of 0 (cupedTest has no null difference)"],
  ["equalVar", "--equal-var", "CUPED compares the adjusted means with Welch's test (or a z-test, --normal)"],
  ["lift", "--lift", "use --relative for the lift over the control's unadjusted mean (delta method)"],
] as const;

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
    .addOption(
      new Option(
        "--covariate <name|index>",
        "CSV: print a pair summary of (x, y): y from --column, x from this column (its pre-period value for ttest --cuped, or a ratio's denominator for ratio)",
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
    .addOption(
      new Option(
        "--clip <lo,hi>",
        "contribution bounds: clamp values to [lo, hi] before summarizing; the summary records the bounds and the clamped count (what privatize needs)",
      ).argParser(parseClipArg),
    )
    .option("--skip-invalid", "skip records that are not numbers, and report them on stderr")
    .option("-q, --quiet", "no progress bar")
    .option("--group-by <columns>", "one summary per group of these columns (comma-separated), read through DuckDB")
    .addOption(
      new Option("--grouped <form>", "with --group-by: one line per group (ndjson) or one JSON object keyed by group")
        .choices(["ndjson", "object"])
        .default("ndjson"),
    )
    .addOption(
      new Option("--method <method>", "with DuckDB: exact integer sums, or fast compensated sums").choices([
        "exact",
        "fast",
      ]),
    )
    .addHelpText("after", SUMMARIZE_HELP)
    .action(async (inputs: string[], flags: SummarizeFlags & TableFlags) => {
      if (flags.groupBy !== undefined || inputs.some((input) => /\.parquet$/i.test(input))) {
        const { tableCommand } = await import("./table-command.js"); // loads DuckDB, only here
        await tableCommand(inputs, flags, io);
        return;
      }
      const { summarizeCommand } = await import("./summarize-command.js"); // the only command that loads the ingest code
      await summarizeCommand(inputs, flags, io);
    });

  program
    .command("sql")
    .description("print the SQL that summarizes a column per group in a database (see batchstats/sql)")
    .addOption(
      new Option("--dialect <engine>", "the engine")
        .choices(["duckdb", "postgres", "clickhouse", "bigquery", "snowflake", "spark", "trino"])
        .makeOptionMandatory(),
    )
    .option("--from <table>", "the table (name, or schema.table)")
    .option("--from-sql <query>", "a subquery instead of a table (trusted SQL)")
    .option("--value <column>", "the column to summarize")
    .option("--value-sql <expression>", "an expression instead of a column (trusted SQL)")
    .option("--where <condition>", "a condition on the rows (trusted SQL)")
    .option("--group-by <columns>", "columns to group by, comma-separated")
    .addOption(new Option("--method <method>", "exact (default) or fast").choices(["exact", "fast"]))
    .action(async (flags: SqlFlags) => {
      const { sqlCommand } = await import("./sql-command.js");
      await sqlCommand(flags, io);
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
    .option(
      "--cuped",
      "CUPED on two pair summaries (y the metric, x its pre-period value); prints JSON (with --alternative, --confidence, --theta, --relative, --normal; not --mu, --equal-var, --lift)",
    )
    .addOption(
      new Option("--theta <x>", 'with --cuped: the adjustment coefficient, or "pooled" (default)').argParser(
        parseTheta,
      ),
    )
    .option("--relative", "with --cuped: the relative effect (lift over the control's unadjusted mean)")
    .option("--normal", "with --cuped: a z-test instead of the t-test")
    .addHelpText("after", TTEST_HELP)
    .action(async (a: string, b: string, flags: TTestFlags & PairTestFlags & { cuped?: boolean }, cmd: Command) => {
      const cupedOnly = (["theta", "relative", "normal"] as const).filter((k) => flags[k] !== undefined);
      if (flags.cuped !== true && cupedOnly.length > 0) {
        cmd.error(`error: --${cupedOnly[0]} applies only with --cuped`, { exitCode: 1, code: "commander.usageError" });
      }
      if (flags.cuped === true) {
        const given = NOT_WITH_CUPED.find(([key]) => cmd.getOptionValueSource(key) === "cli");
        if (given !== undefined) {
          cmd.error(`error: ${given[1]} cannot be used with --cuped: ${given[2]}`, {
            exitCode: 1,
            code: "commander.usageError",
          });
        }
        const { pairTestCommand } = await import("./pair-test-command.js");
        await pairTestCommand("cuped", a, b, flags, io);
        return;
      }
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
    .addHelpText("after", BAYES_HELP)
    .action(async (a: string, b: string, flags: BayesFlags) => {
      const { bayesCommand } = await import("./bayes-command.js");
      await bayesCommand(a, b, flags, io);
    });

  program
    .command("ratio")
    .description("test of a ratio metric ȳ/x̄ (delta method) from two pair summary JSON files; prints JSON")
    .argument("<a>", "pair summary of arm a (y the numerator, x the denominator per unit)")
    .argument("<b>", "pair summary of arm b")
    .addOption(
      new Option("--alternative <h>", "alternative hypothesis about ratio(a) − ratio(b)")
        .choices(["two-sided", "less", "greater"])
        .default("two-sided"),
    )
    .addOption(
      new Option("--confidence <level>", "confidence level of the interval").argParser(parseConfidence).default(0.95),
    )
    .option("--relative", "the lift of the ratios, (ratio(a) − ratio(b)) / |ratio(b)|")
    .option("--normal", "a z-test instead of the t-test")
    .action(async (a: string, b: string, flags: PairTestFlags) => {
      const { pairTestCommand } = await import("./pair-test-command.js");
      await pairTestCommand("ratio", a, b, flags, io);
    });

  program
    .command("privatize")
    .description(
      "a differentially private release (noisy count, mean, variance) of one clipped summary, printed as JSON",
    )
    .argument("<summary>", "a summary made with clip bounds (a file holding one summary, or - for stdin)")
    .requiredOption("--bounds <lo,hi>", "the clipping bounds (must contain the summary's)", parseBoundsArg)
    .addOption(new Option("--rho <ρ>", "zCDP loss (discrete Gaussian noise)").argParser(parsePositiveArg))
    .addOption(
      new Option("--epsilon <ε>", "pure ε-DP loss (discrete Laplace noise), or with --delta (ε, δ)").argParser(
        parsePositiveArg,
      ),
    )
    .addOption(new Option("--delta <δ>", "with --epsilon: (ε, δ)-DP, met through zCDP").argParser(parsePositiveArg))
    .option("--budget <file>", "a privacy budget JSON file to charge (rewritten after the release)")
    .addOption(new Option("--min-count <k>", "refuse when the noisy count is below k").argParser(parseCountArg))
    .addOption(
      new Option("--max-contributions <m>", "values one person may contribute (default 1)").argParser(parseCountArg),
    )
    .action(async (file: string, flags: PrivatizeFlags) => {
      const { privatizeCommand } = await import("./privatize-command.js");
      await privatizeCommand(file, flags, io);
    });

  program
    .command("report")
    .description(
      "the readout of an experiment (every metric × variant against the control, and the sample-ratio check)",
    )
    .argument(
      "<experiment>",
      "experiment JSON file naming the summary file of each metric and arm (see docs/readout.md)",
    )
    .addOption(
      new Option("--confidence <level>", "confidence level of the intervals").argParser(parseConfidence).default(0.95),
    )
    .addOption(
      new Option("--correction <method>", "p-value adjustment over every metric × variant")
        .choices(["holm", "hochberg", "hommel", "holm-sidak", "bonferroni", "sidak", "bh", "by", "none"])
        .default("holm"),
    )
    .option("--bayesian", "add the chance to beat control and the risk (Gaussian effect model, flat prior)")
    .option("--sequential", "add always-valid (sequential) intervals and p-values")
    .option("--json", "print the readout as JSON (the library's Readout)")
    .option("--markdown", "print the readout as a Markdown table")
    .option("--csv", "print the readout as CSV, every number at full precision")
    .action(async (file: string, flags: ReportFlags) => {
      const { reportCommand } = await import("./report-command.js");
      await reportCommand(file, flags, io);
    });

  return program;
}

/**
 * `lo,hi`: two finite numbers with lo < hi, or lo ≤ hi when `equalAllowed` (parsed here so that
 * a usage error needs no import of the command).
 */
function parseRange(value: string, equalAllowed: boolean): [number, number] {
  const parts = value.split(",");
  const [lo, hi] = parts.map((p) => strictNumber(p)) as [number, number];
  if (parts.length !== 2 || !Number.isFinite(lo) || !Number.isFinite(hi) || !(equalAllowed ? lo <= hi : lo < hi)) {
    throw new InvalidArgumentError(
      `expected lo,hi: two finite numbers with lo ${equalAllowed ? "≤" : "<"} hi, e.g. 0,100`,
    );
  }
  return [lo, hi];
}

/** `privatize --bounds lo,hi`: lo < hi, as `privatize` requires. */
function parseBoundsArg(value: string): [number, number] {
  return parseRange(value, false);
}

/** `summarize --clip lo,hi`: lo ≤ hi, as the library's `clip` option accepts. */
function parseClipArg(value: string): [number, number] {
  return parseRange(value, true);
}

function parsePositiveArg(value: string): number {
  const n = strictNumber(value);
  if (value.trim() === "" || !Number.isFinite(n) || !(n > 0)) throw new InvalidArgumentError("expected a number > 0");
  return n;
}

function parseCountArg(value: string): number {
  const n = strictNumber(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError("expected an integer ≥ 1");
  return n;
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
    return reportFailure(error, io.stderr);
  }
}
