// Record batches of the database: new rows become one batch, built column
// by column from typed arrays; old batches are widened when the schema grew.

import type { Data, RecordBatch, Schema } from "apache-arrow";
import { arrow } from "../arrow/loadArrow.js";
import { arrowType } from "../arrow/columnType.js";
import { decodeColumn } from "../arrow/decodeColumn.js";
import { encodeColumn } from "../arrow/encodeColumn.js";
import { RowBuffer } from "./rowBuffer.js";
import { columnsOf, schemaOf, type ColumnSpec } from "./schema.js";

/** One record batch of the buffered rows with exactly the columns `columns` (missing values are null). */
export function recordBatchOfBuffer(rows: RowBuffer, columns: readonly ColumnSpec[]): RecordBatch {
  const children = columns.map(
    (column) =>
      (column.type === "utf8" ? fixedWidthData(rows, column.name) : undefined) ??
      encodeColumn(
        (column.type === "timestamp" ? rows.timeValues(column.name) : undefined) ?? rows.column(column.name),
        column.type,
      ),
  );
  return recordBatchOf(schemaOf(columns), rows.length, children);
}

/** A text column whose bytes the plan made (hashes, ids), as they are. */
function fixedWidthData(rows: RowBuffer, name: string): Data | undefined {
  const text = rows.fixedWidthText(name);
  if (text === undefined) return undefined;
  const valueOffsets = new Int32Array(rows.length + 1);
  for (let i = 1; i <= rows.length; i++) valueOffsets[i] = text.width * i;
  const { Utf8, makeData } = arrow();
  return makeData({ type: new Utf8(), length: rows.length, nullCount: 0, valueOffsets, data: text.bytes });
}

export function recordBatchOfRows(
  rows: readonly Record<string, unknown>[],
  columns: readonly ColumnSpec[],
): RecordBatch {
  return recordBatchOfBuffer(RowBuffer.of(rows), columns);
}

/**
 * `batch` re-encoded to `columns`: columns it lacks become nulls, columns
 * whose type widened are decoded and encoded again, the rest is reused as it
 * is (no copy).
 */
export function conformRecordBatch(batch: RecordBatch, columns: readonly ColumnSpec[]): RecordBatch {
  const schema = schemaOf(columns);
  const own = new Map(columnsOf(batch.schema).map((c, i) => [c.name, { spec: c, field: batch.schema.fields[i]! }]));
  const children = columns.map((column) => {
    const found = own.get(column.name);
    if (found === undefined) return encodeColumn(new Array<null>(batch.numRows).fill(null), column.type);
    const vector = batch.getChild(column.name)!;
    // Reused as it is only when the Arrow type is exactly the one psweep
    // writes (a file from elsewhere may hold e.g. Float32 or LargeUtf8).
    if (found.spec.type === column.type && String(vector.type) === String(arrowType(column.type)))
      return vector.data[0]!;
    return encodeColumn(decodeColumn(vector, found.field), column.type);
  });
  return recordBatchOf(schema, batch.numRows, children);
}

function recordBatchOf(schema: Schema, length: number, children: Data[]): RecordBatch {
  const { RecordBatch, Struct, makeData } = arrow();
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length, nullCount: 0, children }));
}
