// How JavaScript values map to Arrow columns, and back. One rule for every
// column psweep writes: booleans -> Bool, integers -> Int32 (Int64 beyond
// its range), other numbers -> Float64, strings -> Utf8, and anything mixed
// or nested -> Utf8 holding JSON text, marked in the field metadata so that
// reading gives back the same values. null and undefined are Arrow nulls.

import { Bool, Float64, Int32, Int64, Null, Utf8, vectorFromArray, type DataType, type Vector } from "apache-arrow";
import type { Value } from "../types.js";

/** Field metadata key marking how a column's values are encoded. */
export const ENCODING_KEY = "psweep:encoding";
/** ENCODING_KEY value of columns holding JSON text. */
export const JSON_ENCODING = "json";

export interface ValueColumn {
  readonly vector: Vector;
  /** Field metadata the column needs to decode back to the same values. */
  readonly metadata: Map<string, string>;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** The Arrow type that holds every value of `values` faithfully. */
export function typeOfValues(values: Iterable<Value | undefined>): { type: DataType; json: boolean } {
  let kinds = 0;
  let int32 = true;
  let safeInt = true;
  for (const value of values) {
    if (value === null || value === undefined) continue;
    switch (typeof value) {
      case "boolean": kinds |= 1; break;
      case "string": kinds |= 4; break;
      case "number":
        kinds |= 2;
        // -0 is not an integer here: an integer column would turn it into 0.
        if (!Number.isSafeInteger(value) || Object.is(value, -0)) int32 = safeInt = false;
        else if (value < INT32_MIN || value > INT32_MAX) int32 = false;
        break;
      default: kinds |= 8;
    }
  }
  switch (kinds) {
    case 0: return { type: new Null(), json: false };
    case 1: return { type: new Bool(), json: false };
    case 2: return { type: int32 ? new Int32() : safeInt ? new Int64() : new Float64(), json: false };
    case 4: return { type: new Utf8(), json: false };
    default: return { type: new Utf8(), json: true };
  }
}

/** An Arrow vector holding `values`, with the metadata to read them back. */
export function columnOfValues(values: readonly (Value | undefined)[]): ValueColumn {
  const { type, json } = typeOfValues(values);
  const metadata = new Map<string, string>();
  if (json) {
    metadata.set(ENCODING_KEY, JSON_ENCODING);
    const texts = values.map((value) => (value === null || value === undefined ? null : JSON.stringify(value)));
    return { vector: vectorFromArray(texts, new Utf8()), metadata };
  }
  if (type instanceof Int64) {
    const big = values.map((value) => (value === null || value === undefined ? null : BigInt(value as number)));
    return { vector: vectorFromArray(big, type), metadata };
  }
  return { vector: vectorFromArray(values as unknown[], type), metadata };
}

/** Decodes one cell of a column written by columnOfValues. */
export function decodeValue(raw: unknown, metadata: ReadonlyMap<string, string>): Value {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === "bigint") return Number(raw);
  if (metadata.get(ENCODING_KEY) === JSON_ENCODING) return JSON.parse(raw as string) as Value;
  return raw as Value;
}
