import { VERSION } from "../version.js";
import type { PlainCommand } from "./fast-commands.js";
import { confidenceValue, finiteValue, priorValue } from "./input-options.js";
import type { CliIo } from "./io.js";

/**
 * The commands that run without commander: `ttest` (without `--cuped`), `merge`, `bayes` and
 * `--version`, when their arguments are plain — the positional arguments and the long options below,
 * each at most once, with valid values. Anything else (`--help`, a short option, an unknown or repeated
 * option, `--`, a missing or extra argument, an invalid value) returns `undefined`, and program.ts parses
 * the arguments with commander, which prints the help or the usage error. The flags given to a
 * command are the ones commander gives it for the same arguments (the same defaults, choices and
 * value parsers), so the two paths differ only in what they load: commander costs about 10 ms of
 * each start, a third of a `batchstats ttest`. The commands themselves are in fast-commands.ts, which
 * the build makes one file (see tsup.config.ts), loaded once the arguments are known to be plain.
 */

/** A long option of a command: a flag, or an option with a value (`--name v` or `--name=v`). */
interface OptionSpec {
  /** The flags object's key (commander's: `--equal-var` → `equalVar`). */
  key: string;
  /** A flag without value, an option whose value is required, or one whose value may be left out. */
  kind: "flag" | "value" | "optional";
  /** The value's parser (it throws on a bad value), or the values allowed. */
  parse?: (value: string) => unknown;
  choices?: readonly string[];
  /** The value of an `optional` option given without one. */
  preset?: string;
}

interface CommandSpec {
  /** How many positional arguments: exactly this many, or at least 1 (`"some"`). */
  positionals: number | "some";
  options: Record<string, OptionSpec>;
  defaults: Record<string, unknown>;
}

const ALTERNATIVES = ["two-sided", "less", "greater"] as const;

const COMMANDS: Record<PlainCommand, CommandSpec> = {
  ttest: {
    positionals: 2,
    options: {
      "--equal-var": { key: "equalVar", kind: "flag" },
      "--alternative": { key: "alternative", kind: "value", choices: ALTERNATIVES },
      "--confidence": { key: "confidence", kind: "value", parse: confidenceValue },
      "--mu": { key: "mu", kind: "value", parse: finiteValue },
      "--lift": { key: "lift", kind: "optional", choices: ["delta", "fieller"], preset: "delta" },
      "--json": { key: "json", kind: "flag" },
    },
    defaults: { alternative: "two-sided", confidence: 0.95, mu: 0 },
  },
  merge: {
    positionals: "some",
    options: {},
    defaults: {},
  },
  bayes: {
    positionals: 2,
    options: {
      "--absolute": { key: "absolute", kind: "flag" },
      "--prior": { key: "prior", kind: "value", parse: priorValue },
      "--prior-scale": { key: "priorScale", kind: "value", choices: ["relative", "absolute"] },
      "--inverse": { key: "inverse", kind: "flag" },
      "--credible": { key: "credible", kind: "value", parse: confidenceValue },
      "--json": { key: "json", kind: "flag" },
    },
    defaults: { credible: 0.95 },
  },
};

/** What commander takes for an option: a dash and more (a lone `-` is stdin, a positional argument). */
function maybeOption(arg: string): boolean {
  return arg.length > 1 && arg[0] === "-";
}

/** An option's value, or `undefined` when it is not one the option takes (commander reports that). */
function optionValue(spec: OptionSpec, text: string): { value: unknown } | undefined {
  if (spec.choices !== undefined) return spec.choices.includes(text) ? { value: text } : undefined;
  try {
    return { value: spec.parse === undefined ? text : spec.parse(text) };
  } catch {
    return undefined;
  }
}

/** The positional arguments and flags of a command's arguments, or `undefined` when they are not plain. */
function parsePlain(
  spec: CommandSpec,
  args: string[],
): { positionals: string[]; flags: Record<string, unknown> } | undefined {
  const positionals: string[] = [];
  const flags: Record<string, unknown> = { ...spec.defaults };
  const seen = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!maybeOption(arg)) {
      positionals.push(arg);
      continue;
    }
    if (!arg.startsWith("--") || arg === "--") return undefined;
    const eq = arg.indexOf("=");
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const option = Object.hasOwn(spec.options, name) ? spec.options[name]! : undefined;
    if (option === undefined || seen.has(name)) return undefined;
    seen.add(name);
    let text: string | undefined;
    if (option.kind === "flag") {
      if (eq >= 0) return undefined;
      flags[option.key] = true;
      continue;
    }
    if (eq >= 0) text = arg.slice(eq + 1);
    else if (option.kind === "value") text = args[++i];
    else if (i + 1 < args.length && !maybeOption(args[i + 1]!))
      return undefined; // commander would take it as the value
    else text = option.preset;
    if (text === undefined) return undefined;
    const parsed = optionValue(option, text);
    if (parsed === undefined) return undefined;
    flags[option.key] = parsed.value;
  }
  const counted = spec.positionals === "some" ? positionals.length >= 1 : positionals.length === spec.positionals;
  return counted ? { positionals, flags } : undefined;
}

/**
 * Runs `argv` (without node and the script) when it is a plain call of a command this file knows,
 * and returns the exit code; `undefined` when it is not (nothing was run or printed).
 *
 * @example
 * ```ts
 * const code = (await runFastPath(argv, io)) ?? (await run(argv, io)); // run: program.ts, with commander
 * ```
 */
export async function runFastPath(argv: string[], io: CliIo): Promise<number | undefined> {
  if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
    io.stdout.write(`${VERSION}\n`); // as commander's .version() prints it
    return 0; // EXIT.ok (exit-codes.ts, which loads the errors: not needed here)
  }
  const [name, ...args] = argv;
  if (name === undefined || !Object.hasOwn(COMMANDS, name)) return undefined;
  const call = parsePlain(COMMANDS[name as PlainCommand], args);
  if (call === undefined) return undefined;
  const { runPlain } = await import("./fast-commands.js");
  return runPlain(name as PlainCommand, call.positionals, call.flags, io);
}
