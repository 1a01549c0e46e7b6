// Hashing psets given as fragment numbers: the core stitches each pset's
// canonical JSON from the `"key":value` fragments, hashes it and hex-encodes
// the digest (see FragmentBatch in src/hash/fragmentBatch.ts).

import { allocate, bytesAt, core, messageStride, u32At } from "./core.js";
import { splitHexAt } from "./sha1.js";

/** Psets as fragment numbers, in the core's layout; every array holds only what is used. */
export interface FragmentMessages {
  /** The fragments, UTF-8, end to end. */
  readonly frags: Uint8Array;
  /** Fragment f is frags[fragOffsets[f] .. fragOffsets[f + 1]); an empty one leaves its key out. */
  readonly fragOffsets: Uint32Array;
  /** Pset i is '{' + fragments ids[idOffsets[i] .. idOffsets[i + 1]) joined by ',' + '}'. */
  readonly ids: Uint32Array;
  /** One more than there are psets. */
  readonly idOffsets: Uint32Array;
  /** Bytes of the longest pset's canonical JSON, at most. */
  readonly longest: number;
}

/** Hashes the psets: the hex digest of pset i goes to into[first + i]. */
export function hashFragmentsInto(messages: FragmentMessages, into: string[], first: number): void {
  const { frags, fragOffsets, ids, idOffsets } = messages;
  const count = idOffsets.length - 1;
  // Four messages hashed at a time, each in a slot of `stride` bytes.
  const stride = messageStride(messages.longest);
  const [fragsAt, fragOffsetsAt, idsAt, idOffsetsAt, scratch, digests, hex] = allocate(
    frags.length + 8,
    4 * fragOffsets.length,
    4 * ids.length,
    4 * idOffsets.length,
    4 * stride,
    20 * count,
    40 * count,
  ) as [number, number, number, number, number, number, number];
  bytesAt(fragsAt, frags.length).set(frags);
  u32At(fragOffsetsAt, fragOffsets.length).set(fragOffsets);
  u32At(idsAt, ids.length).set(ids);
  u32At(idOffsetsAt, idOffsets.length).set(idOffsets);
  core().hashFragments(idsAt, idOffsetsAt, fragsAt, fragOffsetsAt, count, scratch, stride, digests, hex);
  splitHexAt(hex, count, into, first);
}
