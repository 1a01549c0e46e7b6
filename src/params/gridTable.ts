// Grid -> Arrow table without a JavaScript object per pset: each parameter
// is a dictionary column whose indices are the core's grid expansion and
// whose dictionary is the parameter's values along its axis.

import type { Data, Field, RecordBatch, Table } from "apache-arrow";
import { arrow } from "../arrow/loadArrow.js";
import { columnOfValues } from "../arrow/columnOfValues.js";
import { hexBytesOfDigests } from "../core/sha1.js";
import type { HashOptions } from "../hash/psetHash.js";
import type { GridCore as Grid } from "./gridCore.js";

/** Rows per record batch: keeps Utf8 offsets (int32) far from overflow. */
const BATCH_ROWS = 1 << 20;

export function gridTable(
  grid: Grid<object>,
  range: { start: number; end: number },
  options: HashOptions & { hash?: boolean },
): Table {
  const { Dictionary, Field, Int32, RecordBatch, Schema, Struct, Table, Utf8, makeData } = arrow();
  const columns = grid.keys.map((key) => {
    const { vector, metadata } = columnOfValues(key.values);
    const type = new Dictionary(vector.type, new Int32());
    const valid = key.values.map((value) => value !== null && value !== undefined);
    return { key, vector, valid, type, field: new Field(key.name, type, valid.includes(false), metadata) };
  });
  const fields: Field[] = columns.map((column) => column.field);
  if (options.hash) fields.push(new Field("_pset_hash", new Utf8(), false));
  const schema = new Schema(fields);

  const batches: RecordBatch[] = [];
  for (let start = range.start; start < range.end || batches.length === 0; start += BATCH_ROWS) {
    const end = Math.min(range.end, start + BATCH_ROWS);
    const length = end - start;
    const indices = grid.indices({ start, end });
    const used = new Set<Int32Array>();
    const children: Data[] = columns.map(({ key, vector, valid, type }) => {
      // Keys of one zip share an axis, but each column gets its own indices:
      // apache-arrow's IPC writer miscounts the body when two columns share
      // one buffer ("Expected to read N bytes for message body").
      let data = indices[key.axis]!;
      if (used.has(data)) data = data.slice();
      used.add(data);
      const nullBitmap = valid.includes(false) ? validityOf(data, valid) : undefined;
      const nullCount = nullBitmap ? data.reduce((n, index) => n + (valid[index] ? 0 : 1), 0) : 0;
      return makeData({ type, length, nullCount, nullBitmap, data, dictionary: vector });
    });
    if (options.hash) {
      const valueOffsets = new Int32Array(length + 1);
      for (let i = 0; i <= length; i++) valueOffsets[i] = 40 * i;
      const data = hexBytesOfDigests(grid.digests({ ...options, start, end }));
      children.push(makeData({ type: new Utf8(), length, nullCount: 0, valueOffsets, data }));
    }
    batches.push(new RecordBatch(schema, makeData({ type: new Struct(fields), length, nullCount: 0, children })));
  }
  return new Table(schema, batches);
}

function validityOf(indices: Int32Array, valid: readonly boolean[]): Uint8Array {
  const bitmap = new Uint8Array(Math.ceil(indices.length / 8));
  indices.forEach((index, row) => {
    if (valid[index]) bitmap[row >> 3]! |= 1 << (row & 7);
  });
  return bitmap;
}
