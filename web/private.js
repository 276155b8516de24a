// The privacy panel: the two-arm comparison as it would be released under differential privacy.
// Each arm's summary — one made with clipping, summarize(values, { clip }), as privatize() requires
// — goes through batchstats' privatize() with the bounds the person gives and a privacy level ε (pure ε-DP; one person contributes one value); the t-test and the lift then run
// on the private summaries, beside the exact ones. The noise is drawn by the library from the
// browser's CSPRNG, once per setting: re-rendering the page does not draw again (each draw would
// be another release); "Draw new noise" does. Shown only when the build has privatize().
import * as batchstats from "batchstats";
import { intervalKind, liftIntervalText } from "./compare.js";
import { h, num } from "./dom.js";
import { formatCount, formatNumber, formatP, formatPercent } from "./format.js";

const releases = new Map(); // key → { a, b } | { error }
let draw = 0;

function controls() {
  return {
    on: document.querySelector("#dp-on").checked,
    epsilon: Number(document.querySelector("#dp-epsilon").value),
    low: document.querySelector("#dp-low").value.trim(),
    high: document.querySelector("#dp-high").value.trim(),
  };
}

function release(summaries, { epsilon, bounds }) {
  const key = JSON.stringify([draw, epsilon, bounds, summaries.a, summaries.b]);
  if (!releases.has(key)) {
    try {
      const options = () => ({ bounds, privacy: { epsilon } });
      releases.set(key, {
        a: batchstats.privatize(summaries.a, options()),
        b: batchstats.privatize(summaries.b, options()),
      });
    } catch (error) {
      releases.set(key, { error: error.message });
    }
  }
  return releases.get(key);
}

/** One side of the comparison: the t-test and the lift of B over A, or why not. */
function compare(b, a, options) {
  const out = {};
  try {
    out.ttest = batchstats.ttest(b, a, options);
  } catch (error) {
    out.ttestError = error.message;
  }
  if (typeof batchstats.lift === "function") {
    try {
      out.lift = batchstats.lift(b, a, { confidenceLevel: options.confidenceLevel, alternative: options.alternative });
    } catch (error) {
      out.liftError = error.message;
    }
  }
  return out;
}

function interval([low, high], format) {
  return `${Number.isFinite(low) ? format(low) : "−∞"} to ${Number.isFinite(high) ? format(high) : "∞"}`;
}

function column(kind, result, summaries) {
  const t = result.ttest;
  const l = result.lift;
  const cell = (name, content, attributes = {}) => h("td", { "data-field": name, ...attributes }, content);
  const n = (s) => (typeof s?.count === "number" ? formatCount(Math.round(s.count)) : "—");
  return [
    cell("n", `${n(summaries.a)} / ${n(summaries.b)}`),
    cell("mean-a", num(summaries.a.mean, formatNumber(summaries.a.mean, 5))),
    cell("mean-b", num(summaries.b.mean, formatNumber(summaries.b.mean, 5))),
    t ? cell("estimate", num(t.estimate, formatNumber(t.estimate, 4))) : cell("estimate", "—"),
    t
      ? cell(
          "interval",
          interval(t.confidenceInterval, (v) => formatNumber(v, 4)),
          {
            "data-low": String(t.confidenceInterval[0]),
            "data-high": String(t.confidenceInterval[1]),
          },
        )
      : cell("interval", "—"),
    t ? cell("p", formatP(t.pValue, t.log10PValue), { "data-value": String(t.pValue) }) : cell("p", "—"),
    l
      ? cell("lift", `${formatPercent(l.estimate)} (${liftIntervalText(intervalKind(l), l.confidenceInterval)})`, {
          "data-value": String(l.estimate),
          "data-low": String(l.confidenceInterval[0]),
          "data-high": String(l.confidenceInterval[1]),
        })
      : cell("lift", "—"),
  ].map((td) => {
    td.dataset.kind = kind;
    return td;
  });
}

/**
 * Renders the panel for the arms' summaries (`a` control, `b` treatment, or undefined) with the
 * page's test options.
 */
