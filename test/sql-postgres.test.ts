/** batchstats/sql on PostgreSQL (started by scripts/engines/start.sh): accuracy of the exact SQL. */
import { connectPostgres } from "./support/engine-postgres.js";
import { accuracyTests } from "./support/sql-accuracy.js";
import { describeEngine } from "./support/sql-engines.js";

describeEngine("PostgreSQL", connectPostgres, (engine) => {
  accuracyTests(engine, { n: 20_000, runs: 15, methods: ["exact"] });
});
