/**
 * The A/B calculator (web/, `npm run demo`) driven as a person would in headless Chromium:
 * choose or drop CSV files for each arm, pick a column (there is no default), toggle the test,
 * the alternative and the confidence level, paste summary JSON, read the result — compared with
 * the built package in Node to 1e-14 — and keep screenshots in test-results/browser/ (not
 * committed). Files are read by the library's own decoder, so they are read as the command line
 * reads them: errors name the file, line and column.
 */
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type RunningServer, startServer } from "../../web/serve.mjs";
import { normals } from "../support/prng.js";
import { artifactsDir, launchChromium, openPage, skipBrowserTests } from "./support/chromium.js";
import {
  type Batchstats,
  close,
  loadBuiltPackage,
  type TTest,
  type TTestOptions,
  type TTestResult,
  ttestOf,
} from "./support/reference.js";

// Launching Chromium and building with Vite take seconds, more on a loaded machine.
vi.setConfig({ hookTimeout: 120_000, testTimeout: 120_000 });

interface Row {
  userId: number;
  revenue: number | null; // null: an empty cell
  sessions: number;
}

function rows(seed: number, n: number, mean: number, firstId: number): Row[] {
  const revenue = normals(seed, n, mean, 15);
  const sessions = normals(seed + 1000, n, 3, 1.2);
  return Array.from({ length: n }, (_, i) => ({
    userId: firstId + i,
    revenue: revenue[i]!,
    sessions: Math.max(1, Math.round(sessions[i]!)),
  }));
}

/** A CSV file for Playwright's setInputFiles. */
function csv(name: string, lines: string[], eol = "\n") {
  return { name, mimeType: "text/csv", buffer: Buffer.from(lines.join(eol) + eol) };
}

// Arm A: two comma-separated files, one with CRLF line ends and a quoted header.
const a1 = rows(31, 3000, 40, 1);
const a2 = rows(32, 2500, 40, 5001);
// Arm B: one comma-separated file and one split by ";" (CR line ends, as old spreadsheets write).
const b1 = rows(33, 2000, 41.5, 9001);
const b2 = rows(34, 2200, 41.5, 12001);

const FILES_A = [
  csv("control-1.csv", ["user_id,revenue,sessions", ...a1.map((r) => `${r.userId},${r.revenue},${r.sessions}`)]),
  csv(
    "control-2.csv",
    ['"user_id","revenue","sessions"', ...a2.map((r) => `${r.userId},${r.revenue ?? ""},"${r.sessions}"`)],
    "\r\n",
  ),
];
const FILES_B = [
  csv("treatment-1.csv", ["user_id,revenue,sessions", ...b1.map((r) => `${r.userId},${r.revenue},${r.sessions}`)]),
  csv(
    "treatment-2.csv",
    ["user_id;revenue;sessions", ...b2.map((r) => `${r.userId};${r.revenue};${r.sessions}`)],
    "\r",
  ),
];

function column(data: Row[][], key: "revenue" | "sessions"): Float64Array {
  const values = data.flat().flatMap((r) => (r[key] === null ? [] : [r[key]]));
  return Float64Array.from(values);
}

/** What the page shows, read from the full-precision values it keeps on its numbers. */
interface Shown {
  estimate: number;
  low: number;
  high: number;
  pValue: number;
  statistic: number;
  df: number;
  method: string;
  texts: string[];
}

async function readResult(page: Page): Promise<Shown> {
  await page.waitForFunction(() => document.querySelectorAll(".file.reading").length === 0);
  await page.waitForSelector('#result[data-state="done"]');
  const value = async (selector: string, attribute = "data-value") =>
    Number(await page.locator(selector).getAttribute(attribute));
  return {
    estimate: await value("#estimate .num"),
    low: await value("#interval", "data-low"),
    high: await value("#interval", "data-high"),
    pValue: await value("#p-value"),
    statistic: await value("#statistic .num"),
    df: await value("#df .num"),
    method: (await page.locator("#method").textContent()) ?? "",
    texts: await page.locator("#result .headline, #result .details").allInnerTexts(),
  };
}

