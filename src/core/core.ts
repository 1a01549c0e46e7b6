// The wasm core, compiled once per JavaScript realm on first use.
//
// Memory protocol: the core owns nothing above heapBase(). Each operation
// lays out its buffers with `allocate`, fills them, calls a kernel and copies
// the results out before returning. No pointer outlives one synchronous
// operation, so nothing is shared between calls and no free is ever needed.
//
// Only the entry points beside this file (src/core/*.ts) import it: the rest
// of psweep hands them typed arrays and never sees a pointer, so the protocol
// above is kept in one folder.

import { wasmBase64 } from "./wasmBytes.generated.js";

export interface CoreExports {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  sha1Batch(data: number, offsets: number, count: number, out: number): void;
  sha1HexOne(data: number, length: number, out: number): void;
  expandGrid(radix: number, digits: number, ndims: number, count: number, out: number): void;
  hashGrid(
    radix: number,
    digits: number,
    ndims: number,
    keyAxis: number,
    keyFirst: number,
    nkeys: number,
    frags: number,
    fragOffsets: number,
    count: number,
    scratch: number,
    stride: number,
    out: number,
  ): void;
  hashFragments(
    ids: number,
    idOffsets: number,
    frags: number,
    fragOffsets: number,
    count: number,
    scratch: number,
    stride: number,
    digests: number,
    out: number,
  ): void;
  hexDigests(digests: number, count: number, out: number): void;
  uuidTexts(random: number, count: number, out: number): void;
}

let compiled: CoreExports | undefined;

export function core(): CoreExports {
  if (compiled === undefined) {
    const module = new WebAssembly.Module(decodeBase64(wasmBase64));
    compiled = new WebAssembly.Instance(module, {}).exports as unknown as CoreExports;
  }
  return compiled;
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const PAGE = 65536;

/**
 * Reserves consecutive 16-byte-aligned regions of the given sizes above the
 * core's heap base, growing its memory when needed, and returns their
 * addresses. Views on `core().memory.buffer` must be made after this call:
 * growing detaches the old buffer.
 */
export function allocate(...sizes: number[]): number[] {
  const { memory, heapBase } = core();
  let end = align16(heapBase());
  const pointers = sizes.map((size) => {
    const at = end;
    end = align16(at + size);
    return at;
  });
  const missing = end - memory.buffer.byteLength;
  if (missing > 0) memory.grow(Math.ceil(missing / PAGE));
  return pointers;
}

function align16(n: number): number {
  return Math.ceil(n / 16) * 16;
}

export function bytesAt(ptr: number, length: number): Uint8Array {
  return new Uint8Array(core().memory.buffer, ptr, length);
}

export function u32At(ptr: number, length: number): Uint32Array {
  return new Uint32Array(core().memory.buffer, ptr, length);
}

export function i32At(ptr: number, length: number): Int32Array {
  return new Int32Array(core().memory.buffer, ptr, length);
}

/**
 * The bytes the core's kernels give each message they stitch from fragments
 * (hashGrid, hashFragments), for messages of at most `longest` bytes: 8 to
 * spare, as fragments are copied 8 bytes at a time, rounded up to 16.
 */
export function messageStride(longest: number): number {
  return Math.ceil((longest + 8) / 16) * 16;
}
