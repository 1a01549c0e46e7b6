// What psetHash and psetHashes share: which keys of a pset enter the hash,
// in canonical order, worked out once per shape of pset, and their values
// read in that order.

import { PsweepHashError, describe } from "../errors.js";
import { isPlainObject } from "../isPlainObject.js";
import type { Pset } from "../types.js";
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

export interface Shape extends KeyPlan {
  /** The pset's own keys, in its order. */
  readonly own: readonly string[];
  /** For own key i, its index in keys, or -1 when it is not hashed. */
  readonly slot: Int32Array;
}

/** The shape of {}, where readers start. */
export const EMPTY_SHAPE: Shape = { own: [], slot: new Int32Array(0), keys: [], prefixes: [] };

/** A plain object, as a pset must be. */
export function isPsetLike(pset: unknown): pset is Pset {
  if (typeof pset !== "object" || pset === null) return false;
  // The common case first, small enough for the caller's loop to inline.
  return Object.getPrototypeOf(pset) === Object.prototype || (!Array.isArray(pset) && isPlainObject(pset));
}

/**
 * Reads psets for hashing: checks each is a pset and gives its key plan and
 * the values of its hashed keys. Psets in a row mostly share their keys in
 * the same order, so the plan is worked out again only when the keys change.
 */
export class PsetReader {
  /** The last pset's values of plan.keys, in that order (longer arrays keep stale entries past the end). */
  readonly values: unknown[] = [];
  /** The last pset's shape. */
  shape: Shape = EMPTY_SHAPE;

  constructor(private readonly options: HashOptions) {}

  /** Reads `pset` into `values` and returns its key plan. */
  read(pset: Pset): KeyPlan {
    if (!isPsetLike(pset)) {
      throw new PsweepHashError(`a pset must be a plain object such as {a: 1}, got ${describe(pset)}`);
    }
    // One for-in both checks the keys against the last pset's and reads the
    // values: V8 reads a property of the object for-in walks from its
    // enumeration cache, without a property lookup.
    const { own, slot } = this.shape;
    const values = this.values;
    let i = 0;
    for (const key in pset) {
      if (key !== own[i]) return this.reshape(pset);
      const j = slot[i++]!;
      if (j >= 0) values[j] = pset[key];
    }
    return i === own.length ? this.shape : this.reshape(pset);
  }

  private reshape(pset: Pset): KeyPlan {
    const own = Object.keys(pset);
    const keys = own.filter((key) => isHashedKey(key, this.options)).sort();
    // Checked before anything is kept: a refused key must be refused again next call.
    for (const key of keys) checkKey(key, "");
    const index = new Map(keys.map((key, j) => [key, j]));
    this.shape = {
      own,
      slot: Int32Array.from(own, (key) => index.get(key) ?? -1),
      keys,
      prefixes: keys.map((key) => `${JSON.stringify(key)}:`),
    };
    for (let j = 0; j < keys.length; j++) this.values[j] = pset[keys[j]!];
    return this.shape;
  }
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
