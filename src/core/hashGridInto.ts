// Grid hashing in the core: the pset hashes of a run of consecutive psets,
// stitched from the fragments of the grid's values without building a pset.

import { allocate, bytesAt, core, messageStride, u32At } from "./core.js";

/** Psets per core call: bounds the core's memory whatever the count. */
const CHUNK = 65536;

/** A grid's keys as the core stitches them into canonical JSON. */
export interface GridHashPlan {
  /** The grid axis each key takes its value index from, keys in canonical order. */
  readonly keyAxis: readonly number[];
  /** Where key k's fragments start in fragOffsets: its fragment at value index v is fragment keyFirst[k] + v. */
  readonly keyFirst: readonly number[];
  /** Fragment f is frags[fragOffsets[f] .. fragOffsets[f + 1]); an empty one leaves its key out (a null value). */
  readonly fragOffsets: Uint32Array;
  /** The `"key":value` fragments, UTF-8, end to end. */
  readonly frags: Uint8Array;
  /** Bytes of the longest canonical JSON of a pset of the grid. */
  readonly longest: number;
}

/**
 * Writes the 20-byte SHA-1 digests of `count` consecutive psets of a grid of
 * shape `radix`, the first of them at axis indices `digits`, end to end into
 * out[0 .. 20 * count).
 */
export function hashGridInto(
  radix: readonly number[],
  digits: readonly number[],
  count: number,
  plan: GridHashPlan,
  out: Uint8Array,
): void {
  if (count === 0) return;
  const ndims = radix.length;
  const nkeys = plan.keyAxis.length;
  const stride = messageStride(plan.longest);
  // One layout for all chunks, the plan written once: the core leaves the
  // digits at the pset after the last one it hashed, so each chunk goes on
  // from where the last stopped.
  const [radixAt, digitsAt, keyAxis, keyFirst, fragOffsets, frags, scratch, digests] = allocate(
    4 * ndims,
    4 * ndims,
    4 * nkeys,
    4 * nkeys,
    4 * plan.fragOffsets.length,
    plan.frags.length,
    4 * stride,
    20 * Math.min(CHUNK, count),
  ) as [number, number, number, number, number, number, number, number];
  u32At(radixAt, ndims).set(radix);
  u32At(digitsAt, ndims).set(digits);
  u32At(keyAxis, nkeys).set(plan.keyAxis);
  u32At(keyFirst, nkeys).set(plan.keyFirst);
  u32At(fragOffsets, plan.fragOffsets.length).set(plan.fragOffsets);
  bytesAt(frags, plan.frags.length).set(plan.frags);
  const { hashGrid } = core();
  for (let first = 0; first < count; first += CHUNK) {
    const n = Math.min(CHUNK, count - first);
    hashGrid(radixAt, digitsAt, ndims, keyAxis, keyFirst, nkeys, frags, fragOffsets, n, scratch, stride, digests);
    out.set(bytesAt(digests, 20 * n), 20 * first);
  }
}
