// The plan of a run: every pset hashed (before anything touches the disk),
// then ids, sequence numbers, and the psets skipped as duplicates.

import type { Table } from "apache-arrow";
import { Grid } from "../params/grid.js";
import { PsweepError, PsweepHashError, describe } from "../errors.js";
import { checkStorable } from "../hash/canonicalJson.js";
import { isHashedKey, psetHashes } from "../hash/psetHash.js";
import { hasKeys } from "../util/hasKeys.js";
import { isPlainObject } from "../isPlainObject.js";
import { randomUuids } from "../util/randomUuids.js";
import type { Pset } from "../types.js";
import type { Task } from "./task.js";
import type { CheckedOptions } from "./options.js";

/**
 * The psets of a run, as run() reads them: `at(i)` builds or finds pset i,
 * and is called only for the psets that run, so that a grid never becomes
 * one object per pset.
 */
export interface PsetSource {
  readonly length: number;
  readonly hashes: readonly string[];
  /** Every key some pset has (its columns). */
  readonly keys: ReadonlySet<string>;
  at(index: number): Pset;
}

/**
 * The psets of `params`: a grid() is hashed in bulk by the core, an array as
 * it is, any other iterable (a generator, a Set) is read once into an array.
 */
export function psetSource(params: unknown, caller = "run"): PsetSource {
  if (params instanceof Grid) {
    const grid = params as Grid<Pset>;
    const keys = new Set(grid.keys.map((key) => key.name));
    // plist() refuses an empty name and unstorable values: a grid's axes were checked when it was made.
    return { length: grid.length, hashes: grid.hashes(), keys, at: (i) => grid.at(i) };
  }
  const list = Array.isArray(params) ? (params as readonly Pset[]) : iterated(params, caller);
  const hashes = hashParams(list, caller);
  const keys = new Set<string>();
  for (const pset of list) for (const key in pset) keys.add(key); // psets are plain objects: own keys only
  return { length: list.length, hashes, keys, at: (i) => list[i]! };
}

function iterated(params: unknown, caller: string): Pset[] {
  if (typeof params !== "object" || params === null || !(Symbol.iterator in params)) {
    throw new PsweepError(
      `${caller}: params must be psets: an array, a grid() or another iterable of plain objects, e.g. pgrid(plist("a", [1, 2])), got ${describe(params)}`,
    );
  }
  return Array.from(params as Iterable<Pset>);
}

/** The hashes of params, or an error naming the first pset that cannot be hashed. */
export function hashParams(params: readonly Pset[], caller = "run"): string[] {
  if (!Array.isArray(params))
    throw new PsweepError(
      `${caller}: params must be an array of psets, e.g. pgrid(plist("a", [1, 2])), got ${describe(params)}`,
    );
  let hashes: string[];
  try {
    hashes = psetHashes(params);
  } catch (error) {
    if (!(error instanceof PsweepHashError)) throw error;
    // Only now look for the culprit, so that good params are walked once.
    const i = params.findIndex((pset) => {
      try {
        psetHashes([pset]);
        return false;
      } catch {
        return true;
      }
    });
    const pset: unknown = params[i];
    if (typeof pset !== "object" || pset === null || Array.isArray(pset) || !isPlainObject(pset)) {
      throw new PsweepError(`${caller}: params[${i}] is ${describe(pset)}, not a pset (a plain object such as {a: 1})`);
    }
    throw new PsweepHashError(`${caller}: params[${i}]: ${error.message}`);
  }
  checkPsetKeys(params, caller);
  return hashes;
}

/**
 * Every key becomes a column: it needs a name (an empty one reads back as
 * "null" and other readers refuse the file). Keys the hash leaves out (_x,
 * x_) are stored all the same: their values must fit a column too. Checked
 * here, before anything touches the disk.
 */
function checkPsetKeys(params: readonly Pset[], caller: string): void {
  let keys: string[] = [];
  let unhashed: string[] = [];
  params.forEach((pset, i) => {
    if (!hasKeys(pset, keys)) {
      keys = Object.keys(pset);
      unhashed = keys.filter((key) => !isHashedKey(key));
      if (keys.includes("")) {
        throw new PsweepError(
          `${caller}: params[${i}] has the empty key "", which cannot name a column of the database; give the parameter a name`,
        );
      }
    }
    for (const key of unhashed) {
      try {
        checkStorable(pset[key], key);
      } catch (error) {
        if (error instanceof PsweepHashError) throw new PsweepHashError(`${caller}: params[${i}]: ${error.message}`);
        throw error;
      }
    }
  });
}

/** The tasks of this run: psets with their ids and sequence numbers, duplicates skipped on request. */
export function plan(base: Table, params: PsetSource, opts: CheckedOptions, calcDir: string, runId: string): Task[] {
  const runSeq = maxOf(base, "_run_seq") + 1;
  const firstPsetSeq = maxOf(base, "_pset_seq") + 1;
  const known = opts.skipDups
    ? new Set(base.getChild("_pset_hash")?.toArray() as string[] | undefined)
    : new Set<string>();
  const tasks: Task[] = [];
  const { hashes } = params;
  const ids = randomUuids(params.length);
  for (let i = 0; i < params.length; i++) {
    if (known.has(hashes[i]!)) continue;
    const book = {
      _pset_hash: hashes[i]!,
      _pset_id: ids[i]!,
      _run_seq: runSeq,
      _pset_seq: firstPsetSeq + tasks.length,
      _run_id: runId,
      _calc_dir: calcDir,
    };
    tasks.push({ index: tasks.length, pset: params.at(i), book });
  }
  return tasks;
}

function maxOf(table: Table, column: string): number {
  let max = -1;
  // Per chunk, on the typed array and the validity bits: iterating the
  // vector, or calling getValid per row, costs ~100 ms per 10^6 rows.
  for (const data of table.getChild(column)?.data ?? []) {
    const values = data.values as ArrayLike<number | bigint>;
    const bits = data.nullCount > 0 ? data.nullBitmap : undefined;
    const offset = data.offset;
    for (let i = 0; i < data.length; i++) {
      if (bits !== undefined && !(bits[(offset + i) >> 3]! & (1 << ((offset + i) & 7)))) continue;
      const value = Number(values[i]); // values are sliced to the data; the validity bits are not
      if (value > max) max = value;
    }
  }
  return max;
}
