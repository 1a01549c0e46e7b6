// Tagged JSON cells (jsonCell.ts) written straight into a growing byte
// buffer, for the row lines of the write-ahead log. Those cells are mostly
// integers, times and durations: written digit by digit they cost no string
// and no garbage, where building the line as a string made ~600 bytes of
// garbage per row. Other cells are written as cellJsonText gives them. The
// bytes are each cell's cellJsonText, except that a number may be spelled
// differently (1e-7 as 0.0000001) while parsing to the same number.

import { PLAIN_ASCII, cellJsonText } from "./jsonCell.js";

const encoder = new TextEncoder();

/** Decimal places written for fractions: enough for a time in seconds to the nanosecond. */
const FRACTION_DIGITS = 9;
const FRACTION_SCALE = 10 ** FRACTION_DIGITS;
/** Strings up to this length are copied character by character; longer ones are encoded in one call. */
const SHORT_STRING = 32;

const POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];

const TIME_OPEN = encoder.encode('{"t":');
const NULL = encoder.encode("null");
const TRUE = encoder.encode("true");
const FALSE = encoder.encode("false");

export class JsonCellBytes {
  private bytes = new Uint8Array(1 << 16);
  length = 0;

  /** The bytes written so far (a view, valid until the next write). */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }

  clear(): void {
    this.length = 0;
  }

  /** One ASCII character, by its code. */
  byte(code: number): void {
    if (this.length === this.bytes.length) this.grow(1);
    this.bytes[this.length++] = code;
  }

  /** Any text, as UTF-8. */
  text(text: string): void {
    if (this.bytes.length - this.length < text.length * 3) this.grow(text.length * 3);
    this.length += encoder.encodeInto(text, this.bytes.subarray(this.length)).written;
  }

  /** A value as the tagged JSON cellJsonText writes. */
  cell(value: unknown): void {
    switch (typeof value) {
      case "number":
        if (!this.number(value)) this.text(cellJsonText(value));
        return;
      case "string":
        if (value.length > SHORT_STRING || !this.plainString(value)) this.text(cellJsonText(value));
        return;
      case "boolean":
        this.raw(value ? TRUE : FALSE);
        return;
      case "undefined":
        this.raw(NULL);
        return;
      default:
        if (value === null) {
          this.raw(NULL);
        } else if (value instanceof Date && Number.isSafeInteger(value.getTime())) {
          this.raw(TIME_OPEN);
          this.integer(value.getTime());
          this.byte(0x7d); // }
        } else {
          this.text(cellJsonText(value));
        }
    }
  }

  /** Bytes as they are: text already UTF-8 (and valid JSON where it stands). */
  raw(bytes: Uint8Array): void {
    if (this.bytes.length - this.length < bytes.length) this.grow(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** A quoted string that needs no escapes (PLAIN_ASCII); false, writing nothing, for any other. */
  private plainString(text: string): boolean {
    if (!PLAIN_ASCII.test(text)) return false;
    if (this.bytes.length - this.length < text.length + 2) this.grow(text.length + 2);
    const bytes = this.bytes;
    let at = this.length;
    bytes[at++] = 0x22; // "
    for (let i = 0; i < text.length; i++) bytes[at++] = text.charCodeAt(i);
    bytes[at++] = 0x22;
    this.length = at;
    return true;
  }

  /**
   * A safe integer, or a number with at most nine decimals (such as a
   * duration rounded to the nanosecond), as plain digits that parse back
   * to exactly `value`; false, writing nothing, for any other number.
   */
  private number(value: number): boolean {
    if (Number.isSafeInteger(value)) {
      if (value === 0 && 1 / value < 0) return false; // -0: tagged by cellJsonText
      this.integer(value);
      return true;
    }
    const scaled = Math.round(value * FRACTION_SCALE);
    if (!Number.isSafeInteger(scaled) || scaled / FRACTION_SCALE !== value) return false;
    const magnitude = Math.abs(scaled);
    let fraction = magnitude % FRACTION_SCALE;
    if (scaled < 0) this.byte(0x2d); // -
    this.integer((magnitude - fraction) / FRACTION_SCALE); // exact, where rounding magnitude / FRACTION_SCALE down may not be
    let digits = FRACTION_DIGITS;
    while (fraction % 10 === 0) {
      fraction /= 10;
      digits--;
    }
    this.byte(0x2e); // .
    this.digits(fraction, digits);
    return true;
  }

  private integer(value: number): void {
    if (value < 0) {
      this.byte(0x2d); // -
      value = -value;
    }
    if (value >= 1e8) {
      // Split, so that each part fits 32-bit arithmetic (times in ms have 13 digits).
      const high = Math.floor(value / 1e8);
      this.integer(high);
      this.digits(value - high * 1e8, 8);
    } else {
      let digits = 1;
      while (digits < 8 && value >= POWERS_OF_TEN[digits]!) digits++;
      this.digits(value, digits);
    }
  }

  /** `value` (below 10^9) as exactly `digits` decimal digits, leading zeros included. */
  private digits(value: number, digits: number): void {
    if (this.bytes.length - this.length < digits) this.grow(digits);
    for (let at = this.length + digits - 1; at >= this.length; at--) {
      const quotient = (value / 10) | 0;
      this.bytes[at] = 0x30 + value - quotient * 10;
      value = quotient;
    }
    this.length += digits;
  }

  private grow(needed: number): void {
    const bytes = new Uint8Array(Math.max(this.bytes.length * 2, this.length + needed));
    bytes.set(this.bytes.subarray(0, this.length));
    this.bytes = bytes;
  }
}
