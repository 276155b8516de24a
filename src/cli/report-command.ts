import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { BatchStatsError } from "../errors.js";
import { describeValue, errorText } from "../options.js";
import { type Experiment, readout } from "../readout/readout.js";
import type { ReadoutOptions } from "../readout/readout.js";
import type { PValueAdjustment } from "../multiple/adjust-p-values.js";
import { BadInput } from "./exit-codes.js";
import { cannotRead } from "./file-error.js";
import { type CliIo, writeLine } from "./io.js";
import { readoutCsv, readoutMarkdown, readoutTable } from "./report-format.js";

/** The options of `batchstats report`, as commander parses them. */
export interface ReportFlags {
  json?: boolean;
  markdown?: boolean;
  csv?: boolean;
  confidence: number;
  correction: PValueAdjustment | "none";
  bayesian?: boolean;
  sequential?: boolean;
}

/** The largest experiment file or summary file read (JSON), in characters. */
const MAX_FILE_CHARS = 16 << 20;

async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw cannotRead(path, error);
  }
  if (text.length > MAX_FILE_CHARS) {
    throw new BatchStatsError("E_FORMAT", `${path}: ${what} is larger than 16 MiB`, { field: path });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BatchStatsError("E_PARSE", `${path}: ${what} is not valid JSON (${errorText(error)})`, { field: path });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The experiment of an experiment file: each metric's `summaries` maps an arm to a file name
 * (relative to the experiment file's folder) holding one summary or counts, or to the summary or
 * counts themselves. Everything else is passed to `readout` as it is, which validates it.
 */
async function loadExperiment(path: string): Promise<Experiment> {
  const value = await readJson(path, "the experiment file");
  if (!isRecord(value)) {
    throw new BatchStatsError(
      "E_BAD_ARGUMENT",
      `${path}: the experiment must be a JSON object, got ${describeValue(value)}`,
      {
        field: "experiment",
      },
    );
  }
  const folder = dirname(path);
  const arms = new Set(
    (Array.isArray(value.arms) ? value.arms : []).map((arm: unknown) => (isRecord(arm) ? arm.name : undefined)),
  );
  const metrics = Array.isArray(value.metrics) ? value.metrics : [];
  for (let i = 0; i < metrics.length; i++) {
    const metric = metrics[i];
    if (!isRecord(metric) || !isRecord(metric.summaries)) continue; // readout names what is wrong
    const summaries: Record<string, unknown> = {};
    for (const [arm, entry] of Object.entries(metric.summaries)) {
      // files are read for the experiment's arms only: readout names any other key as an error
      summaries[arm] =
        typeof entry === "string" && arms.has(arm)
          ? await readJson(resolve(folder, entry), `the summary of metric ${i}, arm ${arm}`)
          : entry;
    }
    metrics[i] = { ...metric, summaries };
  }
  return value as unknown as Experiment;
}

/**
 * `batchstats report <experiment.json>`: the readout of an experiment (`readout`) as a terminal
 * table, or `--json` (the library's `Readout`), `--markdown` or `--csv`. The experiment file is
 * documented in docs/cli.md; a malformed one is an error naming the field.
 *
 * @example
 * ```ts
 * await reportCommand("experiment.json", { confidence: 0.95, correction: "holm" }, io);
 * ```
 */
export async function reportCommand(file: string, flags: ReportFlags, io: CliIo): Promise<void> {
  const formats = [flags.json, flags.markdown, flags.csv].filter((f) => f === true).length;
  if (formats > 1) {
    throw new BatchStatsError("E_BAD_ARGUMENT", "choose one of --json, --markdown and --csv", { field: "format" });
  }
  const experiment = await loadExperiment(file);
  const options: ReadoutOptions = {
    confidenceLevel: flags.confidence,
    correction: flags.correction,
    bayesian: flags.bayesian === true,
    sequential: flags.sequential === true,
  };
  let result: ReturnType<typeof readout>;
  try {
    result = readout(experiment, options);
  } catch (error) {
    throw BadInput.from(error); // the experiment file is the input
  }
  if (flags.json === true) writeLine(io.stdout, JSON.stringify(result));
  else if (flags.markdown === true) io.stdout.write(readoutMarkdown(result));
  else if (flags.csv === true) io.stdout.write(readoutCsv(result));
  else io.stdout.write(readoutTable(result));
}
