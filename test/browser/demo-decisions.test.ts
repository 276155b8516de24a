/**
 * The calculator's decision panels in headless Chromium, each held to the built package in Node
 * to 1e-14: the relative lift with its interval (delta method, Fieller's set — bounded, two rays or
 * the whole line — and the one-sided half-line), the Bayesian view and its toggle, and the
 * experiment readout of several metrics and arms (CSV columns or pasted summary JSON) with the
 * sample-ratio check. A panel whose library function the build does not export yet says so on the
 * page; its test runs as soon as the function is there.
 */
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type RunningServer, startServer } from "../../web/serve.mjs";
import { normals, uniform } from "../support/prng.js";
import { artifactsDir, launchChromium, openPage, skipBrowserTests } from "./support/chromium.js";
import { close, loadBuiltPackage } from "./support/reference.js";

vi.setConfig({ hookTimeout: 120_000, testTimeout: 120_000 });

// biome-ignore lint/suspicious/noExplicitAny: the panels' functions are typed by the library, not here
type Fn = (...args: any[]) => any;
/** The library's functions the panels call (some may not exist in this build: see `has`). */
interface Api {
  Summary: { fromJSON(json: unknown): unknown };
  summarize: Fn;
  fromMoments: Fn;
  ttest: Fn;
  lift: Fn;
  bayesTest: Fn;
  readout: Fn;
  privatize: Fn;
}
const api = (await loadBuiltPackage()) as unknown as Api;
const has = (name: keyof Api) => typeof api[name] === "function";

/** Whether this build's `ttest` or `lift` takes private summaries (privatize's output). */
function takesPrivate(name: "ttest" | "lift"): boolean {
  if (!has("privatize")) return false;
  const s = api.summarize(normals(90, 1000, 50, 10), { clip: [0, 100] });
  const p = api.privatize(s, { bounds: [0, 100], privacy: { epsilon: 1 } });
  try {
    api[name](p, p, {});
    return true;
  } catch (error) {
    return !/not a Summary|PrivateSummary/.test((error as Error).message);
  }
}

/** Every pair [what, shown, expected] that differs by more than 1e-14 relative. */
function mismatches(pairs: [string, number, number][]): string[] {
  return pairs.filter(([, a, b]) => !close(a, b)).map(([k, a, b]) => `${k}: ${a} ≠ ${b}`);
}

const A = { count: 2400, mean: 41.2, std: 15.3 };
const B = { count: 2300, mean: 42.9, std: 15.9 };

/** Pastes {count, mean, std} into both arms of the two-arm calculator. */
async function pasteArms(page: Page, a: object, b: object): Promise<void> {
  for (const [arm, value] of [
    ["a", a],
    ["b", b],
  ] as const) {
    const box = page.locator(`#arm-${arm} .paste`);
    if ((await box.getAttribute("open")) === null) await box.locator("summary").click();
    await page.locator(`#arm-${arm} [data-paste]`).fill(JSON.stringify(value));
  }
  await page.waitForSelector('#result[data-state="done"]');
}

/**
 * Waits until `predicate` holds in the page. (Not page.waitForFunction: its polling compiles the
 * predicate in the page, which the calculator's CSP forbids.)
 */
async function until(page: Page, predicate: () => boolean): Promise<void> {
  await expect.poll(() => page.evaluate(predicate), { timeout: 30_000 }).toBe(true);
}

async function attr(page: Page, selector: string, name: string): Promise<number> {
  return Number(await page.locator(selector).getAttribute(name));
}

/** The lift the page shows: estimate, bounds and the interval's kind. */
async function shownLift(page: Page) {
  await page.waitForSelector('#lift-block[data-state="done"]');
  return {
    estimate: await attr(page, "#lift .num", "data-value"),
    low: await attr(page, "#lift-interval", "data-low"),
    high: await attr(page, "#lift-interval", "data-high"),
    kind: (await page.locator("#lift-interval").getAttribute("data-kind")) ?? "",
    text: (await page.locator("#lift-interval").textContent()) ?? "",
  };
}

