// Hashing a grid without building its psets. The canonical JSON of a pset is
// '{' + the "key":value fragments of its keys, in canonical key order, joined
// by ',' + '}'. JavaScript serializes each (key, value) fragment once; here
// they are stitched together per pset and hashed.

import { setLane, hashLanes } from "./sha1";
import { increment } from "./grid";
import { hexDigests } from "./hex";

/**
 * Hashes `count` consecutive psets of a grid starting at the counter `digits`.
 *
 * - keyAxis (u32[nkeys]): the grid axis each key takes its value index from,
 *   keys in canonical order.
 * - keyFirst (u32[nkeys]): where key k's fragments start in fragOffsets; the
 *   fragment of key k at value index v is
 *   frags[fragOffsets[keyFirst[k] + v] .. fragOffsets[keyFirst[k] + v + 1]).
 *   An empty fragment leaves the key out (a null value).
 * - scratch: room for four of the longest canonical pset, each rounded up
 *   to `stride` bytes with 8 to spare (they are hashed four at a time, and
 *   fragments are copied 8 bytes at a time). frags must not end the memory.
 * - out: 20 * count bytes of digests.
 *
 * Leaves `digits` at the pset after the last one hashed.
 */
export function hashGrid(
  radix: usize, digits: usize, ndims: u32,
  keyAxis: usize, keyFirst: usize, nkeys: u32,
  frags: usize, fragOffsets: usize,
  count: u32, scratch: usize, stride: u32, out: usize,
): void {
  let lane: u32 = 0;
  for (let j: u32 = 0; j < count; j++) {
    const message = scratch + <usize>lane * stride;
    let p = message;
    store<u8>(p++, 0x7b); // {
    for (let k: u32 = 0; k < nkeys; k++) {
      const axis = load<u32>(keyAxis + (<usize>k << 2));
      const slot = load<u32>(keyFirst + (<usize>k << 2)) + load<u32>(digits + (<usize>axis << 2));
      p = appendFragment(p, message, frags, fragOffsets, slot);
    }
    store<u8>(p++, 0x7d); // }
    setLane(lane++, message, <u32>(p - message), out + <usize>j * 20);
    if (lane == 4) {
      hashLanes(4);
      lane = 0;
    }
    increment(radix, digits, ndims);
  }
  if (lane > 0) hashLanes(lane);
}

/**
 * Hashes `count` psets given as fragment numbers, writing their hex digests:
 * pset j is '{' + the non-empty fragments ids[idOffsets[j] .. idOffsets[j + 1])
 * joined by ',' + '}', fragment f being frags[fragOffsets[f] .. fragOffsets[f + 1]).
 * scratch and stride as for hashGrid; digests: room for 20 * count bytes;
 * out: 40 * count hex characters.
 */
export function hashFragments(
  ids: usize, idOffsets: usize, frags: usize, fragOffsets: usize,
  count: u32, scratch: usize, stride: u32, digests: usize, out: usize,
): void {
  let lane: u32 = 0;
  for (let j: u32 = 0; j < count; j++) {
    const message = scratch + <usize>lane * stride;
    let p = message;
    store<u8>(p++, 0x7b); // {
    const last = load<u32>(idOffsets + (<usize>(j + 1) << 2));
    for (let k = load<u32>(idOffsets + (<usize>j << 2)); k < last; k++) {
      p = appendFragment(p, message, frags, fragOffsets, load<u32>(ids + (<usize>k << 2)));
    }
    store<u8>(p++, 0x7d); // }
    setLane(lane++, message, <u32>(p - message), digests + <usize>j * 20);
    if (lane == 4) {
      hashLanes(4);
      lane = 0;
    }
  }
  if (lane > 0) hashLanes(lane);
  hexDigests(digests, count, out);
}

/**
 * Writes fragment `slot` at p (after a ',' unless it is the first in the
 * message opened at `message`) and returns the end; an empty fragment
 * (a null value) is left out.
 */
// @ts-ignore: decorator
@inline function appendFragment(p: usize, message: usize, frags: usize, fragOffsets: usize, slot: u32): usize {
  const start = load<u32>(fragOffsets + (<usize>slot << 2));
  const len = load<u32>(fragOffsets + (<usize>(slot + 1) << 2)) - start;
  if (len == 0) return p;
  if (p > message + 1) store<u8>(p++, 0x2c); // ,
  // Fragments are short: a word-wise copy beats a memory.copy call. The
  // last word may copy bytes past the fragment; the next write or the
  // padding overwrites them (scratch has room).
  const from = frags + start;
  for (let i: usize = 0; i < len; i += 8) store<u64>(p + i, load<u64>(from + i));
  return p + len;
}
