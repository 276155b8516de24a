// Turns the suites' results into the terminal table, results.json, results.md, throughput.svg
// and the target check (docs/bench-notes.md lists the same targets).

const KIB = 1024;

function fmt(x, digits = 3) {
  if (x === null || x === undefined || Number.isNaN(x)) return "–";
  if (x !== 0 && (Math.abs(x) >= 1e6 || Math.abs(x) < 1e-3)) return x.toExponential(2);
  return x.toFixed(digits);
}

function fmtRate(x) {
  if (!Number.isFinite(x)) return "–";
  const units = [
    [1e9, "G"],
    [1e6, "M"],
    [1e3, "k"],
  ];
  for (const [size, unit] of units) if (x >= size) return `${(x / size).toFixed(x / size >= 100 ? 0 : 1)}${unit}`;
  return x.toFixed(0);
}

function fmtN(n) {
  return n.toExponential(0).replace("+", "");
}

/** ns per element of a variant at a row, for the chosen clock ("cpu" | "wall"); NaN on error. */
export function nsOf(row, id, clock) {
  const v = row.variants[id];
  if (!v || v.error) return Number.NaN;
  return clock === "wall" ? v.wallNsPerElement : v.cpuNsPerElement;
}

/** Evaluates the performance targets on the results. Each: { target, measured, pass, note }. */
export function targets(results, clock) {
  const rows = results.summarize?.results ?? [];
  const at = (n) => rows.find((r) => r.n === n);
  const out = [];
  const ratio = (row, a, b) => (row ? nsOf(row, b, clock) / nsOf(row, a, clock) : Number.NaN); // speed of a over b
  const big = rows.filter((r) => r.n >= 1e7);
  const floorRatios = big.map((r) => ({ n: r.n, x: ratio(r, "zeroCopy", "floor") }));
  out.push({
    target: "zero-copy wasm ≥ 0.9× memory-read floor at n ≥ 1e7 (speed ratio floor time ÷ kernel time)",
    measured: floorRatios.map((r) => `${fmt(r.x, 2)}× at ${fmtN(r.n)}`).join(", ") || "not run",
    pass: floorRatios.length > 0 && floorRatios.every((r) => r.x >= 0.9),
  });
  const cache = [1e4, 1e5].map(at).filter(Boolean);
  const cacheRatios = cache.map((r) => ({ n: r.n, zc: ratio(r, "zeroCopy", "js"), ci: ratio(r, "copyIn", "js") }));
  out.push({
    target: "in cache (1e4–1e5) wasm ≥ 3× the JS fallback",
    measured:
      cacheRatios.map((r) => `zero-copy ${fmt(r.zc, 2)}×, copy-in ${fmt(r.ci, 2)}× at ${fmtN(r.n)}`).join("; ") ||
      "not run",
    pass: cacheRatios.length > 0 && cacheRatios.every((r) => r.zc >= 3),
    note: "judged on the zero-copy kernel; copy-in shown alongside",
  });
  const large = rows.filter((r) => r.n >= 1e5);
  const ciJs = large.map((r) => ({ n: r.n, x: ratio(r, "copyIn", "js") }));
  out.push({
    target: "copy-in ≥ 1.6× the JS fallback at n ≥ 1e5",
    measured: ciJs.map((r) => `${fmt(r.x, 2)}× at ${fmtN(r.n)}`).join(", ") || "not run",
    pass: ciJs.length > 0 && ciJs.every((r) => r.x >= 1.6),
  });
  const peers = ["stdlib", "simple", "jstat"];
  const mid = rows.filter((r) => r.n >= 1e4);
  const ciPeer = mid.map((r) => ({ n: r.n, x: Math.min(...peers.map((p) => ratio(r, "copyIn", p))) }));
  out.push({
    target: "copy-in ≥ 2.5× each peer at n ≥ 1e4 (worst peer shown)",
    measured: ciPeer.map((r) => `${fmt(r.x, 2)}× at ${fmtN(r.n)}`).join(", ") || "not run",
    pass: ciPeer.length > 0 && ciPeer.every((r) => r.x >= 2.5),
  });
  const key = clock === "wall" ? "wallNs" : "cpuNs";
  const autoRows = (results.auto?.rows ?? []).filter((r) => r.n <= 1e3);
  const autoMain = rows.filter((r) => r.n <= 1e3).map((r) => ({ n: r.n, x: ratio(r, "auto", "js") }));
  const autoSweep = autoRows.flatMap((r) => [
    { n: r.n, x: r[key].js / r[key].auto },
    { n: `${r.n} (number[])`, x: r[key].arrayJs / r[key].arrayAuto },
  ]);
  const allAuto = [...autoSweep, ...autoMain];
  const worst = allAuto.reduce((w, r) => (w === undefined || r.x < w.x ? r : w), undefined);
  out.push({
    target: "auto never slower than JS at n ≤ 1e3 (≥ 0.95×)",
    measured: worst ? `worst ${fmt(worst.x, 2)}× (n = ${worst.n}) over ${allAuto.length} cases` : "not run",
    pass: allAuto.length > 0 && allAuto.every((r) => r.x >= 0.95),
    note: results.auto
      ? `measured crossover: copy-in ${results.auto.measured.copyIn}, number[] ${results.auto.measured.array}, zero-copy ${results.auto.measured.inPlace}; configured ${results.auto.configured.copyIn} / ${results.auto.configured.array} / ${results.auto.configured.inPlace}`
      : undefined,
  });
  const cold = results.startup?.library?.firstBackend;
  out.push({
    target: "cold start (compile + instantiate) ≤ 1 ms",
    measured: results.startup
      ? `${fmt(cold, 2)} ms first backend() (raw compile ${fmt(results.startup.raw.compile, 2)} + instantiate ${fmt(results.startup.raw.instantiate, 2)} ms)`
      : "not run",
    pass: cold !== undefined && cold <= 1,
  });
  out.push(...footprintTargets(results.startup?.footprint));
  const size = results.startup?.sizes?.simd?.bytes;
  out.push({
    target: "wasm ≤ 4 KiB",
    measured: results.startup
      ? `simd ${size} B (gzip ${results.startup.sizes.simd.gzip}), scalar ${results.startup.sizes.scalar.bytes} B`
      : "not run",
    pass: size !== undefined && size <= 4 * KIB && results.startup.sizes.scalar.bytes <= 4 * KIB,
  });
  return out;
}

