// The pset hash written from its definition alone (README "The pset hash"):
// no wasm core, node:crypto for SHA-1. Tests check the library against it.

import { createHash } from "node:crypto";

export function canonicalRef(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value); // ES number and string forms = RFC 8785
  if (Array.isArray(value)) return `[${value.map(canonicalRef).join(",")}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort(compareCodeUnits);
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalRef(record[k])}`).join(",")}}`;
}

export function psetHashRef(pset: Record<string, unknown>, { skipPrefixCols = true, skipPostfixCols = true } = {}): string {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pset)) {
    if (value === null || value === undefined) continue;
    if (skipPrefixCols && key.startsWith("_")) continue;
    if (skipPostfixCols && key.endsWith("_")) continue;
    Object.defineProperty(kept, key, { value, enumerable: true });
  }
  return createHash("sha1").update(canonicalRef(kept), "utf8").digest("hex");
}

function compareCodeUnits(a: string, b: string): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
