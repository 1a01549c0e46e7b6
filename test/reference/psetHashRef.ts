// The pset hash written from its definition alone (README "The pset hash"):
// no wasm core, node:crypto for SHA-1. Tests check the library against it.

import { createHash } from "node:crypto";

export function canonicalRef(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value); // ES number and string forms = RFC 8785
  if (Array.isArray(value)) return `[${value.map(canonicalRef).join(",")}]`;
  const record = value as Record<string, unknown>;
  return objectRef(
    record,
    Object.keys(record).filter((k) => record[k] !== undefined),
  );
}

export function psetHashRef(
  pset: Record<string, unknown>,
  { skipPrefixCols = true, skipPostfixCols = true } = {},
): string {
  const keys = Object.keys(pset).filter(
    (key) =>
      pset[key] !== null &&
      pset[key] !== undefined &&
      !(skipPrefixCols && key.startsWith("_")) &&
      !(skipPostfixCols && key.endsWith("_")),
  );
  return createHash("sha1").update(objectRef(pset, keys), "utf8").digest("hex");
}

function objectRef(record: Record<string, unknown>, keys: string[]): string {
  return `{${keys
    .sort(compareCodeUnits)
    .map((k) => `${JSON.stringify(k)}:${canonicalRef(record[k])}`)
    .join(",")}}`;
}

function compareCodeUnits(a: string, b: string): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
