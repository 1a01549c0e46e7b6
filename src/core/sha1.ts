// SHA-1 of many messages per core call, hex-encoded by the core too.

import { allocate, bytesAt, core, u32At } from "./core.js";

/** Messages hashed per core call: bounds the core's memory for huge inputs. */
const CHUNK = 16384;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Lowercase hex SHA-1 of the UTF-8 bytes of each text. */
export function sha1HexOfTexts(texts: readonly string[]): string[] {
  const result = new Array<string>(texts.length);
  for (let first = 0; first < texts.length; first += CHUNK) {
    const chunk = texts.slice(first, first + CHUNK);
    const joined = chunk.join("");
    const capacity = joined.length * 3; // UTF-8 takes at most 3 bytes per UTF-16 unit
    const count = chunk.length;
    const [data, offsets, digests, hex] = allocate(capacity, 4 * (count + 1), 20 * count, 40 * count) as [number, number, number, number];
    const bytes = bytesAt(data, capacity);
    const offsetView = u32At(offsets, count + 1);
    // One encode for the whole chunk. When every character is ASCII, bytes
    // and UTF-16 units coincide and the offsets are the text lengths;
    // otherwise each text is encoded on its own to learn its byte length.
    if (encoder.encodeInto(joined, bytes).written === joined.length) {
      let position = 0;
      for (let i = 0; i < count; i++) {
        offsetView[i] = position;
        position += chunk[i]!.length;
      }
      offsetView[count] = position;
    } else {
      let position = 0;
      for (let i = 0; i < count; i++) {
        offsetView[i] = position;
        position += encoder.encodeInto(chunk[i]!, bytes.subarray(position)).written;
      }
      offsetView[count] = position;
    }
    core().sha1Batch(data, offsets, count, digests);
    core().hexDigests(digests, count, hex);
    splitHex(decoder.decode(bytesAt(hex, 40 * count)), result, first);
  }
  return result;
}

/** Hex strings of 20-byte digests laid end to end. */
export function hexOfDigests(digests: Uint8Array): string[] {
  const result = new Array<string>(digests.length / 20);
  splitHex(decoder.decode(hexBytesOfDigests(digests)), result, 0);
  return result;
}

function splitHex(text: string, into: string[], first: number): void {
  for (let i = 0; i * 40 < text.length; i++) into[first + i] = text.slice(40 * i, 40 * i + 40);
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
  const [data, offsets, digests, hex] = allocate(bytes.length, 8, 20, 40) as [number, number, number, number];
  bytesAt(data, bytes.length).set(bytes);
  u32At(offsets, 2).set([0, bytes.length]);
  core().sha1Batch(data, offsets, 1, digests);
  core().hexDigests(digests, 1, hex);
  return decoder.decode(bytesAt(hex, 40));
}
