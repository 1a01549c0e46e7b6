// What the text formats (JSON, CSV) share: a table's columns decoded to the
// values dfExtractDicts gives, and the error for a value neither can write.

import type { Field, Table } from "apache-arrow";
import { decodeColumn } from "../../arrow/decodeColumn.js";
import { PsweepError, describe } from "../../errors.js";
import { isPlainObject } from "../../isPlainObject.js";

export interface DecodedColumn {
  readonly name: string;
  readonly field: Field;
  /** One value per row, decoded as dfExtractDicts decodes them. */
  readonly values: readonly unknown[];
}

/** Every column of `table`, in schema order, decoded. */
export function decodedColumns(table: Table): DecodedColumn[] {
  return table.schema.fields.map((field, i) => ({
    name: field.name,
    field,
    values: decodeColumn(table.getChildAt(i)!, field) as readonly unknown[],
  }));
}

/** An array or plain object: a JSON column's value, written as JSON. */
export function isNested(value: object): boolean {
  return Array.isArray(value) || isPlainObject(value);
}

/**
 * The error for a value a text format cannot hold faithfully: raw Arrow
 * values of column types psweep does not map (binary, list or struct columns
 * of files written elsewhere, for example).
 */
export function unsupportedValue(value: unknown, column: DecodedColumn, row: number, format: string): PsweepError {
  return new PsweepError(
    `dfWrite: column ${JSON.stringify(column.name)} (Arrow type ${String(column.field.type)}) holds ${describe(value)} in row ${row}, ` +
      `which format "${format}" cannot represent; it writes null, booleans, numbers, strings, timestamps and JSON columns. ` +
      `Write this table with format "arrow" or "parquet", or convert the column first.`,
  );
}
