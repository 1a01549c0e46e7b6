// What a study is, in numbers and in roles of columns: the summary line of
// the report and the chart defaults. Pure (page and library alike).

import type { CellValue, ReportColumn, ReportData } from "./wire.js";

export interface Summary {
  readonly rows: number;
  readonly runs: number;
  readonly psets: number;
  readonly failedPsets: number;
  readonly hosts: readonly string[];
  /** Earliest and latest _time_utc, epoch ms; null without times. */
  readonly firstTime: number | null;
  readonly lastTime: number | null;
  readonly totalRuntime: number;
  readonly medianRuntime: number | null;
}

export function column(data: ReportData, name: string): ReportColumn | undefined {
  return data.columns.find((c) => c.name === name);
}

/** The summary of the rows `rows` (indices) of `data`. */
export function summarize(data: ReportData, rows: readonly number[]): Summary {
  const values = (name: string): CellValue[] => {
    const c = column(data, name);
    return c === undefined ? [] : rows.map((i) => c.values[i] ?? null);
  };
  const distinct = (name: string): Set<CellValue> => new Set(values(name).filter((v) => v !== null));
  const times = values("_time_utc").filter((v): v is number => typeof v === "number");
  const runtimes = values("_pset_runtime")
    .filter((v): v is number => typeof v === "number")
    .sort((a, b) => a - b);
  // A pset failed when its latest row failed (a later success repairs it).
  const latest = new Map<CellValue, boolean>();
  const hashes = values("_pset_hash");
  const failed = values("_failed");
  hashes.forEach((hash, i) => latest.set(hash, failed[i] === true));
  let failedPsets = 0;
  for (const f of latest.values()) if (f) failedPsets++;
  const mid = runtimes.length >> 1;
  return {
    rows: rows.length,
    runs: distinct("_run_id").size,
    psets: distinct("_pset_hash").size,
    failedPsets,
    hosts: [...distinct("_exec_host")].map(String).sort(),
    firstTime: times.length > 0 ? times.reduce((a, b) => Math.min(a, b)) : null,
    lastTime: times.length > 0 ? times.reduce((a, b) => Math.max(a, b)) : null,
    totalRuntime: runtimes.reduce((a, b) => a + b, 0),
    medianRuntime:
      runtimes.length === 0 ? null : runtimes.length % 2 ? runtimes[mid]! : (runtimes[mid - 1]! + runtimes[mid]!) / 2,
  };
}

/** Parameters (pset columns) with more than one value among `rows`, the one with most values first. */
export function variedParams(data: ReportData, rows: readonly number[]): string[] {
  return data.columns
    .filter((c) => c.role === "pset")
    .map((c) => ({ name: c.name, n: new Set(rows.map((i) => c.values[i] ?? null)).size }))
    .filter((p) => p.n > 1)
    .sort((a, b) => b.n - a.n)
    .map((p) => p.name);
}

/** Result columns that are numbers; _pset_runtime when there are none. */
export function numericResults(data: ReportData): string[] {
  const results = data.columns.filter((c) => c.role === "result" && c.kind === "number").map((c) => c.name);
  return results.length > 0 ? results : data.columns.filter((c) => c.name === "_pset_runtime").map((c) => c.name);
}

export interface ChartChoice {
  readonly x: string;
  readonly y: string;
  readonly color?: string | undefined;
  readonly facet?: string | undefined;
}

/** One chart per numeric result against the parameter that varies most; the next varied parameters as color and facet. */
export function defaultCharts(data: ReportData, rows: readonly number[]): ChartChoice[] {
  const varied = variedParams(data, rows);
  const params = data.columns.filter((c) => c.role === "pset").map((c) => c.name);
  const x = varied[0] ?? params[0] ?? "_pset_seq";
  return numericResults(data)
    .slice(0, 8)
    .map((y) => ({ x, y, color: varied[1], facet: varied[2] }));
}
