// The two-arm comparison beyond the difference of means: the relative lift (B − A) / |A| with its
// interval (batchstats' lift(), delta method or Fieller's set) and the Bayesian panel (bayesTest():
// chance to beat control, expected loss of shipping each arm, credible interval of the lift). The
// page only shows what the library computes; each function is optional in older builds.
import { drawDifference } from "./chart.js";
import { h, num, svgChart } from "./dom.js";
import { formatNumber, formatP, formatPercent } from "./format.js";

const METHOD_TEXT = { delta: "delta method", fieller: "Fieller's interval" };

/** "+1.2 %" for a fraction, "−∞"/"∞" for the open ends. */
function pct(x) {
  if (x === Infinity) return "∞";
  if (x === -Infinity) return "−∞";
  return formatPercent(x);
}

/**
 * The words for a lift interval of any kind: bounded [lo, hi], a half-line (one-sided test), the
 * two rays (−∞, lo] ∪ [hi, ∞) of an exclusive Fieller set, or the whole line.
 */
export function liftIntervalText(kind, [low, high]) {
  if (kind === "unbounded") return "unbounded (every lift is compatible with the data)";
  if (kind === "exclusive") return `two rays: below ${pct(low)} or above ${pct(high)}`;
  if (kind === "empty") return "empty (no lift at this level)";
  return `${pct(low)} to ${pct(high)}`;
}

/** Why a Fieller set is not an interval, in words, or "". */
export function liftIntervalNote(kind, level, alternative = "two-sided") {
  const levelText = `${formatNumber(level * 100, 4)} %`;
  if (kind === "unbounded") {
    return (
      `Fieller's ${levelText} confidence set is the whole line: A's mean is not significantly different from 0 ` +
      "at this level, so the data bound no ratio. The delta method's finite interval would be misleading here."
    );
  }
  if (kind === "exclusive") {
    return (
      `Fieller's ${levelText} confidence set is two rays, not an interval: A's mean is not significantly ` +
      "different from 0 at this level, so only the lifts between the two bounds are excluded."
    );
  }
  if (kind === "half-line" && alternative === "two-sided") {
    return (
      `Fieller's ${levelText} confidence set is a half-line: A's mean is just at the edge of being ` +
      "significantly different from 0 at this level, so the data bound the lift on one side only."
    );
  }
  return "";
}

/** The kind of an interval a result has (older results have none: bounded or half-line). */
export function intervalKind(result) {
  if (result.intervalKind) return result.intervalKind;
  const [low, high] = result.confidenceInterval;
  return Number.isFinite(low) && Number.isFinite(high) ? "bounded" : "half-line";
}

/**
 * The lift block of the comparison: B's relative lift over A with its interval and a chart, or a
 * note when the library cannot give it (A's mean is 0, too few values…).
 * @param {object} batchstats the library
 * @param {object} b the treatment's summary
 * @param {object} a the control's summary
 * @param {{ method: "delta" | "fieller", confidenceLevel: number, alternative: string, width: number }} options
 */
export function liftBlock(batchstats, b, a, { method, confidenceLevel, alternative, width }) {
  if (typeof batchstats.lift !== "function") {
    return h(
      "div",
      { class: "lift", id: "lift-block", "data-state": "missing" },
      h("p", { class: "note" }, "This build of batchstats has no lift(): the relative lift is not shown."),
    );
  }
  let r;
  try {
    r = batchstats.lift(b, a, { method, confidenceLevel, alternative });
  } catch (error) {
    return h(
      "div",
      { class: "lift", id: "lift-block", "data-state": "error" },
      h("p", { class: "warning", role: "alert", id: "lift-error" }, `Relative lift: ${error.message}`),
    );
  }
  const kind = intervalKind(r);
  const [low, high] = r.confidenceInterval;
  const level = r.confidenceLevel ?? confidenceLevel;
  const levelText = `${formatNumber(level * 100, 4)} %`;
  const note = method === "fieller" ? liftIntervalNote(kind, level, alternative) : "";
  const children = [
    h(
      "p",
      { class: "lift-line" },
      h("span", { class: "label" }, "Relative lift (B − A) / |A|"),
      h("strong", { id: "lift", class: "lift-value" }, num(r.estimate, formatPercent(r.estimate))),
      h(
        "span",
        { class: "lift-interval" },
        `${levelText} CI (${METHOD_TEXT[r.method ?? method] ?? method}): `,
        h(
          "span",
          { id: "lift-interval", "data-low": String(low), "data-high": String(high), "data-kind": kind },
          liftIntervalText(kind, [low, high]),
        ),
      ),
      r.pValue !== undefined
        ? h(
            "span",
            { class: "lift-p" },
            "p = ",
            h(
              "span",
              { id: "lift-p", "data-value": String(r.pValue), "data-log10": String(r.log10PValue) },
              formatP(r.pValue, r.log10PValue),
            ),
          )
        : "",
    ),
  ];
  if (note) children.push(h("p", { class: "warning", id: "lift-note", role: "note" }, note));
  if (kind !== "unbounded" || Number.isFinite(r.estimate)) {
    const svg = svgChart();
    svg.id = "lift-chart";
    drawDifference(svg, {
      estimate: r.estimate,
      low,
      high,
      level,
      width,
      exclusive: kind === "exclusive",
      unbounded: kind === "unbounded",
      title: "Relative lift of B over A",
      zeroLabel: "no lift",
      format: (v) => formatPercent(v),
      labels: { estimate: formatPercent(r.estimate), low: pct(low), high: pct(high) },
    });
    children.push(svg);
  }
  return h("div", { class: "lift", id: "lift-block", "data-state": "done", "data-kind": kind }, ...children);
}

