/** `batchstats privatize`: the release on stdout, the budget file charged only when noise was drawn. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PrivacyBudget, PrivateSummary, summarize } from "../src/index.js";
import { runCli } from "./support/node-build.js";

const dir = mkdtempSync(join(tmpdir(), "batchstats-privatize-"));
const at = (name: string) => join(dir, name);
writeFileSync(
  at("s.json"),
  JSON.stringify(
    summarize(
      Array.from({ length: 500 }, (_, i) => i % 50),
      { clip: [0, 40] },
    ),
  ),
);
writeFileSync(at("u.json"), JSON.stringify(summarize([1, 2, 3])));

describe("batchstats privatize", () => {
  it("prints a PrivateSummary and charges the budget file; refuses overspending and leaves the file", async () => {
    writeFileSync(at("b.json"), JSON.stringify(new PrivacyBudget({ rho: 0.25 })));
    const ok = await runCli(["privatize", at("s.json"), "--bounds", "0,40", "--rho", "0.1", "--budget", at("b.json")]);
    expect(ok.code).toBe(0);
    const released = PrivateSummary.fromJSON(ok.stdout);
    expect(released.mechanism).toBe("gaussian");
    expect(released.bounds).toEqual([0, 40]);
    expect(PrivacyBudget.fromJSON(readFileSync(at("b.json"), "utf8")).spent).toEqual({ rho: 0.1 });
    const before = readFileSync(at("b.json"), "utf8");
    const over = await runCli([
      "privatize",
      at("s.json"),
      "--bounds",
      "0,40",
      "--rho",
      "0.2",
      "--budget",
      at("b.json"),
    ]);
    expect(over.code).toBe(2);
    expect(over.stderr).toContain("E_BUDGET_EXCEEDED");
    expect(over.stdout).toBe("");
    expect(readFileSync(at("b.json"), "utf8")).toBe(before);
  });

  it("pure ε and (ε, δ); usage errors exit 1", async () => {
    const pure = await runCli(["privatize", at("s.json"), "--bounds", "0,40", "--epsilon", "1"]);
    expect(pure.code).toBe(0);
    expect(JSON.parse(pure.stdout).mechanism).toBe("laplace");
    const approx = await runCli(["privatize", at("s.json"), "--bounds", "0,40", "--epsilon", "1", "--delta", "1e-6"]);
    expect(JSON.parse(approx.stdout).mechanism).toBe("gaussian");
    for (const args of [
      [at("u.json"), "--bounds", "0,40", "--rho", "1"], // not clipped
      [at("s.json"), "--bounds", "0,40"], // no loss
      [at("s.json"), "--bounds", "40,0", "--rho", "1"],
      [at("s.json"), "--bounds", "0,40", "--rho", "1", "--epsilon", "1"],
    ]) {
      expect((await runCli(["privatize", ...args])).code).toBe(1);
    }
  });
});
