// psetHashes in bulk: each distinct (key, value) of a batch is serialized
// once, as its `"key":value` fragment; a pset is then only the numbers of its
// fragments, and the core stitches them into canonical JSON, hashes and
// hex-encodes them (as it does for a grid). Psets of a study share most of
// their values, so most of the serializing is skipped, and no text per pset
// is made.

import { hashFragmentsInto } from "../core/hashFragmentsInto.js";
import type { Pset } from "../types.js";
import { keyPlanner, valueJson, type HashOptions, type KeyPlan } from "./keyPlan.js";

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
  private readonly planOf: (pset: Pset) => KeyPlan;
  private readonly slotOf = new Map<string, KeySlot>();
  private plan: KeyPlan | undefined;
  private planSlots: KeySlot[] = [];

  constructor(capacity: number, options: HashOptions) {
    this.idOffsets = new Uint32Array(capacity + 1);
    this.planOf = keyPlanner(options);
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
    }
  }

  add(pset: Pset): void {
    const plan = this.planOf(pset);
    if (plan !== this.plan) {
      this.plan = plan;
      this.planSlots = plan.keys.map((key) => {
        let slot = this.slotOf.get(key);
        if (slot === undefined)
          this.slotOf.set(key, (slot = { fragments: new Map(), uses: 0, misses: 0, reuse: true }));
        return slot;
      });
    }
    const { keys, prefixes } = plan;
    if (this.nids + keys.length > this.ids.length) this.ids = grown(this.ids, this.nids + keys.length);
    this.idOffsets[this.count] = this.nids;
    let length = 2 + keys.length; // braces and commas, at most
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const value = pset[key];
      let id = EMPTY;
      if (value !== null && value !== undefined) {
        const slot = this.planSlots[i]!;
        const known = slot.reuse ? slot.fragments.get(value) : undefined;
        if (known !== undefined) {
          id = known;
        } else {
          id = this.fragment(prefixes[i]!, valueJson(value, key));
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
      this.ids[this.nids++] = id;
      length += this.fragOffsets[id + 1]! - this.fragOffsets[id]!;
    }
    this.idOffsets[++this.count] = this.nids;
    if (length > this.longest) this.longest = length;
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
}

function grown(array: Uint32Array, size: number): Uint32Array<ArrayBuffer> {
  const bigger = new Uint32Array(Math.max(2 * array.length, size));
  bigger.set(array);
  return bigger;
}
