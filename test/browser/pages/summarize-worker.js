// A module worker (import maps do not reach workers, so the URL is spelled out).
import { backend, summarize } from "/batchstats.js";

self.onmessage = ({ data: { id, values } }) => {
  try {
    postMessage({ id, summary: summarize(values).toJSON(), backend: backend() });
  } catch (error) {
    postMessage({ id, error: String(error) });
  }
};
