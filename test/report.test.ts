// report() and plot() outside a browser: the page text embeds hostile
// values inertly, the chart option follows the data, the figures and the
// psweep report / plot commands write what they say and refuse what they should.

import { spawn } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { nodeCliHost } from "../bindings/node/cliHost.js";
import { runCli } from "../src/cli/program.js";
import { chartOption, spansDecades } from "../src/report/chartOption.js";
import { reportData } from "../src/report/reportData.js";
import { defaultCharts, summarize } from "../src/report/summary.js";
import { fromWire, jsonForScript, toWire } from "../src/report/wire.js";
import { dfRead, plot, PsweepError, report } from "./helpers/psweep.js";
import { serveReport } from "./helpers/reportServer.js";
import { tmpDir } from "./helpers/tmp.js";

const HOSTILE = "</script><script>window.pwned=1</script><!--";

async function cli(...args: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const status = await runCli(
    {
      ...nodeCliHost,
      out: (t) => void (out += typeof t === "string" ? t : new TextDecoder().decode(t)),
      err: (t) => void (err += t),
    },
    args,
  );
  return { status, out, err };
}

let database: string;
beforeAll(async () => {
  const calc = join(tmpDir(), "calc");
  const child = spawn(process.execPath, ["--import", "tsx", "test/fixtures/reportSweep.ts", calc, "10", "0"], {
    stdio: "inherit",
  });
  expect(await new Promise((done) => child.once("exit", done))).toBe(0);
  database = join(calc, "database.arrow");
});

