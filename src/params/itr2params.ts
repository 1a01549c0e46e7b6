import { PsweepError, describe } from "../errors.js";
import type { Pset } from "../types.js";
import { isPset } from "./validate.js";
import { setOwn } from "../util/ownKeys.js";

type Nested = Pset | readonly Nested[];

/**
 * Turns entries of psets (e.g. tuples from your own loops or a product
 * generator) into params: each entry, nested arrays flattened, is merged into
 * one pset. Keys set twice within an entry, or psets with different keys, are
 * errors.
 */
export function itr2params(entries: Iterable<Nested>): Pset[] {
  if (entries === null || typeof entries !== "object" || !(Symbol.iterator in entries)) {
    throw new PsweepError(`itr2params: expected an iterable of entries (arrays of psets), got ${describe(entries)}`);
  }
  const params: Pset[] = [];
  for (const entry of entries) {
    const pset: Record<string, unknown> = {};
    for (const part of flatten(entry, params.length)) {
      for (const key of Object.keys(part)) {
        if (Object.hasOwn(pset, key)) {
          throw new PsweepError(
            `itr2params: entry ${params.length} sets key ${JSON.stringify(key)} twice; each key may come from one pset only`,
          );
        }
        setOwn(pset, key, part[key]);
      }
    }
    params.push(pset as Pset);
  }
  const first = params[0] && Object.keys(params[0]).sort().join(",");
  params.forEach((pset, i) => {
    const keys = Object.keys(pset).sort().join(",");
    if (keys !== first) {
      throw new PsweepError(
        `itr2params: entry ${i} has keys [${keys}] but entry 0 has [${first}]; all psets must have the same keys`,
      );
    }
  });
  return params;
}

function* flatten(entry: Nested, index: number): Generator<Pset> {
  if (Array.isArray(entry)) {
    for (const item of entry as readonly Nested[]) yield* flatten(item, index);
  } else if (isPset(entry)) {
    yield entry;
  } else {
    throw new PsweepError(
      `itr2params: entry ${index} holds ${describe(entry)}; entries hold psets (plain objects) or arrays of them`,
    );
  }
}
