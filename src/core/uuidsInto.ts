// Many random UUIDs (version 4) at once, for the ids of a run's psets. One
// call per id would cost ~0.3 µs and ~600 bytes of garbage each (the runtime
// builds every id from 20 string pieces); here the random bytes come in
// 64 KiB draws, the wasm core writes the text, and each id is a slice of a
// decoded piece of it (textsOfBytes).

import { textsOfBytes } from "../util/textsOfBytes.js";
import { allocate, bytesAt, core } from "./core.js";

/** getRandomValues fills at most 64 KiB per call. */
const MAX_DRAW = 65536;
/** Ids per core call: bounds the core's memory. */
const CHUNK = 65536;

/** Writes `count` random version 4 UUIDs to into[first ...]. */
export function uuidsInto(into: string[], first = 0, count = into.length - first): void {
  textsOfBytes(randomUuidBytes(count), 36, into, first);
}

/** `count` random version 4 UUIDs as text, 36 bytes each, end to end (an Arrow Utf8 data buffer). */
export function randomUuidBytes(count: number): Uint8Array {
  const result = new Uint8Array(36 * count);
  for (let done = 0; done < count; done += CHUNK) {
    const n = Math.min(CHUNK, count - done);
    const [random, text] = allocate(16 * n, 36 * n) as [number, number];
    const bytes = bytesAt(random, 16 * n);
    for (let at = 0; at < bytes.length; at += MAX_DRAW) crypto.getRandomValues(bytes.subarray(at, at + MAX_DRAW));
    core().uuidTexts(random, n, text);
    result.set(bytesAt(text, 36 * n), 36 * done);
  }
  return result;
}
