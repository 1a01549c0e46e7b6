// SHA-1 of many messages per core call, hex-encoded by the core too.

import { textsOfBytes } from "../util/textsOfBytes.js";
import { allocate, bytesAt, core, type CoreExports } from "./core.js";

/** Messages hashed per core call: bounds the core's memory for huge inputs. */
const CHUNK = 16384;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// The single-text path keeps its views on the core's memory between calls:
// making a view costs as much as hashing a pset. Growing the memory detaches
// them (their length drops to 0), and then they are made again.
const TEXT_AT = 48; // from the aligned heap base: 40 hex bytes, then the text
let base = 0;
let textView = new Uint8Array(0);
let hexView = new Uint8Array(0);
let hashOne: CoreExports["sha1HexOne"] | undefined;

/** Lowercase hex SHA-1 of the UTF-8 bytes of one text, in one core call. */
export function sha1HexOfText(text: string): string {
  if (text.length * 3 > textView.length || hashOne === undefined) {
    const exports = core();
    [base] = allocate(TEXT_AT + Math.max(text.length * 3, 4096)) as [number];
    textView = new Uint8Array(exports.memory.buffer, base + TEXT_AT);
    hexView = new Uint8Array(exports.memory.buffer, base, 40);
    hashOne = exports.sha1HexOne;
  }
  hashOne(base + TEXT_AT, encoder.encodeInto(text, textView).written, base);
  return decoder.decode(hexView);
}

/** Hex strings of 20-byte digests laid end to end. */
export function hexOfDigests(digests: Uint8Array): string[] {
  return textsOfBytes(hexBytesOfDigests(digests), 40);
}

/** The `count` 40-character hex digests written by the core at `hex`, into into[first ...]. */
export function splitHexAt(hex: number, count: number, into: string[], first: number): void {
  textsOfBytes(bytesAt(hex, 40 * count), 40, into, first);
}

/** The hex text of 20-byte digests laid end to end, 40 bytes per digest (an Arrow Utf8 data buffer). */
export function hexBytesOfDigests(digests: Uint8Array): Uint8Array {
  const count = digests.length / 20;
  const result = new Uint8Array(40 * count);
  for (let first = 0; first < count; first += CHUNK) {
    const n = Math.min(CHUNK, count - first);
    const [input, hex] = allocate(20 * n, 40 * n) as [number, number];
    bytesAt(input, 20 * n).set(digests.subarray(20 * first, 20 * (first + n)));
    core().hexDigests(input, n, hex);
    result.set(bytesAt(hex, 40 * n), 40 * first);
  }
  return result;
}

/** Lowercase hex SHA-1 of `bytes` (fingerprints of files). */
export function sha1HexOfBytes(bytes: Uint8Array): string {
  const [hex, data] = allocate(40, bytes.length) as [number, number];
  bytesAt(data, bytes.length).set(bytes);
  core().sha1HexOne(data, bytes.length, hex);
  return decoder.decode(bytesAt(hex, 40));
}
