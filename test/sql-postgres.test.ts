/** batchstats/sql on PostgreSQL (started by scripts/engines/start.sh): accuracy of the exact SQL, for one column and for pairs. */
import { connectPostgres } from "./support/engine-postgres.js";
import { accuracyTests } from "./support/sql-accuracy.js";
import { describeEngine } from "./support/sql-engines.js";
import { pairAccuracyTests } from "./support/sql-pair-accuracy.js";

describeEngine("PostgreSQL", connectPostgres, (engine) => {
  accuracyTests(engine, { n: 20_000, runs: 15, methods: ["exact"] });
  pairAccuracyTests(engine, { n: 20_000, runs: 15, methods: ["exact"] });
});