const MB = 1e6;
const KB = 1e3;

/** The footprint targets (bench/footprint.mjs): each row of the package's footprint budget. */
function footprintTargets(f) {
  const rows = [
    ["import of the main entry: extra wall time over bare Node ≤ 15 ms", (x) => x.extra.import.wallMs <= 15],
    [
      "import + first summarize + first ttest: extra wall time over bare Node ≤ 20 ms",
      (x) => x.extra.first.wallMs <= 20,
    ],
    ["extra RSS after the first result ≤ 6 MB", (x) => x.extra.first.rss <= 6 * MB],
    ["`batchstats ttest a.json b.json` wall ≤ 0.12 s", (x) => x.medians.cli.wallMs <= 120],
    [
      "`npm i batchstats` installs ≤ 5 other packages, ≤ 2 MB in all",
      (x) => x.install.otherPackages.length <= 5 && x.install.installedBytes <= 2 * MB,
    ],
    ["whole main entry in a browser bundle (esbuild), minified + gzip ≤ 25 KB", (x) => x.browser.whole.gzip <= 25 * KB],
    [
      "summarize + merge alone, tree-shaken (esbuild), minified + gzip ≤ 5 KB",
      (x) => x.browser.summarizeMerge.gzip <= 5 * KB,
    ],
  ];
  const measured = f ? footprintMeasured(f) : [];
  return rows.map(([target, pass], i) => ({
    target,
    measured: !f ? "not run" : f.error ? `failed: ${f.error}` : measured[i],
    pass: Boolean(f && !f.error && pass(f)),
  }));
}

