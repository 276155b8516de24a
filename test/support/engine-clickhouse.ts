/**
 * ClickHouse over HTTP (fetch; no client library): Debian's 18.16 servers started by
 * scripts/engines/start.sh, as a single server (BS_CH_PORT_A, 18123) or as the two-shard cluster
 * `bs_two` (a Distributed table on the first server over tables on both). Tables are loaded in
 * RowBinary, so every double arrives bit for bit (18.16 misreads some floats in CSV); results are read
 * as TabSeparatedWithNames text.
 */
import type { SQLEngine, TestTable } from "./sql-engines.js";

async function http(port: number, sql: string, body?: Uint8Array): Promise<string> {
  const url = body ? `http://127.0.0.1:${port}/?query=${encodeURIComponent(sql)}` : `http://127.0.0.1:${port}/`;
  const response = await fetch(url, { method: "POST", body: body ? new Blob([body as Uint8Array<ArrayBuffer>]) : sql });
  const text = await response.text();
  if (!response.ok) throw new Error(`ClickHouse :${port}: ${text.slice(0, 2000)}`);
  return text;
}

/** Rows (g Int32, part Int32, x Nullable(Float64), y Nullable(Float64)) in RowBinary. */
function rowBinary(table: TestTable, rows: number[]): Uint8Array {
  const buffer = new ArrayBuffer(rows.length * 26);
  const view = new DataView(buffer);
  let at = 0;
  for (const i of rows) {
    view.setInt32(at, table.g[i]!, true);
    view.setInt32(at + 4, table.part?.[i] ?? 0, true);
    at += 8;
    for (const v of [table.x[i], table.y?.[i]]) {
      view.setUint8(at, v === null || v === undefined ? 1 : 0);
      at += 1;
      if (v !== null && v !== undefined) {
        view.setFloat64(at, v, true);
        at += 8;
      }
    }
  }
  return new Uint8Array(buffer, 0, at);
}

const SCHEMA = "(g Int32, part Int32, x Nullable(Float64), y Nullable(Float64)) ENGINE = MergeTree() ORDER BY g";

export async function connectClickHouse(cluster: boolean): Promise<SQLEngine | string> {
  const a = Number(process.env.BS_CH_PORT_A ?? 18123);
  const b = Number(process.env.BS_CH_PORT_B ?? 18124);
  const ports = cluster ? [a, b] : [a];
  let version: string;
  try {
    version = (await http(a, "SELECT version()")).trim();
    if (cluster) await http(b, "SELECT 1");
  } catch (error) {
    return `no ClickHouse on 127.0.0.1:${ports.join(", :")} (${(error as Error).message})`;
  }
  const suffix = cluster ? "_c" : "_s";
  return {
    name: `ClickHouse ${version}${cluster ? " (two shards)" : ""}`,
    dialect: "clickhouse",
    from: (name) => (cluster ? `${name}${suffix}_all` : `${name}${suffix}`),
    async load(name: string, table: TestTable) {
      const local = `${name}${suffix}`;
      const all = table.g.map((_, i) => i);
      for (const [k, port] of ports.entries()) {
        await http(port, `DROP TABLE IF EXISTS ${local}`);
        await http(port, `CREATE TABLE ${local} ${SCHEMA}`);
        // shard k holds every row whose index is k modulo the shard count
        const mine = all.filter((i) => i % ports.length === k);
        if (mine.length > 0) await http(port, `INSERT INTO ${local} FORMAT RowBinary`, rowBinary(table, mine));
      }
      if (cluster) {
        await http(a, `DROP TABLE IF EXISTS ${local}_all`);
        await http(a, `CREATE TABLE ${local}_all AS ${local} ENGINE = Distributed(bs_two, default, ${local}, rand())`);
      }
    },
    async rows(sql: string) {
      // TabSeparatedWithNames: every value as text (JSON would write Decimals as bare numbers)
      const [head, ...lines] = (await http(a, `${sql} FORMAT TabSeparatedWithNames`)).split("\n");
      const names = head!.split("\t");
      return lines
        .filter((line) => line !== "")
        .map((line) => {
          const cells = line.split("\t");
          return Object.fromEntries(names.map((n, i) => [n, cells[i] === "\\N" ? null : cells[i]]));
        });
    },
    async close() {},
  };
}
