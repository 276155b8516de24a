import * as batchstats from "/node_modules/batchstats/dist/index.js";
import { scenario } from "./scenario.js";

/** Whether this page may compile WebAssembly at all (the CSP should say no). */
function wasmCompiles() {
  try {
    new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
    return "compiles";
  } catch (error) {
    return `${error.name}: ${error.message}`;
  }
}

window.batchstats = batchstats;
// The input comes as JSON text: much faster to hand over than a structured array of numbers.
window.runScenario = (json) => scenario(batchstats, JSON.parse(json));
window.wasmCompiles = wasmCompiles();
document.documentElement.dataset.ready = "true";
