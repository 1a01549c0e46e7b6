// The pset hash, scheme "jcs-sha1-v1": SHA-1 of the RFC 8785 canonical JSON
// of the pset's hashed keys. See README "The pset hash" for the definition
// and the Python lines that reproduce it.

import { sha1HexOfText, sha1HexOfTexts } from "../core/sha1.js";
import type { Pset } from "../types.js";
import { PsweepHashError, describe } from "../errors.js";
import { isPlainObject } from "../isPlainObject.js";
import { hasKeys } from "../util/hasKeys.js";
import { canonicalJson, checkKey } from "./canonicalJson.js";

const HASH_SLICE = 1024;

/** Name of the hash scheme, stored in every database's schema metadata. */
export const HASH_SCHEME = "jcs-sha1-v1";

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

/**
 * The `"key":value` text that top-level entry (key, value) contributes to the
 * canonical JSON, or "" when it is left out (a skipped key, or a value of
 * null or undefined, so that adding a parameter later keeps old hashes).
 */
export function hashFragment(key: string, value: unknown, options: HashOptions = {}): string {
  if (value === null || value === undefined || !isHashedKey(key, options)) return "";
  checkKey(key, "");
  return `${JSON.stringify(key)}:${canonicalJson(value, key)}`;
}

/** The canonical JSON text whose SHA-1 is the pset hash. */
export function canonicalPset(pset: Pset, options: HashOptions = {}): string {
  return canonicalizer(options)(pset);
}

/**
 * A serializer of psets to canonical JSON for one batch. Psets of a batch
 * mostly share their keys in the same order, so the sorted keys and their
 * `"key":` texts are worked out again only when the keys change.
 */
function canonicalizer(options: HashOptions): (pset: Pset) => string {
  let keys: string[] = [];
  let hashed: string[] = [];
  let prefixes: string[] = []; // `"key":`
  return (pset) => {
    if (typeof pset !== "object" || pset === null || Array.isArray(pset) || !isPlainObject(pset)) {
      throw new PsweepHashError(`a pset must be a plain object such as {a: 1}, got ${describe(pset)}`);
    }
    if (!hasKeys(pset, keys)) {
      // Checked before anything is kept: a refused key must be refused again next call.
      const own = Object.keys(pset);
      const sorted = [...own].sort().filter((key) => isHashedKey(key, options));
      for (const key of sorted) checkKey(key, "");
      [keys, hashed, prefixes] = [own, sorted, sorted.map((key) => `${JSON.stringify(key)}:`)];
    }
    let text = "";
    for (let i = 0; i < hashed.length; i++) {
      const key = hashed[i]!;
      const value = pset[key];
      if (value === null || value === undefined) continue;
      text += (text === "" ? prefixes[i]! : `,${prefixes[i]!}`) + scalarJson(value, key);
    }
    return `{${text}}`;
  };
}

// Strings of printable ASCII without quote or backslash: their JSON is the
// text in quotes, and they are well-formed Unicode.
const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** canonicalJson, with the common scalars (finite numbers, plain strings) decided without it. */
function scalarJson(value: unknown, key: string): string {
  if (typeof value === "number") {
    if (Number.isFinite(value)) return String(value); // as RFC 8785; String(-0) is "0"
  } else if (typeof value === "string" && value.length < 64 && PLAIN_ASCII.test(value)) {
    return `"${value}"`;
  }
  return canonicalJson(value, key);
}

// One serializer per combination of options, kept between psetHash calls:
// calls in a loop then reuse the sorted keys of the last pset.
const canonicalizers = new Map<number, (pset: Pset) => string>();

/** The hash of one pset: 40 lowercase hex characters. */
export function psetHash(pset: Pset, options: HashOptions = {}): string {
  const which = (options.skipPrefixCols ?? true ? 1 : 0) + (options.skipPostfixCols ?? true ? 2 : 0);
  let canonical = canonicalizers.get(which);
  if (canonical === undefined) {
    canonical = canonicalizer(options);
    canonicalizers.set(which, canonical);
  }
  return sha1HexOfText(canonical(pset));
}

/** The hashes of many psets, in order; much faster than psetHash in a loop. */
export function psetHashes(params: readonly Pset[], options: HashOptions = {}): string[] {
  // In slices, so that the canonical texts of a huge params never all live at once.
  const canonical = canonicalizer(options);
  const hashes: string[] = [];
  for (let first = 0; first < params.length; first += HASH_SLICE) {
    hashes.push(...sha1HexOfTexts(params.slice(first, first + HASH_SLICE).map(canonical)));
  }
  return hashes;
}