export function renderPrivacy(summaries, options) {
  const section = document.querySelector("#dp");
  if (typeof batchstats.privatize !== "function") {
    section.hidden = true;
    return;
  }
  section.hidden = false;
  const box = document.querySelector("#dp-result");
  const c = controls();
  const say = (state, text, cls = "placeholder") => {
    box.dataset.state = state;
    box.replaceChildren(h("p", { class: cls, role: state === "error" ? "alert" : undefined }, text));
  };
  if (!c.on) return say("off", "Tick the box to see the comparison as a differentially private release.");
  if (!summaries.a || !summaries.b || summaries.a.count < 2 || summaries.b.count < 2) {
    return say("waiting", "Add data to both arms first.");
  }
  const unclipped = ["a", "b"].filter((k) => summaries[k].clip === undefined);
  if (unclipped.length > 0) {
    return say(
      "unclipped",
      `A private release needs summaries whose values were clipped to bounds when they were made, so that one ` +
        `person's influence is bounded; arm ${unclipped.map((k) => k.toUpperCase()).join(" and arm ")} ` +
        `${unclipped.length > 1 ? "have" : "has"} none. The files read on this page are not clipped: paste summaries ` +
        "made with summarize(values, { clip: [low, high] }) instead.",
    );
  }
  // The bounds default to those the summaries were clipped to (public parameters, not the data).
  if (c.low === "" && c.high === "") {
    c.low = String(Math.min(summaries.a.clip.lo, summaries.b.clip.lo));
    c.high = String(Math.max(summaries.a.clip.hi, summaries.b.clip.hi));
    document.querySelector("#dp-low").value = c.low;
    document.querySelector("#dp-high").value = c.high;
  }
  const low = Number(c.low);
  const high = Number(c.high);
  if (c.low === "" || c.high === "" || !Number.isFinite(low) || !Number.isFinite(high) || !(low < high)) {
    return say("waiting", "Give the bounds [low, high] every value lies in (chosen without looking at the data).");
  }
  const released = release(summaries, { epsilon: c.epsilon, bounds: [low, high] });
  if (released.error) return say("error", `privatize: ${released.error}`, "placeholder error");
  const exact = compare(summaries.b, summaries.a, options);
  const noisy = compare(released.b, released.a, options);
  const head = [
    "",
    "n (A / B)",
    "Mean A",
    "Mean B",
    "Difference B − A",
    `${formatNumber(options.confidenceLevel * 100, 4)} % CI`,
    "p-value",
    "Lift",
  ];
  box.dataset.state = "done";
  box.replaceChildren(
    h(
      "div",
      { class: "table-scroll" },
      h(
        "table",
        { class: "readout-table", id: "dp-table" },
        h("thead", {}, h("tr", {}, ...head.map((t) => h("th", { scope: "col" }, t)))),
        h(
          "tbody",
          {},
          h(
            "tr",
            { "data-row": "exact" },
            h("th", { scope: "row" }, "Exact (not private)"),
            ...column("exact", exact, summaries),
          ),
          h(
            "tr",
            { "data-row": "private" },
            h("th", { scope: "row" }, `Private, ε = ${formatNumber(c.epsilon, 3)}`),
            ...column("private", noisy, released),
          ),
        ),
      ),
    ),
    noisy.ttestError || noisy.liftError
      ? h(
          "p",
          { class: "warning", id: "dp-inference-error" },
          `On the private summaries, ${[
            noisy.ttestError && `the t-test failed: ${noisy.ttestError}`,
            noisy.liftError && `the lift failed: ${noisy.liftError}`,
          ]
            .filter(Boolean)
            .join(
              "; ",
            )}. ${noisy.ttestError ? "Only the noisy counts and means are shown." : "The lift is left empty."}`,
        )
      : "",
    h(
      "p",
      { class: "note" },
      `Each arm's count, mean and variance are released with ε = ${formatNumber(c.epsilon, 3)} (one person, one value); ` +
        "the private test accounts for the added noise, so its interval is wider. A smaller ε is more private and noisier. " +
        "The guarantee holds only if every value was clipped to the bounds when the summary was made.",
    ),
  );
}

/** Wires the panel's controls; `rerender` redraws the page. */
export function setupPrivacy(rerender) {
  for (const selector of ["#dp-on", "#dp-epsilon", "#dp-low", "#dp-high"]) {
    document.querySelector(selector).addEventListener("change", rerender);
  }
  document.querySelector("#dp-redraw").addEventListener("click", () => {
    draw += 1;
    releases.clear();
    rerender();
  });
}
