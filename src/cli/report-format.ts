import type { Readout, ReadoutRow } from "../readout/readout.js";
import { percent, probability, sig6 } from "./number-format.js";

/** A lift as a signed percentage with 3 significant digits ("+4.81%", "−0.2%"). */
function liftPercent(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? "+∞" : "−∞";
  const text = String(Number((x * 100).toPrecision(3)));
  return x > 0 ? `+${text}%` : `${text.replace("-", "−")}%`;
}

function interval(ci: [number, number], format: (x: number) => string): string {
  return `[${format(ci[0])}, ${format(ci[1])}]`;
}

interface Column {
  header: string;
  cell: (row: ReadoutRow) => string;
}

function columns(r: Readout): Column[] {
  const none = "—";
  const list: Column[] = [
    { header: "metric", cell: (row) => row.metric },
    { header: "variant", cell: (row) => row.variant },
    { header: "n (variant/control)", cell: (row) => `${row.counts.variant}/${row.counts.control}` },
    { header: "mean control", cell: (row) => sig6(row.means.control) },
    { header: "mean variant", cell: (row) => sig6(row.means.variant) },
    { header: "lift", cell: (row) => (row.lift === null ? none : liftPercent(row.lift.estimate)) },
    {
      header: `lift ${percent(r.confidenceLevel)} CI`,
      cell: (row) => (row.lift === null ? none : interval(row.lift.confidenceInterval, liftPercent)),
    },
    { header: "difference", cell: (row) => (row.effect === null ? none : sig6(row.effect.estimate)) },
    {
      header: "p",
      cell: (row) => (row.effect === null ? none : probability(row.effect.pValue, row.effect.log10PValue)),
    },
  ];
  if (r.correction !== "none") {
    list.push({
      header: `p (${r.correction})`,
      cell: (row) =>
        row.pValueAdjusted === null ? none : probability(row.pValueAdjusted, Math.log10(row.pValueAdjusted)),
    });
  }
  if (r.rows.some((row) => row.bayes !== undefined)) {
    list.push({
      header: "chance to win",
      cell: (row) => (row.bayes == null ? none : `${sig6(row.bayes.chanceToWin * 100)}%`),
    });
  }
  if (r.rows.some((row) => row.sequential !== undefined)) {
    list.push({
      header: "sequential CI",
      cell: (row) =>
        row.sequential == null
          ? none
          : interval(row.sequential.confidenceInterval, row.sequential.relative ? liftPercent : sig6),
    });
  }
  return list;
}

function srmLine(r: Readout, text: (s: string) => string = (s) => s): string {
  if (r.srm === null) return "sample ratio: not computed (no units in any arm)";
  const units = Object.entries(r.srm.units)
    .map(([arm, n]) => `${text(arm)} ${n}`)
    .join(", ");
  const verdict = r.srm.mismatch ? "MISMATCH" : "ok";
  return `sample ratio: ${verdict} (p = ${probability(r.srm.pValue, r.srm.log10PValue)}; units ${units})`;
}

/**
 * The readout as an aligned terminal table, followed by the sample-ratio verdict and the warnings.
 *
 * @example
 * ```ts
 * process.stdout.write(readoutTable(readout(experiment)));
 * ```
 */
export function readoutTable(r: Readout): string {
  const cols = columns(r);
  const cells = [cols.map((c) => c.header), ...r.rows.map((row) => cols.map((c) => c.cell(row)))];
  const widths = cols.map((_, j) => Math.max(...cells.map((line) => [...(line[j] as string)].length)));
  const lines = cells.map((line) =>
    line
      .map((cell, j) => cell.padEnd((widths[j] as number) + ([...cell].length - cell.length)))
      .join("  ")
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((w) => "─".repeat(w)).join("  "));
  const tail = [srmLine(r), ...r.warnings.map((w) => `warning: ${w.message}`)];
  return `${[...lines, "", ...tail].join("\n")}\n`;
}

