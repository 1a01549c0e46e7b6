// The report page (runs in the browser; bundled with ECharts into one
// script by scripts/build-report.mjs). It reads the data embedded in the
// page and, when served live, polls the server for new rows.

import { LineChart, ScatterChart } from "echarts/charts";
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from "echarts/components";
import { init, use, type ECharts } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { chartOption } from "../chartOption.js";
import type { LiveStatus } from "../liveStatus.js";
import { fromWire, type ReportData, type WireData } from "../wire.js";
import { column, defaultCharts, summarize, type ChartChoice } from "../summary.js";
import { byId, formatCell, formatSeconds, h, select } from "./dom.js";
import { RowsTable } from "./table.js";

use([LineChart, ScatterChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

interface Embedded {
  readonly title: string;
  readonly data: WireData;
  /** Set when served by psweep report --serve: the version of the data, for polling. */
  readonly live?: { readonly version: string; readonly status: LiveStatus | null };
}

const embedded = JSON.parse(byId("psweep-data").textContent!) as Embedded;
let data: ReportData = fromWire(embedded.data);
performance.mark("psweep:data");
let runFilter = "";
let choices: ChartChoice[] | undefined;
/** Whether the user picked anything: until then, live data keeps choosing the defaults afresh. */
let picked = false;
const charts: { chart: ECharts; el: HTMLElement }[] = [];
const table = new RowsTable(showRow);

function rowsShown(): number[] {
  const runs = column(data, "_run_id");
  const all = Array.from({ length: data.numRows }, (_, i) => i);
  return runFilter === "" || runs === undefined ? all : all.filter((i) => runs.values[i] === runFilter);
}

function renderSummary(rows: number[]): void {
  const s = summarize(data, rows);
  const time = (t: number | null): string => (t === null ? "?" : formatCell(t, "time"));
  const item = (name: string, value: string, id: string): HTMLElement =>
    h("div", { class: "stat", id }, h("b", {}, value), h("span", {}, name));
  byId("summary").replaceChildren(
    item("rows", String(s.rows), "stat-rows"),
    item("runs", String(s.runs), "stat-runs"),
    item("psets", String(s.psets), "stat-psets"),
    item("failed psets", String(s.failedPsets), "stat-failed"),
    item(`host${s.hosts.length === 1 ? "" : "s"}`, s.hosts.join(", ") || "?", "stat-hosts"),
    item("time span", s.firstTime === null ? "?" : `${time(s.firstTime)} to ${time(s.lastTime)}`, "stat-span"),
    item("total pset runtime", formatSeconds(s.totalRuntime), "stat-total"),
    item("median pset runtime", s.medianRuntime === null ? "?" : formatSeconds(s.medianRuntime), "stat-median"),
  );
}

function renderRunPicker(): void {
  const runs = column(data, "_run_id");
  const ids = runs === undefined ? [] : [...new Set(runs.values.filter((v): v is string => typeof v === "string"))];
  const seqs = column(data, "_run_seq");
  const labelOf = new Map<string, string>();
  runs?.values.forEach((id, i) => {
    if (typeof id === "string" && !labelOf.has(id))
      labelOf.set(id, `run ${formatCell(seqs?.values[i], "number")}: ${id}`);
  });
  const picker = h(
    "select",
    { id: "run-picker" },
    h("option", { value: "" }, `all ${ids.length} runs`),
    ...ids.map((id) => h("option", { value: id }, labelOf.get(id) ?? id)),
  );
  picker.value = runFilter;
  picker.addEventListener("change", () => {
    runFilter = picker.value;
    renderAll();
  });
  byId("runs").replaceChildren(h("label", {}, "Run ", picker));
}

function renderCharts(rows: number[]): void {
  choices ??= defaultCharts(data, rows);
  const names = data.columns.map((c) => c.name);
  // Runs and hosts too: color by _run_id compares runs in one chart.
  const groupings = [
    ...data.columns.filter((c) => c.role === "pset").map((c) => c.name),
    ...["_run_id", "_exec_host"].filter((n) => names.includes(n)),
  ];
  const container = byId("charts");
  if (choices.length === 0) {
    container.replaceChildren(h("p", {}, "No numeric result column to chart."));
    return;
  }
  if (charts.length !== choices.length) {
    for (const c of charts) c.chart.dispose();
    charts.length = 0;
    container.replaceChildren();
    choices.forEach((_, k) => {
      const el = h("div", { class: "chart", id: `chart-${k}` });
      const panel = h(
        "div",
        { class: "panel" },
        h("div", { class: "controls", id: `pickers-${k}` }),
        el,
        h("div", { class: "note", id: `note-${k}` }),
      );
      container.append(panel);
      charts.push({ chart: init(el), el });
    });
  }
  choices.forEach((choice, k) => {
    const set = (key: keyof ChartChoice) => (value: string) => {
      picked = true;
      choices![k] = { ...choices![k]!, [key]: value === "" ? undefined : value };
      renderCharts(rowsShown());
    };
    byId(`pickers-${k}`).replaceChildren(
      h("label", {}, "x ", select(names, choice.x, set("x"))),
      h("label", {}, "y ", select(names, choice.y, set("y"))),
      h("label", {}, "color ", select(groupings, choice.color, set("color"), "none")),
      h("label", {}, "facet ", select(groupings, choice.facet, set("facet"), "none")),
    );
    const { chart, el } = charts[k]!;
    const spec = chartOption(data, rows, choice, { width: el.clientWidth || 900, height: el.clientHeight || 420 });
    chart.setOption(spec.option, { notMerge: true });
    el.dataset.points = String(spec.points);
    el.dataset.y = choice.y;
    byId(`note-${k}`).textContent =
      `${spec.points} points${spec.skipped > 0 ? `; ${spec.skipped} row${spec.skipped === 1 ? "" : "s"} without a number for ${choice.y} not drawn` : ""}`;
  });
}

function renderFailed(rows: number[]): void {
  const failed = column(data, "_failed");
  const exc = column(data, "_exc_txt");
  const logs = column(data, "_logs");
  const params = data.columns.filter((c) => c.role === "pset");
  const failedRows = failed === undefined ? [] : rows.filter((i) => failed.values[i] === true);
  const section = byId("failed");
  if (failedRows.length === 0) {
    section.replaceChildren(h("h2", {}, "Failed psets"), h("p", {}, "none"));
    return;
  }
  const shown = failedRows.slice(0, 200);
  section.replaceChildren(
    h("h2", {}, `Failed psets (${failedRows.length})`),
    ...shown.map((i) =>
      h(
        "details",
        { class: "failed", "data-row": String(i) },
        h("summary", {}, params.map((c) => `${c.name}=${formatCell(c.values[i], c.kind)}`).join(" ")),
        h("pre", {}, String(exc?.values[i] ?? "")),
        typeof logs?.values[i] === "string" ? h("pre", { class: "logs" }, String(logs.values[i])) : null,
      ),
    ),
    ...(failedRows.length > shown.length
      ? [h("p", {}, `and ${failedRows.length - shown.length} more (sort the table by _failed)`)]
      : []),
  );
}

function showRow(i: number): void {
  const logs = column(data, "_logs");
  const dl = h("dl");
  for (const c of data.columns) {
    if (c.name === "_logs") continue;
    dl.append(h("dt", {}, c.name), h("dd", {}, formatCell(c.values[i], c.kind)));
  }
  byId("row").replaceChildren(
    h("h2", {}, `Row ${i}`),
    dl,
    ...(typeof logs?.values[i] === "string"
      ? [h("h3", {}, "Logs"), h("pre", { class: "logs" }, String(logs.values[i]))]
      : []),
  );
}

function renderLive(status: LiveStatus | null): void {
  const el = byId("live");
  if (status === null) {
    el.textContent = "live: no sweep running (watching for one)";
    return;
  }
  const left = status.rate > 0 ? (status.total - status.done) / status.rate : NaN;
  el.textContent =
    `live: ${status.done} of ${status.total} psets done, ${status.rate.toPrecision(3)}/s, ` +
    `${formatSeconds(left)} left, ${status.failed} failed`;
}

function renderAll(): void {
  const rows = rowsShown();
  renderSummary(rows);
  performance.mark("psweep:summary");
  renderCharts(rows);
  performance.mark("psweep:charts");
  renderFailed(rows);
  table.update(data, rows);
  performance.mark("psweep:table");
  document.body.dataset.rows = String(data.numRows);
}

async function poll(version: string): Promise<void> {
  let next = version;
  try {
    const response = await fetch(`data?known=${encodeURIComponent(version)}`, { cache: "no-store" });
    if (response.status === 200) {
      const body = (await response.json()) as { version: string; data: WireData; status: LiveStatus | null };
      next = body.version;
      const hadColumns = data.columns.map((c) => c.name).join();
      data = fromWire(body.data);
      // The first rows show few varied parameters: the defaults follow the data until the user picks.
      if (!picked || hadColumns !== data.columns.map((c) => c.name).join()) choices = undefined;
      renderRunPicker();
      renderAll();
      renderLive(body.status);
    }
  } catch {
    byId("live").textContent = "live: server not reachable (retrying)";
  }
  setTimeout(() => void poll(next), 1000);
}

byId("table-host").replaceWith(table.element);
byId("row").append(h("p", {}, "Click a table row to see all of its cells and its logs."));
renderRunPicker();
renderAll();
window.addEventListener("resize", () => charts.forEach((c) => c.chart.resize()));
if (embedded.live) {
  renderLive(embedded.live.status);
  void poll(embedded.live.version);
}
