/**
 * ClickHouse 26.x in process: the npm package chdb, installed apart from the project into build/chdb
 * (scripts/engines/chdb.sh, from test/engines/chdb/package-lock.json). Tables are MergeTree tables
 * of a session in a temporary folder, loaded with INSERT … VALUES of each double's shortest
 * round-trip text (today's ClickHouse parses floats correctly rounded); results are read as
 * TabSeparatedWithNames text.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SQLEngine, TestTable } from "./sql-engines.js";

interface ChdbSession {
  query(sql: string, format?: string): string;
  cleanup?(): void;
}

const root = join(import.meta.dirname, "..", "..");

function literal(x: number | null | undefined): string {
  if (x === null || x === undefined) return "NULL";
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  return String(x);
}

export async function connectChdb(): Promise<SQLEngine | string> {
  let chdb: { Session: new (path?: string) => ChdbSession };
  try {
    chdb = createRequire(join(root, "build", "chdb", "package.json"))("chdb");
  } catch (error) {
    return `chdb is not installed in build/chdb (bash scripts/engines/chdb.sh): ${(error as Error).message.split("\n")[0]}`;
  }
  const dir = mkdtempSync(join(tmpdir(), "batchstats-chdb-"));
  const session = new chdb.Session(dir);
  const version = session.query("SELECT version()", "TabSeparated").trim();
  return {
    name: `chdb (ClickHouse ${version})`,
    dialect: "clickhouse",
    from: (name) => name,
    async load(name: string, table: TestTable) {
      session.query(`DROP TABLE IF EXISTS ${name}`);
      session.query(
        `CREATE TABLE ${name} (g Int32, part Int32, x Nullable(Float64), y Nullable(Float64)) ENGINE = MergeTree ORDER BY g`,
      );
      for (let start = 0; start < table.g.length; start += 50_000) {
        const rows: string[] = [];
        for (let i = start; i < Math.min(table.g.length, start + 50_000); i++) {
          rows.push(`(${table.g[i]},${table.part?.[i] ?? 0},${literal(table.x[i])},${literal(table.y?.[i])})`);
        }
        session.query(`INSERT INTO ${name} VALUES ${rows.join(",")}`);
      }
    },
    async rows(sql: string) {
      const [head, ...lines] = session.query(sql, "TabSeparatedWithNames").split("\n");
      const names = head!.split("\t");
      return lines
        .filter((line) => line !== "")
        .map((line) => {
          const cells = line.split("\t");
          return Object.fromEntries(names.map((n, i) => [n, cells[i] === "\\N" ? null : cells[i]]));
        });
    },
    async close() {
      session.cleanup?.();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