/**
 * Text as literal Markdown, in a table cell or a line: line breaks (CR, LF, U+2028/9) become spaces,
 * `<` and `&` HTML entities (no tag passes), and the marks of emphasis, code, tables and links
 * (backslash, backtick, * _ | ~ and "](") backslash escapes.
 * The one escaping of user text (arm and metric names, messages) for `--markdown`.
 */
function markdownCell(text: string): string {
  return text
    .replace(/\r\n?|[\n\u2028\u2029]/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/[\\`*_|~]|\](?=\()/g, "\\$&");
}

/**
 * The readout as a Markdown table, followed by the sample-ratio verdict and the warnings as a list.
 *
 * @example
 * ```ts
 * process.stdout.write(readoutMarkdown(readout(experiment)));
 * ```
 */
export function readoutMarkdown(r: Readout): string {
  const cols = columns(r);
  const lines = [
    `| ${cols.map((c) => markdownCell(c.header)).join(" | ")} |`,
    `|${cols.map(() => "---").join("|")}|`,
    ...r.rows.map((row) => `| ${cols.map((c) => markdownCell(c.cell(row))).join(" | ")} |`),
    "",
    srmLine(r, markdownCell),
  ];
  if (r.warnings.length > 0) lines.push("", ...r.warnings.map((w) => `- ${markdownCell(w.message)}`));
  return `${lines.join("\n")}\n`;
}

/** A CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). */
function csvField(value: string | number | null): string {
  if (value === null) return "";
  const text = typeof value === "number" ? String(value) : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** "relative" (of the lift) or "absolute" (of mean(variant) − mean(control)); null without the column. */
function scale(column: { relative: boolean } | null): string | null {
  if (column === null) return null;
  return column.relative ? "relative" : "absolute";
}

/**
 * The readout as CSV, one line per metric × variant with every number at full precision (empty
 * where the row has none; infinite bounds as `Infinity`/`-Infinity`), the scale of the Bayesian
 * and sequential columns (`relative`, or `absolute` where the control mean is 0), and the
 * warnings joined.
 *
 * @example
 * ```ts
 * process.stdout.write(readoutCsv(readout(experiment)));
 * ```
 */
export function readoutCsv(r: Readout): string {
  const header = [
    "metric",
    "kind",
    "variant",
    "control",
    "n_variant",
    "n_control",
    "mean_variant",
    "mean_control",
    "difference",
    "difference_lo",
    "difference_hi",
    "stderr",
    "df",
    "p_value",
    "log10_p_value",
    "p_value_adjusted",
    "lift",
    "lift_lo",
    "lift_hi",
    "chance_to_win",
    "risk_treatment",
    "risk_control",
    "bayes_scale",
    "sequential_lo",
    "sequential_hi",
    "sequential_p_value",
    "sequential_scale",
    "warnings",
  ];
  const lines = [header.join(",")];
  for (const row of r.rows) {
    const e = row.effect;
    const l = row.lift;
    const b = row.bayes ?? null;
    const s = row.sequential ?? null;
    const fields: (string | number | null)[] = [
      row.metric,
      row.kind,
      row.variant,
      row.control,
      row.counts.variant,
      row.counts.control,
      row.means.variant,
      row.means.control,
      e?.estimate ?? null,
      e?.confidenceInterval[0] ?? null,
      e?.confidenceInterval[1] ?? null,
      e?.stderr ?? null,
      e?.df ?? null,
      e?.pValue ?? null,
      e?.log10PValue ?? null,
      row.pValueAdjusted,
      l?.estimate ?? null,
      l?.confidenceInterval[0] ?? null,
      l?.confidenceInterval[1] ?? null,
      b?.chanceToWin ?? null,
      b?.risk.treatment ?? null,
      b?.risk.control ?? null,
      scale(b),
      s?.confidenceInterval[0] ?? null,
      s?.confidenceInterval[1] ?? null,
      s?.pValue ?? null,
      scale(s),
      row.warnings.map((w) => w.message).join("; "),
    ];
    lines.push(fields.map(csvField).join(","));
  }
  return `${lines.join("\n")}\n`;
}
