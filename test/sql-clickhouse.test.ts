/**
 * batchstats/sql on ClickHouse 18.16 (Debian's, started by scripts/engines/start.sh): a single server
 * and a two-shard cluster (a Distributed table over two servers). The exact SQL must give the same
 * summaries and pair summaries on both as on any other engine.
 */
import { connectClickHouse } from "./support/engine-clickhouse.js";
import { accuracyTests } from "./support/sql-accuracy.js";
import { describeEngine } from "./support/sql-engines.js";
import { pairAccuracyTests } from "./support/sql-pair-accuracy.js";

describeEngine(
  "ClickHouse (single server)",
  () => connectClickHouse(false),
  (engine) => {
    accuracyTests(engine, { n: 20_000, runs: 10, methods: ["exact", "fast"] });
    pairAccuracyTests(engine, { n: 20_000, runs: 10, methods: ["exact", "fast"] });
  },
);

describeEngine(
  "ClickHouse (two shards)",
  () => connectClickHouse(true),
  (engine) => {
    accuracyTests(engine, { n: 20_000, runs: 10, methods: ["exact"] });
    pairAccuracyTests(engine, { n: 20_000, runs: 10, methods: ["exact"] });
  },
);
