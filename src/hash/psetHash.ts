// The pset hash, scheme "jcs-sha1-v1": SHA-1 of the RFC 8785 canonical JSON
// of the pset's hashed keys. See README "The pset hash" for the definition
// and the Python lines that reproduce it.

import { sha1HexOfText } from "../core/sha1.js";
import type { Pset } from "../types.js";
import { FragmentBatch } from "./fragmentBatch.js";
import { canonicalJson, checkKey } from "./canonicalJson.js";
import { isHashedKey, PsetReader, valueJson, type HashOptions } from "./keyPlan.js";

// Psets per core call. Each distinct value of a key is serialized once per
// slice: a long slice makes that rarer, while its ids stay small (20 bytes
// per pset of 5 keys).
const HASH_SLICE = 16384;

/** Name of the hash scheme, stored in every database's schema metadata. */
export const HASH_SCHEME = "jcs-sha1-v1";

export { isHashedKey, type HashOptions } from "./keyPlan.js";

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

/** A serializer of psets to canonical JSON, keeping the key plan between psets. */
function canonicalizer(options: HashOptions): (pset: Pset) => string {
  const reader = new PsetReader(options);
  const values = reader.values;
  return (pset) => {
    const { keys, prefixes } = reader.read(pset);
    let text = "";
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const value = values[i];
      if (value === null || value === undefined) continue;
      text += (text === "" ? prefixes[i]! : `,${prefixes[i]!}`) + valueJson(value, key);
    }
    return `{${text}}`;
  };
}

// One serializer per combination of options, kept between psetHash calls:
// calls in a loop then reuse the sorted keys of the last pset.
const canonicalizers = new Map<number, (pset: Pset) => string>();

/** The hash of one pset: 40 lowercase hex characters. */
export function psetHash(pset: Pset, options: HashOptions = {}): string {
  const which = ((options.skipPrefixCols ?? true) ? 1 : 0) + ((options.skipPostfixCols ?? true) ? 2 : 0);
  let canonical = canonicalizers.get(which);
  if (canonical === undefined) {
    canonical = canonicalizer(options);
    canonicalizers.set(which, canonical);
  }
  return sha1HexOfText(canonical(pset));
}

/** The hashes of many psets, in order; much faster than psetHash in a loop. */
export function psetHashes(params: readonly Pset[], options: HashOptions = {}): string[] {
  // In slices, so that the canonical bytes of a huge params never all live at once.
  const batch = new FragmentBatch(HASH_SLICE, options);
  const hashes = new Array<string>(params.length);
  for (let first = 0; first < params.length; first += HASH_SLICE) {
    batch.clear();
    const end = Math.min(params.length, first + HASH_SLICE);
    for (let i = first; i < end; i++) batch.add(params[i]!);
    batch.hashInto(hashes, first);
  }
  return hashes;
}
