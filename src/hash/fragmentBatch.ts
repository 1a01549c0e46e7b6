// psetHashes in bulk: each distinct (key, value) of a batch is serialized
// once, as its `"key":value` fragment; a pset is then only the numbers of its
// fragments, and the core stitches them into canonical JSON, hashes and
// hex-encodes them (as it does for a grid). Psets of a study share most of
// their values, so most of the serializing is skipped, and no text per pset
// is made.

import { hashFragmentsInto } from "../core/hashFragmentsInto.js";
import type { Pset } from "../types.js";
import {
  PsetReader,
  EMPTY_SHAPE,
  isPsetLike,
  valueJson,
  type HashOptions,
  type KeyPlan,
  type Shape,
} from "./keyPlan.js";

const encoder = new TextEncoder();
const EMPTY = 0; // fragment 0 is empty: a key holding null or undefined

export class FragmentBatch {
  count = 0;
  private frags = new Uint8Array(1 << 16);
  private fragEnd = 0;
  private fragOffsets = new Uint32Array(1 << 12);
  private nfrags = 0;
  private ids = new Uint32Array(1 << 14);
  private nids = 0;
  private readonly idOffsets: Uint32Array;
  private longest = 0;
  /** Bytes of the canonical JSON of a pset of the current plan, at most: braces, commas and each key's longest fragment. */
  private planLongest = 2;
  private readonly reader: PsetReader;
  private readonly slotOf = new Map<string, KeySlot>();
  private plan: KeyPlan | undefined;
  private shape: Shape = EMPTY_SHAPE;
  private planSlots: KeySlot[] = [];

  constructor(capacity: number, options: HashOptions) {
    this.idOffsets = new Uint32Array(capacity + 1);
    this.reader = new PsetReader(options);
    this.clear();
  }

  /** Starts a new batch. */
  clear(): void {
    this.count = 0;
    this.nids = 0;
    this.longest = 0;
    this.fragEnd = 0;
    this.fragOffsets[0] = 0;
    this.fragOffsets[1] = 0;
    this.nfrags = 1; // EMPTY
    for (const slot of this.slotOf.values()) {
      slot.fragments.clear();
      slot.uses = 0;
      slot.misses = 0;
      slot.reuse = true;
      slot.last = NONE;
      slot.small?.fill(0);
      slot.longest = 0;
    }
    this.planLongest = 2 + this.planSlots.length;
  }

  add(pset: Pset): void {
    if (this.nids + this.planSlots.length > this.ids.length)
      this.ids = grown(this.ids, this.nids + this.planSlots.length);
    // The fragment numbers go straight to ids, read in the pset's key order
    // by one for-in that also checks its keys are the last pset's (see
    // PsetReader.read); any other pset goes through the reader.
    const { own, slot: slotAt } = this.shape;
    const slots = this.planSlots;
    const ids = this.ids;
    const first = this.nids;
    let i = -1;
    if (isPsetLike(pset)) {
      i = 0;
      for (const key in pset) {
        if (key !== own[i]) {
          i = -1;
          break;
        }
        const j = slotAt[i++]!;
        if (j >= 0) {
          const value = pset[key];
          const slot = slots[j]!;
          // Consecutive psets mostly repeat a value (all keys of a grid but the
          // fastest); === also takes -0 for 0, which is the same JSON.
          ids[first + j] = value === slot.last ? slot.lastId : this.idOf(value, slot, j);
        }
      }
    }
    if (i !== own.length) this.addRead(pset);
    this.close(first);
  }

  /** Ends the pset whose fragment numbers start at ids[first]. */
  private close(first: number): void {
    if (this.planLongest > this.longest) this.longest = this.planLongest;
    this.nids = first + this.planSlots.length;
    this.idOffsets[++this.count] = this.nids;
  }

  /** add for a pset of another shape than the last: through the reader, which checks it and makes its plan. */
  private addRead(pset: Pset): void {
    const plan = this.reader.read(pset);
    this.shape = this.reader.shape;
    if (plan !== this.plan) {
      this.plan = plan;
      this.planSlots = plan.keys.map((key) => {
        let slot = this.slotOf.get(key);
        if (slot === undefined) {
          slot = {
            fragments: new Map(),
            uses: 0,
            misses: 0,
            reuse: true,
            last: NONE,
            lastId: EMPTY,
            small: undefined,
            longest: 0,
          };
          this.slotOf.set(key, slot);
        }
        return slot;
      });
      this.planLongest = this.planSlots.reduce((sum, slot) => sum + slot.longest + 1, 2);
    }
    const nkeys = plan.keys.length;
    if (this.nids + nkeys > this.ids.length) this.ids = grown(this.ids, this.nids + nkeys);
    const values = this.reader.values;
    for (let j = 0; j < nkeys; j++) {
      const slot = this.planSlots[j]!;
      const value = values[j];
      this.ids[this.nids + j] = value === slot.last ? slot.lastId : this.idOf(value, slot, j);
    }
  }

