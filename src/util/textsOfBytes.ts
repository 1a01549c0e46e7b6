// Many short ASCII texts of one width laid end to end (hex hashes, ids, as
// the core writes them), as strings: decoded a few at a time, each string a
// slice of its decoded piece.

const decoder = new TextDecoder();

/**
 * Texts per decoded piece. A piece over 128 KiB is a large object in V8,
 * and allocating many of them set off a young-generation GC each (measured
 * with 40-character hashes: 4 ns per text decoded 1024 at a time, 250 ns
 * 16384 at a time).
 */
export const PER_DECODE = 1024;

/** The texts of `width` characters in `bytes`, written to into[first ...]; returns `into`. */
export function textsOfBytes(
  bytes: Uint8Array,
  width: number,
  into = new Array<string>(bytes.length / width),
  first = 0,
): string[] {
  const count = bytes.length / width;
  for (let done = 0; done < count; done += PER_DECODE) {
    const n = Math.min(PER_DECODE, count - done);
    const piece = decoder.decode(bytes.subarray(width * done, width * (done + n)));
    for (let i = 0; i < n; i++) into[first + done + i] = piece.slice(width * i, width * i + width);
  }
  return into;
}
