/** DuckDB in process (@duckdb/node-api), loaded through the appender so every double arrives exactly. */
import type { SQLEngine, TestTable } from "./sql-engines.js";

export async function connectDuckDB(): Promise<SQLEngine | string> {
  let api: typeof import("@duckdb/node-api");
  try {
    api = await import("@duckdb/node-api");
  } catch {
    return "@duckdb/node-api is not installed";
  }
  const instance = await api.DuckDBInstance.create(":memory:", { threads: "2" });
  const connection = await instance.connect();
  return {
    name: "DuckDB",
    dialect: "duckdb",
    from: (name) => name,
    async load(name: string, table: TestTable) {
      await connection.run(`CREATE OR REPLACE TABLE ${name} (g INTEGER, part INTEGER, x DOUBLE, y DOUBLE)`);
      const appender = await connection.createAppender(name);
      table.g.forEach((g, i) => {
        appender.appendInteger(g);
        appender.appendInteger(table.part?.[i] ?? 0);
        for (const v of [table.x[i], table.y?.[i]]) {
          if (v === null || v === undefined) appender.appendNull();
          else appender.appendDouble(v);
        }
        appender.endRow();
      });
      appender.closeSync();
    },
    async rows(sql: string) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJS() as Record<string, unknown>[];
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
