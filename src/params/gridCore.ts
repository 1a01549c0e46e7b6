// The columnar grid: a cartesian product kept as its axes (one per plist or
// zip) instead of as objects. Pset i is the mixed-radix number i, one digit
// per axis, the last axis varying fastest. The core expands and hashes it
// in bulk, so a grid of 10^8 psets costs only the memory of its axes.
// Everything but the Arrow table (grid.ts), so that pgrid and the hashes
// do not bring apache-arrow into a bundle.

import { expandGridInto } from "../core/expandGridInto.js";
import { hashGridInto, type GridHashPlan } from "../core/hashGridInto.js";
import { PsweepError } from "../errors.js";
import { hashFragment, type HashOptions } from "../hash/psetHash.js";
import { hexOfDigests } from "../core/sha1.js";
import type { Pset, Value } from "../types.js";
import { ownValue, setOwn } from "../util/ownKeys.js";
import { utf8Concat } from "../util/utf8Concat.js";

/** Psets expanded per step of iteration: bounds the memory of a huge grid's iteration. */
const CHUNK = 65536;

/** One parameter of the grid: the axis it varies along and its value per axis index. */
export interface GridKey {
  readonly name: string;
  readonly axis: number;
  /** `undefined` where the axis' pset does not set the key. */
  readonly values: readonly (Value | undefined)[];
}

export interface Range {
  /** First pset, default 0. */
  start?: number;
  /** One past the last pset, default `length`. */
  end?: number;
}

export class GridCore<P extends object = Pset> implements Iterable<P> {
  /** Number of psets. */
  readonly length: number;
  /** Number of values along each axis. */
  readonly shape: readonly number[];
  /** The parameters in pset key order. */
  readonly keys: readonly GridKey[];

  /** `axes` are validated, non-empty plists with disjoint keys. */
  constructor(axes: readonly (readonly Pset[])[]) {
    this.shape = axes.map((axis) => axis.length);
    this.length = this.shape.reduce((a, b) => a * b, 1);
    if (!Number.isSafeInteger(this.length)) {
      throw new PsweepError(
        `grid of shape [${this.shape.join(", ")}] has more than 2^53 psets; split it into several grids`,
      );
    }
    this.keys = axes.flatMap((axis, a) => {
      const names = new Set(axis.flatMap((pset) => Object.keys(pset)));
      // Own values only: a pset of the axis lacking "toString" has none, not Object.prototype's.
      return [...names].map((name) => ({
        name,
        axis: a,
        values: axis.map((pset) => ownValue(pset, name) as Value | undefined),
      }));
    });
  }

  /** Pset `index` as a new object. */
  at(index: number): P {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) {
      throw new PsweepError(`grid.at(${index}): index must be an integer in [0, ${this.length})`);
    }
    return this.psetAt(this.digitsOf(index));
  }

  *[Symbol.iterator](): Iterator<P> {
    for (let start = 0; start < this.length; start += CHUNK) {
      const end = Math.min(this.length, start + CHUNK);
      const indices = this.indices({ start, end });
      const digits = new Array<number>(this.shape.length);
      for (let j = 0; j < end - start; j++) {
        for (let a = 0; a < digits.length; a++) digits[a] = indices[a]![j]!;
        yield this.psetAt(digits);
      }
    }
  }

  /** All psets as objects: what pgrid returns. */
  toArray(): P[] {
    return [...this];
  }

  /**
   * The value index along each axis of psets start..end-1, one Int32Array per
   * axis (the indices of an Arrow dictionary column).
   */
  indices(range: Range = {}): Int32Array[] {
    const { start, end } = this.range(range, "indices");
    const result = this.shape.map(() => new Int32Array(end - start));
    expandGridInto(this.shape, this.digitsOf(start), end - start, result);
    return result;
  }

  /** The pset hashes of psets start..end-1 as hex strings. */
  hashes(options: Range & HashOptions = {}): string[] {
    return hexOfDigests(this.digests(options));
  }

  /**
   * The 20-byte SHA-1 digests of psets start..end-1, end to end, written into
   * `out` when given (reuse one buffer to stream a huge grid in bounded memory).
   */
  digests(options: Range & HashOptions & { out?: Uint8Array } = {}): Uint8Array {
    const { start, end } = this.range(options, "digests");
    const count = end - start;
    const out = options.out ?? new Uint8Array(20 * count);
    if (out.length < 20 * count) {
      throw new PsweepError(`grid.digests: out holds ${out.length} bytes, ${20 * count} needed for ${count} psets`);
    }
    hashGridInto(this.shape, this.digitsOf(start), count, this.hashPlan(options), out);
    return out.subarray(0, 20 * count);
  }

  /** Hash plans by options: a grid hashed a range at a time (run() does) serializes its values once. */
  private readonly hashPlans = new Map<string, GridHashPlan>();

  /** The fragments the core stitches into canonical JSON, in its layout. */
  private hashPlan(options: HashOptions): GridHashPlan {
    const key = `${options.skipPrefixCols ?? true} ${options.skipPostfixCols ?? true}`;
    let plan = this.hashPlans.get(key);
    if (plan === undefined) this.hashPlans.set(key, (plan = this.newHashPlan(options)));
    return plan;
  }

  private newHashPlan(options: HashOptions): GridHashPlan {
    const hashed = [...this.keys].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // Per key, its fragments' bytes end to end: a key with a million values is two buffers, not a million.
    const encoded = hashed.map((key) => utf8Concat(key.values.map((value) => hashFragment(key.name, value, options))));
    const fragOffsets = new Uint32Array(encoded.reduce((n, { offsets }) => n + offsets.length, 0));
    const frags = new Uint8Array(encoded.reduce((n, { bytes }) => n + bytes.length, 0));
    const keyFirst: number[] = [];
    let slot = 0;
    let offset = 0;
    let longest = 2; // the braces
    for (const { offsets, bytes } of encoded) {
      keyFirst.push(slot);
      let widest = 0;
      for (let v = 0; v < offsets.length; v++) {
        fragOffsets[slot++] = offset + offsets[v]!;
        if (v > 0) widest = Math.max(widest, offsets[v]! - offsets[v - 1]!);
      }
      frags.set(bytes, offset);
      offset += bytes.length;
      longest += widest + 1; // and its comma
    }
    return {
      keyAxis: hashed.map((key) => key.axis),
      keyFirst,
      fragOffsets,
      frags,
      longest,
    };
  }

  private psetAt(digits: readonly number[]): P {
    const pset: Record<string, Value> = {};
    for (const key of this.keys) {
      const value = key.values[digits[key.axis]!];
      if (value !== undefined) setOwn(pset, key.name, value);
    }
    return pset as P;
  }

  private digitsOf(index: number): number[] {
    const digits = new Array<number>(this.shape.length);
    for (let a = this.shape.length - 1; a >= 0; a--) {
      const radix = this.shape[a]!;
      digits[a] = index % radix;
      index = Math.floor(index / radix);
    }
    return digits;
  }

  protected range(range: Range, method: string): { start: number; end: number } {
    const start = range.start ?? 0;
    const end = range.end ?? this.length;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > this.length || start > end) {
      throw new PsweepError(
        `grid.${method}: range start=${start}, end=${end} is not within the grid; need integers 0 <= start <= end <= ${this.length}`,
      );
    }
    return { start, end };
  }
}
