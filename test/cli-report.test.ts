/**
 * `batchstats report experiment.json`: the library's readout, from summary files named in the
 * experiment file, as a table, JSON, Markdown or CSV; malformed experiments are typed errors.
 * The expected values come from the library on the same summaries (the command line must agree).
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readout } from "../src/readout/readout.js";
import { fromMoments } from "../src/summary/from-moments.js";
import { runCli } from "./support/node-build.js";

let dir = "";
const at = (name: string) => join(dir, name);

const revenue = {
  control: fromMoments({ count: 5000, mean: 10, std: 4 }),
  new: fromMoments({ count: 5100, mean: 10.4, std: 4.2 }),
};
const converted = { control: { successes: 500, trials: 5000 }, new: { successes: 580, trials: 5100 } };

function experimentJson() {
  return {
    arms: [{ name: "control", control: true }, { name: "new" }],
    metrics: [
      { name: "revenue", kind: "mean", summaries: { control: "control/revenue.json", new: "new/revenue.json" } },
      { name: "converted", kind: "rate", summaries: { control: converted.control, new: "new/converted.json" } },
    ],
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "batchstats-cli-report-"));
  await mkdir(at("control"));
  await mkdir(at("new"));
  await writeFile(at("control/revenue.json"), `${JSON.stringify(revenue.control)}\n`);
  await writeFile(at("new/revenue.json"), `${JSON.stringify(revenue.new)}\n`);
  await writeFile(at("new/converted.json"), JSON.stringify(converted.new));
  await writeFile(at("experiment.json"), JSON.stringify(experimentJson()));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const library = () =>
  readout({
    arms: [{ name: "control", control: true }, { name: "new" }],
    metrics: [
      { name: "revenue", kind: "mean", summaries: revenue },
      { name: "converted", kind: "rate", summaries: converted },
    ],
  });

describe("batchstats report", () => {
  it("--json prints the library's readout", async () => {
    const run = await runCli(["report", at("experiment.json"), "--json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(JSON.stringify(library())));
  });

  it("prints a table with the lift, its interval and the adjusted p-value", async () => {
    const run = await runCli(["report", at("experiment.json")]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines[0]!).toMatch(/^metric\s+variant\s+n \(variant\/control\)/);
    expect(lines[0]!).toContain("p (holm)");
    const want = library().rows[0]!;
    expect(lines[2]!).toContain(`+${Number(((want.lift?.estimate as number) * 100).toPrecision(3))}%`);
    expect(run.stdout).toMatch(/sample ratio: ok/);
  });

  it("--csv has every number at full precision, --markdown a table", async () => {
    const csv = await runCli(["report", at("experiment.json"), "--csv", "--correction", "none"]);
    expect(csv.code).toBe(0);
    const [header = "", first = ""] = csv.stdout.trim().split("\n");
    const cells = first.split(",");
    const col = (name: string) => cells[header.split(",").indexOf(name)];
    const want = library().rows[0]!;
    expect(Number(col("lift"))).toBe(want.lift?.estimate);
    expect(Number(col("p_value"))).toBe(want.effect?.pValue);
    expect(Number(col("p_value_adjusted"))).toBe(want.effect?.pValue);
    const md = await runCli(["report", at("experiment.json"), "--markdown"]);
    expect(md.stdout.split("\n")[1]!).toMatch(/^\|(---\|)+$/);
  });

  it("refuses a malformed experiment, a missing file and two output formats, typed", async () => {
    const bad = experimentJson();
    (bad.metrics[0]!.summaries as Record<string, string>).other = "x.json";
    await writeFile(at("bad.json"), JSON.stringify(bad));
    const run = await runCli(["report", at("bad.json")]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/experiment\.metrics\[0\]\.summaries\.other.*\(E_BAD_ARGUMENT\)\n$/);
    const gone = experimentJson();
    gone.metrics[0]!.summaries.new = "new/nothing.json";
    await writeFile(at("gone.json"), JSON.stringify(gone));
    const missing = await runCli(["report", at("gone.json")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nothing\.json: cannot read: no such file \(ENOENT\) \(E_IO\)|nothing\.json.*E_IO/);
    await writeFile(at("broken.json"), "{ not json");
    expect((await runCli(["report", at("broken.json")])).stderr).toMatch(/E_PARSE/);
    const both = await runCli(["report", at("experiment.json"), "--json", "--csv"]);
    expect(both.code).toBe(1);
  });
});

describe("user text in --markdown and strict option numbers", () => {
  it("an arm name is escaped in the table and in the sample-ratio line: no heading, no HTML, no emphasis", async () => {
    const name = "new\n# injected <script>alert(1)</script> *bold* [x](javascript:1) a|b";
    const e = {
      arms: [{ name: "control", control: true }, { name }],
      metrics: [
        { name: "revenue", kind: "mean", summaries: { control: "control/revenue.json", [name]: "new/revenue.json" } },
      ],
    };
    await writeFile(at("hostile.json"), JSON.stringify(e));
    const md = await runCli(["report", at("hostile.json"), "--markdown"]);
    expect(md.code).toBe(0);
    expect(md.stdout).not.toMatch(/^#/m);
    expect(md.stdout).not.toContain("<script>");
    expect(md.stdout).not.toMatch(/(^|[^\\])\*bold/);
    expect(md.stdout).not.toMatch(/[^\\]\]\(javascript/);
    const srm = md.stdout.split("\n").find((l) => l.startsWith("sample ratio:"))!;
    expect(srm).toContain("new # injected &lt;script>alert(1)&lt;/script> \\*bold\\* [x\\](javascript:1) a\\|b 5100");
  });

  it("ttest: --theta, --relative, --normal without --cuped are usage errors; --mu takes the text reader's numbers only", async () => {
    const a = at("new/revenue.json");
    const b = at("control/revenue.json");
    for (const extra of [["--theta", "2"], ["--relative"], ["--normal"]]) {
      const run = await runCli(["ttest", a, b, ...extra]);
      expect(run.code, extra.join(" ")).toBe(1);
      expect(run.stderr).toMatch(/only with --cuped/);
    }
    for (const mu of ["0x10", "0b1", "1_000", "Infinity", ""]) {
      const run = await runCli(["ttest", a, b, "--mu", mu]);
      expect(run.code, mu).toBe(1);
    }
    for (const mu of ["1e-3", "-2.5", "+0.5", ".5"]) {
      const run = await runCli(["ttest", a, b, "--mu", mu, "--json"]);
      expect(run.code, mu).toBe(0);
    }
  });
});
