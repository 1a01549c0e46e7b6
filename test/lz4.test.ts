// psweep's LZ4 frame decoder (src/arrow/lz4.ts) against the reference
// encoder, the lz4 command line tool, in each frame layout it can write:
// linked or independent blocks, block checksums, content size, no content
// checksum, small blocks (many per frame), and incompressible data (stored
// blocks).

import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { lz4DecodeFrame } from "../src/arrow/lz4.js";

const encode = (data: Uint8Array, flags: string[]): Uint8Array =>
  new Uint8Array(execFileSync("lz4", ["-c", "-q", ...flags], { input: data }));

/** Text-like data: repeats near and far (long matches, overlapping runs), some noise. */
function sample(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    const r = x >>> 24;
    out[i] = r < 40 && i > 300 ? out[i - 1 - (r % 300)]! : r < 200 && i > 0 ? out[i - 1]! : 97 + (r % 26);
  }
  return out;
}

describe("lz4DecodeFrame", () => {
  const layouts = [
    [],
    ["-BD"],
    ["-BX"],
    ["--content-size"],
    ["--no-frame-crc"],
    ["-B4", "-BD", "-BX", "--content-size"],
    ["-9"],
    ["-1", "-B4"],
  ];
  const inputs: Array<[string, Uint8Array]> = [
    ["empty", new Uint8Array(0)],
    ["one byte", Uint8Array.of(7)],
    ["zeros (one long run)", new Uint8Array(300_000)],
    ["random (stored blocks)", new Uint8Array(randomBytes(200_000))],
    ["text-like, 5 blocks of 64 KB", sample(300_000, 1)],
    ["text-like, small", sample(1000, 2)],
  ];

  it.each(layouts.map((flags) => [flags.join(" ") || "(defaults)", flags] as const))(
    "decodes what lz4 %s writes",
    (_name, flags) => {
      for (const [what, data] of inputs) {
        const decoded = lz4DecodeFrame(encode(data, flags));
        expect(decoded.length, what).toBe(data.length);
        expect(Buffer.from(decoded).equals(Buffer.from(data)), what).toBe(true);
      }
    },
  );

  it("damaged frames are errors, never bytes read out of bounds", () => {
    const frame = encode(sample(5000, 3), []);
    expect(() => lz4DecodeFrame(frame.subarray(0, frame.length - 9))).toThrow(/damaged LZ4 frame/);
    expect(() => lz4DecodeFrame(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8))).toThrow(
      "damaged LZ4 frame (no LZ4 magic number)",
    );
    const badOffset = frame.slice();
    // a match pointing before the start of the output
    badOffset.set([0x14, 0x61, 0xff, 0xff], 11);
    expect(() => lz4DecodeFrame(badOffset)).toThrow(/damaged LZ4 frame/);
  });
});
