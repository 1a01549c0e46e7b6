// Values -> Arrow column data, straight into typed arrays and byte buffers.

import type { Data } from "apache-arrow";
import { arrow } from "./loadArrow.js";
import { cellToColumnText } from "../cells/jsonCell.js";
import { utf8Concat } from "../util/utf8Concat.js";
import { arrowType, type ColumnType } from "./columnType.js";

const encoder = new TextEncoder();

/**
 * Arrow data of `type` holding `values`, which must fit the type (see
 * typeOfValues); numbers go into float columns as they are, any value into
 * JSON columns as its column text (cells/jsonCell.ts).
 */
export function encodeColumn(values: readonly unknown[], type: ColumnType): Data {
  const length = values.length;
  const dataType = arrowType(type);
  const { makeData } = arrow();
  if (type === "null") return makeData({ type: dataType as never, length, nullCount: length });
  const { nullBitmap, nullCount } = validity(values);
  const props = { type: dataType, length, nullCount, nullBitmap };
  switch (type) {
    case "bool": {
      const bits = new Uint8Array(Math.ceil(length / 8));
      // Plain loops here and below: this runs once per run over every row, often before the engine optimizes callbacks.
      for (let i = 0; i < length; i++) if (values[i] === true) bits[i >> 3]! |= 1 << (i & 7);
      return makeData({ ...props, data: bits } as never);
    }
    case "int32":
    case "float64": {
      const data = type === "int32" ? new Int32Array(length) : new Float64Array(length);
      for (let i = 0; i < length; i++) {
        const value = values[i];
        if (typeof value === "number") data[i] = value;
      }
      return makeData({ ...props, data } as never);
    }
    case "int64":
    case "timestamp": {
      // Written as two 32-bit halves (little-endian, as Arrow is): a BigInt per value costs an allocation.
      const words = new Int32Array(length * 2);
      for (let i = 0; i < length; i++) {
        const value = values[i];
        const n = typeof value === "number" ? value : value instanceof Date ? value.getTime() : 0;
        words[2 * i] = n >>> 0;
        words[2 * i + 1] = Math.floor(n / 4294967296);
      }
      return makeData({ ...props, data: new BigInt64Array(words.buffer) } as never);
    }
    case "utf8":
    case "json": {
      const texts = new Array<string>(length);
      for (let i = 0; i < length; i++) {
        const value = values[i];
        texts[i] =
          value === null || value === undefined ? "" : type === "json" ? cellToColumnText(value) : (value as string);
      }
      const { valueOffsets, data } = utf8Buffers(texts);
      return makeData({ ...props, valueOffsets, data } as never);
    }
  }
}

/** The offsets and bytes of an Arrow Utf8 column holding `texts`. */
export function utf8Buffers(texts: readonly string[]): { valueOffsets: Int32Array; data: Uint8Array } {
  if (texts.length > 1 && allSame(texts)) return repeatedUtf8(texts[0]!, texts.length);
  const { offsets, bytes } = utf8Concat(texts);
  return { valueOffsets: offsets, data: bytes };
}

function allSame(texts: readonly string[]): boolean {
  for (let i = 1; i < texts.length; i++) if (texts[i] !== texts[0]) return false;
  return true;
}

/** utf8Buffers of `count` times `text` (columns such as _run_id and _calc_dir): encoded once, then copied. */
function repeatedUtf8(text: string, count: number): { valueOffsets: Int32Array; data: Uint8Array } {
  const one = encoder.encode(text);
  const data = new Uint8Array(one.length * count);
  data.set(one);
  for (let filled = one.length; filled < data.length; filled *= 2)
    data.copyWithin(filled, 0, Math.min(filled, data.length - filled));
  const valueOffsets = new Int32Array(count + 1);
  for (let i = 1; i <= count; i++) valueOffsets[i] = i * one.length;
  return { valueOffsets, data };
}

function validity(values: readonly unknown[]): { nullBitmap: Uint8Array | undefined; nullCount: number } {
  let nullCount = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === null || values[i] === undefined) nullCount++;
  if (nullCount === 0) return { nullBitmap: undefined, nullCount };
  const nullBitmap = new Uint8Array(Math.ceil(values.length / 8));
  for (let i = 0; i < values.length; i++)
    if (values[i] !== null && values[i] !== undefined) nullBitmap[i >> 3]! |= 1 << (i & 7);
  return { nullBitmap, nullCount };
}
