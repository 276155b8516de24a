/**
 * Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by playwright-core
 * (no browser download). One browser per test file; Playwright gives it a fresh empty profile.
 *
 * Without Chromium the browser tests are skipped with a message, except under CI (`CI` set),
 * where a missing browser is a failure: .ci/run installs it.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page, type Request, type Response } from "playwright-core";

/** The browser binary (override with CHROMIUM_PATH). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const missing = !existsSync(CHROMIUM);

/** True when the browser tests must be skipped: no Chromium, and not on CI. */
export const skipBrowserTests = missing && !process.env.CI;

if (skipBrowserTests) {
  console.warn(
    `[browser tests] SKIPPED: no Chromium at ${CHROMIUM}. Install it (apt-get install -y chromium) or set ` +
      "CHROMIUM_PATH; under CI a missing Chromium fails these tests instead.",
  );
}

/** Flags this machine needs: no sandbox as root, and no background traffic to Google's hosts. */
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Launches headless Chromium; fails with the remedy when it is missing (only reached on CI). */
export async function launchChromium(): Promise<Browser> {
  if (missing) {
    throw new Error(
      `Chromium is required on CI (CI=${process.env.CI}) but ${CHROMIUM} does not exist: ` +
        "add `apt-get install -y chromium` to .ci/run",
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/** The folder for artifacts (screenshots, figures): test-results/browser/, gitignored. */
export function artifactsDir(): string {
  const dir = join(import.meta.dirname, "../../../test-results/browser");
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A page that has loaded, with what it logged as errors and every request it made. */
export interface OpenedPage {
  page: Page;
  errors: string[];
  requests: Request[];
}

/**
 * Opens `url` in a new page and waits until the page's script sets `data-ready` on <html>;
 * fails at once, with the page's error, if a script throws first.
 */
export async function openPage(
  browser: Browser,
  url: string,
  viewport = { width: 1280, height: 900 },
): Promise<OpenedPage & { response: Response | null }> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  const requests: Request[] = [];
  let fail: (message: string) => void = () => {};
  const failed = new Promise<string>((resolve) => {
    fail = resolve;
  });
  page.on("request", (request) => requests.push(request));
  page.on("pageerror", (error) => {
    errors.push(error.message);
    fail(`a script failed: ${error.message}`);
  });
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    errors.push(message.text());
    // A module that cannot link (e.g. a missing export) is only reported on the console.
    if (/SyntaxError|TypeError|ReferenceError|Uncaught/.test(message.text())) fail(message.text());
  });
  const response = await page.goto(url);
  const ready = page.waitForSelector("html[data-ready]", { state: "attached", timeout: 30_000 }).then(
    () => "",
    () => `no data-ready after 30 s (errors: ${errors.join("; ") || "none"})`,
  );
  const problem = await Promise.race([ready, failed]);
  if (problem) {
    await page.close();
    throw new Error(`${url} did not load: ${problem}`);
  }
  return { page, errors, requests, response };
}
