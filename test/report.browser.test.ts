// The report page in a real browser (Debian's chromium, driven by
// playwright-core): a report of a real sweep's database draws, reacts to its
// pickers and filter, lists failures, keeps a hostile value inert, and the
// live page gains rows while a sweep runs in another process. Screenshots
// go to test-output/screenshots/ for a developer to look at.

import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dfRead, report } from "./helpers/psweep.js";
import { serveReport } from "./helpers/reportServer.js";
import { tmpDir } from "./helpers/tmp.js";

const CHROMIUM = "/usr/bin/chromium";
const SHOTS = "test-output/screenshots";
const haveChromium = existsSync(CHROMIUM);
// In CI a missing browser is a failure (the test runs and cannot launch), never a skip.
const skip = !haveChromium && process.env.CI !== "true";

function sweep(calcDir: string, xCount: number, waitMs: number): ChildProcess {
  return spawn(
    process.execPath,
    ["--import", "tsx", "test/fixtures/reportSweep.ts", calcDir, String(xCount), String(waitMs)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
}

const exited = (child: ChildProcess): Promise<number | null> =>
  new Promise((done) => child.once("exit", (code) => done(code)));

/** Console errors and page errors of `page`, collected. */
function errorsOf(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  return errors;
}

describe.skipIf(skip)(
  `report page in chromium${skip ? ` (skipped: no ${CHROMIUM}; install Debian's chromium package)` : ""}`,
  () => {
    let browser: Browser;
    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it("draws the sweep, redraws on a new y, filters the table, lists failures, keeps hostile values inert", async () => {
      const dir = tmpDir();
      const calc = join(dir, "calc");
      expect(await exited(sweep(calc, 10, 0))).toBe(0);
      const df = await dfRead(join(calc, "database.arrow"));
      const file = join(dir, "report.html");
      writeFileSync(file, await report(df, { title: "browser test" }));

      const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
      const errors = errorsOf(page);
      await page.goto(`file://${file}`);
      await page.waitForSelector("#chart-0[data-points]");
      expect(errors).toEqual([]);
      expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();

      // 20 rows, 19 with a y (x=3 kind=b failed): a point per row with a y.
      expect(await page.textContent("#stat-rows b")).toBe("20");
      expect(await page.textContent("#stat-failed b")).toBe("1");
      const chart = page.locator("#chart-0");
      expect(await chart.getAttribute("data-y")).toBe("y");
      expect(await chart.getAttribute("data-points")).toBe("19");
      // The chart is drawn: the canvas has pixels of more than one color.
      const colors = await page.evaluate(() => {
        const canvas = document.querySelector<HTMLCanvasElement>("#chart-0 canvas")!;
        const pixels = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
        const seen = new Set<number>();
        for (let i = 0; i < pixels.length; i += 4 * 97)
          seen.add((pixels[i]! << 16) | (pixels[i + 1]! << 8) | pixels[i + 2]!);
        return seen.size;
      });
      expect(colors).toBeGreaterThan(3);
      await page.screenshot({ path: join(SHOTS, "report.png"), fullPage: false });

      // Switching y to z (null for kind b) redraws with its 10 points.
      await page.selectOption("#pickers-0 label:nth-child(2) select", "z");
      expect(await chart.getAttribute("data-y")).toBe("z");
      expect(await chart.getAttribute("data-points")).toBe("10");

      // The filter narrows the table (it searches every cell, _exc_txt too).
      expect(await page.locator("#table tbody tr").count()).toBe(20);
      await page.fill("#table-filter", "diverged");
      expect(await page.locator("#table tbody tr").count()).toBe(1);
      expect(await page.locator("#table tbody tr td").first().textContent()).toBe("3");
      await page.fill("#table-filter", "");
      await page.locator("#table th", { hasText: "_failed" }).click();
      await page.fill("#table-filter", "true");
      expect(await page.getAttribute("#table-count", "data-rows")).toBe("1");

      // The failed pset is listed with its error and its logs.
      const failed = page.locator("details.failed");
      expect(await failed.count()).toBe(1);
      await failed.locator("summary").click();
      expect(await failed.textContent()).toContain("x=3 kind=b diverged");
      expect(await failed.textContent()).toContain("working on x=3 kind=b");
      // The hostile label is shown as text.
      expect(await failed.locator("summary").textContent()).toContain("</script><script>window.pwned=1</script>");
      await page.screenshot({ path: join(SHOTS, "report-failed.png"), fullPage: true });
      expect(errors).toEqual([]);
      expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    });

    it("serves a live page that gains rows while a sweep runs in another process", async () => {
      const dir = tmpDir();
      const calc = join(dir, "calc");
      const database = join(calc, "database.arrow");
      const { server, url } = await serveReport(database);
      try {
        const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
        const errors = errorsOf(page);
        await page.goto(url);
        expect(await page.getAttribute("body", "data-rows")).toBe("0");
        const child = sweep(calc, 40, 150);
        const rowsSeen: number[] = [];
        const statusSeen: string[] = [];
        // Sample the page while the sweep runs: the count must grow in steps, before the sweep ends.
        const running = exited(child);
        let ended = false;
        void running.then(() => (ended = true));
        while (!ended) {
          rowsSeen.push(Number(await page.getAttribute("body", "data-rows")));
          statusSeen.push((await page.textContent("#live")) ?? "");
          await new Promise((done) => setTimeout(done, 500));
        }
        expect(await running).toBe(0);
        const during = [...new Set(rowsSeen.filter((n) => n > 0 && n < 80))];
        expect(during.length).toBeGreaterThanOrEqual(2);
        // Progress from the sweep's log while it ran: done of the 80 planned, a rate, time left, failures.
        expect(
          statusSeen.some((text) =>
            /^live: [1-7]?\d of 80 psets done, [\d.e+]+\/s, [\d.]+ (ms|s|min) left, [01] failed$/.test(text),
          ),
        ).toBe(true);
        expect(await page.textContent("#live")).toMatch(/live: \d+ of 80 psets done|live: no sweep running/);
        await page.screenshot({ path: join(SHOTS, "report-live.png") });
        await page.waitForFunction(() => document.body.dataset.rows === "80", undefined, { timeout: 20_000 });
        expect(Number(await page.locator("#chart-0").getAttribute("data-points"))).toBe(79);
        expect(errors).toEqual([]);
      } finally {
        server.kill("SIGTERM");
        await exited(server);
      }
    });
  },
);

// A machine without chromium must say why the browser tests did not run.
if (skip) console.warn(`report.browser.test.ts skipped: no ${CHROMIUM} (apt-get install chromium)`);
