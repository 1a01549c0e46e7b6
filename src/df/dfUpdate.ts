import type { Table } from "apache-arrow";
import { arrow } from "../arrow/loadArrow.js";
import { PsweepError, describe } from "../errors.js";
import { recordBatchOfRows } from "../database/recordBatch.js";
import { columnsOf, type ColumnSpec } from "../database/schema.js";
import { psetHash, psetHashes } from "../hash/psetHash.js";
import { typeOfValue } from "../arrow/columnType.js";
import { readOptions } from "../util/optionReader.js";
import type { Value } from "../types.js";
import { dfExtractDicts, dfExtractParams } from "./dfExtract.js";

/** `df` with `_pset_hash` computed again from each row's parameters (after you changed them). */
export function dfUpdatePsetHash(df: Table): Table {
  const hashes = psetHashes(dfExtractParams(df));
  const columns = columnsOf(df.schema);
  const withHash: ColumnSpec[] = columns.some((c) => c.name === "_pset_hash")
    ? columns
    : [...columns, { name: "_pset_hash", type: "utf8", role: "book" }];
  const rows = dfExtractDicts(df).map((row, i) => ({ ...row, _pset_hash: hashes[i] }));
  return tableOf(rows, withHash);
}

/**
 * `df` with exactly `cols` marked as the parameter columns (e.g. a database
 * made elsewhere, or a result column that should have been a parameter), and
 * `_pset_hash` computed again from them. A column of `cols` that `df` lacks
 * is an error, unless `fillValue` is given (as Python psweep's fill_value):
 * then it is added after the other parameters, holding that value in every row.
 */
export function dfUpdatePsetCols(df: Table, cols: readonly string[], options: { fillValue?: unknown } = {}): Table {
  const fn = "dfUpdatePsetCols";
  const read = readOptions(fn, options, ["fillValue"]);
  const names = df.schema.fields.map((f) => f.name);
  if (!Array.isArray(cols))
    throw new PsweepError(`${fn}: cols must be an array of column names, like ["a", "b"], got ${describe(cols)}`);
  const bad = cols.find((c) => typeof c !== "string" || c === "");
  if (bad !== undefined) throw new PsweepError(`${fn}: cols must be non-empty column names, got ${describe(bad)}`);
  const missing = cols.filter((c) => !names.includes(c));
  const fill = Object.hasOwn(read.raw, "fillValue") && read.raw.fillValue !== undefined;
  if (missing.length > 0 && !fill) {
    throw new PsweepError(
      `${fn}: no column ${missing.map((c) => JSON.stringify(c)).join(", ")}; columns are ${names.join(", ")}; pass {fillValue} to add missing columns`,
    );
  }
  const fillValue = read.raw.fillValue;
  if (fill) {
    // Checked as a pset value would be, so that a bad value names itself here, not in a hash of row 0.
    for (const name of missing) psetHash({ [name]: fillValue as Value });
  }
  const wanted = new Set(cols);
  const columns = columnsOf(df.schema).map((c): ColumnSpec => ({
    ...c,
    role: wanted.has(c.name) ? "pset" : c.role === "pset" ? (c.name.startsWith("_") ? "book" : "result") : c.role,
  }));
  const lastPset = columns.reduce((last, c, i) => (c.role === "pset" ? i : last), -1);
  const added = missing.map((name): ColumnSpec => ({ name, type: typeOfValue(fillValue), role: "pset" }));
  columns.splice(lastPset + 1, 0, ...added);
  const rows =
    missing.length === 0
      ? dfExtractDicts(df)
      : dfExtractDicts(df).map((row) => {
          for (const name of missing)
            Object.defineProperty(row, name, {
              value: fillValue,
              enumerable: true,
              writable: true,
              configurable: true,
            });
          return row;
        });
  return dfUpdatePsetHash(tableOf(rows, columns));
}

function tableOf(rows: Record<string, unknown>[], columns: readonly ColumnSpec[]): Table {
  return new (arrow().Table)([recordBatchOfRows(rows, columns)]);
}
