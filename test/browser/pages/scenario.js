// One computation, run unchanged in Node (on the built package) and in pages (on the browser
// build), so their results can be compared number by number.

function describeSummary(summary) {
  const more = summary.count > 1;
  return {
    json: summary.toJSON(),
    variance: more ? summary.variance() : null,
    std: more ? summary.std() : null,
    sem: more ? summary.sem() : null,
  };
}

function plainResult(r) {
  return {
    statistic: r.statistic,
    pValue: r.pValue,
    log10PValue: r.log10PValue,
    df: r.df,
    estimate: r.estimate,
    stderr: r.stderr,
    confidenceInterval: [r.confidenceInterval[0], r.confidenceInterval[1]],
    alternative: r.alternative,
    method: r.method,
    confidenceLevel: r.confidenceLevel,
  };
}

/**
 * @param {object} api the batchstats module
 * @param {{ datasets: number[][], tests: { a: number, b: number, options: object }[] }} input
 */
export function scenario(api, { datasets, tests }) {
  const { summarize, merge, Summary } = api;
  const summaries = datasets.map((values) => summarize(Float64Array.from(values)));
  const revived = summaries.map((s) => Summary.fromJSON(JSON.stringify(s)));
  const pieces = [];
  const first = datasets[0];
  for (let i = 0; i < first.length; i += 7919) pieces.push(summarize(first.slice(i, i + 7919)));
  return {
    backend: api.backend().name,
    summaries: summaries.map(describeSummary),
    merged: describeSummary(merge(...revived)),
    mergedReversed: describeSummary(merge(...revived.slice().reverse())),
    mergedPieces: describeSummary(merge(...pieces)),
    ttests:
      typeof api.ttest === "function"
        ? tests.map(({ a, b, options }) => plainResult(api.ttest(revived[a], revived[b], options)))
        : null,
  };
}