/** The measured column of the footprint targets, in their order. */
function footprintMeasured(f) {
  if (f.error) return [];
  const ms = (x) => `${fmt(x, 1)} ms`;
  const rel = (id) => `${fmt(f.medians[id].wallMs / baselineOf(f, id).wallMs, 2)}× bare`;
  const base = (id) => baselineOf(f, id);
  return [
    `+${ms(f.extra.import.wallMs)} wall (${rel("import")}), +${ms(f.extra.import.cpuMs)} CPU; ${f.modules?.installed ?? "?"} files loaded`,
    `+${ms(f.extra.first.wallMs)} wall (${rel("first")}), +${ms(f.extra.first.cpuMs)} CPU`,
    `+${fmt(f.extra.first.rss / MB, 1)} MB (peak +${fmt(f.extra.first.maxRss / MB, 1)} MB; in the process, from before the import: +${fmt(f.medians.first.libraryRss / MB, 1)} MB)`,
    `${ms(f.medians.cli.wallMs)} (\`node -e 0\` ${ms(base("cli").wallMs)}: +${ms(f.extra.cli.wallMs)}, ${rel("cli")})`,
    `${f.install.otherPackages.length} packages, ${fmt(f.install.installedBytes / MB, 2)} MB`,
    `${fmt(f.browser.whole.gzip / KB, 1)} KB (${fmt(f.browser.whole.bytes / KB, 1)} KB minified)`,
    `${fmt(f.browser.summarizeMerge.gzip / KB, 1)} KB (${fmt(f.browser.summarizeMerge.bytes / KB, 1)} KB minified)`,
  ];
}

/** The medians of the process a row is compared with: `node -e 0` for the CLI (when measured), else bare. */
function baselineOf(f, id) {
  return id === "cli" && f.medians.node ? f.medians.node : f.medians.bare;
}

/** The footprint table: each variant beside bare Node (medians of fresh processes), then the package. */
function footprintLines(f) {
  const ms = (x) => fmt(x, 1);
  const lines = [["process", "wall ms", "extra wall ms", "× bare", "CPU ms", "extra CPU ms", "RSS MB", "extra RSS MB"]];
  const labels = {
    bare: "bare Node (baseline)",
    node: "`node -e 0` (baseline of the CLI)",
    import: "import the main entry",
    first: "import + first summarize + first ttest",
    cli: "`batchstats ttest a.json b.json`",
  };
  for (const id of ["bare", "import", "first", "node", "cli"].filter((id) => f.medians[id])) {
    const m = f.medians[id];
    const e = f.extra[id];
    lines.push([
      labels[id],
      ms(m.wallMs),
      e ? `+${ms(e.wallMs)}` : "",
      fmt(m.wallMs / baselineOf(f, id).wallMs, 2),
      ms(m.cpuMs),
      e ? `+${ms(e.cpuMs)}` : "",
      fmt(m.rss / MB, 1),
      e ? `+${fmt(e.rss / MB, 1)}` : "",
    ]);
  }
  return lines;
}

/** The sentences under the footprint table. */
function footprintNotes(f) {
  const inProcess = f.medians.first;
  return [
    `Medians of ${f.runs} rounds of fresh processes, each round every variant once in a rotating order; "extra" is the median over rounds of (variant − its baseline of the same round: bare Node running the child script, \`node -e 0\` for the CLI). Wall time is measured from the spawning process; CPU time and RSS (at exit) by the process itself.`,
    `In the process: import ${fmt(f.medians.import.importMs, 1)} ms; first result: import ${fmt(inProcess.importMs, 1)} + two summarize(1e4) ${fmt(inProcess.summarizeMs, 1)} + ttest ${fmt(inProcess.ttestMs, 1)} ms. The import loads ${f.modules?.installed ?? "?"} files of the installed package.`,
    `Installed from \`npm pack\` (tarball ${fmt(f.install.tarballBytes / KB, 0)} KB, unpacked ${fmt(f.install.unpackedBytes / KB, 0)} KB) into an empty project: ${f.install.otherPackages.length} other packages${f.install.otherPackages.length ? ` (${f.install.otherPackages.join(", ")})` : ""}, node_modules ${fmt(f.install.installedBytes / MB, 2)} MB.`,
    `In a browser bundle (esbuild, minified, gzip -9): the whole main entry ${f.browser.whole.gzip} B, summarize + merge alone ${f.browser.summarizeMerge.gzip} B; test/browser/ measures Vite and webpack builds.`,
  ];
}

