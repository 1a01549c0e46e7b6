import type { Vector } from "apache-arrow";
import { arrow } from "./loadArrow.js";
import type { Value } from "../types.js";
import { ENCODING_KEY, JSON_ENCODING, fieldOf, typeOfValues } from "./columnType.js";
import { encodeColumn } from "./encodeColumn.js";

export { ENCODING_KEY, JSON_ENCODING };

export interface ValueColumn {
  readonly vector: Vector;
  /** Field metadata the column needs to decode back to the same values. */
  readonly metadata: Map<string, string>;
}

/** An Arrow vector holding `values`, with the metadata to read them back. */
export function columnOfValues(values: readonly (Value | undefined)[]): ValueColumn {
  const type = typeOfValues(values);
  return { vector: arrow().makeVector(encodeColumn(values, type)), metadata: fieldOf("", type).metadata };
}
