// The experiment readout: several metrics for a control and one or more variants, from CSV files
// (one set of files per arm; each chosen column is a metric) or from summary JSON, reduced to the
// table an analyst reads by batchstats' readout(): per metric and variant the difference, the
// relative lift with its interval, raw and adjusted p-values, warnings, and the experiment's
// sample-ratio check. A forest plot draws every lift with its interval. The page computes no
// statistic itself: it gathers summaries and shows what readout() returns.
import * as batchstats from "batchstats";
import { drawForest } from "./chart.js";
import { formatChance, intervalKind, liftIntervalText } from "./compare.js";
import { h, num, svgChart } from "./dom.js";
import { formatCount, formatNumber, formatP, formatPercent } from "./format.js";
import { toSummary } from "./pasted.js";

const { Summary, merge } = batchstats;

let runJob;
let nextId = 1;

const state = {
  source: "csv", // "csv" | "json"
  arms: [],
  /** column name → { selected, kind }; kept across renders. */
  metrics: new Map(),
  jsonText: "",
  weightsText: "",
};

function makeArm(name) {
  return { id: nextId++, name, files: [] };
}

// ---------------------------------------------------------------------------------------------
// Files: every column of every file is summarized once (its layout first), so that choosing the
// metrics re-reads nothing.

/** The metric names of a layout and how each is asked of the worker. */
function columnsOf(layout) {
  if (layout.columns.length === 0) return [{ name: "value", column: undefined }];
  return layout.columns.map((c, i) =>
    layout.header ? { name: c, column: c } : { name: `column ${i}`, column: String(i) },
  );
}

async function addFiles(arm, fileList) {
  const added = [...fileList].map((file) => ({
    id: nextId++,
    file,
    status: "reading",
    error: "",
    columns: new Map(), // name → { summary } | { error }
    records: undefined,
  }));
  arm.files.push(...added);
  render();
  for (const entry of added) {
    const reply = await runJob({ kind: "layout", file: entry.file });
    if (reply.error) {
      Object.assign(entry, { status: "error", error: reply.error.message });
      render();
      continue;
    }
    for (const { name, column } of columnsOf(reply.layout)) {
      const done = await runJob({ kind: "summarize", file: entry.file, layout: reply.layout, column });
      if (done.error) entry.columns.set(name, { error: done.error.message });
      else {
        entry.columns.set(name, { summary: Summary.fromJSON(done.summary) });
        entry.records ??= done.records;
      }
      if (!state.metrics.has(name)) state.metrics.set(name, { selected: false, kind: undefined });
    }
    entry.status = "ok";
    render();
  }
}

/** True when a summary holds only 0s and 1s (M2 = k(n − k)/n): a conversion metric. */
function looksBinary(summary) {
  const n = summary.count;
  if (n < 2) return false;
  const k = Math.round(summary.mean * n);
  if (Math.abs(summary.mean * n - k) > 1e-9 * n) return false;
  const m2 = (k * (n - k)) / n;
  return Math.abs(summary.m2 - m2) <= 1e-9 * Math.max(m2, 1);
}

/** Every column seen, in order: its name, whether every arm has it, its kind and its errors. */
function columnsSeen() {
  const out = new Map();
  for (const arm of state.arms) {
    for (const entry of arm.files) {
      for (const [name, value] of entry.columns) {
        if (!out.has(name)) out.set(name, { name, errors: [], binary: true, arms: new Set() });
        const seen = out.get(name);
        if (value.error) seen.errors.push(value.error);
        else {
          seen.arms.add(arm.id);
          if (!looksBinary(value.summary)) seen.binary = false;
        }
      }
    }
  }
  return [...out.values()];
}

