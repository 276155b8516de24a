// Small DOM helpers shared by the calculator's modules.

/** An element with attributes (on* are listeners) and children (strings become text). */
export function h(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** A number shown with a few digits, its full value in the tooltip (and data-value). */
export function num(value, text) {
  return h("span", { class: "num", title: String(value), "data-value": String(value) }, text);
}

/** An empty inline SVG of the page's chart style. */
export function svgChart() {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("class", "chart");
  svg.setAttribute("role", "img");
  return svg;
}
