import { v4 } from "uuid";
import { PsweepError, describe } from "../errors.js";
import { isPlainObject } from "../isPlainObject.js";

/** A random UUID (version 4), not in `existing`. */
export function getUuid(existing: Iterable<string> = []): string {
  return getManyUuids(1, existing)[0]!;
}

/** `count` distinct random UUIDs (version 4), none in `existing`. */
export function getManyUuids(count: number, existing: Iterable<string> = []): string[] {
  if (!Number.isInteger(count) || count < 0) throw new PsweepError(`getManyUuids: count must be a non-negative integer, got ${describe(count)}`);
  const taken = new Set(existing);
  const ids: string[] = [];
  while (ids.length < count) {
    const id = v4();
    if (!taken.has(id)) {
      taken.add(id);
      ids.push(id);
    }
  }
  return ids;
}

/**
 * Nested objects flattened into one level: {a: {b: 1, c: {d: 2}}} is
 * {"a.b": 1, "a.c.d": 2}. Arrays are values, not flattened.
 */
export function flattenDict(dict: Record<string, unknown>, options: { sep?: string } = {}): Record<string, unknown> {
  const sep = options.sep ?? ".";
  const out: Record<string, unknown> = {};
  const walk = (value: Record<string, unknown>, prefix: string): void => {
    for (const [key, item] of Object.entries(value)) {
      const name = prefix === "" ? key : `${prefix}${sep}${key}`;
      if (typeof item === "object" && item !== null && !Array.isArray(item) && isPlainObject(item)) walk(item as Record<string, unknown>, name);
      else if (name in out) throw new PsweepError(`flattenDict: key ${JSON.stringify(name)} comes out twice; choose another sep`);
      else out[name] = item;
    }
  };
  walk(dict, "");
  return out;
}