/** The experiment from the CSV files, or a reason why there is none yet. */
function experimentFromFiles() {
  if (state.arms.some((arm) => arm.files.some((f) => f.status === "reading"))) return { wait: "Reading files…" };
  const names = state.arms.map((arm) => arm.name.trim());
  if (names.some((n) => n === "")) return { wait: "Every arm needs a name." };
  if (new Set(names).size !== names.length) return { wait: "The arms need different names." };
  const empty = state.arms.filter((arm) => !arm.files.some((f) => f.status === "ok"));
  if (empty.length > 0) return { wait: `Add CSV files to ${empty.map((arm) => `“${arm.name}”`).join(", ")}.` };
  const chosen = columnsSeen().filter((c) => state.metrics.get(c.name)?.selected);
  if (chosen.length === 0) return { wait: "Choose the columns to compare: each one is a metric." };
  const metrics = [];
  const notes = [];
  for (const column of chosen) {
    if (column.errors.length > 0) {
      notes.push(`“${column.name}” is left out: ${column.errors[0]}`);
      continue;
    }
    const missing = state.arms.filter((arm) => !column.arms.has(arm.id));
    if (missing.length > 0) {
      notes.push(
        `“${column.name}” is left out: ${missing.map((arm) => `“${arm.name}”`).join(", ")} has no such column.`,
      );
      continue;
    }
    const kind = state.metrics.get(column.name).kind ?? (column.binary ? "rate" : "mean");
    const summaries = {};
    for (const arm of state.arms) {
      const parts = arm.files.flatMap((f) =>
        f.columns.get(column.name)?.summary ? [f.columns.get(column.name).summary] : [],
      );
      const summary = parts.length === 1 ? parts[0] : merge(...parts);
      summaries[arm.name] =
        kind === "rate" && looksBinary(summary)
          ? { successes: Math.round(summary.mean * summary.count), trials: summary.count }
          : summary;
    }
    metrics.push({ name: column.name, kind, summaries });
  }
  if (metrics.length === 0) return { wait: "None of the chosen columns can be compared.", notes };
  const experiment = {
    arms: state.arms.map((arm, i) => (i === 0 ? { name: arm.name, control: true } : { name: arm.name })),
    metrics,
  };
  if (state.arms.every((arm) => arm.files.every((f) => f.status !== "ok" || f.records !== undefined))) {
    experiment.units = Object.fromEntries(
      state.arms.map((arm) => [arm.name, arm.files.reduce((sum, f) => sum + (f.records ?? 0), 0)]),
    );
  }
  return { experiment, notes };
}

/** The experiment from pasted JSON: summaries in any form the two-arm page takes, or counts. */
export function experimentFromJSON(text) {
  const value = JSON.parse(text);
  if (typeof value !== "object" || value === null || !Array.isArray(value.arms) || !Array.isArray(value.metrics)) {
    throw new Error('expected {"arms": [{"name", "control"?}…], "metrics": [{"name", "kind", "summaries"}…]}');
  }
  return {
    ...value,
    metrics: value.metrics.map((metric, i) => {
      if (typeof metric !== "object" || metric === null || typeof metric.summaries !== "object") {
        throw new Error(`metrics[${i}]: expected {"name", "kind", "summaries": {arm: summary}}`);
      }
      const summaries = {};
      for (const [arm, s] of Object.entries(metric.summaries ?? {})) {
        const where = `metrics[${i}] (“${metric.name}”), arm “${arm}”`;
        summaries[arm] = s !== null && typeof s === "object" && "successes" in s ? s : toSummary(s, where);
      }
      return { ...metric, summaries };
    }),
  };
}

/** "50, 25, 25" → { [arm]: weight }, or undefined for an equal split. */
function weightsFor(names) {
  const text = state.weightsText.trim();
  if (text === "") return undefined;
  const values = text
    .split(/[\s,;:/]+/)
    .filter(Boolean)
    .map(Number);
  if (values.length !== names.length || values.some((w) => !Number.isFinite(w) || w < 0)) {
    throw new Error(`the expected split needs ${names.length} non-negative numbers, one per arm, in order`);
  }
  return Object.fromEntries(names.map((n, i) => [n, values[i]]));
}

// ---------------------------------------------------------------------------------------------
// Rendering.

