// ASCII texts of one width laid end to end (hex hashes, ids, as the core
// writes them), read as strings only when asked for: a piece of them is
// decoded on first use and each text is a slice of its piece. A window of a
// run keeps its hashes and ids so, as bytes, and makes the string of a task
// as the task runs (see database/plannedWindow.ts).

import { PER_DECODE, textsOfBytes } from "./textsOfBytes.js";

const decoder = new TextDecoder();

export class FixedWidthTexts {
  /**
   * The piece decoded last, and its number: texts are asked for mostly in
   * order, and a piece kept for as long as the texts (a window) would outlive
   * two young-generation GCs and be promoted.
   */
  private piece = "";
  private pieceNumber = -1;

  /** The texts of `width` characters in `bytes`. */
  constructor(
    readonly bytes: Uint8Array,
    readonly width: number,
  ) {}

  get length(): number {
    return this.bytes.length / this.width;
  }

  /** Text k (undefined past the end, as for an array). */
  at(k: number): string | undefined {
    if (!(k >= 0 && k < this.length)) return undefined;
    const p = Math.floor(k / PER_DECODE);
    if (p !== this.pieceNumber) {
      const from = p * PER_DECODE * this.width;
      this.piece = decoder.decode(
        this.bytes.subarray(from, Math.min(this.bytes.length, from + PER_DECODE * this.width)),
      );
      this.pieceNumber = p;
    }
    const from = (k - p * PER_DECODE) * this.width;
    return this.piece.slice(from, from + this.width);
  }

  /** Texts start..end-1 as strings. */
  slice(start = 0, end = this.length): string[] {
    return textsOfBytes(this.bytes.subarray(start * this.width, end * this.width), this.width);
  }

  /** Texts picked[0], picked[1], ... of these, as new texts. */
  pick(picked: Int32Array): FixedWidthTexts {
    const { width } = this;
    const bytes = new Uint8Array(picked.length * width);
    for (let k = 0; k < picked.length; k++)
      bytes.set(this.bytes.subarray(picked[k]! * width, (picked[k]! + 1) * width), k * width);
    return new FixedWidthTexts(bytes, width);
  }
}
