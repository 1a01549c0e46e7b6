// The columns of a database, decoded to the plain values the report page
// carries (wire.ts).

import type { Table } from "apache-arrow";
import { decodeColumn } from "../arrow/decodeColumn.js";
import { columnsOf } from "../database/schema.js";
import type { CellValue, ColumnKind, ReportColumn, ReportData } from "./wire.js";

/** The columns of `df`, decoded to plain values. */
export function reportData(df: Table): ReportData {
  const specs = columnsOf(df.schema);
  const columns = df.schema.fields.map((field, i): ReportColumn => {
    const cells = decodeColumn(df.getChildAt(i)!, field);
    const kind = kindOf(cells);
    const values = cells.map((cell): CellValue => {
      if (cell === null || cell === undefined) return null;
      if (cell instanceof Date) return kind === "time" ? cell.getTime() : JSON.stringify(cell);
      if (kind === "json") return JSON.stringify(cell);
      // NaN and Infinity are not JSON: the page shows them as text.
      if (typeof cell === "number" && !Number.isFinite(cell)) return String(cell);
      return cell as CellValue;
    });
    return { name: field.name, role: specs[i]!.role, kind, values };
  });
  return { columns, numRows: df.numRows };
}

function kindOf(cells: readonly unknown[]): ColumnKind {
  let kind: ColumnKind | undefined;
  for (const cell of cells) {
    if (cell === null || cell === undefined) continue;
    const k: ColumnKind =
      cell instanceof Date
        ? "time"
        : typeof cell === "number"
          ? "number"
          : typeof cell === "string"
            ? "string"
            : typeof cell === "boolean"
              ? "boolean"
              : "json";
    if (kind === undefined) kind = k;
    else if (kind !== k) return "json";
  }
  return kind ?? "string";
}
