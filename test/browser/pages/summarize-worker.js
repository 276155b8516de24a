// A module worker: the package's ES module entry, by URL, as the page imports it.
import { backend, summarize } from "/node_modules/batchstats/dist/index.js";

self.onmessage = ({ data: { id, values } }) => {
  try {
    postMessage({ id, summary: summarize(values).toJSON(), backend: backend() });
  } catch (error) {
    postMessage({ id, error: String(error) });
  }
};
