// A database as the report page carries it: one array per column, plain
// JSON values only, so it embeds as JSON and decodes the same in the
// browser. No imports: the page script bundles this file.

import type { Role } from "../database/schema.js";

/** What a column's non-null values are: time is epoch milliseconds, json is JSON text. */
export type ColumnKind = "number" | "string" | "boolean" | "time" | "json";

export type CellValue = number | string | boolean | null;

export interface ReportColumn {
  readonly name: string;
  readonly role: Role;
  readonly kind: ColumnKind;
  readonly values: readonly CellValue[];
}

export interface ReportData {
  readonly columns: readonly ReportColumn[];
  readonly numRows: number;
}

/**
 * On the wire, a string column with few distinct values (run ids, hosts,
 * folders) is a dictionary and codes: 10^5 rows of one _run_id are 10^5
 * small numbers instead of 10^5 copies of a UUID.
 */
export interface WireColumn {
  readonly name: string;
  readonly role: Role;
  readonly kind: ColumnKind;
  readonly values?: readonly CellValue[];
  readonly dict?: readonly string[];
  readonly codes?: readonly (number | null)[];
}

export interface WireData {
  readonly numRows: number;
  readonly columns: readonly WireColumn[];
}

export function toWire(data: ReportData): WireData {
  return {
    numRows: data.numRows,
    columns: data.columns.map((column): WireColumn => {
      const { name, role, kind, values } = column;
      if (kind !== "string") return { name, role, kind, values };
      const index = new Map<string, number>();
      const codes = values.map((v) => {
        if (v === null) return null;
        let code = index.get(v as string);
        if (code === undefined) index.set(v as string, (code = index.size));
        return code;
      });
      if (index.size * 2 > values.length) return { name, role, kind, values };
      return { name, role, kind, dict: [...index.keys()], codes };
    }),
  };
}

export function fromWire(wire: WireData): ReportData {
  return {
    numRows: wire.numRows,
    columns: wire.columns.map((c) => ({
      name: c.name,
      role: c.role,
      kind: c.kind,
      values: c.values ?? (c.codes ?? []).map((code) => (code === null ? null : c.dict![code]!)),
    })),
  };
}

/**
 * `value` as JSON that is safe inside an HTML <script> element: no "<" at
 * all (so no "</script>" or "<!--" from a hostile database value), and the
 * two line separators JavaScript once treated as newlines escaped.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