/** A loss or a share as a percentage, without a sign. */
function share(x) {
  return `${formatNumber(x * 100, 3)} %`;
}

/** A chance as a percentage that never reads 100 % or 0 % while it is not: "> 99.99 %" with its complement. */
export function formatChance(chance, log10Lose) {
  if (!Number.isFinite(chance)) return "—";
  if (chance > 0.9999) {
    const lose = Number.isFinite(log10Lose) ? 10 ** log10Lose : 1 - chance;
    return `> 99.99 % (chance to lose ${formatP(lose, log10Lose)})`;
  }
  if (chance < 0.0001) return `< 0.01 % (${formatP(chance, Math.log10(chance))})`;
  return `${formatNumber(chance * 100, 4)} %`;
}

/**
 * The Bayesian panel: bayesTest(B, A) on the relative scale, with a flat prior (the library's
 * default): chance that B beats A, the expected loss (as a fraction of A's mean) of shipping each
 * arm, and the credible interval of the lift.
 */
export function bayesBlock(batchstats, b, a, { credibleLevel }) {
  const box = (state, ...children) =>
    h(
      "section",
      { class: "bayes", id: "bayes", "data-state": state, "aria-label": "Bayesian comparison" },
      h("h3", {}, "Bayesian view"),
      ...children,
    );
  if (typeof batchstats.bayesTest !== "function") {
    return box("missing", h("p", { class: "note" }, "This build of batchstats has no bayesTest()."));
  }
  let r;
  try {
    r = batchstats.bayesTest(b, a, { credibleLevel });
  } catch (error) {
    return box("error", h("p", { class: "warning", role: "alert", id: "bayes-error" }, error.message));
  }
  const [low, high] = r.credibleInterval;
  const levelText = `${formatNumber(credibleLevel * 100, 4)} %`;
  const lose = r.log10ChanceToLose;
  return box(
    "done",
    h(
      "dl",
      { class: "bayes-grid" },
      h("dt", {}, "Chance that B beats A"),
      h(
        "dd",
        {},
        h(
          "strong",
          {
            id: "chance",
            "data-value": String(r.chanceToWin),
            "data-log10-lose": String(lose),
            title: String(r.chanceToWin),
          },
          formatChance(r.chanceToWin, lose),
        ),
      ),
      h("dt", {}, "Expected loss if you ship B"),
      h("dd", { id: "risk-b" }, num(r.risk.treatment, `${share(r.risk.treatment)} of A's mean`)),
      h("dt", {}, "Expected loss if you keep A"),
      h("dd", { id: "risk-a" }, num(r.risk.control, `${share(r.risk.control)} of A's mean`)),
      h("dt", {}, `${levelText} credible interval of the lift`),
      h("dd", { id: "credible", "data-low": String(low), "data-high": String(high) }, `${pct(low)} to ${pct(high)}`),
      h("dt", {}, "Posterior mean of the lift"),
      h("dd", { id: "posterior" }, num(r.posterior.mean, formatPercent(r.posterior.mean))),
    ),
    h(
      "p",
      { class: "note" },
      "Flat prior on the relative effect; the posterior is normal. The expected loss is what you give up, on " +
        "average over the posterior, if the arm you choose is in fact the worse one.",
    ),
  );
}
