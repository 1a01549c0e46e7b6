// Every id psweep makes (pset ids, run ids, getUuid) comes from here, drawn by
// the wasm core: one source, one format.

import { uuidsInto } from "../core/uuidsInto.js";

/** `count` random version 4 UUIDs. */
export function randomUuids(count: number): string[] {
  const ids = new Array<string>(count);
  uuidsInto(ids, 0, count);
  return ids;
}

/** One random version 4 UUID. */
export function randomUuid(): string {
  return randomUuids(1)[0]!;
}
