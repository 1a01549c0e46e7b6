// Grid expansion: the psets of a grid are the numbers of a mixed-radix
// counter, one digit per grid axis (a plist or a zip group), the last axis
// varying fastest. Pset i of the grid is the counter after i increments.

/**
 * Advances the counter `digits` (u32[ndims]) with radices `radix` by one.
 * Wraps to all zeros after the last pset, which callers never pass.
 */
// @ts-ignore: decorator
@inline export function increment(radix: usize, digits: usize, ndims: u32): void {
  let d = <i32>ndims - 1;
  while (d >= 0) {
    const at = digits + (<usize>d << 2);
    const next = load<u32>(at) + 1;
    if (next < load<u32>(radix + (<usize>d << 2))) {
      store<u32>(at, next);
      return;
    }
    store<u32>(at, 0);
    d--;
  }
}

/**
 * Writes the value index of each axis for `count` consecutive psets starting
 * at the counter `digits`, axis-major: out[d * count + j] (i32, the layout of
 * Arrow Int32 dictionary indices, one column per axis). Leaves `digits` at the
 * pset after the last one written, so the next call continues from there.
 */
export function expandGrid(radix: usize, digits: usize, ndims: u32, count: u32, out: usize): void {
  const column = <usize>count << 2;
  for (let j: u32 = 0; j < count; j++) {
    const row = out + (<usize>j << 2);
    for (let d: u32 = 0; d < ndims; d++) {
      store<i32>(row + <usize>d * column, load<u32>(digits + (<usize>d << 2)));
    }
    increment(radix, digits, ndims);
  }
}