function renderArms() {
  const box = document.querySelector("#exp-arms");
  box.replaceChildren(
    ...state.arms.map((arm, i) =>
      h(
        "article",
        { class: `exp-arm${i === 0 ? " control" : ""}`, "data-exp-arm": String(i) },
        h(
          "div",
          { class: "exp-arm-head" },
          h("span", { class: "badge" }, i === 0 ? "control" : `variant ${i}`),
          h("input", {
            type: "text",
            class: "exp-arm-name",
            "aria-label": i === 0 ? "Name of the control arm" : `Name of variant ${i}`,
            value: arm.name,
            oninput: (event) => {
              arm.name = event.target.value;
            },
            onchange: (event) => {
              arm.name = event.target.value;
              render();
            },
          }),
          i > 0
            ? h(
                "button",
                {
                  type: "button",
                  class: "remove",
                  "aria-label": `Remove arm ${arm.name}`,
                  title: "Remove this arm",
                  onclick: () => {
                    state.arms = state.arms.filter((other) => other !== arm);
                    render();
                  },
                },
                "×",
              )
            : "",
        ),
        h(
          "label",
          { class: "drop small" },
          h("input", {
            type: "file",
            multiple: true,
            accept: ".csv,.tsv,.txt,.gz,text/csv,text/plain,application/gzip",
            "data-exp-files": "",
            onchange: (event) => {
              const files = [...event.target.files];
              event.target.value = "";
              if (files.length > 0) addFiles(arm, files);
            },
          }),
          h("span", { class: "drop-text" }, h("strong", {}, "CSV files"), " of this arm"),
        ),
        h(
          "ul",
          { class: "files" },
          ...arm.files.map((f) =>
            h(
              "li",
              { class: `file ${f.status}`, "data-file": f.file.name },
              h("span", { class: "file-name", title: f.file.name }, f.file.name),
              h(
                "button",
                {
                  type: "button",
                  class: "remove",
                  "aria-label": `Remove ${f.file.name}`,
                  onclick: () => {
                    arm.files = arm.files.filter((other) => other !== f);
                    render();
                  },
                },
                "×",
              ),
              f.status === "reading"
                ? h("span", { class: "status reading" }, "reading…")
                : f.status === "error"
                  ? h("span", { class: "status error", role: "alert" }, f.error)
                  : h(
                      "span",
                      { class: "status ok" },
                      f.records !== undefined ? `${formatCount(f.records)} rows` : "read",
                    ),
            ),
          ),
        ),
      ),
    ),
  );
}

function renderMetricPicker() {
  const box = document.querySelector("#exp-metrics");
  const columns = columnsSeen();
  if (columns.length === 0) {
    box.replaceChildren(h("p", { class: "empty" }, "The columns of the files appear here, to choose the metrics."));
    return;
  }
  box.replaceChildren(
    h("p", { class: "label" }, "Metrics (columns)"),
    ...columns.map((c) => {
      const choice = state.metrics.get(c.name);
      const kind = choice.kind ?? (c.binary ? "rate" : "mean");
      return h(
        "div",
        { class: "exp-metric", "data-metric": c.name },
        h(
          "label",
          {},
          h("input", {
            type: "checkbox",
            checked: choice.selected,
            disabled: c.errors.length > 0,
            onchange: (event) => {
              choice.selected = event.target.checked;
              render();
            },
          }),
          ` ${c.name}`,
        ),
        h(
          "select",
          {
            "aria-label": `Kind of ${c.name}`,
            onchange: (event) => {
              choice.kind = event.target.value;
              render();
            },
          },
          h("option", { value: "mean", selected: kind === "mean" }, "mean"),
          h("option", { value: "rate", selected: kind === "rate", disabled: !c.binary }, "rate (0/1)"),
        ),
        c.errors.length > 0 ? h("span", { class: "status error", title: c.errors[0] }, "not numeric") : "",
      );
    }),
  );
}

/** A row's value for "variant" or "control" (keyed so, or by the arm's name). */
function side(values, row, which) {
  return values?.[which] ?? values?.[row[which]] ?? Number.NaN;
}

function count(row, which) {
  const n = side(row.counts, row, which);
  return Number.isFinite(n) ? formatCount(n) : "—";
}

function percentOr(x) {
  return Number.isFinite(x) ? formatPercent(x) : formatNumber(x);
}

