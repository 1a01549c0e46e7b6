// The plan of a run: every pset hashed (before anything touches the disk),
// then ids, sequence numbers, and the psets skipped as duplicates, made a
// window at a time (see run.ts): only one window's tasks live at a time.

import { Grid } from "../params/grid.js";
import { PsweepError, PsweepHashError, describe } from "../errors.js";
import { checkStorable } from "../hash/canonicalJson.js";
import { isHashedKey, psetHashes } from "../hash/psetHash.js";
import { hasKeys } from "../util/hasKeys.js";
import { FixedWidthTexts } from "../util/fixedWidthTexts.js";
import { isPlainObject } from "../isPlainObject.js";
import { randomUuidBytes } from "../core/uuidsInto.js";
import { hexBytesOfDigests } from "../core/sha1.js";
import { PlannedWindow, type GridRange } from "../database/plannedWindow.js";
import type { BatchPart } from "../database/columnRead.js";
import { seqMaxOfBatch, seqMaxOfMetadata } from "../database/seqMax.js";
import type { Pset } from "../types.js";
import { KnownHashes } from "./knownHashes.js";

/**
 * The psets of a run, as run() reads them: `at(i)` builds or finds pset i,
 * and is called only for the psets that run, and `hashes` gives the hashes
 * of a range, so that a grid never becomes one object or one string per pset.
 */
export interface PsetSource {
  readonly length: number;
  /** The hashes of psets start..end-1. */
  hashes(start: number, end: number): readonly string[];
  /** The same as bytes end to end (40 per pset), when the core makes them so (a grid). */
  hexHashes?(start: number, end: number): FixedWidthTexts;
  /** Psets from `start` on as a range of a grid (a grid). */
  gridRange?(start: number): GridRange;
  /** Values of parameter `key` of psets start..start+count-1 without making the psets (a grid). */
  column?(key: string, start: number, count: number): unknown[] | undefined;
  /** Every key some pset has (its columns). */
  readonly keys: ReadonlySet<string>;
  /** The keys of every pset, in order, when all have the same (a grid). */
  readonly psetKeys?: readonly string[];
  at(index: number): Pset;
}

/**
 * The psets of `params`: a grid() is hashed in bulk by the core, a range at
 * a time; an array is hashed at once (it is in memory anyway); any other
 * iterable (a generator, a Set) is read once into an array.
 */
