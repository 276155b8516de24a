/**
 * How the calculator reads CSV (web/csv.js), in Node with the library's own decoder: the page
 * has no parser of its own, so it reads a file exactly as `batchstats summarize` does — a
 * headerless file keeps its first row, no column is picked by default, `"12"3` and empty fields
 * are errors naming their line and column — and it finds the delimiter and the columns through
 * the library.
 */
import { describe, expect, it } from "vitest";
import { summarizeStream } from "../../src/node/ingest.js";
import { columnLabel, columnOptions, csvLayout, describeError } from "../../web/csv.js";

const bytes = (text: string) => new TextEncoder().encode(text);

/** What the page's worker does with a file, once its layout is known and a column chosen. */
async function readColumn(text: string, column?: string) {
  const layout = await csvLayout(summarizeStream, bytes(text), "f.csv");
  const options = column === undefined ? {} : columnOptions(layout, column);
  return summarizeStream([text], { format: "csv", delimiter: layout.delimiter, name: "f.csv", ...options });
}

async function errorOf(promise: Promise<unknown>) {
  return promise.then(
    () => undefined,
    (e: unknown) => describeError(e),
  );
}

describe("the page's layout of a file comes from the library", () => {
  it("lists header names and offers no default column", async () => {
    const layout = await csvLayout(summarizeStream, bytes("user_id,revenue,sessions\n1,2.5,3\n"), "f.csv");
    expect(layout).toEqual({ delimiter: ",", columns: ["user_id", "revenue", "sessions"], header: true });
    expect(columnLabel(layout, 1)).toBe("revenue");
  });

  it("finds the delimiter with which the library sees the most columns", async () => {
    expect((await csvLayout(summarizeStream, bytes("a;b;c\n1;2;3\n"), "f")).delimiter).toBe(";");
    expect((await csvLayout(summarizeStream, bytes("a\tb\n1\t2\n"), "f")).delimiter).toBe("\t");
    expect((await csvLayout(summarizeStream, bytes('a,"b;c"\n1,2\n'), "f")).delimiter).toBe(",");
  });

  it("names the columns of a headerless file by index, and keeps its first row", async () => {
    const layout = await csvLayout(summarizeStream, bytes("1,10\r2,20\r3,30\r"), "f.csv");
    expect(layout).toEqual({ delimiter: ",", columns: ["0", "1"], header: false });
    expect(columnLabel(layout, 1)).toBe("column 1");
    const r = await readColumn("1,10\r2,20\r3,30\r", "1");
    expect([r.summary.count, r.summary.mean]).toEqual([3, 20]);
  });

  it("needs no column for a file of one column", async () => {
    expect((await csvLayout(summarizeStream, bytes("revenue\n1\n2\n"), "f")).columns).toEqual([]);
    expect((await readColumn("revenue\n1\n2\n")).summary.mean).toBe(1.5);
  });
});

describe("the page reads records as the command line does", () => {
  it('refuses "12"3 and an empty field, naming the line and column', async () => {
    const quoted = await errorOf(readColumn('id,v\n1,"12"3\n', "v"));
    expect(quoted).toMatchObject({ code: "E_PARSE", line: 2, column: 1 });
    expect(quoted?.message).toMatch(/^f\.csv, line 2, column 1 \("v"\): "\\"12\\"3" is not a number/);
    const empty = await errorOf(readColumn("id,v\n1,2\n2,\n", "v"));
    expect(empty).toMatchObject({ code: "E_PARSE", line: 3, column: 1 });
    expect(empty?.message).toMatch(/an empty field is not a number/);
  });

  it("reads quoted fields, CRLF and blank lines", async () => {
    const r = await readColumn('id,v\r\n1,"2.5"\r\n\r\n"x, y",3.5\r\n', "v");
    expect([r.summary.count, r.summary.mean]).toEqual([2, 3]);
  });
});