/** The anatomy table: floor, each pass alone, the kernel; ns per element and ÷ floor. */
function anatomyText(results, clock, render) {
  const key = clock === "wall" ? "wallNs" : "cpuNs";
  const lines = [
    [
      "n",
      "floor (sum)",
      "pass 1 alone",
      "pass 2 alone",
      "kernel",
      "pass 1 ÷ floor",
      "pass 2 ÷ floor",
      "kernel ÷ floor",
    ],
  ];
  for (const r of results.anatomy.rows) {
    const t = r[key];
    lines.push([
      fmtN(r.n),
      fmt(t.floor),
      fmt(t.pass1),
      fmt(t.pass2),
      fmt(t.kernel),
      fmt(t.floor / t.pass1, 2),
      fmt(t.floor / t.pass2, 2),
      fmt(t.floor / t.kernel, 2),
    ]);
  }
  return `ns per element; "÷ floor" = floor time ÷ this time (1 = as fast as reading the memory)\n\n${render(lines)}`;
}

/** The main table: one line per (n, variant). */
function summarizeTable(results, clock) {
  const s = results.summarize;
  const lines = [];
  const head = ["n", "variant", "ns/element", "elements/s", "÷ floor", "wasm-zc ×", "copy-in ×", "rme %"];
  lines.push(head);
  for (const row of s.results) {
    const floor = nsOf(row, "floor", clock);
    const zc = nsOf(row, "zeroCopy", clock);
    const ci = nsOf(row, "copyIn", clock);
    for (const v of s.variants) {
      const ns = nsOf(row, v.id, clock);
      const err = row.variants[v.id]?.error;
      lines.push([
        fmtN(row.n),
        v.label,
        err ? `ERROR ${err}` : fmt(ns),
        err ? "" : fmtRate(1e9 / ns),
        err ? "" : fmt(floor / ns, 2),
        err ? "" : fmt(ns / zc, 2),
        err ? "" : fmt(ns / ci, 2),
        err ? "" : fmt(row.variants[v.id].rme, 1),
      ]);
    }
  }
  return lines;
}

/**
 * Suites whose rows are `{ label, wallPerSecond, cpuPerSecond, unit }` (or `{ label, error }`), each
 * printed as one table of operations per second under its title.
 */
const RATE_SUITES = {
  "ab-stats": "A/B statistics from two summaries (target: each ≥ 100 k/s)",
  decisions: "decision functions throughput",
  privacy: "privacy: releases and exact noise draws",
  readout: "experiment readout from summaries (target: ≤ 5 ms, i.e. ≥ 200 readouts/s)",
  rates: "Bayesian rates and conjugate updates (target: compareRates ≥ 20 k/s at counts of 1e9)",
  means: "Bayesian means under Normal–Inverse-Gamma posteriors (target: compareMeans ≥ 5 k/s, ≤ 1 ms)",
};

/** The per-second cell of a rate row, or its error. */
function rateCell(r, clock) {
  return r.error ? `ERROR ${r.error}` : `${fmtRate(clock === "wall" ? r.wallPerSecond : r.cpuPerSecond)} ${r.unit}`;
}

