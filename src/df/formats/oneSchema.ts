// apache-arrow's IPC writer (tableToIPC, for the file and the stream format)
// compares each record batch's schema with the table's by an instanceof check
// on the type classes. A batch with an equal schema built from other classes
// (Int32 against the Int_ that reading a file gives, Float64 against Float,
// TimestampMillisecond against Timestamp_) fails that check: the writer then
// ends the stream and starts another, and every reader stops at the first
// end, so those batches' rows are silently lost. Tables psweep builds avoid
// this (see merge in database/store.ts), but dfWrite takes any table, e.g.
// one put together from several reads, so every batch is given the table's
// own schema object before it is serialized.

import type { Schema, Table } from "apache-arrow";
import { arrow } from "../../arrow/loadArrow.js";
import { PsweepError } from "../../errors.js";

/** `table`, with every batch carrying the table's schema object (the same data). */
export function withOneSchema(table: Table): Table {
  if (table.batches.every((batch) => batch.schema === table.schema)) return table;
  const expected = shapeOf(table.schema);
  const { RecordBatch, Table } = arrow();
  const batches = table.batches.map((batch, i) => {
    if (batch.schema === table.schema) return batch;
    const shape = shapeOf(batch.schema);
    if (shape !== expected) {
      throw new PsweepError(
        `dfWrite: record batch ${i} of this table has the columns ${shape}, but the table's schema has ${expected}; ` +
          `every batch of a table must have the table's columns and types`,
      );
    }
    return new RecordBatch(table.schema, batch.data);
  });
  return new Table(table.schema, batches);
}

/** Column names, types and nullability, as text. */
function shapeOf(schema: Schema): string {
  return JSON.stringify(schema.fields.map((field) => [field.name, String(field.type), field.nullable]));
}
