import { BatchStatsError } from "../errors.js";
import { summarizeTable } from "../sql/duckdb.js";
import type { SQLGroupSummary } from "../sql/from-row.js";
import { type CliIo, writeLine } from "./io.js";
import { summaryLine } from "./summary-line.js";

/** The options of `batchstats summarize` that the DuckDB path reads. */
export interface TableFlags {
  column?: string | number;
  groupBy?: string;
  grouped?: "ndjson" | "object";
  nan: "raise" | "omit";
  method?: "exact" | "fast";
  clip?: [number, number];
  covariate?: string | number;
}

/** JSON text of a group value: BigInts (DuckDB BIGINT keys) as decimal text. */
function groupJSON(group: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(group).map(([k, v]) => [k, typeof v === "bigint" ? v.toString() : v]));
}

/** The key of a group in `--grouped object` output: the value itself for one column, a JSON array for several. */
function groupKey(group: Readonly<Record<string, unknown>>): string {
  const values = Object.values(groupJSON(group));
  return values.length === 1 ? String(values[0]) : JSON.stringify(values);
}

/**
 * `batchstats summarize data.parquet --column revenue [--group-by arm,day]`: the file is read by
 * DuckDB (`@duckdb/node-api`, loaded only here) running the exact SQL of batchstats/sql. Without
 * `--group-by` it prints one summary as `summarize` does; with it, one line per group,
 * `{"group":{…},"summary":{…}}` (NDJSON), or with `--grouped object` one JSON object keyed by group.
 *
 * @example
 * ```ts
 * await tableCommand(["events.parquet"], { column: "revenue", groupBy: "arm", nan: "raise" }, io);
 * ```
 */
export async function tableCommand(inputs: string[], flags: TableFlags, io: CliIo): Promise<void> {
  if (inputs.length !== 1 || inputs[0] === "-") {
    throw new BatchStatsError("E_BAD_ARGUMENT", "a Parquet file or --group-by takes exactly one input file", {
      field: "inputs",
    });
  }
  if (flags.clip !== undefined) {
    throw new BatchStatsError(
      "E_BAD_ARGUMENT",
      "--clip cannot be used with --group-by or a Parquet input: their SQL (read through DuckDB) does not clip values; summarize each group's values from CSV or text with --clip",
      { field: "--clip" },
    );
  }
  if (flags.covariate !== undefined) {
    throw new BatchStatsError(
      "E_BAD_ARGUMENT",
      "--covariate cannot be used with --group-by or a Parquet input: pair summaries are read from CSV only; write one CSV per group and summarize each with --covariate",
      { field: "--covariate" },
    );
  }
  if (typeof flags.column !== "string") {
    throw new BatchStatsError("E_BAD_ARGUMENT", "--column <name> is needed (the column to summarize, by name)", {
      field: "--column",
    });
  }
  const groupBy = flags.groupBy === undefined ? [] : flags.groupBy.split(",").map((name) => name.trim());
  const groups: SQLGroupSummary[] = await summarizeTable(inputs[0]!, {
    column: flags.column,
    groupBy,
    nan: flags.nan,
    ...(flags.method === undefined ? {} : { method: flags.method }),
  });
  if (groupBy.length === 0) {
    writeLine(io.stdout, summaryLine(groups[0]!.summary));
    return;
  }
  const lines = groups
    .map((g) => ({ group: g.group, key: groupKey(g.group), line: summaryLine(g.summary) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)); // groups in a stable order
  if (flags.grouped === "object") {
    const parts = lines.map(({ group, line }) => `${JSON.stringify(groupKey(group))}:${line}`);
    writeLine(io.stdout, `{${parts.join(",")}}`);
    return;
  }
  for (const { group, line } of lines)
    writeLine(io.stdout, `{"group":${JSON.stringify(groupJSON(group))},"summary":${line}}`);
}
