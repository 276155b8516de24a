// The difference B − A with its confidence interval, drawn against zero as an inline SVG.
// A one-sided interval runs off the edge of the plot with an arrow.
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
 * @param {SVGSVGElement} svg
 * @param {{ estimate: number, low: number, high: number, level: number, width?: number,
 *           labels: { estimate: string, low: string, high: string } }} data
 */
export function drawDifference(svg, { estimate, low, high, level, labels, width: wanted = 640 }) {
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
  lo -= low === -Infinity ? pad * 2.5 : pad;
  hi += high === Infinity ? pad * 2.5 : pad;
  const x = (v) => left + ((v - lo) / (hi - lo)) * (right - left);

  const excludesZero = low > 0 || high < 0;
  const tone = !excludesZero ? "neutral" : estimate > 0 ? "up" : "down";
  svg.dataset.tone = tone;

  for (const t of ticks(lo, hi, Math.max(3, Math.floor(width / 120)))) {
    const tx = x(t);
    svg.append(el("line", { x1: tx, x2: tx, y1: 18, y2: axisY, class: "grid" }));
    svg.append(el("text", { x: tx, y: axisY + 18, class: "tick", "text-anchor": "middle" }, formatNumber(t, 3)));
  }
  svg.append(el("line", { x1: left, x2: right, y1: axisY, y2: axisY, class: "axis" }));

  const zx = x(0);
  svg.append(el("line", { x1: zx, x2: zx, y1: 10, y2: axisY, class: "zero" }));
  const anchor = zx < left + 50 ? "start" : zx > right - 50 ? "end" : "middle";
  svg.append(el("text", { x: zx, y: 8, class: "zero-label", "text-anchor": anchor }, "no difference"));

  const x0 = Number.isFinite(low) ? x(low) : left;
  const x1 = Number.isFinite(high) ? x(high) : right;
  const group = el("g", { class: `interval ${tone}` });
  group.append(el("line", { x1: x0, x2: x1, y1: barY, y2: barY, class: "bar" }));
  if (Number.isFinite(low)) group.append(el("line", { x1: x0, x2: x0, y1: barY - 9, y2: barY + 9, class: "cap" }));
  else group.append(el("path", { d: `M ${left} ${barY} l 10 -7 v 14 z`, class: "arrow" }));
  if (Number.isFinite(high)) group.append(el("line", { x1: x1, x2: x1, y1: barY - 9, y2: barY + 9, class: "cap" }));
  else group.append(el("path", { d: `M ${right} ${barY} l -10 -7 v 14 z`, class: "arrow" }));
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
    `Difference B minus A: ${labels.estimate}, ${Math.round(level * 1000) / 10}% confidence interval from ${labels.low} to ${labels.high}; ` +
      (excludesZero ? "the interval excludes zero." : "the interval includes zero."),
  );
}
