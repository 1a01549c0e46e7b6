// A database as an aligned text table.

import type { Table } from "apache-arrow";
import { decodeColumn, type Cell } from "../arrow/decodeColumn.js";
import { PsweepError } from "../errors.js";

export interface PrintOptions {
  /** Show exactly these columns (in this order). */
  cols?: readonly string[];
  /** Leave these columns out. */
  skipCols?: readonly string[];
  /** Also show book-keeping columns (names starting with "_"). Default false. */
  prefixCols?: boolean;
  /** Show the row number. Default false. */
  index?: boolean;
}

/** The columns dfPrint shows: parameters and results by default, book-keeping on request. */
export function printedColumns(df: Table, options: PrintOptions = {}): string[] {
  const names = df.schema.fields.map((f) => f.name);
  if (options.cols && options.skipCols) throw new PsweepError("dfPrint: give cols or skipCols, not both");
  if (options.cols) {
    const missing = options.cols.filter((c) => !names.includes(c));
    if (missing.length > 0) throw new PsweepError(`dfPrint: no column ${missing.map((c) => JSON.stringify(c)).join(", ")}; columns are ${names.join(", ")}`);
    return [...options.cols];
  }
  const skip = new Set(options.skipCols ?? []);
  return names.filter((name) => !skip.has(name) && (options.prefixCols || !name.startsWith("_")));
}

export function formatCell(value: Cell): string {
  if (value === null) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** The table as aligned text: numbers right-aligned, everything else left-aligned. */
export function dfFormat(df: Table, options: PrintOptions = {}): string {
  const columns = printedColumns(df, options);
  const cells = columns.map((name) => {
    const field = df.schema.fields.find((f) => f.name === name)!;
    return decodeColumn(df.getChild(name)!, field);
  });
  const header = [...(options.index ? [""] : []), ...columns];
  const body = Array.from({ length: df.numRows }, (_, row) => [
    ...(options.index ? [String(row)] : []),
    ...cells.map((values) => formatCell(values[row]!)),
  ]);
  const numeric = [...(options.index ? [true] : []), ...cells.map((values) => values.every((v) => v === null || typeof v === "number"))];
  const widths = header.map((h, j) => Math.max(h.length, ...body.map((r) => r[j]!.length)));
  const line = (r: string[]): string => r.map((v, j) => (numeric[j] ? v.padStart(widths[j]!) : v.padEnd(widths[j]!))).join("  ").trimEnd();
  return [line(header), ...body.map(line)].join("\n") + "\n";
}
