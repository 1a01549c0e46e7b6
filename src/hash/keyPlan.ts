// What psetHash and psetHashes share: which keys of a pset enter the hash,
// in canonical order, worked out once per shape of pset.

import { PsweepHashError, describe } from "../errors.js";
import { isPlainObject } from "../isPlainObject.js";
import type { Pset } from "../types.js";
import { hasKeys } from "../util/hasKeys.js";
import { canonicalJson, checkKey } from "./canonicalJson.js";

export interface HashOptions {
  /** Leave out keys starting with "_" (book-keeping). Default true. */
  skipPrefixCols?: boolean;
  /** Leave out keys ending with "_". Default true. */
  skipPostfixCols?: boolean;
}

/** Whether key `key` enters the hash under `options`. */
export function isHashedKey(key: string, options: HashOptions = {}): boolean {
  if ((options.skipPrefixCols ?? true) && key.startsWith("_")) return false;
  if ((options.skipPostfixCols ?? true) && key.endsWith("_")) return false;
  return true;
}

export interface KeyPlan {
  /** The hashed keys, sorted. */
  readonly keys: readonly string[];
  /** `"key":` of each. */
  readonly prefixes: readonly string[];
}

/**
 * The key plan of each pset handed to it, after checking it is a pset.
 * Psets in a row mostly share their keys in the same order, so the plan is
 * worked out again only when the keys change.
 */
export function keyPlanner(options: HashOptions): (pset: Pset) => KeyPlan {
  let own: string[] = [];
  let plan: KeyPlan = { keys: [], prefixes: [] };
  return (pset) => {
    if (typeof pset !== "object" || pset === null || Array.isArray(pset) || !isPlainObject(pset)) {
      throw new PsweepHashError(`a pset must be a plain object such as {a: 1}, got ${describe(pset)}`);
    }
    if (!hasKeys(pset, own)) {
      // Checked before anything is kept: a refused key must be refused again next call.
      const keys = Object.keys(pset);
      const hashed = [...keys].sort().filter((key) => isHashedKey(key, options));
      for (const key of hashed) checkKey(key, "");
      own = keys;
      plan = { keys: hashed, prefixes: hashed.map((key) => `${JSON.stringify(key)}:`) };
    }
    return plan;
  };
}

// Strings of printable ASCII without quote or backslash: their JSON is the
// text in quotes, and they are well-formed Unicode.
export const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** canonicalJson, with the common scalars (finite numbers, plain strings) decided without it. */
export function valueJson(value: unknown, key: string): string {
  if (typeof value === "number") {
    if (Number.isFinite(value)) return String(value); // as RFC 8785; String(-0) is "0"
  } else if (typeof value === "string" && PLAIN_ASCII.test(value)) {
    return `"${value}"`;
  }
  return canonicalJson(value, key);
}
