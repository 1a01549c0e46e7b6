// One measurement of the report page, in its own process:
//   tsx bench/report.ts <rows>
// A database of <rows> rows (x: rows/10 values, k: 10 values, two results),
// report() of it (time, bytes), and the time from opening the page in
// chromium until its first chart and table are drawn (null without
// /usr/bin/chromium). Prints one JSON line.

import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { pgrid, plist, report, run } from "psweep";

const n = Number(process.argv[2] ?? "1e3");
const dir = mkdtempSync(join(tmpdir(), "psweep-bench-report-"));
const params = pgrid(
  plist(
    "x",
    Array.from({ length: n / 10 }, (_, i) => i + 1),
  ),
  plist("k", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
);
const df = await run((p: { x: number; k: number }) => ({ y: p.x ** 1.5 * p.k, z: Math.sin(p.x / 100) + p.k }), params, {
  save: false,
});

const started = performance.now();
const html = await report(df);
const reportSeconds = (performance.now() - started) / 1000;
const file = join(dir, "report.html");
writeFileSync(file, html);

let renderSeconds: number | null = null;
if (existsSync("/usr/bin/chromium")) {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  const opened = performance.now();
  await page.goto(`file://${file}`);
  // First render: every default chart has drawn its points and the table its first page.
  await page.waitForFunction(
    () =>
      document.querySelectorAll(".chart[data-points]").length > 0 && document.querySelector("#table tbody tr") !== null,
    undefined,
    { timeout: 120_000 },
  );
  renderSeconds = (performance.now() - opened) / 1000;
  await browser.close();
}
console.log(JSON.stringify({ n, bytes: Buffer.byteLength(html), reportSeconds, renderSeconds }));
