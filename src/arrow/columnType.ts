// The one mapping between JavaScript values and Arrow columns that every
// column psweep writes follows:
//
//   booleans              -> Bool
//   integers              -> Int32, or Int64 beyond its range (safe integers only)
//   other numbers         -> Float64 (NaN and +-Infinity included)
//   strings               -> Utf8
//   Dates                 -> Timestamp[ms, UTC]
//   arrays, objects, and any mix of kinds
//                         -> Utf8 holding JSON (column text, see cells/jsonCell.ts),
//                            marked in the field metadata
//   null / undefined      -> Arrow null (a column of only nulls is type Null)
//
// Reading a column back gives the same JavaScript values (decodeColumn.ts).

import type { DataType, Dictionary, Field } from "apache-arrow";
import { arrow } from "./loadArrow.js";

export type ColumnType = "null" | "bool" | "int32" | "int64" | "float64" | "utf8" | "timestamp" | "json";

/** Field metadata key marking how a column's values are encoded. */
export const ENCODING_KEY = "psweep:encoding";
/** ENCODING_KEY value of columns holding JSON text. */
export const JSON_ENCODING = "json";

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** The narrowest column type that holds `value` faithfully. */
export function typeOfValue(value: unknown): ColumnType {
  switch (typeof value) {
    case "boolean":
      return "bool";
    case "string":
      return "utf8";
    case "number":
      // -0 is not an integer here: an integer column would turn it into 0.
      if (!Number.isSafeInteger(value) || Object.is(value, -0)) return "float64";
      return value >= INT32_MIN && value <= INT32_MAX ? "int32" : "int64";
    case "undefined":
      return "null";
    case "object":
      if (value === null) return "null";
      if (value instanceof Date) return "timestamp";
      return "json";
    default:
      return "json";
  }
}

/** The narrowest column type that holds both kinds of values. */
export function unifyTypes(a: ColumnType, b: ColumnType): ColumnType {
  if (a === b || b === "null") return a;
  if (a === "null") return b;
  const numbers: ColumnType[] = ["int32", "int64", "float64"];
  if (numbers.includes(a) && numbers.includes(b)) {
    return a === "float64" || b === "float64" ? "float64" : "int64";
  }
  return "json";
}

/** The column type that holds every value of `values`. */
export function typeOfValues(values: Iterable<unknown>): ColumnType {
  let type: ColumnType = "null";
  if (Array.isArray(values)) {
    // Indexed, and a value of the type found so far decided by one check: runs over every row of a run.
    for (let i = 0; i < values.length; i++) {
      const next = typeOfValue(values[i]);
      if (next !== type) type = unifyTypes(type, next);
    }
    return type;
  }
  for (const value of values) type = unifyTypes(type, typeOfValue(value));
  return type;
}

export function arrowType(type: ColumnType): DataType {
  const { Bool, Float64, Int32, Int64, Null, TimestampMillisecond, Utf8 } = arrow();
  switch (type) {
    case "null":
      return new Null();
    case "bool":
      return new Bool();
    case "int32":
      return new Int32();
    case "int64":
      return new Int64();
    case "float64":
      return new Float64();
    case "utf8":
    case "json":
      return new Utf8();
    case "timestamp":
      return new TimestampMillisecond("UTC");
  }
}

/** A nullable field of `type`, with the metadata its values need to be read back. */
export function fieldOf(name: string, type: ColumnType, metadata: ReadonlyMap<string, string> = new Map()): Field {
  const meta = new Map(metadata);
  if (type === "json") meta.set(ENCODING_KEY, JSON_ENCODING);
  else meta.delete(ENCODING_KEY);
  return new (arrow().Field)(name, arrowType(type), true, meta);
}

/**
 * The column type of a field, for fields psweep wrote and for the usual
 * types of files written elsewhere (e.g. pandas' int64, float32, large
 * strings, polars' string views, dictionaries of them). Types psweep cannot map come back as undefined.
 */
export function columnTypeOf(field: Field): ColumnType | undefined {
  if (field.metadata.get(ENCODING_KEY) === JSON_ENCODING) return "json";
  const type = field.type as DataType;
  const { Type, Field } = arrow();
  switch (type.typeId) {
    case Type.Null:
      return "null";
    case Type.Bool:
      return "bool";
    case Type.Int: {
      const { bitWidth, isSigned } = type as unknown as { bitWidth: number; isSigned: boolean };
      return bitWidth < 32 || (bitWidth === 32 && isSigned) ? "int32" : "int64";
    }
    case Type.Float:
      return "float64";
    case Type.Utf8:
    case Type.LargeUtf8:
    case Type.Utf8View:
      return "utf8"; // Utf8View: polars' strings
    case Type.Timestamp:
    case Type.Date:
      return "timestamp";
    case Type.Dictionary: // e.g. grid().toArrow(), pandas categoricals: the values' type
      return columnTypeOf(new Field(field.name, (type as Dictionary).dictionary, field.nullable, field.metadata));
    default:
      return undefined;
  }
}
