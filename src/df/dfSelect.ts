import type { Table } from "apache-arrow";
import { arrow } from "../arrow/loadArrow.js";
import { decodeColumn } from "../arrow/decodeColumn.js";
import { PsweepError, describe } from "../errors.js";
import { recordBatchOfRows } from "../database/recordBatch.js";
import { columnsOf } from "../database/schema.js";

/** The rows of `df` at `indices`, in that order, with the same columns. */
export function dfTake(df: Table, indices: readonly number[]): Table {
  const columns = columnsOf(df.schema);
  const values = df.schema.fields.map((field, i) => decodeColumn(df.getChildAt(i)!, field));
  const rows = indices.map((row) => Object.fromEntries(columns.map((c, j) => [c.name, values[j]![row]])));
  return new (arrow().Table)([recordBatchOfRows(rows, columns)]);
}

export type Condition = ArrayLike<boolean> | ((row: number) => boolean);

/**
 * The rows where the conditions hold, combined with `op`: and (default), or,
 * xor. A condition is a boolean per row (e.g. computed from a column) or a
 * function of the row index.
 */
export function dfFilterConds(df: Table, conds: readonly Condition[], op: "and" | "or" | "xor" = "and"): Table {
  if (!["and", "or", "xor"].includes(op))
    throw new PsweepError(`dfFilterConds: op must be "and", "or" or "xor", got ${describe(op)}`);
  if (!Array.isArray(conds))
    throw new PsweepError(
      `dfFilterConds: conds must be an array of conditions (e.g. [mask] for one boolean array), got ${describe(conds)}`,
    );
  if (conds.length === 0) return df;
  const boolean = (x: unknown, what: string): boolean => {
    if (typeof x !== "boolean") throw new PsweepError(`dfFilterConds: ${what} is ${describe(x)}, not true or false`);
    return x;
  };
  const masks = conds.map((cond: unknown, i) => {
    if (typeof cond === "function")
      return Array.from({ length: df.numRows }, (_, row) => boolean(cond(row), `condition ${i} at row ${row}`));
    if (typeof cond !== "object" || cond === null || typeof (cond as { length?: unknown }).length !== "number") {
      throw new PsweepError(
        `dfFilterConds: condition ${i} is ${describe(cond)}; give a boolean per row (an array) or a function of the row index`,
      );
    }
    const values = cond as ArrayLike<unknown>;
    if (values.length !== df.numRows) {
      throw new PsweepError(
        `dfFilterConds: condition ${i} has ${values.length} values, the database has ${df.numRows} rows; give one boolean per row`,
      );
    }
    return Array.from(values, (x, row) => boolean(x, `condition ${i} at row ${row}`));
  });
  const keep: number[] = [];
  for (let row = 0; row < df.numRows; row++) {
    const hits = masks.filter((mask) => mask[row]).length;
    if (op === "and" ? hits === masks.length : op === "or" ? hits > 0 : hits % 2 === 1) keep.push(row);
  }
  return keep.length === df.numRows ? df : dfTake(df, keep);
}
