// The canonical JSON of many psets written straight to UTF-8 bytes, laid
// end to end for one core call. No text per pset is built: at a million
// psets, making and collecting those strings cost more than hashing them.

import type { Pset } from "../types.js";
import { PLAIN_ASCII, keyPlanner, valueJson, type HashOptions } from "./keyPlan.js";

const encoder = new TextEncoder();

/** Bytes and message offsets of a batch, reused from batch to batch. */
export class CanonicalBytes {
  bytes = new Uint8Array(1 << 16);
  /** Message i is bytes[offsets[i] .. offsets[i + 1]). */
  offsets: Uint32Array;
  count = 0;
  private at = 0;
  private readonly plan: (pset: Pset) => ReturnType<ReturnType<typeof keyPlanner>>;

  constructor(capacity: number, options: HashOptions) {
    this.offsets = new Uint32Array(capacity + 1);
    this.plan = keyPlanner(options);
  }

  /** Starts a new batch. */
  clear(): void {
    this.at = 0;
    this.count = 0;
  }

  /** Appends the canonical JSON of `pset` as the next message. */
  add(pset: Pset): void {
    const { keys, prefixes } = this.plan(pset);
    this.offsets[this.count] = this.at;
    this.room(1);
    this.bytes[this.at++] = 0x7b; // {
    let first = true;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const value = pset[key];
      if (value === null || value === undefined) continue;
      if (!first) {
        this.room(1);
        this.bytes[this.at++] = 0x2c; // ,
      }
      first = false;
      this.text(prefixes[i]!);
      if (typeof value === "number" && (value | 0) === value) {
        this.int(value);
      } else if (typeof value === "string" && PLAIN_ASCII.test(value)) {
        this.room(value.length + 2);
        this.bytes[this.at++] = 0x22;
        this.ascii(value);
        this.bytes[this.at++] = 0x22;
      } else {
        this.text(valueJson(value, key));
      }
    }
    this.room(1);
    this.bytes[this.at++] = 0x7d; // }
    this.offsets[++this.count] = this.at;
  }

  /** Any text; ASCII (the common case) byte by byte, which beats encodeInto on short texts. */
  private text(text: string): void {
    this.room(text.length * 3);
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) > 0x7f) {
        this.at += encoder.encodeInto(text.slice(i), this.bytes.subarray(this.at)).written;
        return;
      }
      this.bytes[this.at++] = text.charCodeAt(i);
    }
  }

  /** A 32-bit integer in decimal, as String() writes it (-0 as "0"), without making the string. */
  private int(value: number): void {
    this.room(11);
    let n = value;
    if (n < 0) {
      this.bytes[this.at++] = 0x2d; // -
      n = -n;
    }
    let digits = 1;
    for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    for (let i = digits - 1; i >= 0; i--) {
      this.bytes[this.at + i] = 0x30 + (n % 10);
      n = Math.floor(n / 10);
    }
    this.at += digits;
  }

  /** ASCII text whose room is made. */
  private ascii(text: string): void {
    for (let i = 0; i < text.length; i++) this.bytes[this.at++] = text.charCodeAt(i);
  }

  private room(size: number): void {
    if (this.at + size <= this.bytes.length) return;
    const bigger = new Uint8Array(Math.max(2 * this.bytes.length, this.at + size));
    bigger.set(this.bytes.subarray(0, this.at));
    this.bytes = bigger;
  }
}
