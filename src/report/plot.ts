// plot(df): one static figure as SVG text, drawn by ECharts' server-side
// SVG renderer (no DOM, no browser), from the same chart option as the
// report page's charts. ECharts is loaded only here.

import type { Table } from "apache-arrow";
import { isTable } from "../arrow/isTable.js";
import { PsweepError } from "../errors.js";
import { loadArrow } from "../arrow/loadArrow.js";
import { chartOption } from "./chartOption.js";
import { reportData } from "./reportData.js";

export interface PlotOptions {
  /** Column on the x axis (usually a parameter). */
  x: string;
  /** Column on the y axis (a numeric result). */
  y: string;
  /** Column whose values get one color each. */
  color?: string;
  /** Column whose values get one panel each. */
  facet?: string;
  /** Size in pixels (default 800 x 500). */
  width?: number;
  height?: number;
}

/** A figure of y against x (one line per color value and per other varied parameter), as SVG text. */
export async function plot(df: Table, options: PlotOptions): Promise<string> {
  if (!isTable(df))
    throw new PsweepError("plot(df, options): df must be an apache-arrow Table, e.g. what run() or dfRead() returns");
  await loadArrow(); // reading a column's type needs apache-arrow (see src/arrow/loadArrow.ts)
  const names = df.schema.fields.map((f) => f.name);
  const known = `the database's columns are ${names.join(", ")}`;
  for (const key of ["x", "y", "color", "facet"] as const) {
    const name = options?.[key];
    if (name === undefined && (key === "color" || key === "facet")) continue;
    if (typeof name !== "string")
      throw new PsweepError(`plot(): option ${key} must be a column name (a string); ${known}`);
    if (!names.includes(name))
      throw new PsweepError(`plot(): ${key} column ${JSON.stringify(name)} is not in the database; ${known}`);
  }
  const width = options.width ?? 800;
  const height = options.height ?? 500;
  for (const [key, value] of [
    ["width", width],
    ["height", height],
  ] as const) {
    if (!Number.isInteger(value) || value < 100 || value > 20000)
      throw new PsweepError(
        `plot(): ${key} must be an integer number of pixels from 100 to 20000, not ${String(value)}`,
      );
  }
  const data = reportData(df);
  const yColumn = data.columns.find((c) => c.name === options.y)!;
  if (yColumn.kind !== "number") {
    throw new PsweepError(
      `plot(): y column ${JSON.stringify(options.y)} holds ${yColumn.kind} values, not numbers; numeric columns: ${data.columns
        .filter((c) => c.kind === "number")
        .map((c) => c.name)
        .join(", ")}`,
    );
  }
  const rows = Array.from({ length: data.numRows }, (_, i) => i);
  const spec = chartOption(data, rows, options, { width, height });
  const { renderSvg } = await import("./plotSvg.js");
  return renderSvg(spec.option, width, height);
}
