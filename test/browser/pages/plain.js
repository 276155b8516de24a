// A user's module script: the bare specifier, resolved by the page's import map.
import * as batchstats from "batchstats";
import { scenario } from "./scenario.js";

window.batchstats = batchstats;
// The input comes as JSON text: much faster to hand over than a structured array of numbers.
window.runScenario = (json) => scenario(batchstats, JSON.parse(json));
document.documentElement.dataset.ready = "true";
