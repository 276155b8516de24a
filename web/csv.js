// CSV reading for the A/B calculator: a streaming RFC 4180 parser that knows the line number of
// every record, a strict number reader, and a sniffer for the delimiter, header and columns.
// Plain ES module with no imports: used by the page (sniffing) and by summarize-worker.js.

/** An error in a file's contents, with the 1-based line where it is. */
export class CsvError extends Error {
  constructor(message, line) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = "CsvError";
    this.line = line;
  }
}

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3;

/**
 * Splits CSV text given in chunks into records. `onRecord(fields, line)` receives each record's
 * fields and the line it starts on; blank lines are skipped. Quoted fields may hold delimiters,
 * doubled quotes and line breaks; \n, \r\n and \r all end a line.
 */
export class CsvParser {
  constructor({ delimiter = ",", onRecord }) {
    this.delimiter = delimiter;
    this.onRecord = onRecord;
    this.state = FIELD_START;
    this.fields = [];
    this.field = "";
    this.line = 1; // line of the next character
    this.recordLine = 1;
    this.afterCR = false;
    this.quoteLine = 0;
  }

  endField() {
    this.fields.push(this.field);
    this.field = "";
  }

  endRecord() {
    const fields = this.fields;
    this.fields = [];
    if (!(fields.length === 1 && fields[0] === "")) this.onRecord(fields, this.recordLine);
  }

  /** Feeds the next piece of text. */
  push(text) {
    const d = this.delimiter;
    const n = text.length;
    let i = 0;
    let start = 0; // start of the pending slice of the current field
    if (this.afterCR && n > 0) {
      this.afterCR = false;
      if (text[0] === "\n") {
        i = 1;
        start = 1;
      }
    }
    for (; i < n; i++) {
      const c = text[i];
      switch (this.state) {
        case FIELD_START:
          if (c === '"') {
            this.state = QUOTED;
            this.quoteLine = this.line;
            start = i + 1;
            break;
          }
          this.state = UNQUOTED;
          start = i;
          i--; // read this character again, as the first of an unquoted field
          break;
        case UNQUOTED:
          if (c === d) {
            this.field += text.slice(start, i);
            this.endField();
            this.state = FIELD_START;
          } else if (c === "\n" || c === "\r") {
            this.field += text.slice(start, i);
            this.endField();
            this.endRecord();
            this.state = FIELD_START;
            i = this.newline(text, i);
            this.recordLine = this.line;
          }
          break;
        case QUOTED:
          if (c === '"') {
            this.field += text.slice(start, i);
            this.state = QUOTE_IN_QUOTED;
          } else if (c === "\n" || c === "\r") {
            i = this.newline(text, i);
          }
          break;
        case QUOTE_IN_QUOTED:
          if (c === '"') {
            this.field += '"';
            this.state = QUOTED;
            start = i + 1;
          } else if (c === d) {
            this.endField();
            this.state = FIELD_START;
          } else if (c === "\n" || c === "\r") {
            this.endField();
            this.endRecord();
            this.state = FIELD_START;
            i = this.newline(text, i);
            this.recordLine = this.line;
          } else {
            // Text after a closing quote ("12"3): keep it, as most spreadsheets do.
            this.state = UNQUOTED;
            start = i;
          }
          break;
      }
    }
    if (this.state === UNQUOTED) this.field += text.slice(start);
    else if (this.state === QUOTED) this.field += text.slice(start);
  }

  /** Counts the line break at text[i] (\n, \r\n or \r) and returns the index of its last character. */
  newline(text, i) {
    this.line++;
    if (text[i] === "\r") {
      if (i + 1 < text.length) {
        if (text[i + 1] === "\n") return i + 1;
      } else {
        this.afterCR = true; // a \n may start the next chunk
      }
    }
    return i;
  }

