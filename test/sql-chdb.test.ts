/** batchstats/sql on today's ClickHouse (26.x, in process through chdb, installed by scripts/engines/chdb.sh). */
import { connectChdb } from "./support/engine-chdb.js";
import { accuracyTests } from "./support/sql-accuracy.js";
import { describeEngine } from "./support/sql-engines.js";
import { pairAccuracyTests } from "./support/sql-pair-accuracy.js";

describeEngine("ClickHouse 26 (chdb)", connectChdb, (engine) => {
  accuracyTests(engine, { n: 20_000, runs: 10, methods: ["exact", "fast"] });
  pairAccuracyTests(engine, { n: 20_000, runs: 10, methods: ["exact", "fast"] });
});
