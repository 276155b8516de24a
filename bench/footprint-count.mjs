// Registered with `node --import` for one untimed run of bench/footprint-child.mjs: counts the modules
// the process loads, through the ES module loader (its `load` hook) and through require (the CommonJS
// cache, for CommonJS dependencies) — `installed`: files under node_modules/, i.e. the package and
// anything it pulls in; `files`: all files; `builtins`: node: modules imported — and writes
// `@@modules {"installed":…,"files":…,"builtins":…}` to stderr at exit.
import { createRequire, register } from "node:module";
import { MessageChannel } from "node:worker_threads";
import { writeSync } from "node:fs";
import { fileURLToPath } from "node:url";

const { port1, port2 } = new MessageChannel();
const files = new Set();
let builtins = 0;
port1.on("message", (url) => {
  if (url.startsWith("node:")) builtins += 1;
  else files.add(url.startsWith("file:") ? fileURLToPath(url) : url);
});
port1.unref();
const hooks = `
let port;
export function initialize(data) { port = data.port; }
export async function load(url, context, next) { port.postMessage(url); return next(url, context); }
`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`, {
  data: { port: port2 },
  transferList: [port2],
});
process.on("exit", () => {
  // Files that require() loaded, which the ES loader does not see (those it imported are in both).
  for (const path of Object.keys(createRequire(import.meta.url).cache)) files.add(path);
  const installed = [...files].filter((path) => path.includes("/node_modules/")).length;
  writeSync(2, `\n@@modules ${JSON.stringify({ installed, files: files.size, builtins })}\n`);
});