  /** Ends the input: emits the last record, or throws for a quote never closed. */
  end() {
    if (this.state === QUOTED) throw new CsvError("a quoted field is never closed", this.quoteLine);
    if (this.state !== FIELD_START || this.fields.length > 0) {
      this.endField();
      this.endRecord();
    }
    this.state = FIELD_START;
  }
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;

/**
 * The number a field holds, `null` for an empty field, `undefined` when it is not a number.
 * Accepts decimal notation with an optional exponent (and "3,5" when `decimalComma`); refuses
 * hex, "NaN", "Infinity" and anything else Number() would quietly turn into something.
 */
export function readNumber(field, decimalComma = false) {
  const text = field.trim();
  if (text === "") return null;
  if (NUMBER.test(text)) return Number(text);
  if (decimalComma && DECIMAL_COMMA.test(text)) return Number(text.replace(",", "."));
  return undefined;
}

/** How many times each candidate delimiter occurs in a line, outside quotes. */
function delimiterCounts(line) {
  const counts = { "\t": 0, ";": 0, ",": 0, "|": 0 };
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c in counts) counts[c]++;
  }
  return counts;
}

/**
 * The delimiter of the first lines of a file: among tab ; , | the one found the same number of
 * times (at least once) on each of the first ten lines, the most frequent first; on a tie, in
 * that order (";" before ",": a file split by ";" often has decimal commas). Default ",".
 */
export function detectDelimiter(text) {
  const lines = text
    .split(/\r\n|\n|\r/)
    .filter((line) => line.trim() !== "")
    .slice(0, 10);
  if (lines.length === 0) return ",";
  const counts = lines.map(delimiterCounts);
  let best = ",";
  let bestCount = 0;
  for (const d of Object.keys(counts[0])) {
    const n = counts[0][d];
    const consistent = counts.every((c) => c[d] === n);
    if (n > 0 && consistent && n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  if (bestCount > 0) return best;
  // No candidate is consistent (e.g. a preview cut inside a quoted field): the first line decides.
  for (const d of Object.keys(counts[0])) if (counts[0][d] > counts[0][best]) best = d;
  return best;
}

const ID_LIKE = /(^|[^a-z])(id|uuid|key|index|row)$/i;

/**
 * Looks at the start of a file: delimiter, whether the first record is a header, the column
 * names and which columns hold numbers, and the column to offer first (the first numeric one
 * that does not look like an identifier).
 * @param {string} text the first few kilobytes of the file
 * @param {boolean} complete whether `text` is the whole file
 */
export function sniff(text, complete) {
  const cut = complete ? text.length : Math.max(text.lastIndexOf("\n"), 0);
  const head = text.slice(0, cut);
  const delimiter = detectDelimiter(head);
  const decimalComma = delimiter === ";";
  const records = [];
  const parser = new CsvParser({
    delimiter,
    onRecord: (fields, line) => {
      if (records.length < 50) records.push({ fields, line });
    },
  });
  parser.push(head);
  try {
    parser.end();
  } catch {
    // a quoted field cut by the preview: ignore the last record
  }
  if (records.length === 0)
    return { delimiter, decimalComma, hasHeader: false, columns: [], numeric: [], suggested: -1 };
  const first = records[0].fields;
  const hasHeader = first.some((f) => readNumber(f, decimalComma) === undefined);
  const width = Math.max(...records.map((r) => r.fields.length));
  const columns = [];
  for (let i = 0; i < width; i++) {
    const name = hasHeader ? (first[i] ?? "").trim() : "";
    columns.push(name === "" ? `column ${i + 1}` : name);
  }
  const data = hasHeader ? records.slice(1) : records;
  const numeric = columns.map((_, i) => {
    const values = data.map((r) => readNumber(r.fields[i] ?? "", decimalComma));
    return values.some((v) => typeof v === "number") && values.every((v) => v !== undefined);
  });
  let suggested = numeric.findIndex((ok, i) => ok && !ID_LIKE.test(columns[i]));
  if (suggested < 0) suggested = numeric.indexOf(true);
  return { delimiter, decimalComma, hasHeader, columns, numeric, suggested };
}
