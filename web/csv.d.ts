// Types of web/csv.js, for the tests that run it in Node.

export class CsvError extends Error {
  constructor(message: string, line?: number);
  line: number | undefined;
}

export class CsvParser {
  constructor(options: { delimiter?: string; onRecord(fields: string[], line: number): void });
  push(text: string): void;
  end(): void;
}

export function readNumber(field: string, decimalComma?: boolean): number | null | undefined;

export function detectDelimiter(firstLine: string): string;

export interface Sniffed {
  delimiter: string;
  decimalComma: boolean;
  hasHeader: boolean;
  columns: string[];
  numeric: boolean[];
  suggested: number;
}

export function sniff(text: string, complete: boolean): Sniffed;
