// How the calculator reads CSV files: only through batchstats' own decoder (`summarizeStream`
// of batchstats/ingest, the grammar the library and the command line use), never a parser of
// its own. This module holds what the page adds on top: the delimiter of a file (the candidate
// with which the library finds the most columns), the columns it offers (the library lists them
// when a file has several and none was chosen), and how a chosen column is asked for.
// Plain ES module with no imports: `summarizeStream` is passed in (the worker gives the browser
// build, the tests the library's source).

/** Delimiters tried, in the order a tie is broken. */
export const DELIMITERS = [",", ";", "\t", "|"];

/** Bytes of the start of a file looked at to find its layout. */
export const HEAD_BYTES = 64 * 1024;

/**
 * The columns of a CSV as the library reads them with `delimiter`: `{ columns, header }` when it
 * has several (header names, or "0", "1"… without a header), `{ columns: [], header: false }`
 * when it has one (no column needs choosing), or the library's error for anything else.
 */
async function columnsWith(summarizeStream, head, delimiter, name) {
  try {
    await summarizeStream([head], { format: "csv", delimiter, name });
    return { columns: [], header: false };
  } catch (error) {
    if (error?.field === "options.column" && Array.isArray(error.columns)) {
      return { columns: error.columns, header: error.header === true };
    }
    return { columns: [], header: false, error };
  }
}

/**
 * The layout of a CSV file from its first bytes (`head`, a Uint8Array): the delimiter with which
 * the library finds the most columns (ties: in DELIMITERS order), its columns, and whether they
 * are header names. `columns` is empty for a file of one column.
 * @returns {Promise<{ delimiter: string, columns: string[], header: boolean }>}
 */
export async function csvLayout(summarizeStream, head, name) {
  let best = { delimiter: ",", columns: [], header: false };
  for (const delimiter of DELIMITERS) {
    const found = await columnsWith(summarizeStream, head, delimiter, name);
    if (found.columns.length > best.columns.length) best = { delimiter, columns: found.columns, header: found.header };
  }
  return best;
}

/** The label the column picker shows for column `index` of a layout. */
export function columnLabel(layout, index) {
  return layout.header ? layout.columns[index] : `column ${index}`;
}

/**
 * The `column` (and `header`) options that read the chosen column of a layout: by name when the
 * file has a header, else by 0-based index with no header. Nothing when it has one column.
 */
export function columnOptions(layout, name) {
  if (layout.columns.length === 0) return {};
  if (layout.header) return { column: name };
  return { column: Number(name), header: false };
}

/** What the page shows of an error of the library: its message (file, line, column), and where. */
export function describeError(error) {
  const message = error instanceof Error ? error.message : String(error);
  return { message, code: error?.code, line: error?.line, column: error?.column };
}
