/** PostgreSQL (scripts/engines/start.sh: 127.0.0.1, port BS_PG_PORT or 54329, user postgres) through `pg`. */
import type { SQLEngine, TestTable } from "./sql-engines.js";

/** The part of `pg` used here (the package ships no types; @types/pg is not needed for this). */
interface PgClient {
  connect(): Promise<void>;
  query(sql: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  on(event: "error", listener: () => void): void;
  end(): Promise<void>;
}
interface PgModule {
  Client: new (config: Record<string, unknown>) => PgClient;
}

const PG = "pg";

export async function connectPostgres(): Promise<SQLEngine | string> {
  let pg: PgModule;
  try {
    pg = ((await import(PG)) as { default: PgModule }).default;
  } catch {
    return "the pg package is not installed";
  }
  const port = Number(process.env.BS_PG_PORT ?? 54329);
  const client = new pg.Client({ host: "127.0.0.1", port, user: "postgres", database: "postgres" });
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (error) {
    return `no PostgreSQL on 127.0.0.1:${port} (${(error as Error).message})`;
  }
  const version = (await client.query("SHOW server_version")).rows[0]!.server_version as string;
  return {
    name: `PostgreSQL ${version}`,
    dialect: "postgres",
    from: (name) => name,
    async load(name: string, table: TestTable) {
      await client.query(`DROP TABLE IF EXISTS ${name}`);
      await client.query(`CREATE TABLE ${name} (g INTEGER, part INTEGER, x DOUBLE PRECISION, y DOUBLE PRECISION)`);
      // text arrays of the shortest round-trip decimal of each double: float8in reads them back exactly
      const text = (v: number | null | undefined) => (v === null || v === undefined ? null : String(v));
      const x = table.x.map(text);
      const y = table.g.map((_, i) => text(table.y?.[i]));
      const part = table.g.map((_, i) => table.part?.[i] ?? 0);
      await client.query(
        `INSERT INTO ${name} SELECT * FROM unnest($1::integer[], $2::integer[], $3::double precision[], $4::double precision[])`,
        [table.g, part, x, y],
      );
    },
    async rows(sql: string) {
      return (await client.query(sql)).rows as Record<string, unknown>[];
    },
    async close() {
      await client.end();
    },
  };
}
