/**
 * The engines the SQL tests run on, behind one small interface, and the rule for an engine that
 * is absent: with CI set the test fails (the CI script starts every engine), elsewhere it is
 * skipped with a message saying how to start it (`npm run engines`).
 */
import { describe, it } from "vitest";
import type { Dialect } from "../../src/sql/index.js";

/** A table of group ids and values (NULL allowed) the tests load into an engine. */
export interface TestTable {
  g: number[];
  x: (number | null)[];
  /** An optional second value per row (the y of a pair; NULL when absent). */
  y?: (number | null)[];
  /** An optional partition id per row. */
  part?: number[];
}

export interface SQLEngine {
  name: string;
  dialect: Dialect;
  /** Creates (or replaces) table `name` (g INTEGER, part INTEGER, x DOUBLE NULL, y DOUBLE NULL), loading every double exactly. */
  load(name: string, table: TestTable): Promise<void>;
  /** The name to query for a loaded table (e.g. a Distributed table over shards). */
  from(name: string): string;
  /** Runs a query and returns its rows as objects, integers as text or BigInt. */
  rows(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/**
 * `describe` for an engine that may be absent: `connect` returns the engine or the reason it is
 * not there. Absent with CI set: one failing test. Absent otherwise: skipped, with the reason.
 */
export function describeEngine(
  title: string,
  connect: () => Promise<SQLEngine | string>,
  body: (engine: () => SQLEngine) => void,
): void {
  let engine: SQLEngine | undefined;
  let reason: string | undefined;
  const ready = connect().then(
    (e) => {
      if (typeof e === "string") reason = e;
      else engine = e;
    },
    (error: unknown) => {
      reason = error instanceof Error ? error.message : String(error);
    },
  );
  describe(title, async () => {
    await ready;
    if (engine === undefined) {
      if (process.env.CI) {
        it(`${title}: the engine is running`, () => {
          throw new Error(`${title} is not available (${reason}); the CI script (.ci/run) must start it`);
        });
      } else {
        console.warn(`skipping ${title}: ${reason} (start the engines with \`npm run engines\`)`);
        it.skip(`${title} (not available: ${reason})`, () => {});
      }
      return;
    }
    body(() => engine!);
  });
}
