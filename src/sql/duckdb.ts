import { BatchStatsError } from "../errors.js";
import { describeValue, errorText, readOptions } from "../options.js";
import type { NanPolicy } from "../summary/input.js";
import { fromSQLRows, type SQLGroupSummary } from "./from-row.js";
import type { RawSQL } from "./raw-sql.js";
import { type SQLMethod, summarySQL } from "./summary-sql.js";

/**
 * The part of a `@duckdb/node-api` `DuckDBConnection` that `summarizeQuery` uses (any object with
 * this method will do).
 */
export interface DuckDBConnectionLike {
  runAndReadAll(sql: string): Promise<{ getRowObjectsJS(): Record<string, unknown>[] }>;
}

/** What `summarizeQuery` summarizes: `summarySQL`'s spec without the dialect, and the `nan` policy. */
export interface SummarizeQuerySpec {
  /** A table name or a trusted subquery `{ sql }`. */
  from: string | RawSQL;
  /** A column name or a trusted expression `{ sql }`. */
  value: string | RawSQL;
  /** Column names to group by. */
  groupBy?: readonly string[];
  /** A trusted condition `{ sql }`. */
  where?: RawSQL;
  /** `"exact"` (default) or `"fast"`. */
  method?: SQLMethod;
  /**
   * The exact method in one pass on this grid (see `summarySQL`); when a value lies outside it, the
   * query runs again in two passes, so the result is the same either way.
   */
  scale?: number;
  /** The centre of the grid of `scale` (default 0); with `method: "fast"`, the pivot of its one pass (see `summarySQL`). */
  pivot?: number;
  /** NaN policy, as in `summarize` (default `"raise"`). */
  nan?: NanPolicy;
}

const QUERY_KEYS = ["from", "value", "groupBy", "where", "method", "scale", "pivot", "nan"] as const;

/**
 * Runs `summarySQL` on a DuckDB connection (`@duckdb/node-api`) and returns one summary per group.
 * The sums come back as text, so nothing passes through a JS number on the way.
 *
 * @example
 * ```ts
 * import { DuckDBInstance } from "@duckdb/node-api";
 * import { summarizeQuery } from "batchstats/sql";
 * const connection = await (await DuckDBInstance.create(":memory:")).connect();
 * await connection.run("CREATE TABLE t AS SELECT (i % 2)::INTEGER AS arm, i::DOUBLE AS x FROM range(10) r(i)");
 * const groups = await summarizeQuery(connection, { from: "t", value: "x", groupBy: ["arm"] });
 * groups.map((g) => [g.group.arm, g.summary.mean]).sort(); // => [[0, 4], [1, 5]]
 * ```
 */
export async function summarizeQuery(
  connection: DuckDBConnectionLike,
  spec: SummarizeQuerySpec,
): Promise<SQLGroupSummary[]> {
  if (typeof connection !== "object" || connection === null || typeof connection.runAndReadAll !== "function") {
    throw new BatchStatsError("E_BAD_ARGUMENT", "connection must be a DuckDB connection (@duckdb/node-api)", {
      field: "connection",
    });
  }
  const o = readOptions(spec, QUERY_KEYS, "spec");
  const { nan, ...rest } = o;
  const options = {
    method: (o.method as SQLMethod | undefined) ?? "exact",
    ...(nan === undefined ? {} : { nan: nan as NanPolicy }),
  };
  const run = async (s: Record<string, unknown>) => {
    const sql = summarySQL({ dialect: "duckdb", ...s } as Parameters<typeof summarySQL>[0]);
    return fromSQLRows(await readAll(connection, sql), options);
  };
  if (o.scale === undefined) return run(rest);
  try {
    return await run(rest);
  } catch (error) {
    // a value outside the grid (or infinite): the two passes find the scale and classify it
    if (!(error instanceof BatchStatsError && error.code === "E_PRECISION_LOSS" && error.field === "bs_outside")) {
      throw error;
    }
    const { scale: _, pivot: __, ...twoPass } = rest;
    return run(twoPass);
  }
}

/**
 * The rows of `sql` on the connection; an error of the engine (a missing table or file, a column
 * of the wrong type) is `E_IO` with DuckDB's message, and the engine's error as its `cause`.
 */
async function readAll(connection: DuckDBConnectionLike, sql: string): Promise<Record<string, unknown>[]> {
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS();
  } catch (error) {
    if (error instanceof BatchStatsError) throw error;
    const failure = new BatchStatsError(
      "E_IO",
      `DuckDB could not run the query: ${error instanceof Error ? error.message : String(error)}`,
    );
    failure.cause = error;
    throw failure;
  }
}

/** Options of `summarizeTable`. */
export interface SummarizeTableOptions {
  /** The column to summarize (a plain name), or a trusted expression `{ sql }`. */
  column: string | RawSQL;
  /** Column names to group by. */
  groupBy?: readonly string[];
  /** A trusted condition `{ sql }`. */
  where?: RawSQL;
  /** `"exact"` (default) or `"fast"`. */
  method?: SQLMethod;
  /** NaN policy, as in `summarize` (default `"raise"`). */
  nan?: NanPolicy;
  /** How to read the file: by default from its extension (.parquet, .csv, .tsv, .json, .ndjson). */
  format?: "parquet" | "csv" | "json";
}

