/** batchstats/sql on DuckDB, in process: accuracy of the exact and fast SQL (test/support/sql-accuracy.ts). */
import { connectDuckDB } from "./support/engine-duckdb.js";
import { accuracyTests } from "./support/sql-accuracy.js";
import { describeEngine } from "./support/sql-engines.js";

describeEngine("DuckDB", connectDuckDB, (engine) => {
  accuracyTests(engine, { n: 20_000, runs: 20, methods: ["exact", "fast"] });
});