describe("report()", () => {
  it("embeds a hostile value so that nothing in the page can end a script element", async () => {
    expect(jsonForScript({ a: HOSTILE })).not.toContain("<");
    expect(JSON.parse(jsonForScript({ a: HOSTILE, b: "\u2028" }))).toEqual({ a: HOSTILE, b: "\u2028" });
    const html = await report(await dfRead(database));
    // Exactly the page's own two script elements end: the data and the code.
    expect(html.match(/<\/script/gi)).toHaveLength(2);
    expect(html.match(/<script/gi)).toHaveLength(2);
    expect(html).not.toContain("<!--");
    const titled = await report(await dfRead(database), { title: `a</title>${HOSTILE}` });
    expect(titled).toContain(
      "<title>a&lt;/title&gt;&lt;/script&gt;&lt;script&gt;window.pwned=1&lt;/script&gt;&lt;!--</title>",
    );
    expect(titled.match(/<script/gi)).toHaveLength(2);
    // Nothing is fetched at view time.
    expect(html).not.toMatch(/<script[^>]*\ssrc=|<link[^>]*href="http/);
  });

  it("rejects what is not a table", async () => {
    await expect(report({} as never)).rejects.toThrow(PsweepError);
  });

  it("carries every value through the wire format, dictionaries included", async () => {
    const data = reportData(await dfRead(database));
    const wire = toWire(data);
    expect(wire.columns.find((c) => c.name === "_run_id")!.dict).toHaveLength(1);
    expect(fromWire(JSON.parse(JSON.stringify(wire)))).toEqual(data);
  });

  it("summarizes and chooses the defaults of a sweep plot", async () => {
    const data = reportData(await dfRead(database));
    const rows = Array.from({ length: data.numRows }, (_, i) => i);
    const s = summarize(data, rows);
    expect([s.rows, s.runs, s.psets, s.failedPsets]).toEqual([20, 1, 20, 1]);
    // x varies most, kind next; both numeric results get a chart.
    expect(defaultCharts(data, rows)).toEqual([
      { x: "x", y: "y", color: "kind", facet: undefined },
      { x: "x", y: "z", color: "kind", facet: undefined },
    ]);
    const spec = chartOption(data, rows, { x: "x", y: "y", color: "kind" }, { width: 800, height: 500 });
    expect([spec.points, spec.skipped]).toEqual([19, 1]);
    const option = spec.option as {
      series: { type: string; data: number[][] }[];
      yAxis: { type: string }[];
      xAxis: { type: string }[];
    };
    expect(option.series.map((s) => [s.type, s.data.length])).toEqual([
      ["line", 10],
      ["line", 9],
    ]);
    // y from 1 to 2000 spans decades, x from 1 to 10 does not.
    expect([option.xAxis[0]!.type, option.yAxis[0]!.type]).toEqual(["value", "log"]);
    const faceted = chartOption(data, rows, { x: "x", y: "y", facet: "kind" }, { width: 800, height: 500 }).option as {
      grid: unknown[];
    };
    expect(faceted.grid).toHaveLength(2);
    expect([spansDecades([1, 100]), spansDecades([1, 99]), spansDecades([0, 1000])]).toEqual([true, false, false]);
  });
});

describe("plot()", () => {
  it("draws a point per row with a y, as SVG", async () => {
    const svg = await plot(await dfRead(database), { x: "x", y: "y", color: "kind" });
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("kind = a");
    // ECharts draws each symbol (an empty circle) as one path: 19 points.
    expect(svg.match(/<path d="M1 0A1 1 0 1 1 1 -0.1A1 1 0 0 1 1 0"/g)).toHaveLength(19);
  });

  it("names the columns when one is wrong", async () => {
    const df = await dfRead(database);
    await expect(plot(df, { x: "nope", y: "y" })).rejects.toThrow(
      /x column "nope" is not in the database; the database's columns are x, kind, label/,
    );
    await expect(plot(df, { x: "x", y: "kind" })).rejects.toThrow(/y column "kind" holds string values, not numbers/);
  });
});

describe("psweep report and psweep plot", () => {
  it("writes a report, replaces its own, refuses a file it did not write", async () => {
    const dir = tmpDir();
    const out = join(dir, "r.html");
    expect((await cli("report", database, "-o", out)).status).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("psweep report");
    expect((await cli("report", database, "-o", out)).status).toBe(0);
    const mine = join(dir, "notes.html");
    writeFileSync(mine, "<p>my notes</p>");
    const refused = await cli("report", database, "-o", mine);
    expect(refused.status).toBe(2);
    expect(refused.err).toContain(`${mine} exists and was not written by psweep`);
    expect(readFileSync(mine, "utf8")).toBe("<p>my notes</p>");
  });

  it("refuses an empty -o and writes nothing, not even a temporary file", async () => {
    const before = readdirSync(".");
    for (const command of [
      ["report", database],
      ["plot", database, "--x", "x", "--y", "y"],
    ]) {
      const empty = await cli(...command, "-o", "");
      expect([empty.status, empty.err]).toEqual([
        2,
        `psweep ${command[0]}: -o is empty; give a file name, e.g. ${command[0] === "report" ? "report.html" : "plot.svg"}\n`,
      ]);
    }
    expect(readdirSync(".")).toEqual(before);
  });

  it("answers a request it cannot parse with 400 and keeps serving", async () => {
    const { server, url } = await serveReport(database);
    try {
      const bad = await fetch(`${url}/`); // the path "//": no URL the page could mean
      expect([bad.status, await bad.text()]).toEqual([400, "bad request: //\n"]);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("psweep report");
    } finally {
      server.kill("SIGTERM");
    }
  });

  it("rejects a bad port before serving anything", async () => {
    const bad = await cli("report", database, "--serve", "--port", "99999");
    expect([bad.status, bad.err]).toEqual([
      2,
      'psweep report: --port must be a port number from 0 to 65535, not "99999"\n',
    ]);
  });

  it("writes SVG and PNG figures and rejects other extensions", async () => {
    const dir = tmpDir();
    expect(
      (await cli("plot", database, "--x", "x", "--y", "y", "--color", "kind", "-o", join(dir, "f.svg"))).status,
    ).toBe(0);
    expect(readFileSync(join(dir, "f.svg"), "utf8")).toMatch(/^<svg/);
    expect(
      (
        await cli(
          "plot",
          database,
          "--x",
          "x",
          "--y",
          "y",
          "-o",
          join(dir, "f.png"),
          "--width",
          "400",
          "--height",
          "300",
        )
      ).status,
    ).toBe(0);
    const png = readFileSync(join(dir, "f.png"));
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join("")).toBe("PNG");
    expect(png.readUInt32BE(16)).toBe(400);
    const bad = await cli("plot", database, "--x", "x", "--y", "y", "-o", join(dir, "f.jpg"));
    expect([bad.status, bad.err]).toEqual([
      2,
      `psweep plot: -o ${join(dir, "f.jpg")}: give a file ending in .svg or .png\n`,
    ]);
  });
});

describe("import psweep stays light", () => {
  it("loads no ECharts and no page script until report() or plot() is called", () => {
    // Every chunk dist/node.js loads statically (import ... from "./x.js"), recursively.
    const seen = new Set<string>();
    const visit = (name: string): void => {
      if (seen.has(name)) return;
      seen.add(name);
      const text = readFileSync(join("dist", name), "utf8");
      for (const match of text.matchAll(/^import[^;]*?from\s*"\.\/([^"]+)"/gm)) visit(match[1]!);
    };
    visit("node.js");
    expect(seen.size).toBeGreaterThan(1);
    for (const name of seen) {
      const text = readFileSync(join("dist", name), "utf8");
      expect([name, /clientScript\s*=|renderToSVGString|ECharts/.test(text)]).toEqual([name, false]);
    }
  });
});
