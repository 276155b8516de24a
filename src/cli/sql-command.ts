import type { Dialect } from "../sql/dialects.js";
import { type SQLMethod, type SummarySQLSpec, summarySQL } from "../sql/summary-sql.js";
import { type CliIo, writeLine } from "./io.js";

/** The options of `batchstats sql`, as commander parses them. */
export interface SqlFlags {
  dialect: Dialect;
  from?: string;
  fromSql?: string;
  value?: string;
  valueSql?: string;
  where?: string;
  groupBy?: string;
  method?: SQLMethod;
}

/**
 * `batchstats sql --dialect bigquery --from events --value revenue --group-by arm`: prints the SQL
 * of `summarySQL` for a warehouse. `--from-sql`, `--value-sql` and `--where` are SQL fragments
 * taken as trusted (they are the caller's own), checked as `{ sql }` fragments are.
 *
 * @example
 * ```ts
 * await sqlCommand({ dialect: "bigquery", from: "events", value: "revenue", groupBy: "arm" }, io);
 * ```
 */
export async function sqlCommand(flags: SqlFlags, io: CliIo): Promise<void> {
  const spec: Record<string, unknown> = { dialect: flags.dialect };
  spec.from = flags.fromSql === undefined ? flags.from : { sql: flags.fromSql };
  spec.value = flags.valueSql === undefined ? flags.value : { sql: flags.valueSql };
  if (flags.where !== undefined) spec.where = { sql: flags.where };
  if (flags.groupBy !== undefined) spec.groupBy = flags.groupBy.split(",").map((name) => name.trim());
  if (flags.method !== undefined) spec.method = flags.method;
  writeLine(io.stdout, `${summarySQL(spec as unknown as SummarySQLSpec)};`);
}
