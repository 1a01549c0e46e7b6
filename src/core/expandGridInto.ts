// Grid expansion in the core: the value index along each axis of a run of
// consecutive psets, written into the caller's columns.

import { allocate, i32At, u32At, core } from "./core.js";

/** Psets per core call: bounds the core's memory whatever the count. */
const CHUNK = 65536;

/**
 * Writes the value index along each axis of `count` consecutive psets of a
 * grid of shape `radix`, the first of them at axis indices `digits`, into
 * columns[a][at ...] (one column per axis: the indices of an Arrow dictionary
 * column).
 */
export function expandGridInto(
  radix: readonly number[],
  digits: readonly number[],
  count: number,
  columns: readonly Int32Array[],
  at = 0,
): void {
  if (count === 0) return;
  const ndims = radix.length;
  // One layout for all chunks: the core leaves the digits at the pset after
  // the last one it wrote, so each chunk goes on from where the last stopped.
  const [radixAt, digitsAt, out] = allocate(4 * ndims, 4 * ndims, 4 * ndims * Math.min(CHUNK, count)) as [
    number,
    number,
    number,
  ];
  u32At(radixAt, ndims).set(radix);
  u32At(digitsAt, ndims).set(digits);
  const { expandGrid } = core();
  for (let first = 0; first < count; first += CHUNK) {
    const n = Math.min(CHUNK, count - first);
    expandGrid(radixAt, digitsAt, ndims, n, out);
    const expanded = i32At(out, ndims * n);
    columns.forEach((column, a) => column.set(expanded.subarray(a * n, (a + 1) * n), at + first));
  }
}
