// Database -> CSV (RFC 4180).
//
// - A header row with the column names, then one record per row, every
//   column in schema order; records end in CRLF (the last one too).
// - A field is quoted when it contains a comma, a double quote, CR or LF,
//   and quotes inside are doubled. An empty string is written quoted (`""`)
//   so that it differs from a missing value.
// - Missing values (null) are empty fields. (So in a table of one column, a
//   row whose value is missing is an empty line, which some readers skip.)
// - Booleans are `true` / `false`; numbers as JavaScript prints them (`0.1`,
//   `1e+21`, `-0`, `NaN`, `Infinity`, `-Infinity`); timestamps (e.g.
//   _time_utc) as ISO 8601 in UTC (`2024-05-01T12:00:00.000Z`).
// - Arrays and objects (JSON columns) are their JSON text; strings and
//   numbers in a JSON column of mixed kinds are written as plain strings and
//   numbers.
// - The text is Unicode; the file is written as UTF-8 without a byte order mark.

import type { Table } from "apache-arrow";
import { decodedColumns, isNested, unsupportedValue, type DecodedColumn } from "./decodedColumns.js";

const NEEDS_QUOTES = /[",\r\n]/;

/** The CSV text of `table`. */
export function toCsv(table: Table): string {
  const columns = decodedColumns(table);
  const lines = new Array<string>(table.numRows + 1);
  lines[0] = columns.map((column) => csvString(column.name)).join(",");
  for (let row = 0; row < table.numRows; row++) {
    let line = "";
    for (let j = 0; j < columns.length; j++) {
      const column = columns[j]!;
      line += `${j === 0 ? "" : ","}${csvValue(column.values[row], column, row)}`;
    }
    lines[row + 1] = line;
  }
  return `${lines.join("\r\n")}\r\n`;
}

/** A string as one CSV field: quoted when it must be, and when empty. */
export function csvString(text: string): string {
  if (text === "") return '""';
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvValue(value: unknown, column: DecodedColumn, row: number): string {
  switch (typeof value) {
    case "undefined":
      return "";
    case "boolean":
      return value ? "true" : "false";
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "bigint":
      return value.toString();
    case "string":
      return csvString(value);
    case "object":
      if (value === null) return "";
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString();
      if (isNested(value)) return csvString(JSON.stringify(value));
  }
  throw unsupportedValue(value, column, row, "csv");
}
