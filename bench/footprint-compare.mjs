// Two or more builds of the package side by side in one run (bench/footprint.mjs measures one): each
// tarball (or "." for an `npm pack` of dist/) is installed into its own empty project, then every round
// runs bare Node, `node -e 0` and, for each build, the import, the first result and the CLI row, in an
// order that rotates, so that load from other work hits all builds alike. A row's "extra" is the median
// over rounds of (variant − its baseline of the same round), in wall and CPU milliseconds; with a busy
// machine the CPU time is the steadier of the two.
//
//   node bench/footprint-compare.mjs [--runs=21] old.tgz .      (prints a table, then the results as JSON)
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { browserSizes, ensureDist, install, spawnOnce, summaryFiles } from "./footprint.mjs";
import { median } from "./harness.mjs";

const child = fileURLToPath(new URL("./footprint-child.mjs", import.meta.url));

/** Installs each build and returns its variants (import, first, cli) and its package figures. */
async function prepare(dir, builds) {
  const prepared = [];
  for (const [k, build] of builds.entries()) {
    const own = join(dir, `build-${k}`);
    mkdirSync(own);
    const installed = install(own, build === "." ? undefined : resolve(build));
    const entryUrl = pathToFileURL(join(installed.package, "dist", "index.js")).href;
    const { bin } = JSON.parse(readFileSync(join(installed.package, "package.json"), "utf8"));
    const cli = join(installed.package, typeof bin === "string" ? bin : bin.batchstats);
    await summaryFiles(own, entryUrl);
    prepared.push({
      build,
      installed,
      variants: {
        import: [child, "import", entryUrl],
        first: [child, "first", entryUrl],
        cli: [cli, "ttest", join(own, "a.json"), join(own, "b.json")],
      },
    });
  }
  return prepared;
}

/**
 * Runs `runs` rounds of every variant of every build and the two baselines. Returns, per build, the extra of
 * each row over its baseline (wall and CPU ms), the in-process import time, and the package figures.
 */
export async function compare({ runs, builds }) {
  if (builds.includes(".")) ensureDist();
  const dir = mkdtempSync(join(tmpdir(), "batchstats-footprint-compare-"));
  try {
    const prepared = await prepare(dir, builds);
    const jobs = [
      { id: "bare", args: [child, "bare"] },
      { id: "node", args: ["-e", "0"] },
      ...prepared.flatMap((p, k) => Object.entries(p.variants).map(([id, args]) => ({ id: `${k}:${id}`, args }))),
    ];
    for (const job of jobs) spawnOnce(job.args, dir); // warm the file cache; not counted
    const samples = Object.fromEntries(jobs.map((job) => [job.id, []]));
    const load = [loadavg()[0]];
    for (let round = 0; round < runs; round++) {
      for (let j = 0; j < jobs.length; j++) {
        const job = jobs[(j + round) % jobs.length];
        samples[job.id].push(spawnOnce(job.args, dir));
      }
    }
    load.push(loadavg()[0]);
    const extra = (id, base, key) => median(samples[id].map((s, i) => s[key] - samples[base][i][key]));
    const results = [];
    for (const [k, p] of prepared.entries()) {
      const rows = {};
      for (const row of ["import", "first", "cli"]) {
        const base = row === "cli" ? "node" : "bare";
        const id = `${k}:${row}`;
        rows[row] = { wallMs: extra(id, base, "wallMs"), cpuMs: extra(id, base, "cpuMs") };
        if (row !== "cli") {
          const inProcess = samples[id].map((s) => JSON.parse(s.stdout.trim() || "{}"));
          for (const step of ["importMs", "summarizeMs", "ttestMs"]) {
            const values = inProcess.map((r) => r[step]).filter((x) => typeof x === "number");
            if (values.length) rows[row][step] = median(values);
          }
        }
      }
      results.push({
        build: p.build,
        rows,
        installedBytes: p.installed.installedBytes,
        tarballBytes: p.installed.tarballBytes,
        browser: await browserSizes(p.installed.project),
      });
    }
    const baselines = Object.fromEntries(
      ["bare", "node"].map((id) => [id, { wallMs: median(samples[id].map((s) => s.wallMs)) }]),
    );
    return { runs, load, baselines, results };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The results as a table: one column per build. */
function table({ runs, load, baselines, results }) {
  const f = (x, digits = 1) => (typeof x === "number" ? x.toFixed(digits) : "—");
  const lines = [
    `${runs} rounds, load average ${load.map((x) => x.toFixed(2)).join(" → ")}; ` +
      `bare ${f(baselines.bare.wallMs)} ms, node -e 0 ${f(baselines.node.wallMs)} ms (wall medians)`,
    ["", ...results.map((r) => r.build)].join(" | "),
  ];
  const row = (name, pick) => lines.push([name, ...results.map(pick)].join(" | "));
  for (const id of ["import", "first", "cli"]) {
    row(`${id}: extra wall ms`, (r) => f(r.rows[id].wallMs));
    row(`${id}: extra CPU ms`, (r) => f(r.rows[id].cpuMs));
  }
  row("import: in-process ms", (r) => f(r.rows.import.importMs));
  row("first: import / summarize×2 / ttest ms", (r) =>
    [r.rows.first.importMs, r.rows.first.summarizeMs, r.rows.first.ttestMs].map((x) => f(x)).join(" / "),
  );
  row("installed bytes", (r) => String(r.installedBytes));
  row("tarball bytes", (r) => String(r.tarballBytes));
  row("browser whole entry, gzip B", (r) => String(r.browser.whole.gzip));
  row("browser summarize+merge, gzip B", (r) => String(r.browser.summarizeMerge.gzip));
  return lines.join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const runs = Number(process.argv.find((a) => a.startsWith("--runs="))?.slice(7) ?? 21);
  const builds = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  const result = await compare({ runs, builds: builds.length ? builds : ["."] });
  console.log(table(result));
  console.log(JSON.stringify(result, null, 1));
}
