// Types of web/csv.js, for the tests that run it in Node.

type Summarize = (
  source: Iterable<Uint8Array | string>,
  options: { format: "csv"; delimiter?: string; name?: string },
) => Promise<unknown>;

export interface CsvLayout {
  delimiter: string;
  /** Header names, or "0", "1"… without a header; empty for a file of one column. */
  columns: string[];
  header: boolean;
}

export const DELIMITERS: readonly string[];
export const HEAD_BYTES: number;
export function csvLayout(summarizeStream: Summarize, head: Uint8Array, name: string): Promise<CsvLayout>;
export function columnLabel(layout: CsvLayout, index: number): string;
export function columnOptions(layout: CsvLayout, name: string): { column?: string | number; header?: boolean };
export function describeError(error: unknown): { message: string; code?: string; line?: number; column?: number };
