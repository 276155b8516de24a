/** README.md's SQL per dialect is what summarySQL and pairSummarySQL write (regenerate with `node scripts/sql-readme.mjs`). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
// @ts-expect-error a plain .mjs script without types
import { readmeBlock, withBlock } from "../scripts/sql-readme.mjs";
import { pairSummarySQL, summarySQL } from "../src/sql/index.js";

it("README.md's SQL block is current", () => {
  const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8");
  expect(withBlock(readme, readmeBlock(summarySQL, pairSummarySQL)), "run node scripts/sql-readme.mjs").toBe(readme);
});
