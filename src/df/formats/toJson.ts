// Database -> JSON records: `[{...}, {...}]`, one object per row, one line
// per row.
//
// Every column of every row is there, in schema order, with the values
// dfExtractDicts gives:
//   - null (missing) stays null;
//   - JSON columns (arrays, objects, mixed kinds) are real JSON values, not text;
//   - timestamps (e.g. _time_utc) are ISO 8601 strings in UTC
//     ("2024-05-01T12:00:00.000Z"), as JSON.stringify writes Dates;
//   - -0 is written as -0 (valid JSON; JSON.parse gives -0 back);
//   - NaN, Infinity and -Infinity have no JSON form: they are written as null.
//     So a float column holding them does not round-trip through JSON; use
//     "arrow" or "parquet" to keep them.

import type { Table } from "apache-arrow";
import { PsweepError } from "../../errors.js";
import { decodedColumns, isNested, unsupportedValue, type DecodedColumn } from "./decodedColumns.js";

/** The JSON text (records) of `table`, ending in a newline. */
export function toJson(table: Table): string {
  const columns = decodedColumns(table);
  const seen = new Set<string>();
  for (const { name } of columns) {
    if (seen.has(name)) {
      throw new PsweepError(
        `dfWrite: column name ${JSON.stringify(name)} occurs twice, so rows cannot be JSON objects; ` +
          `column names must be unique for format "json" (rename one, or use "arrow", "csv" or "parquet")`,
      );
    }
    seen.add(name);
  }
  // Keys are written in schema order: building the text directly (instead of
  // JSON.stringify of row objects) keeps integer-like names such as "1" in
  // place, where object key order would move them first.
  const keys = columns.map((column) => `${JSON.stringify(column.name)}:`);
  const rows = new Array<string>(table.numRows);
  for (let row = 0; row < table.numRows; row++) {
    let text = "{";
    for (let j = 0; j < columns.length; j++) {
      const column = columns[j]!;
      text += `${j === 0 ? "" : ","}${keys[j]}${jsonValue(column.values[row], column, row)}`;
    }
    rows[row] = `${text}}`;
  }
  return rows.length === 0 ? "[]\n" : `[\n${rows.join(",\n")}\n]\n`;
}

function jsonValue(value: unknown, column: DecodedColumn, row: number): string {
  switch (typeof value) {
    case "undefined":
      return "null";
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) return "null"; // NaN and +-Infinity: no JSON form
      return Object.is(value, -0) ? "-0" : JSON.stringify(value);
    case "bigint":
      return value.toString(); // a JSON number, exact
    case "string":
      return JSON.stringify(value);
    case "object":
      if (value === null) return "null";
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? "null" : JSON.stringify(value.toISOString());
      if (isNested(value)) return JSON.stringify(value);
  }
  throw unsupportedValue(value, column, row, "json");
}
