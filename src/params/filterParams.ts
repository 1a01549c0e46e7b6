import { psetHashes, type HashOptions } from "../hash/psetHash.js";
import type { Pset } from "../types.js";

/** Keeps the first pset of each hash, in order. */
export function filterParamsUnique<P extends Pset>(params: readonly P[], options: HashOptions = {}): P[] {
  const seen = new Set<string>();
  const hashes = psetHashes(params, options);
  return params.filter((_, i) => {
    const hash = hashes[i]!;
    if (seen.has(hash)) return false;
    seen.add(hash);
    return true;
  });
}

/** Drops the psets whose hash is in `hashes` (e.g. those already in a database). */
export function filterParamsDupHash<P extends Pset>(
  params: readonly P[],
  hashes: Iterable<string>,
  options: HashOptions = {},
): P[] {
  const known = new Set(hashes);
  const own = psetHashes(params, options);
  return params.filter((_, i) => !known.has(own[i]!));
}
