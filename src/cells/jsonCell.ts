// How psweep stores a value as JSON: the one place that says it. There are
// two forms, each fixed by what is already on disk (database files and the
// logs of crashed runs must read back), one per place a value goes.
//
// Column text, in a database file. A JSON column (arrays, objects, or values
// of mixed kinds; see arrow/columnType.ts) holds each value as Utf8 text:
//   numbers, strings, booleans, arrays, objects   their JSON text (-0 as -0)
//   NaN, Infinity, -Infinity                       NaN, Infinity, -Infinity
//   a Date                                         Date(<ISO 8601 time>)
//   null, undefined                                no text: the cell is null
// The texts that are not JSON are none that any JSON value has, so every
// other reader sees plain JSON for arrays and objects, and nothing is
// ambiguous. cellToColumnText writes it, cellFromColumnText reads it.
//
// Tagged JSON, in the write-ahead log's lines and in outcomes sent through
// Redis. There a value sits inside a larger JSON document, so it must be a
// JSON value itself; what JSON cannot say is a tagged object:
//   finite numbers but -0, strings, booleans, null   themselves (undefined: null)
//   {"n":"NaN"|"Infinity"|"-Infinity"|"-0"}          a number JSON has no form for
//   {"t":<ms since 1970>}                            a Date ({"t":null}: an invalid one)
//   {"j":<value>}                                    an array or object (plain JSON inside)
// Arrays and objects are wrapped too, so that one of them is never taken for
// a tag. cellToJson and cellFromJson convert, cellJsonText gives the text,
// and JsonCellBytes (jsonCellBytes.ts) writes the same text straight as bytes.
//
// In both forms, what lies inside an array or object is plain JSON
// (JSON.stringify's rules: a Date there is its ISO text).

import type { Value } from "../types.js";

/** The text of `value` in a JSON column of a database file (never called for null or undefined: those cells are null). */
export function cellToColumnText(value: unknown): string {
  if (typeof value === "number")
    return Number.isFinite(value) ? (Object.is(value, -0) ? "-0" : String(value)) : String(value);
  if (value instanceof Date) return `Date(${value.toISOString()})`;
  return JSON.stringify(value);
}

/** The value of a JSON column's cell text (see cellToColumnText). */
export function cellFromColumnText(text: string): Value | Date {
  if (text === "NaN" || text === "Infinity" || text === "-Infinity") return Number(text);
  if (text.startsWith("Date(")) return new Date(text.slice(5, -1));
  return JSON.parse(text) as Value;
}

/** Whether `value` is its own tagged JSON: one that cellToJson leaves as it is. */
export function isPlainCell(value: unknown): boolean {
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0);
    default:
      return value === null;
  }
}

/** `value` as tagged JSON. */
export function cellToJson(value: unknown): unknown {
  switch (typeof value) {
    case "number":
      return isPlainCell(value) ? value : { n: Object.is(value, -0) ? "-0" : String(value) };
    case "string":
    case "boolean":
      return value;
    case "undefined":
      return null;
    default:
      if (value === null) return null;
      if (value instanceof Date) return { t: Number.isNaN(value.getTime()) ? null : value.getTime() };
      return { j: value };
  }
}

/** Strings that are their own JSON text between quotes. */
export const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** The text of cellToJson(value), with the common cases spelled out for speed (one call per cell of every row). */
export function cellJsonText(value: unknown): string {
  switch (typeof value) {
    case "number":
      return isPlainCell(value) ? String(value) : JSON.stringify(cellToJson(value));
    case "string":
      // Quoting a string that needs no escapes is ~3x faster than JSON.stringify.
      return PLAIN_ASCII.test(value) ? `"${value}"` : JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "undefined":
      return "null";
    default:
      if (value === null) return "null";
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? '{"t":null}' : `{"t":${value.getTime()}}`;
      return JSON.stringify({ j: value });
  }
}

/** The value of a tagged JSON cell (see cellToJson). */
export function cellFromJson(cell: unknown): unknown {
  if (cell === null || typeof cell !== "object") return cell;
  const tagged = cell as { n?: string; t?: number | null; j?: unknown };
  if (tagged.n !== undefined) return tagged.n === "-0" ? -0 : Number(tagged.n);
  if (tagged.t !== undefined) return new Date(tagged.t ?? NaN);
  return tagged.j;
}