function expectMatches(shown: Shown, expected: TTestResult): void {
  const pairs: [string, number, number][] = [
    ["estimate", shown.estimate, expected.estimate],
    ["low", shown.low, expected.confidenceInterval[0]],
    ["high", shown.high, expected.confidenceInterval[1]],
    ["pValue", shown.pValue, expected.pValue],
    ["statistic", shown.statistic, expected.statistic],
    ["df", shown.df, expected.df],
  ];
  expect(pairs.filter(([, a, b]) => !close(a, b)).map(([k, a, b]) => `${k}: ${a} ≠ ${b}`)).toEqual([]);
  // Readable: no number on the page runs to 8 or more digits.
  for (const text of shown.texts) expect(text).not.toMatch(/\d{8,}/);
}

describe.skipIf(skipBrowserTests)("the A/B calculator page", () => {
  let browser: Browser;
  let server: RunningServer;
  let api: Batchstats;
  let ttest: TTest;
  const shots = artifactsDir();

  beforeAll(async () => {
    [browser, server, api] = await Promise.all([launchChromium(), startServer(), loadBuiltPackage()]);
    const found = ttestOf(api);
    if (!found) throw new Error("the built package does not export ttest, which the calculator needs");
    ttest = found;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(width = 1280, height = 900) {
    const opened = await openPage(browser, server.url, { width, height });
    expect(opened.response?.headers()["content-security-policy"]).toContain("connect-src 'none'");
    return opened;
  }

  function expected(a: Float64Array, b: Float64Array, options: TTestOptions = {}): TTestResult {
    return ttest(api.summarize(b), api.summarize(a), options);
  }

  it("compares CSV files chosen for each arm, several per arm, and says nothing leaves the page", async () => {
    const { page, requests, errors } = await open();
    await expect(page.locator("#privacy").textContent()).resolves.toMatch(/nothing is\s+uploaded/);
    const loaded = requests.length;

    await page.locator("#arm-a input[type=file]").setInputFiles(FILES_A);
    await page.locator("#arm-b input[type=file]").setInputFiles(FILES_B);
    // No column is read until one is chosen: the picker asks, the files wait, the result says so.
    await expect.poll(() => page.locator(".file.choose").count()).toBe(4);
    await expect(page.locator("#arm-a [data-column]").inputValue()).resolves.toBe("-1");
    await expect(page.locator("#result .placeholder").textContent()).resolves.toMatch(/Choose the column/);
    await page.locator("#arm-a [data-column]").selectOption({ label: "revenue" });
    await page.locator("#arm-b [data-column]").selectOption({ label: "revenue" });
    const revenueA = column([a1, a2], "revenue");
    const revenueB = column([b1, b2], "revenue");
    const shown = await readResult(page);
    expectMatches(shown, expected(revenueA, revenueB));
    expect(shown.method).toMatch(/Welch/);

    await expect(page.locator("#arm-a .file").first().textContent()).resolves.toMatch(/3,000 values/);
    await expect(page.locator("#arm-a .file").nth(1).textContent()).resolves.toMatch(/2,500 values/);
    await expect(page.locator("#arm-a [data-summary]").textContent()).resolves.toMatch(/5,500/);
    await expect(page.locator("#arm-b [data-summary]").textContent()).resolves.toMatch(/4,200/);
    expect(await page.locator("#verdict").textContent()).toMatch(/significant at α = 0.05/);

    await page.screenshot({ path: join(shots, "demo-desktop.png"), fullPage: true });

    // Another column: the same files, re-read.
    await page.locator("#arm-a [data-column]").selectOption({ label: "sessions" });
    await page.locator("#arm-b [data-column]").selectOption({ label: "sessions" });
    expectMatches(await readResult(page), expected(column([a1, a2], "sessions"), column([b1, b2], "sessions")));

    // Nothing was requested after the page loaded, and nothing but GETs of the page's own files ever.
    expect(requests.slice(loaded).map((r) => r.url())).toEqual([]);
    for (const request of requests) {
      expect(request.method()).toBe("GET");
      expect(request.url().startsWith(server.url)).toBe(true);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it("switches Welch/Student, the alternative and the confidence level", async () => {
    const { page } = await open();
    await page.locator("#arm-a input[type=file]").setInputFiles(FILES_A);
    await page.locator("#arm-b input[type=file]").setInputFiles(FILES_B);
    await page.locator("#arm-a [data-column]").selectOption({ label: "revenue" });
    await page.locator("#arm-b [data-column]").selectOption({ label: "revenue" });
    const a = column([a1, a2], "revenue");
    const b = column([b1, b2], "revenue");
    await readResult(page);

    await page.getByLabel("Student").check();
    let shown = await readResult(page);
    expectMatches(shown, expected(a, b, { equalVar: true }));
    expect(shown.method).toMatch(/Student/);
    expect(shown.df).toBe(a.length + b.length - 2);

    await page.locator("#alternative").selectOption("greater");
    shown = await readResult(page);
    expectMatches(shown, expected(a, b, { equalVar: true, alternative: "greater" }));
    expect(shown.high).toBe(Infinity);
    expect(await page.locator("#interval").textContent()).toMatch(/ to ∞$/);

    await page.getByLabel("Welch").check();
    await page.locator("#alternative").selectOption("less");
    await page.locator("#confidence").selectOption("0.99");
    shown = await readResult(page);
    expectMatches(shown, expected(a, b, { alternative: "less", confidenceLevel: 0.99 }));
    expect(shown.low).toBe(-Infinity);
    expect(shown.texts.join(" ")).toMatch(/99 % confidence interval/i);
    await page.close();
  });

  it("shows an error in a file with its line number, leaves that file out, and drops files", async () => {
    const { page } = await open();
    await page.locator("#arm-a input[type=file]").setInputFiles(FILES_A);
    await page.locator("#arm-b input[type=file]").setInputFiles(FILES_B);
    await page.locator("#arm-a [data-column]").selectOption({ label: "revenue" });
    await page.locator("#arm-b [data-column]").selectOption({ label: "revenue" });
    const bad = csv("treatment-3.csv", ["user_id,revenue,sessions", "1,2.5,3", "2,3.5,1", "", "3,n/a,2", "4,1.0,1"]);
    await page.locator("#arm-b input[type=file]").setInputFiles([bad]);
    const error = page.locator('#arm-b .file[data-file="treatment-3.csv"] .status.error');
    await expect(error.textContent()).resolves.toMatch(
      /^treatment-3\.csv, line 5, column 1 \("revenue"\): "n\/a" is not a number/,
    );
    await expect(error.getAttribute("data-line")).resolves.toBe("5");
    const shown = await readResult(page);
    expectMatches(shown, expected(column([a1, a2], "revenue"), column([b1, b2], "revenue")));
    await expect(page.locator("#result .warning").textContent()).resolves.toMatch(/1 file of arm B has errors/);
    await page.screenshot({ path: join(shots, "demo-error.png"), fullPage: true });

    await page.getByRole("button", { name: "Remove treatment-3.csv" }).click();
    await expect.poll(() => page.locator("#result .warning").count()).toBe(0);

    // Drag and drop: one more file for arm A, dropped on its drop zone.
    const extra = rows(35, 500, 40, 20001);
    const text = ["user_id,revenue,sessions", ...extra.map((r) => `${r.userId},${r.revenue},${r.sessions}`)].join("\n");
    const transfer = await page.evaluateHandle((content) => {
      const data = new DataTransfer();
      data.items.add(new File([content], "control-3.csv", { type: "text/csv" }));
      return data;
    }, text);
    await page.locator("#arm-a [data-drop]").dispatchEvent("drop", { dataTransfer: transfer });
    await expect.poll(() => page.locator("#arm-a .file").count()).toBe(3);
    expectMatches(await readResult(page), expected(column([a1, a2, extra], "revenue"), column([b1, b2], "revenue")));
    await page.close();
  });

  it("reads files as the command line does: headerless, one column, quoted text, empty fields", async () => {
    const { page } = await open();
    // Headerless: the first row is data, and the columns are offered by index.
    const headerless = csv("headerless.csv", ["1,10", "2,20", "3,30", "4,40"]);
    await page.locator("#arm-a input[type=file]").setInputFiles([headerless]);
    await expect.poll(() => page.locator("#arm-a .file.choose").count()).toBe(1);
    const labels = await page.locator("#arm-a [data-column] option").allTextContents();
    expect(labels).toEqual(["Choose a column…", "column 0", "column 1"]);
    await page.locator("#arm-a [data-column]").selectOption({ label: "column 1" });
    // One column: nothing to choose.
    const single = csv("single.csv", ["revenue", "11", "19", "33"]);
    await page.locator("#arm-b input[type=file]").setInputFiles([single]);
    await expect(page.locator("#arm-b [data-column-picker]").isHidden()).resolves.toBe(true);
    expectMatches(
      await readResult(page),
      expected(Float64Array.from([10, 20, 30, 40]), Float64Array.from([11, 19, 33])),
    );
    await expect(page.locator("#arm-a .file").textContent()).resolves.toMatch(/4 values/);
    // Text after a closing quote, and an empty field: errors, with line and column.
    const quoted = csv("quoted.csv", ["revenue", "11", '"12"3', "5"]);
    const empty = csv("empty.csv", ["id,revenue", "1,4", "2,", "3,5"]);
    await page.locator("#arm-b input[type=file]").setInputFiles([quoted]);
    await expect(page.locator('#arm-b .file[data-file="quoted.csv"] .status.error').textContent()).resolves.toMatch(
      /^quoted\.csv, line 3, column 0 \("revenue"\): .*12.*3.* is not a number/,
    );
    const { page: other } = await open();
    await other.locator("#arm-a input[type=file]").setInputFiles([empty]);
    await other.locator("#arm-a [data-column]").selectOption({ label: "revenue" });
    const emptyError = other.locator('#arm-a .file[data-file="empty.csv"] .status.error');
    await expect(emptyError.textContent()).resolves.toMatch(
      /^empty\.csv, line 3, column 1 \("revenue"\): an empty field/,
    );
    await expect(emptyError.getAttribute("data-line")).resolves.toBe("3");
    await other.close();
    await page.close();
  });

  it("takes pasted summary JSON and {count, mean, std}, and fits a narrow screen", async () => {
    const { page } = await open(390, 844);
    const a = api.summarize(column([a1, a2], "revenue"));
    const bMoments = { count: 4200, mean: 41.7, std: 15.2 };
    await page.locator("#arm-a .paste summary").click();
    await page.locator("#arm-a [data-paste]").fill(JSON.stringify(a));
    await page.locator("#arm-b .paste summary").click();
    await page.locator("#arm-b [data-paste]").fill("{ not json");
    await expect(page.locator("#arm-b [data-paste-error]").textContent()).resolves.toMatch(/not JSON/);
    await page.locator("#arm-b [data-paste]").fill(JSON.stringify(bMoments));
    const shown = await readResult(page);
    expectMatches(shown, ttest(api.fromMoments(bMoments), a, {}));

    // Narrow: the arms stack and nothing overflows the viewport horizontally.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const boxA = await page.locator("#arm-a").boundingBox();
    const boxB = await page.locator("#arm-b").boundingBox();
    expect(boxB!.y).toBeGreaterThan(boxA!.y + boxA!.height - 1);
    await page.screenshot({ path: join(shots, "demo-narrow.png"), fullPage: true });
    await page.close();
  });
});