function pad(lines) {
  const widths = lines[0].map((_, i) => Math.max(...lines.map((l) => String(l[i] ?? "").length)));
  return lines
    .map((l) =>
      l
        .map((c, i) => String(c ?? "").padEnd(widths[i]))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

function mdTable(lines) {
  const [head, ...rest] = lines;
  const esc = (c) => String(c ?? "").replace(/\|/g, "\\|");
  return [
    `| ${head.map(esc).join(" | ")} |`,
    `|${head.map(() => "---").join("|")}|`,
    ...rest.map((l) => `| ${l.map(esc).join(" | ")} |`),
  ].join("\n");
}

/** Plain-text report for the terminal. */
export function terminalReport(results, clock) {
  const parts = [];
  const m = results.meta;
  parts.push(
    `batchstats benchmark — node ${m.node}, ${m.cpu}, ${m.cores} cores, load ${m.loadBefore.join(" ")} → ${m.loadAfter.join(" ")}; clock: ${clock === "cpu" ? "process CPU time" : "wall"}${m.quick ? " (QUICK: tiny n, speeds meaningless)" : ""}`,
  );
  if (results.summarize) {
    parts.push(
      "\nsummarize: time per element (median); ÷ floor = floor time ÷ this (1 = as fast as reading memory); wasm-zc × / copy-in × = this time ÷ theirs (how many times slower than wasm)\n",
    );
    parts.push(pad(summarizeTable(results, clock)));
  }
  if (results.anatomy) parts.push(`\n${anatomyText(results, clock, pad)}`);
  if (results.auto) {
    const a = results.auto;
    const key = clock === "wall" ? "wallNs" : "cpuNs";
    const lines = [
      [
        "n",
        "js ns",
        "wasm ns",
        "auto ns",
        "js/auto",
        "number[] js",
        "number[] wasm",
        "number[] auto",
        "buffer js",
        "buffer wasm",
        "buffer auto",
      ],
    ];
    lines.push(...autoThresholdRows(a, key));
    parts.push(`\nauto threshold: ns per summarize() call (median)\n\n${pad(lines)}`);
    parts.push(
      `measured crossover (wasm faster from n =): copy-in ${a.measured.copyIn}, number[] ${a.measured.array}, zero-copy ${a.measured.inPlace}; configured AUTO_JS_BELOW = ${a.configured.copyIn}, AUTO_JS_BELOW_ARRAY = ${a.configured.array}, AUTO_JS_BELOW_IN_PLACE = ${a.configured.inPlace}`,
    );
  }
  if (results.merge) {
    const lines = [["operation", "per second"]];
    for (const r of results.merge.rows) {
      lines.push([
        r.label,
        r.error ? `ERROR ${r.error}` : `${fmtRate(clock === "wall" ? r.wallPerSecond : r.cpuPerSecond)} ${r.unit}`,
      ]);
    }
    parts.push(`\nmerge and t-test throughput (t-test: ${results.merge.ttest})\n\n${pad(lines)}`);
  }
  for (const [suite, title] of Object.entries(RATE_SUITES)) {
    if (!results[suite]?.rows) continue;
    const lines = [["operation", "per second"]];
    for (const r of results[suite].rows) lines.push([r.label, rateCell(r, clock)]);
    parts.push(`\n${title}\n\n${pad(lines)}`);
  }
  if (results.sequential) {
    const lines = [["operation", "cost"]];
    for (const r of results.sequential.rows) lines.push([r.label, sequentialCost(r, clock)]);
    parts.push(`\nsequential tests and multiple-testing corrections\n\n${pad(lines)}`);
  }
  if (results.startup) {
    const st = results.startup;
    parts.push(
      `\nstartup (median of ${st.coldRuns} fresh processes): first backend() ${fmt(st.library.firstBackend, 2)} ms; raw compile ${fmt(st.raw.compile, 2)} ms + instantiate ${fmt(st.raw.instantiate, 2)} ms; first summarize(1e4) ${fmt(st.library.firstSummarize, 2)} ms; new BatchBuffer (warm) ${fmt(st.newBufferMs, 3)} ms\nsizes: simd ${st.sizes.simd.bytes} B (gzip ${st.sizes.simd.gzip} B), scalar ${st.sizes.scalar.bytes} B (gzip ${st.sizes.scalar.gzip} B)`,
    );
    const f = st.footprint;
    if (f?.error) parts.push(`\nfootprint: FAILED ${f.error}`);
    else if (f)
      parts.push(
        `\nfootprint of the installed package\n\n${pad(footprintLines(f))}\n\n${footprintNotes(f).join("\n")}`,
      );
  }
  const t = targets(results, clock);
  const lines = [["target", "measured", "met"]];
  const judge = (x) => (x.measured === "not run" || m.quick ? "–" : x.pass ? "yes" : "NO");
  for (const x of t) lines.push([x.target, x.measured, judge(x)]);
  parts.push(`\ntargets\n\n${pad(lines)}`);
  if (results.failures.length) parts.push(`\nFAILURES:\n${results.failures.map((f) => `  ${f}`).join("\n")}`);
  return parts.join("\n");
}

/** Markdown report (bench/results/results.md). */
export function markdownReport(results, clock) {
  const m = results.meta;
  const parts = [
    "# batchstats benchmark results",
    "",
    `Generated by \`npm run bench${m.quick ? ":quick" : ""}\` on ${m.date}: Node ${m.node} (V8 ${m.v8}), ${m.cpu}, ${m.cores} cores; load average ${m.loadBefore.join(" ")} before, ${m.loadAfter.join(" ")} after. Times are medians of benchmark.js samples over ${m.rounds} interleaved rounds, on the ${clock === "cpu" ? "process CPU-time clock (the wall clock is in results.json)" : "wall clock"}. Ratios come from one run, side by side.${m.quick ? " **Quick run: tiny sizes, the speeds mean nothing.**" : ""}`,
    ...(m.updates ?? []).map(
      (u) =>
        `\nRe-run since (\`npm run bench -- --only=${u.suites.join(",")} --merge\`): ${u.suites.join(", ")} on ${u.date}, Node ${u.node}; load average ${u.loadBefore.join(" ")} before, ${u.loadAfter.join(" ")} after.`,
    ),
    "",
    "![throughput vs n](throughput.svg)",
    "",
    "## Targets",
    "",
    mdTable([
      ["target", "measured", "met"],
      ...targets(results, clock).map((x) => [
        x.target,
        x.measured + (x.note ? ` (${x.note})` : ""),
        x.measured === "not run" || m.quick ? "–" : x.pass ? "yes" : "**no**",
      ]),
    ]),
  ];
  if (results.summarize) {
    parts.push(
      "",
      "## summarize: time per element",
      "",
      "÷ floor = floor time ÷ this time (1.00 = as fast as a plain SIMD read of the same memory); the last two columns say how many times slower than the wasm zero-copy and copy-in paths this variant is.",
      "",
      mdTable(summarizeTable(results, clock)),
    );
  }
  if (results.anatomy) parts.push("", "## anatomy of the zero-copy kernel", "", anatomyText(results, clock, mdTable));
  if (results.auto) {
    const a = results.auto;
    const key = clock === "wall" ? "wallNs" : "cpuNs";
    const lines = [
      [
        "n",
        "js",
        "wasm copy-in",
        "auto",
        "js ÷ auto",
        "number[] js",
        "number[] wasm",
        "number[] auto",
        "buffer js",
        "buffer wasm",
        "buffer auto",
      ],
    ];
    lines.push(...autoThresholdRows(a, key));
    parts.push(
      "",
      "## auto threshold (ns per call)",
      "",
      mdTable(lines),
      "",
      `Wasm is faster from n = ${a.measured.copyIn} (copy-in, Float64Array), ${a.measured.array} (number[]), ${a.measured.inPlace} (zero-copy). Configured: \`AUTO_JS_BELOW = ${a.configured.copyIn}\`, \`AUTO_JS_BELOW_ARRAY = ${a.configured.array}\`, \`AUTO_JS_BELOW_IN_PLACE = ${a.configured.inPlace}\`.`,
    );
  }
  if (results.merge) {
    const lines = [["operation", "per second"]];
    for (const r of results.merge.rows)
      lines.push([
        r.label,
        r.error ? `ERROR ${r.error}` : `${fmtRate(clock === "wall" ? r.wallPerSecond : r.cpuPerSecond)} ${r.unit}`,
      ]);
    parts.push("", "## merge and t-test throughput", "", mdTable(lines), "", `t-test: ${results.merge.ttest}.`);
  }
  for (const [suite, title] of Object.entries(RATE_SUITES)) {
    if (!results[suite]?.rows) continue;
    const lines = [["operation", "per second"]];
    for (const r of results[suite].rows) lines.push([r.label, rateCell(r, clock)]);
    parts.push("", `## ${title}`, "", mdTable(lines));
  }
  if (results.sequential) {
    const lines = [["operation", "cost"]];
    for (const r of results.sequential.rows) lines.push([r.label, sequentialCost(r, clock)]);
    parts.push("", "## sequential tests and multiple-testing corrections", "", mdTable(lines));
  }
  if (results.startup) {
    const st = results.startup;
    parts.push(
      "",
      "## startup and size",
      "",
      mdTable([
        ["measure", "value"],
        [
          "first `backend()` in a fresh process (decode + compile + instantiate + reserve)",
          `${fmt(st.library.firstBackend, 2)} ms`,
        ],
        ["raw compile (decode + `new WebAssembly.Module`)", `${fmt(st.raw.compile, 2)} ms`],
        ["raw instantiate (+ reserve)", `${fmt(st.raw.instantiate, 2)} ms`],
        ["first `summarize` of 1e4 values (baseline tier)", `${fmt(st.library.firstSummarize, 2)} ms`],
        ["`new BatchBuffer({ capacity: 65536 })` in a warm process", `${fmt(st.newBufferMs, 3)} ms`],
        ["kernel size, SIMD build", `${st.sizes.simd.bytes} B (gzip ${st.sizes.simd.gzip} B)`],
        ["kernel size, scalar build", `${st.sizes.scalar.bytes} B (gzip ${st.sizes.scalar.gzip} B)`],
      ]),
      "",
      `Cold-start figures are medians of ${st.coldRuns} fresh processes.`,
    );
    const f = st.footprint;
    if (f?.error) parts.push("", "## footprint of the installed package", "", `Failed: ${f.error}`);
    else if (f) {
      parts.push(
        "",
        "## footprint of the installed package",
        "",
        mdTable(footprintLines(f)),
        "",
        ...footprintNotes(f).flatMap((note) => [note, ""]),
      );
      parts.pop();
    }
  }
  if (results.failures.length) parts.push("", "## Failures", "", ...results.failures.map((f) => `- ${f}`));
  return `${parts.join("\n")}\n`;
}

const COLORS = {
  floor: "#555555",
  zeroCopy: "#d62728",
  copyIn: "#ff7f0e",
  scalar: "#bcbd22",
  auto: "#e377c2",
  js: "#1f77b4",
  yardstick: "#17becf",
  stdlib: "#2ca02c",
  simple: "#9467bd",
  jstat: "#8c564b",
};

/** A small hand-made SVG: elements per second against n, both axes logarithmic, one line per variant. */
export function svgChart(results, clock) {
  const s = results.summarize;
  if (!s) return "";
  const W = 720;
  const H = 420;
  const left = 64;
  const right = 250;
  const top = 30;
  const bottom = 48;
  const pw = W - left - right;
  const ph = H - top - bottom;
  const ns = s.results.map((r) => r.n);
  const series = s.variants.map((v) => ({
    ...v,
    points: s.results.map((r) => ({ n: r.n, rate: 1e9 / nsOf(r, v.id, clock) })).filter((p) => Number.isFinite(p.rate)),
  }));
  const rates = series.flatMap((x) => x.points.map((p) => p.rate));
  const lx0 = Math.floor(Math.log10(Math.min(...ns)));
  const lx1 = Math.ceil(Math.log10(Math.max(...ns)));
  const ly0 = Math.floor(Math.log10(Math.min(...rates)));
  const ly1 = Math.ceil(Math.log10(Math.max(...rates)));
  const X = (n) => left + ((Math.log10(n) - lx0) / Math.max(1, lx1 - lx0)) * pw;
  const Y = (r) => top + ph - ((Math.log10(r) - ly0) / Math.max(1, ly1 - ly0)) * ph;
  const out = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
  );
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  out.push(
    `<text x="${left}" y="18" font-size="13" font-weight="bold">summarize throughput (elements/s, higher is better)</text>`,
  );
  for (let e = lx0; e <= lx1; e++) {
    const x = X(10 ** e).toFixed(1);
    out.push(`<line x1="${x}" y1="${top}" x2="${x}" y2="${top + ph}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${x}" y="${top + ph + 16}" text-anchor="middle">1e${e}</text>`);
  }
  for (let e = ly0; e <= ly1; e++) {
    const y = Y(10 ** e).toFixed(1);
    out.push(`<line x1="${left}" y1="${y}" x2="${left + pw}" y2="${y}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${left - 6}" y="${(Number(y) + 4).toFixed(1)}" text-anchor="end">1e${e}</text>`);
  }
  out.push(`<rect x="${left}" y="${top}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`);
  out.push(`<text x="${left + pw / 2}" y="${H - 12}" text-anchor="middle">n (values per batch)</text>`);
  out.push(
    `<text x="14" y="${top + ph / 2}" text-anchor="middle" transform="rotate(-90 14 ${top + ph / 2})">elements per second</text>`,
  );
  series.forEach((sr, i) => {
    const color = COLORS[sr.id] ?? "#000";
    const dash = sr.id === "floor" ? ' stroke-dasharray="5 3"' : sr.id === "auto" ? ' stroke-dasharray="2 3"' : "";
    const width = sr.id === "zeroCopy" || sr.id === "copyIn" ? 2.5 : 1.5;
    const pts = sr.points.map((p) => `${X(p.n).toFixed(1)},${Y(p.rate).toFixed(1)}`).join(" ");
    out.push(`<polyline points="${pts}" fill="none" stroke="${color}" stroke-width="${width}"${dash}/>`);
    for (const p of sr.points)
      out.push(`<circle cx="${X(p.n).toFixed(1)}" cy="${Y(p.rate).toFixed(1)}" r="2" fill="${color}"/>`);
    const ly = top + 8 + i * 17;
    out.push(
      `<line x1="${left + pw + 12}" y1="${ly}" x2="${left + pw + 34}" y2="${ly}" stroke="${color}" stroke-width="${width}"${dash}/>`,
    );
    out.push(
      `<text x="${left + pw + 40}" y="${ly + 4}">${sr.label.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</text>`,
    );
  });
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}

/** The auto-threshold suite's rows (ns per call per variant), shared by the terminal and Markdown tables. */
function autoThresholdRows(auto, key) {
  return auto.rows.map((r) => {
    const t = r[key];
    return [
      r.n,
      fmt(t.js, 0),
      fmt(t.wasm, 0),
      fmt(t.auto, 0),
      fmt(t.js / t.auto, 2),
      fmt(t.arrayJs, 0),
      fmt(t.arrayWasm, 0),
      fmt(t.arrayAuto, 0),
      fmt(t.bufferJs, 0),
      fmt(t.bufferWasm, 0),
      fmt(t.bufferAuto, 0),
    ];
  });
}

/** A row of the sequential suite: calls per second, or milliseconds per call for the big families. */
function sequentialCost(r, clock) {
  if (r.error) return `ERROR ${r.error}`;
  const perSecond = clock === "wall" ? r.wallPerSecond : r.cpuPerSecond;
  return r.unit === "ms" ? `${(1000 / perSecond).toFixed(3)} ms per call` : `${fmtRate(perSecond)} ${r.unit}`;
}
