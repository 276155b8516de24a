// The difference B − A (or the relative lift) with its confidence interval, drawn against zero as
// an inline SVG; and a forest plot of many lifts with their intervals (the experiment readout).
// A one-sided interval runs off the edge of the plot with an arrow; Fieller's set of two rays is
// drawn as two arrows outwards from its bounds, and the whole line as one bar with two arrows.
import { formatNumber } from "./format.js";

const SVG = "http://www.w3.org/2000/svg";

function el(name, attributes = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** At most about `count` round tick values covering [lo, hi]. */
function ticks(lo, hi, count) {
  const span = hi - lo;
  const step0 = 10 ** Math.floor(Math.log10(span / count));
  const step = [1, 2, 5, 10].map((k) => k * step0).find((s) => span / s <= count + 1) ?? step0 * 10;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
    out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

/**
 * Draws into `svg` (emptied first). `labels` are the formatted estimate and bounds; `width` is the
 * width the chart will have on screen in CSS pixels, so that its text keeps its size.
 * `exclusive` draws the two rays (−∞, low] ∪ [high, ∞); `unbounded` the whole line; `format`
 * writes the ticks; `title` and `zeroLabel` name what is drawn.
 * @param {SVGSVGElement} svg
 * @param {{ estimate: number, low: number, high: number, level: number, width?: number,
 *           exclusive?: boolean, unbounded?: boolean, title?: string, zeroLabel?: string,
 *           format?: (value: number) => string,
 *           labels: { estimate: string, low: string, high: string } }} data
 */
export function drawDifference(svg, data) {
  const { estimate, level, labels, width: wanted = 640 } = data;
  const { exclusive = false, unbounded = false, title = "Difference B minus A", zeroLabel = "no difference" } = data;
  const format = data.format ?? ((v) => formatNumber(v, 3));
  const low = unbounded ? -Infinity : data.low;
  const high = unbounded ? Infinity : data.high;
  svg.replaceChildren();
  const width = Math.round(Math.min(Math.max(wanted, 280), 1000));
  const height = 132;
  const left = 24;
  const right = width - 24;
  const axisY = 100;
  const barY = 52;
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);

  const finite = [estimate, 0, low, high].filter(Number.isFinite);
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (hi === lo) {
    lo -= 1;
    hi += 1;
  }
  const pad = (hi - lo) * 0.12;
  // Room for the arrow of a one-sided interval.
  lo -= low === -Infinity || exclusive ? pad * 2.5 : pad;
  hi += high === Infinity || exclusive ? pad * 2.5 : pad;
  const x = (v) => left + ((v - lo) / (hi - lo)) * (right - left);

  const excludesZero = exclusive ? low < 0 && high > 0 : low > 0 || high < 0;
  const tone = !excludesZero ? "neutral" : estimate > 0 ? "up" : "down";
  svg.dataset.tone = tone;

  for (const t of ticks(lo, hi, Math.max(3, Math.floor(width / 120)))) {
    const tx = x(t);
    svg.append(el("line", { x1: tx, x2: tx, y1: 18, y2: axisY, class: "grid" }));
    svg.append(el("text", { x: tx, y: axisY + 18, class: "tick", "text-anchor": "middle" }, format(t)));
  }
  svg.append(el("line", { x1: left, x2: right, y1: axisY, y2: axisY, class: "axis" }));

  const zx = x(0);
  svg.append(el("line", { x1: zx, x2: zx, y1: 10, y2: axisY, class: "zero" }));
  const anchor = zx < left + 50 ? "start" : zx > right - 50 ? "end" : "middle";
  svg.append(el("text", { x: zx, y: 8, class: "zero-label", "text-anchor": anchor }, zeroLabel));

  const x0 = Number.isFinite(low) ? x(low) : left;
  const x1 = Number.isFinite(high) ? x(high) : right;
  const group = el("g", { class: `interval ${tone}` });
  const cap = (cx) => group.append(el("line", { x1: cx, x2: cx, y1: barY - 9, y2: barY + 9, class: "cap" }));
  const arrowLeft = () => group.append(el("path", { d: `M ${left} ${barY} l 10 -7 v 14 z`, class: "arrow" }));
  const arrowRight = () => group.append(el("path", { d: `M ${right} ${barY} l -10 -7 v 14 z`, class: "arrow" }));
  if (exclusive) {
    // Two rays: from the left edge to `low`, and from `high` to the right edge.
    group.append(el("line", { x1: left, x2: x0, y1: barY, y2: barY, class: "bar" }));
    group.append(el("line", { x1: x1, x2: right, y1: barY, y2: barY, class: "bar" }));
    arrowLeft();
    arrowRight();
    cap(x0);
    cap(x1);
  } else {
    group.append(el("line", { x1: x0, x2: x1, y1: barY, y2: barY, class: "bar" }));
    if (Number.isFinite(low)) cap(x0);
    else arrowLeft();
    if (Number.isFinite(high)) cap(x1);
    else arrowRight();
  }
  group.append(el("circle", { cx: x(estimate), cy: barY, r: 6.5, class: "dot" }));
  svg.append(group);

  const labelY = barY - 16;
  const estimateLabel = el(
    "text",
    { x: x(estimate), y: labelY, class: "value-label", "text-anchor": "middle" },
    labels.estimate,
  );
  svg.append(estimateLabel);
  if (Number.isFinite(low))
    svg.append(el("text", { x: x0, y: barY + 26, class: "bound-label", "text-anchor": "middle" }, labels.low));
  if (Number.isFinite(high))
    svg.append(el("text", { x: x1, y: barY + 26, class: "bound-label", "text-anchor": "middle" }, labels.high));

  svg.setAttribute(
    "aria-label",
    `${title}: ${labels.estimate}, ${Math.round(level * 1000) / 10}% confidence ` +
      (exclusive
        ? `set below ${labels.low} or above ${labels.high}; `
        : unbounded
          ? "set: the whole line; "
          : `interval from ${labels.low} to ${labels.high}; `) +
      (excludesZero ? "it excludes zero." : "it includes zero."),
  );
}

/**
 * A forest plot: one row per (metric, variant) with its relative lift and confidence interval,
 * against a shared axis through zero. Rows without a lift (`estimate` null) say so in words.
 * Open ends (one-sided tests, Fieller's unbounded sets) run off the plot with an arrow.
 * @param {SVGSVGElement} svg
 * @param {{ label: string, estimate: number | null, low: number, high: number, kind?: string }[]} rows
 * @param {{ width?: number, level: number, format: (value: number) => string }} options
 */
export function drawForest(svg, rows, { width: wanted = 640, level, format }) {
  svg.replaceChildren();
  const width = Math.round(Math.min(Math.max(wanted, 300), 1000));
  const rowHeight = 30;
  const top = 24;
  const labelWidth = Math.min(220, Math.round(width * 0.36));
  const left = labelWidth + 16;
  const right = width - 20;
  const axisY = top + rows.length * rowHeight + 4;
  const height = axisY + 30;
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("height", String(height));

  const finite = [0];
  for (const r of rows) {
    if (r.estimate === null) continue;
    finite.push(r.estimate);
    if (r.kind !== "unbounded") finite.push(...[r.low, r.high].filter(Number.isFinite));
  }
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (hi === lo) {
    lo -= 0.01;
    hi += 0.01;
  }
  const pad = (hi - lo) * 0.08;
  lo -= pad;
  hi += pad;
  const x = (v) => left + ((Math.min(Math.max(v, lo), hi) - lo) / (hi - lo)) * (right - left);

  for (const t of ticks(lo, hi, Math.max(3, Math.floor((right - left) / 90)))) {
    const tx = x(t);
    svg.append(el("line", { x1: tx, x2: tx, y1: top - 6, y2: axisY, class: "grid" }));
    svg.append(el("text", { x: tx, y: axisY + 18, class: "tick", "text-anchor": "middle" }, format(t)));
  }
  svg.append(el("line", { x1: left, x2: right, y1: axisY, y2: axisY, class: "axis" }));
  const zx = x(0);
  svg.append(el("line", { x1: zx, x2: zx, y1: top - 10, y2: axisY, class: "zero" }));
  svg.append(el("text", { x: zx, y: top - 12, class: "zero-label", "text-anchor": "middle" }, "no lift"));

  const described = [];
  rows.forEach((r, i) => {
    const y = top + i * rowHeight + rowHeight / 2;
    svg.append(el("text", { x: labelWidth, y: y + 4, class: "row-label", "text-anchor": "end" }, r.label));
    if (r.estimate === null) {
      svg.append(el("text", { x: left + 4, y: y + 4, class: "bound-label" }, "no lift (see the table)"));
      described.push(`${r.label}: no lift`);
      return;
    }
    const unbounded = r.kind === "unbounded";
    const exclusive = r.kind === "exclusive";
    const low = unbounded ? -Infinity : r.low;
    const high = unbounded ? Infinity : r.high;
    const excludesZero = exclusive ? low < 0 && high > 0 : low > 0 || high < 0;
    const tone = !excludesZero ? "neutral" : r.estimate > 0 ? "up" : "down";
    const group = el("g", { class: `interval ${tone}`, "data-row": String(i) });
    const x0 = Number.isFinite(low) ? x(low) : left;
    const x1 = Number.isFinite(high) ? x(high) : right;
    const arrow = (side) =>
      group.append(
        el("path", {
          d: side < 0 ? `M ${left} ${y} l 8 -5 v 10 z` : `M ${right} ${y} l -8 -5 v 10 z`,
          class: "arrow",
        }),
      );
    const cap = (cx) => group.append(el("line", { x1: cx, x2: cx, y1: y - 6, y2: y + 6, class: "cap" }));
    if (exclusive) {
      group.append(el("line", { x1: left, x2: x0, y1: y, y2: y, class: "bar" }));
      group.append(el("line", { x1: x1, x2: right, y1: y, y2: y, class: "bar" }));
      arrow(-1);
      arrow(1);
      cap(x0);
      cap(x1);
    } else {
      group.append(el("line", { x1: x0, x2: x1, y1: y, y2: y, class: "bar" }));
      if (Number.isFinite(low) && low >= lo) cap(x0);
      else arrow(-1);
      if (Number.isFinite(high) && high <= hi) cap(x1);
      else arrow(1);
    }
    group.append(el("circle", { cx: x(r.estimate), cy: y, r: 5, class: "dot" }));
    svg.append(group);
    described.push(
      exclusive
        ? `${r.label}: ${format(r.estimate)}, below ${format(low)} or above ${format(high)}`
        : `${r.label}: ${format(r.estimate)} (${format(low)} to ${format(high)})`,
    );
  });
  svg.setAttribute(
    "aria-label",
    `Relative lift of each metric and variant with its ${Math.round(level * 1000) / 10}% confidence interval. ${described.join("; ")}.`,
  );
}
