// The ECharts option of one chart: y against x for the rows shown, a color
// per value of the color column, a panel per value of the facet column, and
// where x is a number one line per combination of the other varied
// parameters (what a sweep plot is). The same option draws the page's chart
// (canvas) and plot()'s SVG, so the two always agree.

import type { CellValue, ReportColumn, ReportData } from "./wire.js";
import { column, variedParams, type ChartChoice } from "./summary.js";

export const PALETTE = [
  "#4e79a7",
  "#f28e2b",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
];
/** Facet panels drawn at most; the rest are named in the title. */
export const MAX_FACETS = 12;

export interface ChartSpec {
  /** The ECharts option (plain JSON). */
  readonly option: Record<string, unknown>;
  /** Points drawn: one per row shown with a numeric y (and an x). */
  readonly points: number;
  /** Rows shown without a y to draw (null or not a number). */
  readonly skipped: number;
}

/** Whether values >0 span two decades or more: a log axis shows them better. */
export function spansDecades(values: readonly number[]): boolean {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!(v > 0)) return false;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return max / min >= 100;
}

const label = (v: CellValue): string => (v === null ? "null" : String(v));

export function chartOption(
  data: ReportData,
  rows: readonly number[],
  choice: ChartChoice,
  size: { width: number; height: number },
): ChartSpec {
  const need = (name: string): ReportColumn => {
    const c = column(data, name);
    if (c === undefined) throw new Error(`no column ${JSON.stringify(name)}`);
    return c;
  };
  const xc = need(choice.x);
  const yc = need(choice.y);
  const cc = choice.color ? need(choice.color) : undefined;
  const fc = choice.facet ? need(choice.facet) : undefined;
  const xNumeric = xc.kind === "number" || xc.kind === "time";
  // Lines join points that differ only in x: split by every other varied parameter.
  const lineKeys = xNumeric
    ? variedParams(data, rows)
        .filter((p) => p !== choice.x && p !== choice.facet && p !== choice.color)
        .map(need)
    : [];

  const colorValues = cc ? distinctSorted(rows.map((i) => cc.values[i] ?? null)) : [null];
  const facetValues = fc ? distinctSorted(rows.map((i) => fc.values[i] ?? null)) : [null];
  const shownFacets = facetValues.slice(0, MAX_FACETS);
  const facetIndex = new Map(shownFacets.map((v, i) => [v, i]));
  const colorIndex = new Map(colorValues.map((v, i) => [v, i]));
  const categories = xNumeric ? [] : distinctSorted(rows.map((i) => xc.values[i] ?? null)).map(label);

  const groups = new Map<string, { facet: number; color: number; points: (number | string)[][] }>();
  let points = 0;
  let skipped = 0;
  const xs: number[] = [];
  const ys: number[] = [];
  for (const i of rows) {
    const y = yc.values[i];
    const x = xc.values[i] ?? null;
    if (typeof y !== "number" || (xNumeric && typeof x !== "number")) {
      skipped++;
      continue;
    }
    const facet = facetIndex.get(fc ? (fc.values[i] ?? null) : null);
    if (facet === undefined) continue;
    const color = colorIndex.get(cc ? (cc.values[i] ?? null) : null)!;
    const key = `${facet}\u0000${color}\u0000${lineKeys.map((c) => label(c.values[i] ?? null)).join("\u0000")}`;
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = { facet, color, points: [] }));
    group.points.push([xNumeric ? (x as number) : label(x), y, i]);
    if (xNumeric) xs.push(x as number);
    ys.push(y);
    points++;
  }

  const xLog = xc.kind === "number" && spansDecades(xs);
  const yLog = spansDecades(ys);
  const cols = Math.ceil(Math.sqrt(shownFacets.length));
  const nrows = Math.ceil(shownFacets.length / cols);
  const top = cc ? 56 : 36;
  const cellW = (size.width - 20) / cols;
  const cellH = (size.height - top - 10) / nrows;
  const grid = shownFacets.map((_, f) => ({
    left: 10 + (f % cols) * cellW + 60,
    top: top + Math.floor(f / cols) * cellH + (fc ? 22 : 4),
    width: cellW - 80,
    height: cellH - (fc ? 22 : 4) - 36,
  }));
  const xAxis = grid.map((_, f) => ({
    gridIndex: f,
    type: xNumeric ? (xLog ? "log" : xc.kind === "time" ? "time" : "value") : "category",
    ...(xNumeric ? { scale: true } : { data: categories }),
    name: choice.x,
    nameLocation: "middle",
    nameGap: 24,
  }));
  const yAxis = grid.map((_, f) => ({
    gridIndex: f,
    type: yLog ? "log" : "value",
    scale: true,
    name: f % cols === 0 ? choice.y : "",
    nameLocation: "middle",
    nameGap: 44,
  }));
  // Above this many points a symbol per point costs seconds to draw and shows nothing more than the line.
  const symbols = points <= 5000;
  const series = [...groups.values()].map((g) => {
    if (xNumeric) g.points.sort((a, b) => (a[0] as number) - (b[0] as number));
    return {
      type: xNumeric ? "line" : "scatter",
      name: cc ? `${choice.color} = ${label(colorValues[g.color]!)}` : choice.y,
      xAxisIndex: g.facet,
      yAxisIndex: g.facet,
      data: g.points,
      color: PALETTE[g.color % PALETTE.length],
      symbolSize: symbols ? 5 : 2,
      showSymbol: symbols || !xNumeric,
      large: g.points.length > 2000,
      animation: false,
    };
  });
  const hidden = facetValues.length - shownFacets.length;
  const title = [
    {
      text: `${choice.y} vs ${choice.x}${hidden > 0 ? ` (first ${MAX_FACETS} of ${facetValues.length} ${choice.facet} values)` : ""}`,
      left: 10,
      top: 4,
      textStyle: { fontSize: 13 },
    },
    ...(fc
      ? shownFacets.map((v, f) => ({
          text: `${choice.facet} = ${label(v)}`,
          left: grid[f]!.left,
          top: grid[f]!.top - 20,
          textStyle: { fontSize: 11, fontWeight: "normal" },
        }))
      : []),
  ];
  const option: Record<string, unknown> = {
    animation: false,
    title,
    grid,
    xAxis,
    yAxis,
    series,
    tooltip: { trigger: "item" },
    ...(cc
      ? { legend: { top: 26, left: 10, type: "scroll", data: colorValues.map((v) => `${choice.color} = ${label(v)}`) } }
      : {}),
  };
  return { option, points, skipped };
}

function distinctSorted(values: readonly CellValue[]): CellValue[] {
  const set = [...new Set(values)];
  return set.sort((a, b) => {
    if (a === null) return 1;
    if (b === null) return -1;
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  });
}