export function psetSource(params: unknown, caller = "run"): PsetSource {
  if (params instanceof Grid) {
    const grid = params as Grid<Pset>;
    const keys = new Set(grid.keys.map((key) => key.name));
    // plist() refuses an empty name and unstorable values: a grid's axes were checked when it was made.
    const byName = new Map(grid.keys.map((key) => [key.name, key]));
    return {
      length: grid.length,
      hashes: (start, end) => grid.hashes({ start, end }),
      hexHashes: (start, end) => new FixedWidthTexts(hexBytesOfDigests(grid.digests({ start, end })), 40),
      column: (name, start, count) => {
        const key = byName.get(name);
        if (key === undefined) return undefined;
        const indices = grid.indices({ start, end: start + count })[key.axis]!;
        const values = new Array<unknown>(count);
        for (let i = 0; i < count; i++) values[i] = key.values[indices[i]!];
        return values;
      },
      gridRange: (start) => ({ shape: grid.shape, start, keys: grid.keys }),
      keys,
      // A zip of psets that lack a key gives grid psets without it.
      psetKeys: grid.keys.every((key) => !key.values.includes(undefined)) ? [...keys] : undefined,
      at: (i) => grid.at(i),
    };
  }
  const list = Array.isArray(params) ? (params as readonly Pset[]) : iterated(params, caller);
  const hashes = hashParams(list, caller);
  const keys = new Set<string>();
  for (const pset of list) for (const key in pset) keys.add(key); // psets are plain objects: own keys only
  return { length: list.length, hashes: (start, end) => hashes.slice(start, end), keys, at: (i) => list[i]! };
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

/** The tasks of a run, made a window at a time. */
export interface RunPlan {
  /** How many psets run: those not skipped. */
  readonly total: number;
  /** How many psets are skipped as duplicates. */
  readonly skipped: number;
  /**
   * The tasks of the psets in windows of `size` consecutive psets (a window
   * without tasks is left out), each task made when asked for. Task numbers
   * (`index`) and _pset_seq go on from one window to the next, as if the run
   * were one window.
   */
  windows(size: number): Generator<PlannedWindow>;
}

/** What the plan needs of the rows already in the database: the largest sequence numbers, and for skipDups their hashes. */
export interface PlanBase {
  readonly maxRunSeq: number;
  readonly maxPsetSeq: number;
  readonly known: KnownHashes;
}

/**
 * The PlanBase of `numRows` rows in the batches `parts` (with the columns
 * _run_seq, _pset_seq and, for skipDups, _pset_hash, those the rows have), a
 * batch at a time: the hashes of a huge database are kept as digests, not
 * strings. A batch whose metadata holds its largest sequence numbers (see
 * seqMax.ts) is not read, unless its hashes are needed.
 */
export function planBaseOf(numRows: number, parts: Iterable<BatchPart>, skipDups: boolean): PlanBase {
  let maxRunSeq = -1;
  let maxPsetSeq = -1;
  const known = new KnownHashes(skipDups ? numRows : 0);
  for (const part of parts) {
    const noted = seqMaxOfMetadata(part.metadata);
    const batch = noted === undefined || skipDups ? part.read() : undefined;
    const { runSeq, psetSeq } = noted ?? seqMaxOfBatch(batch!);
    maxRunSeq = Math.max(maxRunSeq, runSeq);
    maxPsetSeq = Math.max(maxPsetSeq, psetSeq);
    const hashes = batch?.getChild("_pset_hash");
    if (skipDups && hashes != null) known.addColumn(hashes);
  }
  return { maxRunSeq, maxPsetSeq, known };
}

/** The plan of this run: psets with their ids and sequence numbers, duplicates skipped on request. */
export function plan(base: PlanBase, params: PsetSource, calcDir: string, runId: string): RunPlan {
  const runSeq = base.maxRunSeq + 1;
  const firstRunPsetSeq = base.maxPsetSeq + 1;
  const { known } = base;
  // The progress display wants the count before the first pset runs: with
  // known hashes, a first pass counts the duplicates (a grid is hashed twice).
  let skipped = 0;
  if (known.size > 0) {
    for (let start = 0; start < params.length; start += COUNT_WINDOW) {
      for (const hash of params.hashes(start, Math.min(params.length, start + COUNT_WINDOW)))
        if (known.has(hash)) skipped++;
    }
  }
  return {
    total: params.length - skipped,
    skipped,
    *windows(size) {
      let next = 0;
      for (let start = 0; start < params.length; start += size) {
        const end = Math.min(params.length, start + size);
        const hashed = params.hexHashes?.(start, end) ?? params.hashes(start, end);
        const made = new FixedWidthTexts(randomUuidBytes(end - start), 36);
        // Where each task's pset is in this range, when psets are skipped.
        const picked = known.size > 0 ? unknownOf(hashed, known) : undefined;
        const count = picked?.length ?? end - start;
        if (count === 0) continue;
        // The window's columns hold the tasks' ids and hashes in task order.
        const hashes =
          picked === undefined
            ? hashed
            : hashed instanceof FixedWidthTexts
              ? hashed.pick(picked)
              : Array.from(picked, (i) => hashed[i]!);
        const ids = picked === undefined ? made : made.pick(picked);
        const first = next;
        next += count;
        const whole = count === end - start;
        yield new PlannedWindow({
          first,
          count,
          pset: picked === undefined ? (k) => params.at(start + k) : (k) => params.at(start + picked[k]!),
          psetKeys: params.psetKeys,
          hashes,
          ids,
          runSeq,
          firstPsetSeq: firstRunPsetSeq + first,
          runId,
          calcDir,
          psetColumn: whole && params.column ? (key, count) => params.column!(key, start, count) : undefined,
          grid: whole ? params.gridRange?.(start) : undefined,
        });
      }
    },
  };
}

/** The positions of the hashes `known` lacks. */
function unknownOf(hashes: FixedWidthTexts | readonly string[], known: KnownHashes): Int32Array {
  const picked = new Int32Array(hashes.length);
  let count = 0;
  for (let i = 0; i < hashes.length; i++) if (!known.has(hashes.at(i)!)) picked[count++] = i;
  return picked.subarray(0, count);
}

/** Psets hashed per step when counting duplicates: bounds that pass's memory. */
const COUNT_WINDOW = 1 << 16;
