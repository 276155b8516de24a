/**
 * batchstats/sql — summaries where the data lives: `summarySQL` writes the SQL that an engine
 * (DuckDB, PostgreSQL, ClickHouse, BigQuery, Snowflake, Spark, Trino) runs per group, and
 * `fromSQLRow` turns each result row into the exact `Summary` of that group's values;
 * `pairSummarySQL` and `fromPairSQLRow` do the same for pairs of columns (`PairSummary`, for CUPED
 * and ratio metrics).
 * `summarizeQuery` and `summarizeTable` run it on DuckDB (`@duckdb/node-api`, an optional peer
 * dependency, loaded only when `summarizeTable` is called).
 *
 * @packageDocumentation
 */
export { DIALECTS, type Dialect } from "./dialects.js";
export { type FromSQLRowOptions, fromSQLRow, fromSQLRows, type SQLGroupSummary } from "./from-row.js";
export {
  type FromPairSQLRowOptions,
  fromPairSQLRow,
  fromPairSQLRows,
  type SQLGroupPairSummary,
} from "./pair-from-row.js";
export { type PairSummarySQLSpec, pairSummarySQL } from "./pair-summary-sql.js";
export type { RawSQL } from "./raw-sql.js";
export { type SQLMethod, type SummarySQLSpec, summarySQL } from "./summary-sql.js";
export {
  type DuckDBConnectionLike,
  type SummarizeQuerySpec,
  type SummarizeTableOptions,
  summarizeQuery,
  summarizeTable,
} from "./duckdb.js";
