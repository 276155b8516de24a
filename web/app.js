// The A/B calculator. Each arm holds CSV files (each read in summarize-worker.js by batchstats'
// own decoder, the grammar of the library and the command line) and pasted summaries; the arm's
// summary is their merge; the t-test runs on the two summaries. A file of several columns is
// read only once a column is chosen: there is no default.
// Nothing here sends data anywhere, and the page's Content-Security-Policy (web/serve.mjs)
// forbids it to: connect-src 'none'.
import * as batchstats from "batchstats";
import { drawDifference } from "./chart.js";
import { bayesBlock, liftBlock } from "./compare.js";
import { columnLabel } from "./csv.js";
import { setupExperiment } from "./experiment.js";
import { h, num, svgChart } from "./dom.js";
import { parsePasted } from "./pasted.js";
import { renderPrivacy, setupPrivacy } from "./private.js";
import { formatCount, formatNumber, formatOnScale, formatP, signed } from "./format.js";

const { Summary, merge, backend } = batchstats;

// ---------------------------------------------------------------------------------------------
// Worker: one for the page, files summarized in turn.

const worker = new Worker(new URL("./summarize-worker.js", import.meta.url), { type: "module" });
const jobs = new Map();
let nextJob = 1;
let workerBackend = "";

worker.onmessage = ({ data }) => {
  if (data.ready) {
    workerBackend = data.backend ?? "";
    showEngine();
    document.documentElement.dataset.ready = "true"; // the page and its worker are loaded
    return;
  }
  const job = jobs.get(data.id);
  if (!job) return;
  if (data.progress !== undefined) {
    job.onProgress(data.progress);
    return;
  }
  jobs.delete(data.id);
  if (data.backend && data.backend !== workerBackend) {
    workerBackend = data.backend;
    showEngine();
  }
  job.resolve(data);
};
worker.onerror = (event) => {
  document.querySelector("#engine").textContent =
    `The file reader failed to start: ${event.message ?? "unknown error"}.`;
  document.documentElement.dataset.ready = "true";
  for (const [id, job] of jobs) {
    jobs.delete(id);
    job.resolve({ id, error: { message: `the summarizing worker failed: ${event.message ?? "unknown error"}` } });
  }
};

function runJob(request, onProgress) {
  const id = nextJob++;
  return new Promise((resolve) => {
    jobs.set(id, { resolve, onProgress });
    worker.postMessage({ ...request, id });
  });
}

// ---------------------------------------------------------------------------------------------
// State.

const arms = {
  a: makeArm("a", "A"),
  b: makeArm("b", "B"),
};

function makeArm(key, label) {
  const root = document.querySelector(`[data-arm="${key}"]`);
  return {
    key,
    label,
    root,
    files: [], // { id, file, layout, status: "reading" | "choose" | "ok" | "error", progress, summary, error, line }
    columns: [], // the columns offered by the picker (from the first file of several columns)
    header: false, // whether they are header names (else 0-based indices)
    column: -1, // index into columns: -1 until the user chooses
    pasted: [],
    pasteError: "",
  };
}

let nextFile = 1;

// ---------------------------------------------------------------------------------------------
// Files.

async function addFiles(arm, fileList) {
  const added = [];
  for (const file of fileList) {
    const entry = { id: nextFile++, file, status: "reading", progress: 0 };
    arm.files.push(entry);
    added.push(entry);
  }
  render();
  for (const entry of added) {
    const reply = await runJob({ kind: "layout", file: entry.file });
    if (reply.error) {
      Object.assign(entry, { status: "error", error: reply.error.message, line: reply.error.line });
      continue;
    }
    entry.layout = reply.layout;
    if (arm.columns.length === 0 && entry.layout.columns.length > 1) {
      arm.columns = entry.layout.columns;
      arm.header = entry.layout.header;
      arm.column = -1;
    }
  }
  await Promise.all(added.filter((entry) => entry.layout).map((entry) => summarizeFile(arm, entry)));
}

