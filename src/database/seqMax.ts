// The largest sequence numbers of a record batch, kept in the batch's own
// message metadata (Arrow IPC custom_metadata) by every file psweep writes:
// run() then finds the next _run_seq and _pset_seq from the batch headers it
// reads anyway, instead of reading two columns of every row (~25 ms per 10^6
// rows on a small machine, most of what appending to a big database cost).
// Other tools do not carry a message's metadata over when they write a file,
// so a batch without the entry is read as before; psweep writes the entry
// anew from the batch's values each time it writes a batch, never copying it.

import type { RecordBatch, Table, Vector } from "apache-arrow";
import { arrow } from "../arrow/loadArrow.js";

/** The key of the entry in a record batch's metadata. */
export const SEQ_MAX_KEY = "psweep:seq_max";

/** The largest _run_seq and _pset_seq of a batch's rows; -1 for a column it lacks or holds only nulls in. */
export interface SeqMax {
  readonly runSeq: number;
  readonly psetSeq: number;
}

/** The entry of `metadata`, or undefined when it has none or one that does not read as two integers >= -1. */
export function seqMaxOfMetadata(metadata: ReadonlyMap<string, string> | undefined): SeqMax | undefined {
  const text = metadata?.get(SEQ_MAX_KEY);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== 2 || !value.every(isSeq)) return undefined;
  return { runSeq: value[0] as number, psetSeq: value[1] as number };
}

function isSeq(value: unknown): boolean {
  return Number.isSafeInteger(value) && (value as number) >= -1;
}

/** The maxima of the batch's own values. */
export function seqMaxOfBatch(batch: RecordBatch): SeqMax {
  return { runSeq: maxOf(batch.getChild("_run_seq"), -1), psetSeq: maxOf(batch.getChild("_pset_seq"), -1) };
}

/** `batch` (the same data) with its metadata entry made from its values; a batch without sequence columns gets none. */
export function withSeqMax(batch: RecordBatch): RecordBatch {
  const metadata = new Map(batch.metadata);
  metadata.delete(SEQ_MAX_KEY);
  if (batch.schema.fields.some((field) => field.name === "_run_seq" || field.name === "_pset_seq")) {
    const { runSeq, psetSeq } = seqMaxOfBatch(batch);
    metadata.set(SEQ_MAX_KEY, JSON.stringify([runSeq, psetSeq]));
  }
  return new (arrow().RecordBatch)(batch.schema, batch.data, metadata);
}

/** `table` with withSeqMax applied to every batch. */
export function tableWithSeqMax(table: Table): Table {
  return new (arrow().Table)(table.schema, table.batches.map(withSeqMax));
}

/** The larger of `max` and the largest non-null value in `column`. */
export function maxOf(column: Vector | null, max: number): number {
  // Per chunk, on the typed array and the validity bits: iterating the
  // vector, or calling getValid per row, costs ~100 ms per 10^6 rows.
  for (const data of column?.data ?? []) {
    const bits = data.nullCount > 0 ? data.nullBitmap : undefined;
    const values = data.values as ArrayLike<number | bigint>;
    // A 64-bit value from its two 32-bit halves (little-endian, as Arrow IPC
    // is): Number() of each bigint costs ~5 ms per 10^6 rows.
    const halves =
      values instanceof BigInt64Array ? new Int32Array(values.buffer, values.byteOffset, 2 * data.length) : undefined;
    for (let i = 0; i < data.length; i++) {
      // values are sliced to the data; the validity bits are not
      if (bits !== undefined && !(bits[(data.offset + i) >> 3]! & (1 << ((data.offset + i) & 7)))) continue;
      const value = halves ? halves[2 * i + 1]! * 4294967296 + (halves[2 * i]! >>> 0) : Number(values[i]);
      if (value > max) max = value;
    }
  }
  return max;
}
