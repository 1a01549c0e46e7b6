import { Table } from "apache-arrow";
import { PsweepError, describe } from "../errors.js";
import { batchOfRows } from "../database/batch.js";
import { columnsOf, type ColumnSpec } from "../database/schema.js";
import { psetHashes } from "../hash/psetHash.js";
import { dfExtractDicts, dfExtractParams } from "./dfExtract.js";

/** `df` with `_pset_hash` computed again from each row's parameters (after you changed them). */
export function dfUpdatePsetHash(df: Table): Table {
  const hashes = psetHashes(dfExtractParams(df));
  const columns = columnsOf(df.schema);
  const withHash: ColumnSpec[] = columns.some((c) => c.name === "_pset_hash") ? columns : [...columns, { name: "_pset_hash", type: "utf8", role: "book" }];
  const rows = dfExtractDicts(df).map((row, i) => ({ ...row, _pset_hash: hashes[i] }));
  return tableOf(rows, withHash);
}

/**
 * `df` with exactly `cols` marked as the parameter columns (e.g. a database
 * made elsewhere, or a result column that should have been a parameter), and
 * `_pset_hash` computed again from them.
 */
export function dfUpdatePsetCols(df: Table, cols: readonly string[]): Table {
  const names = df.schema.fields.map((f) => f.name);
  if (!Array.isArray(cols)) throw new PsweepError(`dfUpdatePsetCols: cols must be an array of column names, like ["a", "b"], got ${describe(cols)}`);
  const missing = cols.filter((c) => !names.includes(c));
  if (missing.length > 0) throw new PsweepError(`dfUpdatePsetCols: no column ${missing.map((c) => JSON.stringify(c)).join(", ")}; columns are ${names.join(", ")}`);
  const wanted = new Set(cols);
  const columns = columnsOf(df.schema).map((c): ColumnSpec => ({
    ...c,
    role: wanted.has(c.name) ? "pset" : c.role === "pset" ? (c.name.startsWith("_") ? "book" : "result") : c.role,
  }));
  return dfUpdatePsetHash(tableOf(dfExtractDicts(df), columns));
}

function tableOf(rows: Record<string, unknown>[], columns: readonly ColumnSpec[]): Table {
  return new Table([batchOfRows(rows, columns)]);
}