  /** The fragment number of the value of the plan's key j, made on first sight. */
  private idOf(value: unknown, slot: KeySlot, j: number): number {
    let id = EMPTY;
    if (typeof value === "number" && value >>> 0 === value && value < SMALL) {
      slot.small ??= new Uint32Array(SMALL);
      id = slot.small[value]!;
      if (id === EMPTY) slot.small[value] = id = this.newFragment(value, slot, j);
    } else if (value !== null && value !== undefined) {
      const known = slot.reuse ? slot.fragments.get(value) : undefined;
      if (known !== undefined) {
        id = known;
      } else {
        id = this.newFragment(value, slot, j);
        if (slot.reuse) {
          slot.fragments.set(value, id);
          // A key whose values rarely repeat (ids, random numbers, objects made per pset)
          // is not worth remembering: its values are serialized each time.
          if (++slot.misses > 32 && 2 * slot.misses > slot.uses) {
            slot.reuse = false;
            slot.fragments.clear();
          }
        }
      }
      slot.uses++;
    }
    slot.last = value;
    slot.lastId = id;
    return id;
  }

  /** Hashes the batch: the hex digest of pset i goes to into[first + i]. */
  hashInto(into: string[], first: number): void {
    const messages = {
      frags: this.frags.subarray(0, this.fragEnd),
      fragOffsets: this.fragOffsets.subarray(0, this.nfrags + 1),
      ids: this.ids.subarray(0, this.nids),
      idOffsets: this.idOffsets.subarray(0, this.count + 1),
      longest: this.longest,
    };
    hashFragmentsInto(messages, into, first);
  }

  /** Serializes the value of the plan's key j (slot) as a new fragment and returns its number. */
  private newFragment(value: unknown, slot: KeySlot, j: number): number {
    const plan = this.plan!;
    const id = this.fragment(plan.prefixes[j]!, valueJson(value, plan.keys[j]!));
    const length = this.fragOffsets[id + 1]! - this.fragOffsets[id]!;
    if (length > slot.longest) {
      this.planLongest += length - slot.longest;
      slot.longest = length;
    }
    return id;
  }

  /** Stores the fragment prefix + json and returns its number. */
  private fragment(prefix: string, json: string): number {
    const most = 3 * (prefix.length + json.length);
    if (this.fragEnd + most > this.frags.length) {
      const bigger = new Uint8Array(Math.max(2 * this.frags.length, this.fragEnd + most));
      bigger.set(this.frags.subarray(0, this.fragEnd));
      this.frags = bigger;
    }
    this.write(prefix);
    this.write(json);
    if (this.nfrags + 2 > this.fragOffsets.length) this.fragOffsets = grown(this.fragOffsets, this.nfrags + 2);
    this.fragOffsets[++this.nfrags] = this.fragEnd;
    return this.nfrags - 1;
  }

  /** Short ASCII byte by byte (an encodeInto call costs more), the rest through the encoder. */
  private write(text: string): void {
    const frags = this.frags;
    let at = this.fragEnd;
    if (text.length <= 32) {
      let i = 0;
      for (; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code > 0x7f) break;
        frags[at++] = code;
      }
      if (i === text.length) {
        this.fragEnd = at;
        return;
      }
      at = this.fragEnd;
    }
    this.fragEnd = at + encoder.encodeInto(text, frags.subarray(at)).written;
  }
}

interface KeySlot {
  /** The fragment number of each value of this key met in the batch. */
  readonly fragments: Map<unknown, number>;
  uses: number;
  misses: number;
  reuse: boolean;
  /** The value this key had in the last pset that had it, and its fragment. */
  last: unknown;
  lastId: number;
  /** The fragment number of each small non-negative integer value met (0: not met): a lookup cheaper than the map's. */
  small: Uint32Array | undefined;
  /** Bytes of this key's longest fragment in the batch. */
  longest: number;
}

/** Integers below this have a place in KeySlot.small. */
const SMALL = 1024;

/** No value: `last` of a key not met yet in the batch. */
const NONE = Symbol("none");

function grown(array: Uint32Array, size: number): Uint32Array<ArrayBuffer> {
  const bigger = new Uint32Array(Math.max(2 * array.length, size));
  bigger.set(array);
  return bigger;
}
