// Rows of a database as plain objects.

import type { Table } from "apache-arrow";
import { decodeColumn, type Cell } from "../arrow/decodeColumn.js";
import { PsweepError } from "../errors.js";
import { columnsOf } from "../database/schema.js";
import type { Pset } from "../types.js";

/** A row read back from a database: every column, its value decoded (see NewRow in database/rowBuffer.ts for a row being written). */
export type Row = Record<string, Cell>;

/**
 * Every row as an object with every column, values decoded (missing values
 * are null). Name the row type to get typed rows, e.g.
 * `dfExtractDicts<{ a: number; result: number; _pset_id: string }>(df)`;
 * the type is not checked against the table (it is a claim about your study).
 */
export function dfExtractDicts<R extends object = Row>(df: Table): R[] {
  const columns = df.schema.fields.map((field, i) => ({
    name: field.name,
    values: decodeColumn(df.getChildAt(i)!, field),
  }));
  return Array.from({ length: df.numRows }, (_, row) => {
    const dict: Row = {};
    for (const column of columns)
      Object.defineProperty(dict, column.name, {
        value: column.values[row],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return dict as R;
  });
}

/**
 * The pset each row was run with: its parameter columns, without the ones
 * that are null in that row (a parameter the pset did not have).
 * With `failed: true`, only the psets that failed (onError "record") and
 * never succeeded since, once each: `run(func, dfExtractParams(df, {failed: true}))`
 * runs just those again.
 */
export function dfExtractParams(df: Table, options: { failed?: boolean } = {}): Pset[] {
  const rows = dfExtractDicts(df);
  const psetCols = columnsOf(df.schema)
    .filter((c) => c.role === "pset")
    .map((c) => c.name);
  const psetOf = (row: Row): Pset =>
    Object.fromEntries(psetCols.filter((c) => row[c] !== null).map((c) => [c, row[c]])) as Pset;
  if (!options.failed) return rows.map(psetOf);
  // Each pset's latest row tells (a success before the failure does not count),
  // in the order the psets first appear. A row not marked failed is a success:
  // runs without onError "record" keep only successes.
  const latest = new Map<unknown, Row>();
  for (const row of rows) latest.set(row._pset_hash, row);
  return [...latest.values()].filter((row) => row._failed === true).map(psetOf);
}

/** The row with this _pset_id, as an object. */
export function dfExtractRow(df: Table, psetId: string): Row {
  const ids = df.getChild("_pset_id");
  for (let i = 0; i < df.numRows; i++) {
    if (ids?.get(i) === psetId) return dfExtractDicts(df.slice(i, i + 1))[0]!;
  }
  throw new PsweepError(`no row with _pset_id ${JSON.stringify(psetId)} in this database (${df.numRows} rows)`);
}

/** The pset of the row with this _pset_id (as a job reads its parameters, instead of placeholders). */
export function dfExtractPset(df: Table, psetId: string): Pset {
  const row = dfExtractRow(df, psetId);
  const psetCols = columnsOf(df.schema)
    .filter((c) => c.role === "pset")
    .map((c) => c.name);
  return Object.fromEntries(psetCols.filter((c) => row[c] !== null).map((c) => [c, row[c]])) as Pset;
}
