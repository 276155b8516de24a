// Posts batches to a module worker that summarizes them, and collects the summaries' JSON.
import * as batchstats from "/node_modules/batchstats/dist/index.js";

/**
 * @param {number[][]} batches
 * @returns {Promise<{ summaries: object[], backend: object }>}
 */
async function summarizeInWorker(batches) {
  const worker = new Worker(new URL("./summarize-worker.js", import.meta.url), { type: "module" });
  try {
    const replies = new Map();
    let backend;
    await new Promise((resolve, reject) => {
      worker.onerror = (event) => reject(new Error(`worker error: ${event.message}`));
      worker.onmessage = ({ data }) => {
        if (data.error) reject(new Error(data.error));
        replies.set(data.id, data.summary);
        backend = data.backend;
        if (replies.size === batches.length) resolve();
      };
      batches.forEach((values, id) => {
        const typed = Float64Array.from(values);
        worker.postMessage({ id, values: typed }, [typed.buffer]);
      });
    });
    return { summaries: batches.map((_, id) => replies.get(id)), backend };
  } finally {
    worker.terminate();
  }
}

window.batchstats = batchstats;
window.summarizeInWorker = summarizeInWorker;
document.documentElement.dataset.ready = "true";
