import { PsweepError, describe } from "../errors.js";
import { randomUuids } from "./randomUuids.js";

/** A random UUID (version 4), not in `existing`. */
export function getUuid(existing: Iterable<string> = []): string {
  return getManyUuids(1, existing)[0]!;
}

/** `count` distinct random UUIDs (version 4), none in `existing`. */
export function getManyUuids(count: number, existing: Iterable<string> = []): string[] {
  if (!Number.isInteger(count) || count < 0)
    throw new PsweepError(`getManyUuids: count must be a non-negative integer, got ${describe(count)}`);
  // A string is iterable too, but as characters: one id is [id].
  if (
    typeof existing === "string" ||
    typeof (existing as { [Symbol.iterator]?: unknown } | null)?.[Symbol.iterator] !== "function"
  ) {
    throw new PsweepError(
      `getManyUuids: existing must be an array or Set of ids (one id is [id]), got ${describe(existing)}`,
    );
  }
  const taken = new Set(existing);
  const ids: string[] = [];
  while (ids.length < count) {
    for (const id of randomUuids(count - ids.length)) {
      if (!taken.has(id)) {
        taken.add(id);
        ids.push(id);
      }
    }
  }
  return ids;
}