/**
 * The column of this file to read: its name when the file has a header (the arm's choice by name,
 * or by position when the arm's first file had none), else its 0-based index; undefined for a
 * file of one column; null while the arm's column is not chosen.
 */
function columnOf(arm, entry) {
  const layout = entry.layout;
  if (layout.columns.length === 0) return undefined;
  if (arm.column < 0) return null;
  if (!layout.header) return String(arm.column);
  return arm.header ? arm.columns[arm.column] : (layout.columns[arm.column] ?? String(arm.column));
}

async function summarizeFile(arm, entry) {
  const generation = (entry.generation ?? 0) + 1;
  entry.generation = generation;
  entry.status = "reading";
  entry.progress = 0;
  entry.error = undefined;
  entry.line = undefined;
  const column = columnOf(arm, entry);
  if (column === null) {
    entry.status = "choose";
    render();
    return;
  }
  render();
  const reply = await runJob({ kind: "summarize", file: entry.file, layout: entry.layout, column }, (progress) => {
    if (entry.generation !== generation) return;
    entry.progress = progress;
    render();
  });
  if (entry.generation !== generation || !arm.files.includes(entry)) return; // superseded
  if (reply.error) {
    Object.assign(entry, { status: "error", error: reply.error.message, line: reply.error.line });
  } else {
    Object.assign(entry, { status: "ok", summary: Summary.fromJSON(reply.summary) });
  }
  render();
}

function removeFile(arm, id) {
  arm.files = arm.files.filter((entry) => entry.id !== id);
  if (arm.files.length === 0) {
    arm.columns = [];
    arm.column = -1;
  }
  render();
}

// ---------------------------------------------------------------------------------------------
// Rendering.

function armSummary(arm) {
  const parts = [];
  for (const entry of arm.files) if (entry.status === "ok") parts.push(entry.summary);
  parts.push(...arm.pasted);
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : merge(...parts);
}

function fileSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(bytes / 1024, 3)} KB`;
  return `${formatNumber(bytes / 1024 / 1024, 3)} MB`;
}

function renderFiles(arm) {
  const list = arm.root.querySelector("[data-file-list]");
  list.replaceChildren(
    ...arm.files.map((entry) => {
      let status;
      if (entry.status === "reading") {
        status = h(
          "span",
          { class: "status reading" },
          entry.progress > 0 ? `reading… ${Math.round(entry.progress * 100)} %` : "reading…",
        );
      } else if (entry.status === "ok") {
        status = h("span", { class: "status ok" }, `${formatCount(entry.summary.count)} values`);
      } else if (entry.status === "choose") {
        status = h("span", { class: "status choose" }, "choose the column to read");
      } else {
        status = h("span", { class: "status error", role: "alert", "data-line": entry.line }, entry.error);
      }
      return h(
        "li",
        { class: `file ${entry.status}`, "data-file": entry.file.name },
        h("span", { class: "file-name", title: entry.file.name }, entry.file.name),
        h("span", { class: "file-size" }, fileSize(entry.file.size)),
        h(
          "button",
          {
            type: "button",
            class: "remove",
            "aria-label": `Remove ${entry.file.name}`,
            title: "Remove",
            onclick: () => removeFile(arm, entry.id),
          },
          "×",
        ),
        status,
      );
    }),
  );
}

function renderColumnPicker(arm) {
  const picker = arm.root.querySelector("[data-column-picker]");
  const select = arm.root.querySelector("[data-column]");
  picker.hidden = arm.columns.length < 2;
  const layout = { columns: arm.columns, header: arm.header };
  const options = arm.columns.map((_, i) =>
    h("option", { value: i, selected: i === arm.column }, columnLabel(layout, i)),
  );
  const prompt = h("option", { value: "-1", disabled: true, selected: arm.column < 0 }, "Choose a column…");
  select.replaceChildren(prompt, ...options);
  select.value = String(arm.column);
}

function renderArmSummary(arm, summary) {
  const box = arm.root.querySelector("[data-summary]");
  const pasteError = arm.root.querySelector("[data-paste-error]");
  pasteError.hidden = arm.pasteError === "";
  pasteError.textContent = arm.pasteError;
  if (!summary) {
    const busy = arm.files.some((f) => f.status === "reading");
    box.replaceChildren(h("p", { class: "empty" }, busy ? "Reading…" : "No data yet."));
    return;
  }
  const n = summary.count;
  const rows = [
    ["n", num(n, formatCount(n))],
    [
      "mean",
      n > 0
        ? num(summary.mean, n > 1 ? formatOnScale([summary.mean], summary.sem())[0] : formatNumber(summary.mean))
        : "—",
    ],
    ["std. deviation", n > 1 ? num(summary.std(), formatNumber(summary.std(), 4, true)) : "—"],
    ["std. error", n > 1 ? num(summary.sem(), formatNumber(summary.sem(), 3, true)) : "—"],
  ];
  const sources = [];
  const okFiles = arm.files.filter((f) => f.status === "ok").length;
  if (okFiles > 0) sources.push(`${okFiles} file${okFiles > 1 ? "s" : ""}`);
  if (arm.pasted.length > 0) sources.push(`${arm.pasted.length} pasted summar${arm.pasted.length > 1 ? "ies" : "y"}`);
  let json = "";
  try {
    json = JSON.stringify(summary);
  } catch {
    json = "";
  }
  box.replaceChildren(
    h("dl", { class: "stats-grid" }, ...rows.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])),
    h(
      "p",
      { class: "source" },
      sources.length > 1 ? `Merged from ${sources.join(" and ")}.` : `From ${sources[0]}.`,
      json
        ? h(
            "button",
            {
              type: "button",
              class: "link copy",
              onclick: async (event) => {
                const button = event.currentTarget;
                try {
                  await navigator.clipboard.writeText(json);
                  button.textContent = "Copied";
                } catch {
                  window.prompt("Summary JSON", json);
                }
                setTimeout(() => (button.textContent = "Copy summary JSON"), 1500);
              },
            },
            "Copy summary JSON",
          )
        : "",
    ),
  );
}

const ALTERNATIVE_TEXT = { "two-sided": "two-sided", greater: "one-sided, B > A", less: "one-sided, B < A" };
const METHOD_TEXT = { welch: "Welch's t-test", student: "Student's t-test" };

function options() {
  return {
    equalVar: document.querySelector('input[name="method"]:checked').value === "student",
    alternative: document.querySelector("#alternative").value,
    confidenceLevel: Number(document.querySelector("#confidence").value),
  };
}

/** The lift interval's method ("delta" | "fieller") and what to show ("frequentist" | "bayesian" | "both"). */
function display() {
  return {
    liftMethod: document.querySelector('input[name="lift-method"]:checked').value,
    view: document.querySelector('input[name="view"]:checked').value,
  };
}

function renderResult(summaries) {
  const box = document.querySelector("#result");
  const notes = [];
  for (const arm of Object.values(arms)) {
    const waiting = arm.files.filter((f) => f.status === "choose").length;
    if (waiting > 0) notes.push(`Arm ${arm.label}: choose the column to read; until then its files are left out.`);
    const bad = arm.files.filter((f) => f.status === "error").length;
    if (bad > 0)
      notes.push(
        `${bad} file${bad > 1 ? "s" : ""} of arm ${arm.label} ${bad > 1 ? "have" : "has"} errors and ${bad > 1 ? "are" : "is"} left out.`,
      );
  }
  const busy = Object.values(arms).some((arm) => arm.files.some((f) => f.status === "reading"));
  const missing = Object.values(arms).filter((arm) => !summaries[arm.key] || summaries[arm.key].count < 2);
  const choosing = Object.values(arms).filter((arm) => arm.files.some((f) => f.status === "choose"));
  if (typeof batchstats.ttest !== "function") {
    box.replaceChildren(h("p", { class: "placeholder error" }, "This build of batchstats has no ttest()."));
    return;
  }
  if (missing.length > 0) {
    const text = busy
      ? "Reading files…"
      : choosing.length > 0
        ? `Choose the column to compare in arm ${choosing.map((arm) => arm.label).join(" and arm ")}.`
        : missing.length === 2
          ? "Add data to both arms to see the comparison."
          : `Arm ${missing[0].label} needs at least two values.`;
    box.replaceChildren(h("p", { class: "placeholder" }, text), ...notes.map((n) => h("p", { class: "warning" }, n)));
    box.dataset.state = "waiting";
    return;
  }
  const a = summaries.a;
  const b = summaries.b;
  const opts = options();
  let r;
  try {
    r = batchstats.ttest(b, a, opts);
  } catch (error) {
    box.replaceChildren(h("p", { class: "placeholder error", role: "alert" }, error.message));
    box.dataset.state = "error";
    return;
  }
  const [low, high] = r.confidenceInterval;
  const [estText, lowText, highText] = formatOnScale([r.estimate, low, high], r.stderr);
  const level = r.confidenceLevel;
  const alpha = 1 - level;
  const levelText = `${formatNumber(level * 100, 4)} %`;
  const alphaText = formatNumber(alpha, 3);
  const significant = r.pValue < alpha || (r.pValue === 0 && r.log10PValue < Math.log10(alpha));
  const tone = !significant ? "neutral" : r.estimate > 0 ? "up" : "down";
  const intervalText = `${Number.isFinite(low) ? lowText : "−∞"} to ${Number.isFinite(high) ? highText : "∞"}`;

  const svg = svgChart();
  drawDifference(svg, {
    estimate: r.estimate,
    low,
    high,
    level,
    width: box.clientWidth - 40,
    labels: { estimate: signed(r.estimate, estText), low: lowText, high: highText },
  });

  const verdict = significant
    ? `Statistically significant at α = ${alphaText}: the ${levelText} confidence interval excludes 0.`
    : `Not statistically significant at α = ${alphaText}: the ${levelText} confidence interval includes 0.`;

  const { liftMethod, view } = display();
  const width = box.clientWidth - 40;
  const frequentist = h(
    "div",
    { class: "frequentist", id: "frequentist" },
    h(
      "div",
      { class: `headline ${tone}` },
      h(
        "p",
        { class: "difference" },
        h("span", { class: "label" }, "Difference B − A"),
        h("strong", { id: "estimate" }, num(r.estimate, signed(r.estimate, estText))),
      ),
      h(
        "p",
        { class: "interval" },
        h("span", { class: "label" }, `${levelText} confidence interval`),
        h("span", { id: "interval", "data-low": String(low), "data-high": String(high) }, intervalText),
      ),
      h(
        "p",
        { class: "pvalue" },
        h("span", { class: "label" }, "p-value"),
        h(
          "strong",
          {
            id: "p-value",
            title: String(r.pValue),
            "data-value": String(r.pValue),
            "data-log10": String(r.log10PValue),
          },
          formatP(r.pValue, r.log10PValue),
        ),
      ),
    ),
    h("p", { class: `verdict ${tone}`, id: "verdict" }, verdict),
    liftBlock(batchstats, b, a, {
      method: liftMethod,
      confidenceLevel: opts.confidenceLevel,
      alternative: opts.alternative,
      width,
    }),
    svg,
    h(
      "dl",
      { class: "details" },
      h("dt", {}, "test"),
      h("dd", { id: "method" }, `${METHOD_TEXT[r.method] ?? r.method} (${ALTERNATIVE_TEXT[r.alternative]})`),
      h("dt", {}, "t"),
      h("dd", { id: "statistic" }, num(r.statistic, formatNumber(r.statistic, 4, true))),
      h("dt", {}, "degrees of freedom"),
      h("dd", { id: "df" }, num(r.df, Number.isInteger(r.df) ? formatCount(r.df) : formatNumber(r.df, 5))),
      h("dt", {}, "std. error of B − A"),
      h("dd", { id: "stderr" }, num(r.stderr, formatNumber(r.stderr, 3, true))),
    ),
  );
  const parts = [];
  if (view !== "bayesian") parts.push(frequentist);
  if (view !== "frequentist") parts.push(bayesBlock(batchstats, b, a, { credibleLevel: opts.confidenceLevel }));
  box.dataset.state = "done";
  box.dataset.view = view;
  box.replaceChildren(...notes.map((n) => h("p", { class: "warning", role: "alert" }, n)), ...parts);
}

function render() {
  const summaries = {};
  for (const arm of Object.values(arms)) {
    renderFiles(arm);
    renderColumnPicker(arm);
    summaries[arm.key] = armSummary(arm);
    renderArmSummary(arm, summaries[arm.key]);
  }
  renderResult(summaries);
  renderPrivacy(summaries, options());
}

// ---------------------------------------------------------------------------------------------
// Example data: two weeks of a revenue-per-user metric for each arm, made up here.

function exampleFiles(armKey) {
  let state = armKey === "a" ? 0x2545f491 : 0x9e3779b9;
  const uniform = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return (state + 0.5) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const mean = armKey === "a" ? 42 : 43.2;
  const files = [];
  let id = armKey === "a" ? 100000 : 500000;
  for (const week of [1, 2]) {
    const lines = ["user_id,revenue,sessions"];
    for (let i = 0; i < 4000; i++) {
      const revenue = Math.max(0, mean + 18 * normal());
      const sessions = Math.max(1, Math.round(3 + 1.5 * normal()));
      lines.push(`${id++},${revenue.toFixed(2)},${sessions}`);
    }
    const name = `${armKey === "a" ? "control" : "treatment"}-week${week}.csv`;
    files.push(new File([`${lines.join("\n")}\n`], name, { type: "text/csv" }));
  }
  return files;
}

// ---------------------------------------------------------------------------------------------
// Events.

for (const arm of Object.values(arms)) {
  const input = arm.root.querySelector("[data-files]");
  input.addEventListener("change", () => {
    const files = [...input.files];
    input.value = "";
    if (files.length > 0) addFiles(arm, files);
  });
  const drop = arm.root.querySelector("[data-drop]");
  drop.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length > 0) addFiles(arm, files);
  });
  arm.root.querySelector("[data-column]").addEventListener("change", (event) => {
    arm.column = Number(event.target.value);
    for (const entry of arm.files) summarizeFile(arm, entry);
  });
  const paste = arm.root.querySelector("[data-paste]");
  paste.addEventListener("input", () => {
    try {
      arm.pasted = parsePasted(paste.value);
      arm.pasteError = "";
    } catch (error) {
      arm.pasted = [];
      arm.pasteError = error.message;
    }
    render();
  });
}
// A file dropped beside the drop zones must not make the browser navigate away from the page.
window.addEventListener("dragover", (event) => event.preventDefault());
window.addEventListener("drop", (event) => event.preventDefault());

for (const control of document.querySelectorAll(
  'input[name="method"], input[name="lift-method"], input[name="view"], #alternative, #confidence',
)) {
  control.addEventListener("change", render);
}

let lastWidth = window.innerWidth;
window.addEventListener("resize", () => {
  if (Math.abs(window.innerWidth - lastWidth) < 40) return;
  lastWidth = window.innerWidth;
  render();
});

document.querySelector("#example").addEventListener("click", () => {
  for (const arm of Object.values(arms)) addFiles(arm, exampleFiles(arm.key));
});

function showEngine() {
  const info = backend();
  const page = `${info.name}${info.reason ? ` (${info.reason})` : ""}`;
  const files = workerBackend && workerBackend !== info.name ? `; files read with ${workerBackend}` : "";
  document.querySelector("#engine").textContent = `Kernel in this browser: ${page}${files}.`;
}

showEngine();
render();
setupExperiment(runJob);
setupPrivacy(render);