const TABLE_KEYS = ["column", "groupBy", "where", "method", "nan", "format"] as const;
const READERS = { parquet: "read_parquet", csv: "read_csv", json: "read_json_auto" } as const;
/** The view over the file that `summarizeTable` reads, in its own in-memory database. */
const FILE_VIEW = "batchstats_file";

/** A DuckDB string literal: the text between single quotes, each quote doubled; no NUL. */
function stringLiteral(text: string, field: string): string {
  if (text.includes("\0")) throw new BatchStatsError("E_BAD_ARGUMENT", `${field} must not contain NUL`, { field });
  return `'${text.replaceAll("'", "''")}'`;
}

function formatOf(path: string, given: unknown): keyof typeof READERS {
  if (given !== undefined) {
    if (given === "parquet" || given === "csv" || given === "json") return given;
    throw new BatchStatsError(
      "E_BAD_ARGUMENT",
      `options.format must be "parquet", "csv" or "json", got ${describeValue(given)}`,
      { field: "options.format" },
    );
  }
  const lower = path.toLowerCase();
  if (lower.endsWith(".parquet")) return "parquet";
  if (/\.(csv|tsv)(\.gz)?$/.test(lower)) return "csv";
  if (/\.(json|ndjson|jsonl)(\.gz)?$/.test(lower)) return "json";
  throw new BatchStatsError(
    "E_BAD_ARGUMENT",
    `cannot tell the format of ${describeValue(path)} from its name: pass options.format`,
    { field: "options.format" },
  );
}

/**
 * Summarizes a column of a Parquet, CSV or JSON file per group, by running the exact SQL in an
 * in-process DuckDB (`@duckdb/node-api`, an optional peer dependency, loaded only here:
 * `E_BAD_ARGUMENT` says how to install it when it is missing). The file is read by DuckDB, not by
 * JavaScript. `path` names one file: a path with `*`, `?` or `[ ]` (which DuckDB would expand as
 * a glob), `'` or `\` is `E_BAD_ARGUMENT`; a missing or unreadable file is `E_IO`.
 *
 * @example
 * ```ts
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * import { DuckDBInstance } from "@duckdb/node-api";
 * import { summarizeTable } from "batchstats/sql";
 * const file = join(tmpdir(), "batchstats-example-events.parquet");
 * const db = await (await DuckDBInstance.create(":memory:")).connect();
 * await db.run(`COPY (SELECT (i % 2)::INTEGER AS arm, i / 4 AS revenue FROM range(8) r(i)) TO '${file}'`);
 * const groups = await summarizeTable(file, { column: "revenue", groupBy: ["arm"] });
 * groups.map((g) => [g.group.arm, g.summary.count, g.summary.mean]).sort(); // => [[0, 4, 0.75], [1, 4, 1]]
 * ```
 */
export async function summarizeTable(path: string, options: SummarizeTableOptions): Promise<SQLGroupSummary[]> {
  if (typeof path !== "string" || path === "") {
    throw new BatchStatsError("E_BAD_ARGUMENT", `path must be a file path, got ${describeValue(path)}`, {
      field: "path",
    });
  }
  // DuckDB's readers expand these as a glob: the file read would not be the file named
  if (/[*?[\]]/.test(path)) {
    throw new BatchStatsError(
      "E_BAD_ARGUMENT",
      `path must name one file, without *, ? or [ ] (DuckDB would read it as a glob pattern), got ${describeValue(path)}`,
      { field: "path" },
    );
  }
  const o = readOptions(options, TABLE_KEYS);
  const reader = READERS[formatOf(path, o.format)];
  const api = await loadDuckDB();
  const instance = await api.DuckDBInstance.create(":memory:");
  try {
    const connection = await instance.connect();
    try {
      // The file is read through a view made here, so that the path reaches DuckDB as a string
      // literal of its own (quotes doubled, backslashes literal) and not through the checks of a
      // caller's `{ sql }` fragment, which refuse any quote or backslash inside quotes.
      await readAll(
        connection,
        `CREATE TEMP VIEW ${FILE_VIEW} AS SELECT * FROM ${reader}(${stringLiteral(path, "path")})`,
      );
      const spec: Record<string, unknown> = { from: FILE_VIEW };
      spec.value = o.column;
      for (const key of ["groupBy", "where", "method", "nan"] as const) if (o[key] !== undefined) spec[key] = o[key];
      return await summarizeQuery(connection, spec as unknown as SummarizeQuerySpec);
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

interface DuckDBModule {
  DuckDBInstance: {
    create(
      path: string,
      options?: Record<string, string>,
    ): Promise<{
      connect(): Promise<DuckDBConnectionLike & { closeSync(): void }>;
      closeSync(): void;
    }>;
  };
}

/** The name is held in a variable so that bundlers leave the optional peer to be found at run time. */
const DUCKDB_PACKAGE = "@duckdb/node-api";

/** Loads @duckdb/node-api, or explains how to install it. @internal */
export async function loadDuckDB(): Promise<DuckDBModule> {
  try {
    return (await import(DUCKDB_PACKAGE)) as DuckDBModule;
  } catch (error) {
    throw new BatchStatsError(
      "E_BAD_ARGUMENT",
      `reading files with SQL needs DuckDB: npm install @duckdb/node-api (${errorText(error)})`,
      { field: "@duckdb/node-api" },
    );
  }
}
