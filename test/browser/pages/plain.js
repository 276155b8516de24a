// A user's module script with no bundler and no import map: the package's own ES module entry, by URL,
// where npm installed it next to the page.
import * as batchstats from "/node_modules/batchstats/dist/index.js";
import { scenario } from "./scenario.js";

window.batchstats = batchstats;
// The input comes as JSON text: much faster to hand over than a structured array of numbers.
window.runScenario = (json) => scenario(batchstats, JSON.parse(json));
document.documentElement.dataset.ready = "true";
