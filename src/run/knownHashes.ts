// The pset hashes already in a database, for skipDups: a set of SHA-1
// digests kept as 20 bytes each in typed arrays. A Set of the hex strings
// costs about 100 bytes per row (the string, its header, the set's entry)
// and one object per row for the collector to walk: at 10^7 rows, a GB.
// Here a row costs 20 bytes and one to two 4-byte slots, and no object.

import type { Data, Vector } from "apache-arrow";

/** Lowercase hex digits as values; everything else -1. */
const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) HEX["0123456789abcdef".charCodeAt(i)] = i;

const WORDS = 5; // a SHA-1 digest: 5 x 32 bits
const HEX_LENGTH = 40;
/**
 * At most this part of the slots is used: with linear probing a lookup then
 * takes on average at most 2.5 probes for a hit and 8.5 for a miss; 10^7
 * hashes fill 2^24 slots (67 MB, beside their 200 MB of digests) to 0.6,
 * where it is 1.75 and 3.6.
 */
const LOAD = 0.75;

/**
 * Hashes psweep makes are 40 lowercase hex digits; a database written by
 * another tool may hold anything in _pset_hash. A value of another form can
 * never equal a hash psweep made, so it is not kept.
 */
export class KnownHashes {
  private digests: Uint32Array;
  /** Open addressing: slot -> 1 + digest number, 0 for empty. */
  private slots: Int32Array;
  private count = 0;
  private readonly word = new Uint32Array(WORDS);

  /** The hashes in `column` (a _pset_hash column; null cells are skipped). */
  static of(column: Vector | null | undefined): KnownHashes {
    const known = new KnownHashes(column?.length ?? 0);
    if (column != null) known.addColumn(column);
    return known;
  }

  /** Adds the hashes in `column` (a _pset_hash column; null cells are skipped). */
  addColumn(column: Vector): void {
    if (column.data.every((data) => data.valueOffsets instanceof Int32Array && data.values instanceof Uint8Array)) {
      for (const data of column.data) this.addUtf8(data);
      return;
    }
    // Not utf8 as psweep writes it (large utf8, a dictionary): the column's own reading, value by value.
    for (let i = 0; i < column.length; i++) {
      const value: unknown = column.get(i);
      if (typeof value === "string") this.add(value);
    }
  }

  /** `expected`: how many hashes will be added (room is made at once; more still fit). */
  constructor(expected = 0) {
    this.digests = new Uint32Array(Math.max(64, expected * WORDS));
    let slots = 8;
    while (expected > slots * LOAD) slots *= 2;
    this.slots = new Int32Array(slots);
  }

  get size(): number {
    return this.count;
  }

  has(hash: string): boolean {
    return this.parseString(hash) && this.find() >= 0;
  }

  /** Adds the hex hash `hash`; a value that is not one is ignored (see the class comment). */
  add(hash: string): void {
    if (this.parseString(hash)) this.insert();
  }

  private addUtf8(data: Data): void {
    const offsets = data.valueOffsets as Int32Array;
    const values = data.values as Uint8Array;
    const bits = data.nullCount > 0 ? data.nullBitmap : undefined;
    // A slice's offsets start at its first row; its validity bits do not (arrow's Data.slice).
    for (let i = 0; i < data.length; i++) {
      const bit = data.offset + i;
      if (bits !== undefined && !(bits[bit >> 3]! & (1 << (bit & 7)))) continue;
      const start = offsets[i]!;
      if (offsets[i + 1]! - start === HEX_LENGTH && this.parseBytes(values, start)) this.insert();
    }
  }

  private parseString(hash: string): boolean {
    if (hash.length !== HEX_LENGTH) return false;
    for (let w = 0; w < WORDS; w++) {
      let word = 0;
      for (let j = 0; j < 8; j++) {
        const code = hash.charCodeAt(w * 8 + j);
        const digit = code < 128 ? HEX[code]! : -1;
        if (digit < 0) return false;
        word = (word << 4) | digit;
      }
      this.word[w] = word;
    }
    return true;
  }

  private parseBytes(bytes: Uint8Array, start: number): boolean {
    for (let w = 0; w < WORDS; w++) {
      let word = 0;
      for (let j = 0; j < 8; j++) {
        const code = bytes[start + w * 8 + j]!;
        const digit = code < 128 ? HEX[code]! : -1;
        if (digit < 0) return false;
        word = (word << 4) | digit;
      }
      this.word[w] = word;
    }
    return true;
  }

  /** The slot holding the parsed digest, or -1 - the empty slot where it would go. */
  private find(): number {
    const { slots, digests, word } = this;
    const mask = slots.length - 1;
    // A digest's bits are uniform: its first word is a good slot number.
    for (let slot = word[0]! & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[slot]!;
      if (entry === 0) return -1 - slot;
      const at = (entry - 1) * WORDS;
      if (
        digests[at] === word[0] &&
        digests[at + 1] === word[1] &&
        digests[at + 2] === word[2] &&
        digests[at + 3] === word[3] &&
        digests[at + 4] === word[4]
      )
        return slot;
    }
  }

  private insert(): void {
    const found = this.find();
    if (found >= 0) return;
    if (this.count + 1 > this.slots.length * LOAD) {
      this.grow();
      this.insert();
      return;
    }
    if ((this.count + 1) * WORDS > this.digests.length) {
      const digests = new Uint32Array(Math.max(64, this.digests.length * 2));
      digests.set(this.digests);
      this.digests = digests;
    }
    this.digests.set(this.word, this.count * WORDS);
    this.slots[-1 - found] = ++this.count;
  }

  /** Twice the slots, every digest placed again. */
  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let n = 0; n < this.count; n++) {
      let slot = this.digests[n * WORDS]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = n + 1;
    }
    this.slots = slots;
  }
}
