import type { Table } from "apache-arrow";

/** An apache-arrow Table, also from another copy of apache-arrow (so not by instanceof). */
export function isTable(value: unknown): value is Table {
  if (value === null || typeof value !== "object") return false;
  const table = value as Partial<Table>;
  return (
    typeof table.numRows === "number" &&
    Array.isArray(table.schema?.fields) &&
    typeof table.getChildAt === "function" &&
    Array.isArray(table.batches)
  );
}
