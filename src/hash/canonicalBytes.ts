// The canonical JSON of many psets written straight to UTF-8 bytes, laid
// end to end for one core call. No text per pset is built: at a million
// psets, making and collecting those strings cost more than hashing them.

import type { Pset } from "../types.js";
import { PLAIN_ASCII, keyPlanner, valueJson, type HashOptions, type KeyPlan } from "./keyPlan.js";

const encoder = new TextEncoder();

/** Bytes and message offsets of a batch, reused from batch to batch. */
export class CanonicalBytes {
  bytes = new Uint8Array(1 << 16);
  /** Message i is bytes[offsets[i] .. offsets[i + 1]). */
  offsets: Uint32Array;
  count = 0;
  private at = 0;
  private readonly plan: (pset: Pset) => KeyPlan;
  private planEncoded: KeyPlan | undefined;
  private prefixBytes: Uint8Array[] = [];
  private frame = 0;

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
    const plan = this.plan(pset);
    if (plan !== this.planEncoded) {
      this.planEncoded = plan;
      this.prefixBytes = plan.prefixes.map((prefix) => encoder.encode(prefix));
      // Braces, commas and prefixes: what a pset needs besides its values.
      this.frame = 2 + plan.keys.length + this.prefixBytes.reduce((sum, prefix) => sum + prefix.length, 0);
    }
    const { keys } = plan;
    const prefixBytes = this.prefixBytes;
    this.offsets[this.count] = this.at;
    // Room for the braces, commas and prefixes up front; values make their own.
    this.room(this.frame);
    let bytes = this.bytes;
    let at = this.at;
    bytes[at++] = 0x7b; // {
    let first = true;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const value = pset[key];
      if (value === null || value === undefined) continue;
      if (!first) bytes[at++] = 0x2c; // ,
      first = false;
      const prefix = prefixBytes[i]!;
      for (let j = 0; j < prefix.length; j++) bytes[at++] = prefix[j]!;
      if (typeof value === "number" && (value | 0) === value) {
        at = this.int(value, at);
        bytes = this.bytes;
      } else if (typeof value === "string" && PLAIN_ASCII.test(value)) {
        this.at = at;
        this.room(value.length + 2 + this.frame);
        bytes = this.bytes;
        bytes[at++] = 0x22;
        for (let j = 0; j < value.length; j++) bytes[at++] = value.charCodeAt(j);
        bytes[at++] = 0x22;
      } else {
        this.at = at;
        this.text(valueJson(value, key), this.frame);
        bytes = this.bytes;
        at = this.at;
      }
    }
    bytes[at++] = 0x7d; // }
    this.at = at;
    this.offsets[++this.count] = at;
  }

  /** Any text; ASCII (the common case) byte by byte, which beats encodeInto on short texts. */
  private text(text: string, reserve: number): void {
    this.room(text.length * 3 + reserve);
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) > 0x7f) {
        this.at += encoder.encodeInto(text.slice(i), this.bytes.subarray(this.at)).written;
        return;
      }
      this.bytes[this.at++] = text.charCodeAt(i);
    }
  }

  /**
   * Writes a 32-bit integer in decimal at `at`, as String() writes it (-0
   * as "0"), without making the string, and keeps room for the rest of the
   * pset. Returns where it ends.
   */
  private int(value: number, at: number): number {
    this.at = at;
    this.room(11 + this.frame);
    const bytes = this.bytes;
    let n = value;
    if (n < 0) {
      bytes[at++] = 0x2d; // -
      n = -n;
    }
    let digits = 1;
    for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    for (let i = digits - 1; i >= 0; i--) {
      bytes[at + i] = 0x30 + (n % 10);
      n = Math.floor(n / 10);
    }
    return at + digits;
  }

  private room(size: number): void {
    if (this.at + size <= this.bytes.length) return;
    const bigger = new Uint8Array(Math.max(2 * this.bytes.length, this.at + size));
    bigger.set(this.bytes.subarray(0, this.at));
    this.bytes = bigger;
  }
}
