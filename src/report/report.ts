// report(df): the study as one self-contained HTML page. The page script
// (with ECharts) is loaded only here, so importing psweep stays light.

import type { Table } from "apache-arrow";
import { PsweepError } from "../errors.js";
import { loadArrow } from "../arrow/loadArrow.js";
import { isTable } from "../arrow/isTable.js";
import { reportPage, type PageContent } from "./page.js";
import { reportData } from "./reportData.js";
import { toWire } from "./wire.js";

export interface ReportOptions {
  /** The page title (default "psweep report"). */
  title?: string;
}

/** The report page of `df`: summary, charts, failed psets, table; all inline, works offline. */
export async function report(df: Table, options: ReportOptions = {}): Promise<string> {
  if (!isTable(df))
    throw new PsweepError("report(df): df must be an apache-arrow Table, e.g. what run() or dfRead() returns");
  if (options.title !== undefined && typeof options.title !== "string")
    throw new PsweepError(`report(): title must be a string, not ${typeof options.title}`);
  await loadArrow(); // reading a column's type needs apache-arrow (see src/arrow/loadArrow.ts)
  return reportHtml({ title: options.title ?? "psweep report", data: toWire(reportData(df)) });
}

/** The page with this content (report(), and psweep report --serve). */
export async function reportHtml(content: PageContent): Promise<string> {
  const { clientScript } = await import("./client.generated.js");
  return reportPage(content, clientScript);
}