/** The readout table, the SRM verdict and the forest plot. */
function renderReadout(r, notes) {
  const box = document.querySelector("#readout");
  const level = r.confidenceLevel;
  const levelText = `${formatNumber(level * 100, 4)} %`;
  const parts = [];
  if (r.srm) {
    const units = r.srm.units
      ? Object.entries(r.srm.units)
          .map(([arm, n]) => `${arm} ${formatCount(n)}`)
          .join(", ")
      : "";
    parts.push(
      r.srm.mismatch
        ? h(
            "p",
            { class: "warning srm", id: "srm", role: "alert", "data-mismatch": "true", "data-p": String(r.srm.pValue) },
            h("strong", {}, "Sample ratio mismatch. "),
            `The arms' sizes (${units}) are very unlikely under the expected split (χ² test, p = ${formatP(r.srm.pValue, r.srm.log10PValue)}). ` +
              "Assignment or logging is broken somewhere: fix it before trusting any result below.",
          )
        : h(
            "p",
            { class: "note srm", id: "srm", "data-mismatch": "false", "data-p": String(r.srm.pValue) },
            `Sample ratio check passed: the arms' sizes (${units}) fit the expected split (p = ${formatP(r.srm.pValue, r.srm.log10PValue)}).`,
          ),
    );
  }
  const srmCodes = new Set(["SRM", "E_SRM", "srm", "sample-ratio-mismatch"]);
  // The readout's warnings repeat each row's; those are shown in their rows.
  const inRows = new Set(r.rows.flatMap((row) => (row.warnings ?? []).map((w) => `${w.code}\u0000${w.message}`)));
  for (const w of r.warnings ?? []) {
    if (inRows.has(`${w.code}\u0000${w.message}`)) continue;
    if (r.srm?.mismatch && (srmCodes.has(w.code) || /sample.ratio/i.test(w.message))) continue;
    parts.push(h("p", { class: "warning", "data-code": w.code }, w.message));
  }
  for (const n of notes) parts.push(h("p", { class: "warning" }, n));

  const hasBayes = r.rows.some((row) => row.bayes);
  const head = [
    "Metric",
    "Variant",
    "n (variant / control)",
    "Control mean",
    "Variant mean",
    `Lift (${levelText} CI)`,
    "p",
    `p adjusted${r.correction ? ` (${r.correction})` : ""}`,
    ...(hasBayes ? ["Chance to win"] : []),
    "Notes",
  ];
  const rows = r.rows.map((row) => {
    const lift = row.lift;
    const kind = lift ? intervalKind(lift) : "";
    const [low, high] = lift ? lift.confidenceInterval : [Number.NaN, Number.NaN];
    const p = row.effect?.pValue;
    return h(
      "tr",
      { "data-metric": row.metric, "data-variant": row.variant },
      h("th", { scope: "row" }, row.metric),
      h("td", {}, row.variant),
      h("td", { class: "n" }, `${count(row, "variant")} / ${count(row, "control")}`),
      h("td", {}, num(side(row.means, row, "control"), formatNumber(side(row.means, row, "control"), 4))),
      h("td", {}, num(side(row.means, row, "variant"), formatNumber(side(row.means, row, "variant"), 4))),
      lift
        ? h(
            "td",
            {
              class: "lift-cell",
              "data-value": String(lift.estimate),
              "data-low": String(low),
              "data-high": String(high),
              "data-kind": kind,
            },
            h("strong", { class: "lift-value" }, formatPercent(lift.estimate)),
            h("span", { class: "ci" }, ` ${liftIntervalText(kind, [low, high])}`),
          )
        : h("td", { class: "lift-cell", "data-value": "" }, "—"),
      h(
        "td",
        { class: "p", "data-value": String(p ?? "") },
        p === undefined ? "—" : formatP(p, row.effect.log10PValue),
      ),
      h(
        "td",
        { class: "p-adjusted", "data-value": String(row.pValueAdjusted ?? "") },
        row.pValueAdjusted === null || row.pValueAdjusted === undefined ? "—" : formatP(row.pValueAdjusted),
      ),
      ...(hasBayes
        ? [
            h(
              "td",
              { class: "chance", "data-value": String(row.bayes?.chanceToWin ?? "") },
              row.bayes ? formatChance(row.bayes.chanceToWin) : "—",
            ),
          ]
        : []),
      h(
        "td",
        { class: "row-warnings" },
        ...(row.warnings ?? []).map((w) =>
          h("span", { class: "tag", "data-code": w.code, title: w.message }, w.message),
        ),
      ),
    );
  });
  parts.push(
    h(
      "div",
      { class: "table-scroll" },
      h(
        "table",
        { class: "readout-table", id: "readout-table" },
        h("caption", {}, `Every metric of each variant against ${r.control}; lift = (variant − control) / |control|.`),
        h("thead", {}, h("tr", {}, ...head.map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, ...rows),
      ),
    ),
  );
  const svg = svgChart();
  svg.id = "readout-chart";
  svg.classList.add("forest");
  drawForest(
    svg,
    r.rows.map((row) => ({
      label: r.variants.length > 1 ? `${row.metric} · ${row.variant}` : row.metric,
      estimate: row.lift ? row.lift.estimate : null,
      low: row.lift ? row.lift.confidenceInterval[0] : 0,
      high: row.lift ? row.lift.confidenceInterval[1] : 0,
      kind: row.lift ? intervalKind(row.lift) : undefined,
    })),
    { width: box.clientWidth - 40, level, format: percentOr },
  );
  parts.push(svg);
  box.dataset.state = "done";
  box.replaceChildren(...parts);
}

function render() {
  const section = document.querySelector("#experiment");
  section.dataset.source = state.source;
  document.querySelector("#exp-csv").hidden = state.source !== "csv";
  document.querySelector("#exp-json-box").hidden = state.source !== "json";
  renderArms();
  renderMetricPicker();
  const box = document.querySelector("#readout");
  const wait = (text, notes = [], stateName = "waiting") => {
    box.dataset.state = stateName;
    box.replaceChildren(
      h(
        "p",
        {
          class: stateName === "error" ? "placeholder error" : "placeholder",
          role: stateName === "error" ? "alert" : undefined,
        },
        text,
      ),
      ...notes.map((n) => h("p", { class: "warning" }, n)),
    );
  };
  if (typeof batchstats.readout !== "function") {
    wait("This build of batchstats has no readout(): the experiment view needs it.", [], "missing");
    return;
  }
  let experiment;
  let notes = [];
  if (state.source === "json") {
    if (state.jsonText.trim() === "") return wait("Paste an experiment as JSON.");
    try {
      experiment = experimentFromJSON(state.jsonText);
    } catch (error) {
      return wait(`Experiment JSON: ${error.message}`, [], "error");
    }
  } else {
    const found = experimentFromFiles();
    if (found.wait) return wait(found.wait, found.notes);
    experiment = found.experiment;
    notes = found.notes;
  }
  try {
    const weights = weightsFor(experiment.arms.map((arm) => arm.name));
    if (weights) experiment = { ...experiment, weights };
  } catch (error) {
    return wait(`Expected split: ${error.message}`, [], "error");
  }
  const options = {
    confidenceLevel: Number(document.querySelector("#confidence").value),
    correction: document.querySelector("#exp-correction").value,
    bayesian: document.querySelector("#exp-bayesian").checked,
  };
  let r;
  try {
    r = batchstats.readout(experiment, options);
  } catch (error) {
    return wait(error.message, notes, "error");
  }
  renderReadout(r, notes);
}

// ---------------------------------------------------------------------------------------------
// Example: a control and two variants, revenue per user and conversion, made up here.

function exampleFiles() {
  let seed = 0x51ed270b;
  const uniform = () => {
    seed ^= seed << 13;
    seed >>>= 0;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    seed >>>= 0;
    return (seed + 0.5) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const arms = [
    { name: "control", revenue: 42, rate: 0.1 },
    { name: "new-checkout", revenue: 43.5, rate: 0.112 },
    { name: "free-shipping", revenue: 41.6, rate: 0.118 },
  ];
  let id = 1;
  return arms.map((arm) => {
    const lines = ["user_id,revenue,converted"];
    for (let i = 0; i < 3000; i++) {
      const converted = uniform() < arm.rate ? 1 : 0;
      lines.push(`${id++},${Math.max(0, arm.revenue + 18 * normal()).toFixed(2)},${converted}`);
    }
    return { name: arm.name, file: new File([`${lines.join("\n")}\n`], `${arm.name}.csv`, { type: "text/csv" }) };
  });
}

/**
 * Wires the experiment section. `jobs` runs a request on the page's summarizing worker (the
 * calculator's, see app.js).
 * @param {(request: object) => Promise<any>} jobs
 */
export function setupExperiment(jobs) {
  runJob = jobs;
  state.arms = [makeArm("control"), makeArm("variant")];
  document.querySelector("#exp-add-arm").addEventListener("click", () => {
    state.arms.push(makeArm(`variant ${state.arms.length}`));
    render();
  });
  for (const input of document.querySelectorAll('input[name="exp-source"]')) {
    input.addEventListener("change", (event) => {
      state.source = event.target.value;
      render();
    });
  }
  document.querySelector("#exp-json").addEventListener("input", (event) => {
    state.jsonText = event.target.value;
    render();
  });
  document.querySelector("#exp-json-file").addEventListener("change", async (event) => {
    const [file] = event.target.files;
    event.target.value = "";
    if (!file) return;
    state.jsonText = await file.text();
    document.querySelector("#exp-json").value = state.jsonText;
    render();
  });
  document.querySelector("#exp-weights").addEventListener("input", (event) => {
    state.weightsText = event.target.value;
    render();
  });
  for (const selector of ["#confidence", "#exp-correction", "#exp-bayesian"]) {
    document.querySelector(selector).addEventListener("change", render);
  }
  document.querySelector("#exp-example").addEventListener("click", async () => {
    const files = exampleFiles();
    state.source = "csv";
    document.querySelector('input[name="exp-source"][value="csv"]').checked = true;
    state.arms = files.map((f) => makeArm(f.name));
    for (const name of ["revenue", "converted"]) state.metrics.set(name, { selected: true, kind: undefined });
    render();
    for (let i = 0; i < files.length; i++) await addFiles(state.arms[i], [files[i].file]);
  });
  render();
}