function csv(name: string, lines: string[]) {
  return { name, mimeType: "text/csv", buffer: Buffer.from(`${lines.join("\n")}\n`) };
}

/** An arm's rows: revenue (normal) and converted (0/1 with the given rate). */
function armRows(seed: number, n: number, mean: number, rate: number) {
  const revenue = normals(seed, n, mean, 12);
  const converted = Array.from({ length: n }, (_, i) => (uniform(seed + 500, i) < rate ? 1 : 0));
  return { revenue, converted };
}

describe.skipIf(skipBrowserTests)("the calculator's lift, Bayesian and readout panels", () => {
  let browser: Browser;
  let server: RunningServer;
  const shots = artifactsDir();

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), startServer()]);
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

  it.runIf(!has("lift"))("says so when the build has no lift()", async () => {
    const { page } = await open();
    await pasteArms(page, A, B);
    await expect(page.locator("#lift-block").getAttribute("data-state")).resolves.toBe("missing");
    await page.close();
  });

  it.runIf(has("lift"))("shows the relative lift with the library's interval: delta, Fieller, one-sided", async () => {
    const { page, errors } = await open();
    await pasteArms(page, A, B);
    const a = api.fromMoments(A);
    const b = api.fromMoments(B);

    const delta = api.lift(b, a, { method: "delta", confidenceLevel: 0.95, alternative: "two-sided" });
    let shown = await shownLift(page);
    expect(
      mismatches([
        ["estimate", shown.estimate, delta.estimate],
        ["low", shown.low, delta.confidenceInterval[0]],
        ["high", shown.high, delta.confidenceInterval[1]],
      ]),
    ).toEqual([]);
    expect(shown.kind).toBe("bounded");
    expect(shown.text).toMatch(/^\+[\d.]+ % to \+[\d.]+ %$/);
    await expect(page.locator("#lift-block").textContent()).resolves.toMatch(/delta method/);
    await expect(page.locator("#lift-chart").getAttribute("aria-label")).resolves.toMatch(/^Relative lift of B over A/);

    await page.getByRole("radio", { name: "Fieller" }).check();
    await until(page, () => /Fieller/.test(document.querySelector("#lift-block")?.textContent ?? ""));
    const fieller = api.lift(b, a, { method: "fieller", confidenceLevel: 0.95, alternative: "two-sided" });
    shown = await shownLift(page);
    expect(
      mismatches([
        ["estimate", shown.estimate, fieller.estimate],
        ["low", shown.low, fieller.confidenceInterval[0]],
        ["high", shown.high, fieller.confidenceInterval[1]],
      ]),
    ).toEqual([]);
    expect(shown.kind).toBe(fieller.intervalKind);
    // Fieller's interval is not the delta method's (it is asymmetric about the estimate).
    expect(shown.low).not.toBe(delta.confidenceInterval[0]);

    // One-sided, 99 %: a half-line.
    await page.locator("#alternative").selectOption("greater");
    await page.locator("#confidence").selectOption("0.99");
    await until(page, () => document.querySelector("#lift-interval")?.getAttribute("data-high") === "Infinity");
    const greater = api.lift(b, a, { method: "fieller", confidenceLevel: 0.99, alternative: "greater" });
    shown = await shownLift(page);
    expect(mismatches([["low", shown.low, greater.confidenceInterval[0]]])).toEqual([]);
    expect(shown.high).toBe(Infinity);
    expect(shown.text).toMatch(/ to ∞$/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it.runIf(has("lift"))(
    "says when Fieller's set is unbounded or two rays (control mean not clearly non-zero)",
    async () => {
      const { page } = await open();
      // The control's mean is 0.45 standard errors from 0: at 95 % the set cannot be an interval.
      // With a clearly non-zero treatment mean it is two rays; with one near 0, the whole line.
      const a0 = { count: 20, mean: 0.5, std: 5 };
      const seen = new Set<string>();
      for (const b0 of [
        { count: 20, mean: 3, std: 5 },
        { count: 20, mean: 10, std: 5 },
      ]) {
        await pasteArms(page, a0, b0);
        await page.getByRole("radio", { name: "Fieller" }).check();
        const expected = api.lift(api.fromMoments(b0), api.fromMoments(a0), { method: "fieller" });
        expect(["exclusive", "unbounded"]).toContain(expected.intervalKind);
        seen.add(expected.intervalKind);
        await expect.poll(() => page.locator("#lift-interval").getAttribute("data-kind")).toBe(expected.intervalKind);
        const shown = await shownLift(page);
        const note = (await page.locator("#lift-note").textContent()) ?? "";
        if (expected.intervalKind === "unbounded") {
          expect(shown.text).toMatch(/^unbounded/);
          expect(note).toMatch(/whole line/);
        } else {
          expect(
            mismatches([
              ["low", shown.low, expected.confidenceInterval[0]],
              ["high", shown.high, expected.confidenceInterval[1]],
            ]),
          ).toEqual([]);
          expect(shown.text).toMatch(/^two rays: below .+ or above .+/);
          expect(note).toMatch(/two rays/);
          await expect(page.locator("#lift-chart .arrow").count()).resolves.toBe(2);
        }
      }
      expect([...seen].sort()).toEqual(["exclusive", "unbounded"]);
      await page.screenshot({ path: join(shots, "demo-fieller.png"), fullPage: false });
      // The delta method always gives a bounded interval: no such note.
      await page.getByRole("radio", { name: "Delta" }).check();
      await expect.poll(() => page.locator("#lift-note").count()).toBe(0);
      await page.close();
    },
  );

  it.runIf(!has("bayesTest"))("says so when the build has no bayesTest()", async () => {
    const { page } = await open();
    await pasteArms(page, A, B);
    await page.getByRole("radio", { name: "Bayesian" }).check();
    await expect(page.locator("#bayes").getAttribute("data-state")).resolves.toBe("missing");
    await page.close();
  });

  it.runIf(has("bayesTest"))(
    "toggles the Bayesian view: chance to beat control, expected losses, credible interval",
    async () => {
      const { page } = await open();
      await pasteArms(page, A, B);
      const a = api.fromMoments(A);
      const b = api.fromMoments(B);
      const readBayes = async () => {
        await page.waitForSelector('#bayes[data-state="done"]');
        return {
          chance: await attr(page, "#chance", "data-value"),
          riskB: await attr(page, "#risk-b .num", "data-value"),
          riskA: await attr(page, "#risk-a .num", "data-value"),
          low: await attr(page, "#credible", "data-low"),
          high: await attr(page, "#credible", "data-high"),
        };
      };
      const compare = (shown: Awaited<ReturnType<typeof readBayes>>, r: ReturnType<Fn>) =>
        mismatches([
          ["chanceToWin", shown.chance, r.chanceToWin],
          ["risk.treatment", shown.riskB, r.risk.treatment],
          ["risk.control", shown.riskA, r.risk.control],
          ["credible low", shown.low, r.credibleInterval[0]],
          ["credible high", shown.high, r.credibleInterval[1]],
        ]);

      // "Both" is the default: the frequentist result and the Bayesian panel.
      await expect(page.locator("#frequentist").count()).resolves.toBe(1);
      expect(compare(await readBayes(), api.bayesTest(b, a, { credibleLevel: 0.95 }))).toEqual([]);

      await page.getByRole("radio", { name: "Bayesian" }).check();
      await expect.poll(() => page.locator("#frequentist").count()).toBe(0);
      expect(compare(await readBayes(), api.bayesTest(b, a, { credibleLevel: 0.95 }))).toEqual([]);
      await expect(page.locator("#result").getAttribute("data-view")).resolves.toBe("bayesian");
      const text = (await page.locator("#bayes").textContent()) ?? "";
      expect(text).toMatch(/Chance that B beats A/);
      expect(text).toMatch(/Expected loss if you ship B/);
      expect(text).not.toMatch(/\d{8,}/);

      // The credible level follows the confidence level.
      await page.locator("#confidence").selectOption("0.9");
      await until(page, () => /^90 %/.test(document.querySelectorAll("#bayes dt")[3]?.textContent ?? ""));
      expect(compare(await readBayes(), api.bayesTest(b, a, { credibleLevel: 0.9 }))).toEqual([]);
      await page.screenshot({ path: join(shots, "demo-bayes.png"), fullPage: false });

      await page.getByRole("radio", { name: "Frequentist" }).check();
      await expect.poll(() => page.locator("#bayes").count()).toBe(0);
      await expect(page.locator("#frequentist").count()).resolves.toBe(1);
      await page.close();
    },
  );

  it.runIf(!has("privatize"))("leaves the privacy panel out when the build has no privatize()", async () => {
    const { page } = await open();
    await pasteArms(page, A, B);
    await expect(page.locator("#dp").isHidden()).resolves.toBe(true);
    await page.close();
  });

  it.runIf(has("privatize"))(
    "shows the comparison with and without differential-privacy noise at a chosen ε",
    async () => {
      const { page, requests, errors } = await open();
      const loaded = requests.length;
      // Unclipped summaries cannot be released: the panel says why.
      await pasteArms(page, A, B);
      await expect(page.locator("#dp").isHidden()).resolves.toBe(false);
      await expect(page.locator("#dp-result").getAttribute("data-state")).resolves.toBe("off");
      await page.locator("#dp-on").check();
      await expect.poll(() => page.locator("#dp-result").getAttribute("data-state")).toBe("unclipped");
      await expect(page.locator("#dp-result").textContent()).resolves.toMatch(/clip/);
      // Summaries made with clip: [0, 120] (as summary JSON); the bounds default to the clip bounds.
      const clippedA = api.summarize(normals(81, 2400, 41, 15), { clip: [0, 120] });
      const clippedB = api.summarize(normals(82, 2300, 43, 15), { clip: [0, 120] });
      await pasteArms(page, clippedA.toJSON(), clippedB.toJSON());
      await page.waitForSelector('#dp-result[data-state="done"]');
      await expect(page.locator("#dp-low").inputValue()).resolves.toBe("0");
      await expect(page.locator("#dp-high").inputValue()).resolves.toBe("120");
      await page.locator("#dp-epsilon").selectOption("0.5");
      await until(page, () => /ε = 0\.5/.test(document.querySelector("#dp-table")?.textContent ?? ""));
      const read = (row: string) =>
        page.evaluate((which) => {
          const tr = document.querySelector(`#dp-table tr[data-row="${which}"]`);
          const get = (field: string, name: string) =>
            Number(tr?.querySelector(`[data-field="${field}"]`)?.getAttribute(name) ?? Number.NaN);
          return {
            estimate: Number(
              tr?.querySelector('[data-field="estimate"] .num')?.getAttribute("data-value") ?? Number.NaN,
            ),
            low: get("interval", "data-low"),
            high: get("interval", "data-high"),
            p: get("p", "data-value"),
            meanA: Number(tr?.querySelector('[data-field="mean-a"] .num')?.getAttribute("data-value") ?? Number.NaN),
            meanB: Number(tr?.querySelector('[data-field="mean-b"] .num')?.getAttribute("data-value") ?? Number.NaN),
            lift: get("lift", "data-value"),
          };
        }, row);
      const exact = await read("exact");
      const t = api.ttest(clippedB, clippedA, {});
      expect(
        mismatches([
          ["estimate", exact.estimate, t.estimate],
          ["low", exact.low, t.confidenceInterval[0]],
          ["high", exact.high, t.confidenceInterval[1]],
          ["p", exact.p, t.pValue],
        ]),
      ).toEqual([]);
      const noisy = await read("private");
      expect(Number.isFinite(noisy.meanA) && Number.isFinite(noisy.meanB)).toBe(true);
      expect(noisy.meanA).not.toBe(exact.meanA);
      // What this build's inference takes, the page shows; what it refuses, the page says.
      if (takesPrivate("ttest")) {
        for (const value of [noisy.estimate, noisy.low, noisy.high, noisy.p]) expect(Number.isFinite(value)).toBe(true);
        // The private interval accounts for the noise: wider than the exact one.
        expect(noisy.high - noisy.low).toBeGreaterThan(exact.high - exact.low);
      } else {
        await expect(page.locator("#dp-inference-error").textContent()).resolves.toMatch(/t-test failed/);
      }
      if (takesPrivate("lift")) expect(Number.isFinite(noisy.lift)).toBe(true);
      else await expect(page.locator("#dp-inference-error").textContent()).resolves.toMatch(/lift failed/);
      await expect(page.locator('#dp-table tr[data-row="private"] th').textContent()).resolves.toMatch(/ε = 0\.5/);
      // The noise is drawn once per setting: re-rendering shows the same release…
      await page.getByRole("radio", { name: "Bayesian" }).check();
      await page.getByRole("radio", { name: "Both" }).check();
      expect(await read("private")).toEqual(noisy);
      // …and "Draw new noise" makes another.
      await page.locator("#dp-redraw").click();
      await expect.poll(async () => (await read("private")).meanA !== noisy.meanA).toBe(true);
      await page.screenshot({ path: join(shots, "demo-privacy.png"), fullPage: true });
      expect(requests.slice(loaded).map((r) => r.url())).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    },
  );

  it.runIf(!has("readout"))("says so when the build has no readout()", async () => {
    const { page } = await open();
    await expect(page.locator("#readout").getAttribute("data-state")).resolves.toBe("missing");
    await page.close();
  });

  describe.runIf(has("readout"))("the experiment readout", () => {
    // A control and two variants; variant "slow" lost 15 % of its users: a sample-ratio mismatch.
    const control = armRows(71, 3000, 40, 0.1);
    const fast = armRows(72, 3000, 41.2, 0.115);
    const slow = armRows(73, 2550, 39.8, 0.104);
    const arms = { control, fast, slow };
    const files = Object.fromEntries(
      Object.entries(arms).map(([name, r]) => [
        name,
        csv(`${name}.csv`, [
          "user_id,revenue,converted",
          ...Array.from(r.revenue, (v, i) => `${i + 1},${v},${r.converted[i]}`),
        ]),
      ]),
    );

    /** The readout options the page starts with. */
    const DEFAULTS = { confidenceLevel: 0.95, correction: "holm", bayesian: false };

    /** The experiment as the page must build it from those files. */
    function expectedExperiment(weights?: Record<string, number>) {
      const names = Object.keys(arms) as (keyof typeof arms)[];
      const experiment: Record<string, unknown> = {
        arms: names.map((name, i) => (i === 0 ? { name, control: true } : { name })),
        metrics: [
          {
            name: "revenue",
            kind: "mean",
            summaries: Object.fromEntries(names.map((n) => [n, api.summarize(arms[n].revenue)])),
          },
          {
            name: "converted",
            kind: "rate",
            summaries: Object.fromEntries(
              names.map((n) => [
                n,
                { successes: arms[n].converted.filter((x) => x === 1).length, trials: arms[n].converted.length },
              ]),
            ),
          },
        ],
        units: Object.fromEntries(names.map((n) => [n, arms[n].revenue.length])),
      };
      if (weights) experiment.weights = weights;
      return experiment;
    }

    /** Every row of the table against readout(): lift and its interval, raw and adjusted p. */
    async function expectTable(page: Page, expected: ReturnType<Fn>) {
      await page.waitForSelector('#readout[data-state="done"]');
      const shown = await page.evaluate(() =>
        Array.from(document.querySelectorAll("#readout-table tbody tr")).map((tr) => {
          const cell = (selector: string, name = "data-value") => tr.querySelector(selector)?.getAttribute(name) ?? "";
          return {
            metric: tr.getAttribute("data-metric"),
            variant: tr.getAttribute("data-variant"),
            lift: cell(".lift-cell"),
            low: cell(".lift-cell", "data-low"),
            high: cell(".lift-cell", "data-high"),
            p: cell(".p"),
            adjusted: cell(".p-adjusted"),
            chance: cell(".chance"),
            warnings: Array.from(tr.querySelectorAll(".row-warnings .tag")).map((t) => t.getAttribute("data-code")),
          };
        }),
      );
      expect(shown.map((r) => `${r.metric}/${r.variant}`)).toEqual(
        expected.rows.map((r: { metric: string; variant: string }) => `${r.metric}/${r.variant}`),
      );
      const pairs: [string, number, number][] = [];
      expected.rows.forEach((row: ReturnType<Fn>, i: number) => {
        const s = shown[i]!;
        const where = `${row.metric}/${row.variant}`;
        if (row.lift) {
          pairs.push([`${where} lift`, Number(s.lift), row.lift.estimate]);
          pairs.push([`${where} low`, Number(s.low), row.lift.confidenceInterval[0]]);
          pairs.push([`${where} high`, Number(s.high), row.lift.confidenceInterval[1]]);
        }
        if (row.effect) pairs.push([`${where} p`, Number(s.p), row.effect.pValue]);
        expect(s.warnings, where).toEqual((row.warnings ?? []).map((w: { code: string }) => w.code));
        if (row.bayes) pairs.push([`${where} chance`, Number(s.chance), row.bayes.chanceToWin]);
        if (typeof row.pValueAdjusted === "number")
          pairs.push([`${where} adjusted`, Number(s.adjusted), row.pValueAdjusted]);
      });
      expect(mismatches(pairs)).toEqual([]);
      expect(pairs.length).toBeGreaterThanOrEqual(expected.rows.length * 4);
      // One bar per row in the chart.
      await expect(page.locator("#readout-chart .interval").count()).resolves.toBe(
        expected.rows.filter((r: { lift: unknown }) => r.lift).length,
      );
    }

    it("reads one CSV per arm, compares the ticked columns, and flags the sample-ratio mismatch", async () => {
      const { page, errors, requests } = await open();
      const loaded = requests.length;
      await page.locator("#exp-add-arm").click();
      const names = ["control", "fast", "slow"];
      for (let i = 0; i < 3; i++) {
        const name = page.locator(`[data-exp-arm="${i}"] .exp-arm-name`);
        await name.fill(names[i]!);
        await name.press("Tab");
        await expect.poll(() => page.locator(`[data-exp-arm="${i}"] .exp-arm-name`).inputValue()).toBe(names[i]);
      }
      for (let i = 0; i < 3; i++) {
        await page.locator(`[data-exp-arm="${i}"] [data-exp-files]`).setInputFiles([files[names[i]!]!]);
      }
      await expect.poll(() => page.locator("[data-exp-arm] .file.ok").count(), { timeout: 60_000 }).toBe(3);
      // No metric is chosen for the user.
      await expect(page.locator("#readout .placeholder").textContent()).resolves.toMatch(/Choose the columns/);
      // The 0/1 column is offered as a rate, the others as means.
      await expect(page.locator('[data-metric="converted"] select').inputValue()).resolves.toBe("rate");
      await expect(page.locator('[data-metric="revenue"] select').inputValue()).resolves.toBe("mean");
      await page.locator('[data-metric="revenue"] input[type=checkbox]').check();
      await page.locator('[data-metric="converted"] input[type=checkbox]').check();

      const expected = api.readout(expectedExperiment(), DEFAULTS);
      expect(expected.srm.mismatch).toBe(true);
      await expectTable(page, expected);
      const srm = page.locator("#srm");
      await expect(srm.getAttribute("data-mismatch")).resolves.toBe("true");
      await expect(srm.textContent()).resolves.toMatch(/Sample ratio mismatch/);
      expect(close(Number(await srm.getAttribute("data-p")), expected.srm.pValue)).toBe(true);
      await expect(page.locator("#readout-table").textContent()).resolves.not.toMatch(/\d{8,}/);
      await page.screenshot({ path: join(shots, "demo-readout-srm.png"), fullPage: true });

      // The split was planned 3000 : 3000 : 2550 — then there is no mismatch.
      await page.locator("#exp-weights").fill("3000, 3000, 2550");
      await until(page, () => document.querySelector("#srm")?.getAttribute("data-mismatch") === "false");
      const plan = { control: 3000, fast: 3000, slow: 2550 };
      const planned = api.readout(expectedExperiment(plan), DEFAULTS);
      expect(planned.srm.mismatch).toBe(false);
      await expectTable(page, planned);
      await expect(page.locator("#srm").textContent()).resolves.toMatch(/Sample ratio check passed/);

      // The confidence level is the page's.
      await page.locator("#confidence").selectOption("0.9");
      await until(page, () => /90 %/.test(document.querySelector("#readout-table thead")?.textContent ?? ""));
      await expectTable(page, api.readout(expectedExperiment(plan), { ...DEFAULTS, confidenceLevel: 0.9 }));

      // Benjamini–Hochberg instead of Holm, and the chance to win of each row.
      await page.locator("#exp-correction").selectOption("bh");
      await page.locator("#exp-bayesian").check();
      await until(page, () => document.querySelectorAll("#readout-table td.chance").length > 0);
      const options = { confidenceLevel: 0.9, correction: "bh", bayesian: true };
      const withBayes = api.readout(expectedExperiment(plan), options);
      expect(withBayes.rows.every((row: { bayes: unknown }) => row.bayes)).toBe(true);
      await expectTable(page, withBayes);
      await expect(page.locator("#readout-table thead").textContent()).resolves.toMatch(/p adjusted \(bh\)/);
      expect(requests.slice(loaded).map((r) => r.url())).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    });

    it("takes the experiment as pasted summary JSON (summaries, moments, counts) and explains bad JSON", async () => {
      const { page } = await open();
      const rev = expectedExperiment().metrics as { summaries: Record<string, { toJSON(): unknown }> }[];
      const json = {
        arms: [{ name: "control", control: true }, { name: "fast" }, { name: "slow" }],
        metrics: [
          {
            name: "revenue",
            kind: "mean",
            summaries: {
              control: rev[0]!.summaries.control!.toJSON(),
              fast: { count: 3000, mean: 41.1, std: 12.2 },
              slow: rev[0]!.summaries.slow!.toJSON(),
            },
          },
          {
            name: "converted",
            kind: "rate",
            summaries: {
              control: { successes: 300, trials: 3000 },
              fast: { successes: 345, trials: 3000 },
              slow: { successes: 262, trials: 2550 },
            },
          },
          {
            // One refund in arm "slow": too few to compare; the row says so.
            name: "refund",
            kind: "mean",
            summaries: {
              control: api.summarize(normals(91, 40, 20, 5)).toJSON(),
              fast: api.summarize(normals(92, 35, 21, 5)).toJSON(),
              slow: api.summarize([18.5]).toJSON(),
            },
          },
        ],
        units: { control: 3000, fast: 3000, slow: 2550 },
      };
      await page.getByRole("radio", { name: "Summary JSON" }).check();
      await page.locator("#exp-json").fill("{ not json");
      await page.waitForSelector('#readout[data-state="error"]');
      await expect(page.locator("#readout").textContent()).resolves.toMatch(/Experiment JSON/);
      await page.locator("#exp-json").fill(JSON.stringify(json));
      const experiment = {
        ...json,
        metrics: [
          {
            ...json.metrics[0]!,
            summaries: {
              control: api.Summary.fromJSON(json.metrics[0]!.summaries.control),
              fast: api.fromMoments(json.metrics[0]!.summaries.fast),
              slow: api.Summary.fromJSON(json.metrics[0]!.summaries.slow),
            },
          },
          json.metrics[1]!,
          {
            ...json.metrics[2]!,
            summaries: Object.fromEntries(
              Object.entries(json.metrics[2]!.summaries).map(([arm, v]) => [arm, api.Summary.fromJSON(v)]),
            ),
          },
        ],
      };
      const expected = api.readout(experiment, DEFAULTS);
      await expectTable(page, expected);
      await expect(page.locator("#srm").getAttribute("data-mismatch")).resolves.toBe(String(expected.srm.mismatch));
      await page.close();
    });
  });
});
