// A database as an aligned text table.

import type { Table } from "apache-arrow";
import { decodeColumn, type Cell } from "../arrow/decodeColumn.js";
import { PsweepError, describe } from "../errors.js";

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

const OPTIONS = ["cols", "skipCols", "prefixCols", "index"];

/** The columns dfPrint shows: parameters and results by default, book-keeping on request. */
export function printedColumns(df: Table, options: PrintOptions = {}): string[] {
  const names = df.schema.fields.map((f) => f.name);
  for (const key of Object.keys(options)) {
    if (!OPTIONS.includes(key))
      throw new PsweepError(`dfPrint: unknown option ${JSON.stringify(key)}; options are ${OPTIONS.join(", ")}`);
  }
  if (options.cols && options.skipCols) throw new PsweepError("dfPrint: give cols or skipCols, not both");
  for (const option of ["cols", "skipCols"] as const) {
    const given = options[option];
    if (given === undefined) continue;
    if (!Array.isArray(given))
      throw new PsweepError(`dfPrint: ${option} must be an array of column names, got ${describe(given)}`);
    // A misspelt name would otherwise show (or hide) nothing without a word.
    const missing = given.filter((c) => !names.includes(c));
    if (missing.length > 0)
      throw new PsweepError(
        `dfPrint: ${option}: no column ${missing.map((c) => JSON.stringify(c)).join(", ")}; columns are ${names.join(", ")}`,
      );
  }
  if (options.cols) return [...options.cols];
  const skip = new Set(options.skipCols ?? []);
  return names.filter((name) => !skip.has(name) && (options.prefixCols || !name.startsWith("_")));
}

export function formatCell(value: Cell): string {
  if (value === null) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  // Line breaks (e.g. in _exc_txt or _logs) shown escaped, so that every row stays on one line.
  if (typeof value === "string")
    return value.replace(/[\n\r\t]/g, (c) => (c === "\n" ? "\\n" : c === "\r" ? "\\r" : "\\t"));
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
  const numeric = [
    ...(options.index ? [true] : []),
    ...cells.map((values) => values.every((v) => v === null || typeof v === "number")),
  ];
  const widths = header.map((h, j) => Math.max(h.length, ...body.map((r) => r[j]!.length)));
  const line = (r: string[]): string =>
    r
      .map((v, j) => (numeric[j] ? v.padStart(widths[j]!) : v.padEnd(widths[j]!)))
      .join("  ")
      .trimEnd();
  return [line(header), ...body.map(line)].join("\n") + "\n";
}
