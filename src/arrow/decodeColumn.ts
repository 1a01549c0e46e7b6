// Arrow column -> the JavaScript values that were written (see columnType.ts).

import type { Field, Vector } from "apache-arrow";
import type { Value } from "../types.js";
import { cellFromColumnText } from "../cells/jsonCell.js";
import { columnTypeOf, type ColumnType } from "./columnType.js";

export type Cell = Value | Date;

/** A decoder of one cell of `field`'s column. */
export function cellDecoder(field: Field): (raw: unknown) => Cell {
  return decoderFor(columnTypeOf(field));
}

function decoderFor(type: ColumnType | undefined): (raw: unknown) => Cell {
  switch (type) {
    case "json":
      return (raw) => (raw === null || raw === undefined ? null : cellFromColumnText(raw as string));
    case "int64":
      return (raw) => (raw === null || raw === undefined ? null : Number(raw));
    case "timestamp":
      return (raw) => (raw === null || raw === undefined ? null : new Date(raw as number));
    default:
      return (raw) => (raw === undefined ? null : (raw as Cell));
  }
}

/** Every value of a column, decoded. */
export function decodeColumn(vector: Vector, field: Field): Cell[] {
  const decode = cellDecoder(field);
  const values = new Array<Cell>(vector.length);
  let i = 0;
  for (const raw of vector) values[i++] = decode(raw);
  return values;
}
