// The psweep wasm core: pure kernels over memory the caller lays out. The
// caller owns every byte above __heap_base; the core keeps only its fixed
// scratch (static data) and allocates nothing.
export { sha1Batch, sha1HexOne } from "./sha1";
export { expandGrid } from "./grid";
export { hashFragments, hashGrid } from "./assemble";
export { hexDigests, uuidTexts } from "./hex";

/** First byte of memory that belongs to the caller. */
export function heapBase(): usize {
  return __heap_base;
}
